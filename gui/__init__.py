"""The desktop interface (PySide6). The only package, with main.py, that imports Qt."""

# Imported before PySide6 so that its own imports are not scanned (gui/feature_scan.py).
from gui.feature_scan import disable_feature_source_scan

import PySide6.QtCore  # noqa: E402, F401  (installs the import hook tuned below)

disable_feature_source_scan()
