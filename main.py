"""Recours Télécom: entry point.

    python main.py [--data-dir DIR]                 the desktop application
    python main.py --smoke                          start, show the main window, quit when idle
    python main.py status CASE [--today D] [--json] the procedure engine's conclusions
    python main.py list [--json]                    the cases in the store
    python main.py import PATH                      import a case file (folder or .zip)
    python main.py export CASE --out DIR            export a case with its exhibits
    python main.py dossier CASE --out PATH.zip [--today D] [--target T] [--email]
                                                    the zipped dossier (and the CPME email)

CASE is a case file (folder, .zip or case.json) or the id of a case in the store (a unique
prefix is enough). Headless commands never import Qt. Exit codes: 0 success, 1 an expected
failure explained in French on stderr, 2 a usage error.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import NamedTuple


class DesktopOptions(NamedTuple):
    data_dir: Path | None
    smoke: bool
    verbose: bool


def desktop_options(argv: list[str]) -> DesktopOptions | None:
    """The desktop application's options when ``argv`` holds only those, written out in full
    (``--data-dir DIR`` or ``--data-dir=DIR``, ``--smoke``, ``-v``/``--verbose``); None for
    anything else (a command, ``--help``, an abbreviation, a mistake), which the full parser
    of cli/commands.py then reads and, if need be, explains. Building that parser costs 4 ms
    the desktop start-up does not need (bench/startup.py); tests/test_cli.py checks that both
    read the same options alike."""
    data_dir: Path | None = None
    smoke = verbose = False
    rest = iter(argv)
    for arg in rest:
        if arg == "--smoke":
            smoke = True
        elif arg in ("-v", "--verbose"):
            verbose = True
        elif arg == "--data-dir" or arg.startswith("--data-dir="):
            value = arg.partition("=")[2] if "=" in arg else next(rest, "")
            if not value or value.startswith("-"):
                return None
            data_dir = Path(value)
        else:
            return None
    return DesktopOptions(data_dir, smoke, verbose)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    options = desktop_options(argv)
    if options is None:
        from cli.commands import build_parser, run_headless

        args = build_parser().parse_args(argv)
        if args.command:
            # A headless command is short and makes little cyclic garbage: the collector
            # would only scan the ~100,000 objects of the imports again and again (~25 ms of
            # a 0.5 s `dossier`, docs/benchmarks.md). Objects are still freed by reference
            # counting; the collector is back on for whoever called main() in-process.
            enabled = gc.isenabled()
            gc.disable()
            try:
                return run_headless(args)
            finally:
                if enabled:
                    gc.enable()
        options = DesktopOptions(args.data_dir, args.smoke, args.verbose)
    # Start-up creates some 100,000 long-lived objects (Qt bindings, enums, classes) and no
    # garbage: the cyclic collector would only scan them again and again (8 ms of a 150 ms
    # start, bench/startup.py). run_app turns it back on once the window is shown.
    gc.disable()
    from gui.app import run_app  # Qt is imported only for the desktop application

    return run_app(data_dir=options.data_dir, smoke=options.smoke, verbose=options.verbose)


if __name__ == "__main__":
    if getattr(sys, "frozen", False):  # PyInstaller build (packaging/recours-telecom.spec)
        import multiprocessing
        import os

        # A child process started by multiprocessing re-runs this program: run its task.
        multiprocessing.freeze_support()
        # The windowed Windows program has no standard streams (None): headless commands
        # write to sys.stdout directly, so give them a sink rather than an AttributeError.
        for _name in ("stdout", "stderr"):
            if getattr(sys, _name) is None:
                setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    code = main()
    # Nothing is left to collect at exit: frozen, the objects are not scanned again by the
    # collections the interpreter makes while tearing the modules down (60-80 ms after a
    # `dossier` command; files are already closed and synced by then).
    gc.freeze()
    sys.exit(code)
