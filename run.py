"""Set-up and launch in one step, on Linux and Windows.

    python run.py            start the application
    python run.py test       run the whole test suite
    python run.py ARGS...    any command of main.py (status, import, export, list...)

On first use (or after ``pyproject.toml`` changed) it creates a virtual environment in
``.venv`` next to this file and installs the application with its test dependencies.
Only the standard library is used here: this runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".recours-telecom-installed"


def _venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def _wanted_stamp() -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def ensure_environment() -> Path:
    """Create or refresh ``.venv`` so that it matches ``pyproject.toml``."""
    python = _venv_python()
    wanted = _wanted_stamp()
    if python.exists() and STAMP.exists() and STAMP.read_text(encoding="ascii").strip() == wanted:
        return python
    if not python.exists():
        print("Préparation de l'environnement (première utilisation)…", flush=True)
        venv.EnvBuilder(with_pip=True, clear=False).create(VENV)
    print("Installation des dépendances…", flush=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q",
         "-e", f"{ROOT}[test]"],
        check=True,
    )
    STAMP.write_text(wanted, encoding="ascii")
    return python


def main(argv: list[str]) -> int:
    try:
        python = ensure_environment()
    except subprocess.CalledProcessError as exc:
        print(f"Échec de l'installation des dépendances (code {exc.returncode}).", file=sys.stderr)
        return exc.returncode or 1
    if argv[:1] == ["test"]:
        command = [str(python), "-m", "pytest", *argv[1:]]
    else:
        command = [str(python), str(ROOT / "main.py"), *argv]
    return subprocess.call(command, cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
