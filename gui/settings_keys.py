"""Keys of the per-user Qt settings (QSettings) read at start-up.

Apart from gui/settings_dialog.py so that reading them does not load the dialog and its
widgets at every start (bench/startup.py).
"""

DATA_DIR_KEY = "data/dir"
"""The data folder chosen in Paramètres; used from the next start."""
