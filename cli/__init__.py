"""Command-line side of main.py: the headless commands (Qt-free)."""
