"""Start-up of the desktop application: logging, translations, crash handler, store, window."""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
import traceback
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QThreadPool, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from dispute.assets import asset_path
from gui import dialogs

logger = logging.getLogger(__name__)

APP_NAME = "Recours Télécom"


def _setup_logging(verbose: bool) -> Path | None:
    from store.paths import resolve_log_dir

    handlers: list[logging.Handler] = []
    log_file: Path | None = None
    try:
        log_dir = resolve_log_dir()
        log_dir.mkdir(parents=True, exist_ok=True)
        log_file = log_dir / "recours-telecom.log"
        handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
    except OSError:  # a read-only profile must not stop the application
        log_file = None
    if sys.stderr is not None:  # absent in a windowed frozen build
        stream = logging.StreamHandler()
        stream.setLevel(logging.DEBUG if verbose else logging.WARNING)
        handlers.append(stream)
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        handlers=handlers, force=True)
    return log_file


QT_FRENCH_GAPS: dict[tuple[str, str], str] = {
    # Qt 6 strings its French catalogue (qtbase_fr.qm) lacks: the file dialog showed « Look
    # in », « Files of type » in English on a system in any language.
    ("QFileDialog", "&Look in:"): "&Voir dans :",
    ("QFileDialog", "Files of &type:"): "Fichiers de &type :",
    ("QFileDialog", "Computer"): "Ordinateur",
    ("QFileDialog", "&Show hidden files"): "Afficher les fic&hiers cachés",
}
"""(context, source text) → French, asked after Qt's own catalogues."""


class _FrenchGaps(QTranslator):
    """Fills the gaps of Qt's French catalogue (:data:`QT_FRENCH_GAPS`)."""

    def isEmpty(self) -> bool:  # noqa: N802 - Qt API
        return False

    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: D401
        # None: no translation here (an empty string would replace every other text)
        return QT_FRENCH_GAPS.get((context, source_text))


def _install_translations(app: QApplication) -> None:
    """Qt's own French strings, so that standard buttons read « Annuler », « Suivant », and
    the file dialog is in French whatever the system's language."""
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    gaps = _FrenchGaps(app)
    app.installTranslator(gaps)  # asked last: installed first
    for name in ("qtbase_fr", "qt_fr"):
        translator = QTranslator(app)
        if translator.load(name, path):
            app.installTranslator(translator)
            logger.debug("Traduction Qt chargée : %s", name)


def _install_crash_handler(log_file: Path | None) -> None:
    def handler(exc_type, exc, tb):
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        logger.critical("Erreur inattendue\n%s", text)
        where = f"\n\nLe détail a été enregistré dans :\n{log_file}" if log_file else ""
        dialogs.critical(
            None, APP_NAME,
            "Une erreur inattendue s'est produite. Vos dossiers enregistrés ne sont pas "
            f"touchés.{where}\n\n{exc_type.__name__} : {exc}",
        )

    sys.excepthook = handler


SMOKE_EXPOSE_TIMEOUT_S = 20.0
"""--smoke gives up (exit 1) if the platform has not shown the window by then."""


def _smoke_ready(app: QApplication, window, deadline: float | None = None) -> None:
    """--smoke: say "smoke: ready" once the main window is on screen with its first paint
    done (the case list's visible rows included), then quit; bench/startup.py times launch
    to that line. The platform shows a window some turns of the event loop after ``show()``
    (offscreen: the next one; X11: when the server maps it); until then nothing is painted
    and ``repaint()`` paints nothing, so the line used to come before any paint. Exposure
    paints the window at once: ready is the first turn that finds it exposed."""
    if deadline is None:
        deadline = time.monotonic() + SMOKE_EXPOSE_TIMEOUT_S
    handle = window.windowHandle()
    exposed = handle is not None and handle.isExposed()
    if not exposed and window.isVisible() and time.monotonic() < deadline:
        QTimer.singleShot(0, lambda: _smoke_ready(app, window, deadline))
        return
    ok = exposed and window.isVisible()
    logger.info("Smoke: fenêtre principale %s", "affichée" if ok else "NON affichée")
    if sys.stdout is not None:
        print("smoke: ready" if ok else "smoke: window not shown", flush=True)
    app.exit(0 if ok else 1)


def _wait_for_tasks(timeout_ms: int = 60_000) -> None:
    """Workers (letters, exports) stop before the store closes: a cancelled export removes
    its temporary file, a letter being written finishes."""
    workers = sys.modules.get("gui.workers")
    if workers is None:  # no case window was opened: nothing can be running
        return
    running_tasks = workers.running_tasks
    for task in running_tasks():
        task.cancel()
    for task in running_tasks():
        task.wait(timeout_ms)


def _end_of_start_up() -> None:
    """main.py pauses the cyclic garbage collector while the program starts. What start-up
    created lives as long as the window: set it aside (``gc.freeze``) so that later
    collections do not scan it again, and turn the collector back on."""
    gc.freeze()
    gc.enable()


def run_app(data_dir: Path | None = None, smoke: bool = False, verbose: bool = False) -> int:
    log_file = _setup_logging(verbose)
    logger.info("Démarrage %s", datetime.now().isoformat(timespec="seconds"))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("RecoursTelecom")
    app.setWindowIcon(QIcon(str(asset_path("icons", "recours-telecom.png"))))
    _install_translations(app)
    _install_crash_handler(log_file)

    from store.errors import StoreError
    from store.paths import resolve_data_dir
    from store.store import CaseStore

    from dispute.case_list import list_summary

    if data_dir is None and not os.environ.get("RECOURS_TELECOM_DATA"):
        from PySide6.QtCore import QSettings

        from gui.settings_keys import DATA_DIR_KEY

        chosen = QSettings().value(DATA_DIR_KEY) or ""
        data_dir = Path(chosen) if chosen else None
    try:
        store = CaseStore.open(resolve_data_dir(data_dir), summarizer=list_summary)
    except StoreError as exc:
        gc.enable()
        dialogs.critical(None, APP_NAME, exc.message)
        return 1

    from gui.main_window import MainWindow

    window = MainWindow(store, auto_backup=not smoke, first_launch=not smoke)
    window.show()
    _end_of_start_up()
    if smoke:
        QTimer.singleShot(0, lambda: _smoke_ready(app, window))
    try:
        return app.exec()
    finally:
        QThreadPool.globalInstance().waitForDone(60_000)  # let a running backup finish
        _wait_for_tasks()
        store.close()
