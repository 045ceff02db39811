"""Build the one-folder program with PyInstaller, then check it: one command, Linux or Windows.

    python packaging/build.py              (Windows: py packaging\\build.py)
    python packaging/build.py --no-check   build only
    python packaging/build.py --check-only check an existing dist/RecoursTelecom/

Uses the project's environment (``.venv``, prepared by ``run.py`` exactly as ``python run.py``
does), installs PyInstaller into it if it is missing, builds ``packaging/recours-telecom.spec``
into ``dist/RecoursTelecom/`` (work files in ``build/pyinstaller/``) and runs
``packaging/check_build.py``. Only the standard library is used here. See docs/packaging.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "recours-telecom.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
PYINSTALLER = "pyinstaller>=6.0,<7"


def _environment() -> Path:
    sys.path.insert(0, str(ROOT))
    import run  # the project's launcher: creates/refreshes .venv from pyproject.toml

    return run.ensure_environment()


def _ensure_pyinstaller(python: Path) -> None:
    code = ("import sys, PyInstaller; "
            "sys.exit(0 if int(PyInstaller.__version__.split('.')[0]) >= 6 else 1)")
    probe = subprocess.run([str(python), "-c", code], capture_output=True, check=False)
    if probe.returncode == 0:
        return
    print(f"Installation de PyInstaller ({PYINSTALLER}) dans .venv…", flush=True)
    subprocess.run([str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q",
                    PYINSTALLER], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-check", action="store_true", help="build without checking")
    parser.add_argument("--check-only", action="store_true", help="check without building")
    args = parser.parse_args(argv)

    try:
        python = _environment()
        if not args.check_only:
            _ensure_pyinstaller(python)
    except subprocess.CalledProcessError as exc:
        print(f"Échec de la préparation de l'environnement (code {exc.returncode}).",
              file=sys.stderr)
        return exc.returncode or 1

    if not args.check_only:
        start = time.perf_counter()
        command = [str(python), "-m", "PyInstaller", "--noconfirm", "--clean",
                   "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC)]
        print("Construction :", " ".join(command), flush=True)
        code = subprocess.call(command, cwd=ROOT)
        if code != 0:
            print(f"Échec de la construction (code {code}).", file=sys.stderr)
            return code
        print(f"Construit en {time.perf_counter() - start:.0f} s : {DIST / 'RecoursTelecom'}",
              flush=True)
    if args.no_check:
        return 0
    return subprocess.call([str(python), str(ROOT / "packaging" / "check_build.py"),
                            "--dist", str(DIST / "RecoursTelecom")], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main())
