"""Set-up and launch in one step, on Linux and Windows.

    python3 run.py            start the application
    python3 run.py test       run the whole test suite
    python3 run.py ARGS...    any command of main.py (status, import, export, list...)

On first use (or after ``pyproject.toml`` changed) it creates a virtual environment in
``.venv`` next to this file and installs the application with its test dependencies.
Before starting the window on Linux it checks that Qt's X11 platform plugin can load, and
otherwise names the missing system packages and the command that installs them.
Only the standard library is used here: this runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
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


# --------------------------------------------------------------------------------------------
# Qt's platform plugin (Linux): the system libraries it needs, by package

QT_SYSTEM_LIBRARIES: dict[str, tuple[str, str]] = {
    # library loaded by Qt's xcb plugin: (Debian/Ubuntu package, Fedora package)
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-xinerama.so.0": ("libxcb-xinerama0", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
}
"""What Qt's X11 plugin links to beyond the C library, with the packages that provide each.
The README's « Paquets système » section lists the same packages; ``.ci/run`` installs them."""


def _xcb_plugin(python: Path) -> Path | None:
    """Qt's X11 platform plugin in the environment of ``python`` (None if not found)."""
    env = python.parent.parent
    for plugin in sorted(env.glob("lib*/python3*/site-packages/PySide6/Qt/plugins/platforms/"
                                  "libqxcb.so")):
        return plugin
    return None


def missing_libraries(ldd_output: str) -> list[str]:
    """The libraries ``ldd`` reports as « not found », in order, without repeats."""
    missing: list[str] = []
    for line in ldd_output.splitlines():
        name, _, where = line.strip().partition("=>")
        if "not found" in where and name.strip() not in missing:
            missing.append(name.strip())
    return missing


def install_advice(missing: list[str]) -> str:
    """The French message naming ``missing`` libraries, their packages and the command that
    installs them on Debian/Ubuntu and on Fedora."""
    debian, fedora, unknown = [], [], []
    for library in missing:
        packages = QT_SYSTEM_LIBRARIES.get(library)
        if packages is None:
            unknown.append(library)
            continue
        if packages[0] not in debian:
            debian.append(packages[0])
        if packages[1] not in fedora:
            fedora.append(packages[1])
    lines = [
        "Recours Télécom ne peut pas ouvrir sa fenêtre : des bibliothèques système dont Qt "
        "a besoin manquent (" + ", ".join(missing) + ").",
    ]
    if debian:
        lines += [
            "Installez-les puis relancez « python3 run.py » :",
            "  Debian, Ubuntu : sudo apt install " + " ".join(debian),
            "  Fedora :         sudo dnf install " + " ".join(fedora),
        ]
    if unknown:
        lines.append("Cherchez aussi le paquet qui fournit : " + ", ".join(unknown)
                     + " (Debian : apt-file search NOM ; Fedora : dnf provides NOM).")
    lines.append("La liste complète est dans le README, section « Paquets système ».")
    return "\n".join(lines)


def qt_platform_problem(python: Path, env: dict[str, str] | None = None) -> str | None:
    """Why Qt's window cannot start here (a French message), or None when it can or when the
    check does not apply (not Linux, another platform plugin asked for, no ``ldd``)."""
    env = os.environ if env is None else env
    if not sys.platform.startswith("linux"):
        return None
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return None  # offscreen (tests), wayland, vnc…: not the X11 plugin
    plugin = _xcb_plugin(python)
    ldd = shutil.which("ldd")
    if plugin is None or ldd is None:
        return None
    try:
        result = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=20,
                                check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    missing = missing_libraries(result.stdout + result.stderr)
    return install_advice(missing) if missing else None


def opens_window(argv: list[str]) -> bool:
    """Whether ``main.py argv`` starts the window: only the desktop options
    (``--data-dir DIR``, ``--smoke``, ``-v``), as ``main.desktop_options`` reads them."""
    rest = iter(argv)
    for arg in rest:
        if arg == "--data-dir":
            if next(rest, None) is None:
                return False
        elif not (arg in ("--smoke", "-v", "--verbose") or arg.startswith("--data-dir=")):
            return False
    return True


def main(argv: list[str]) -> int:
    try:
        python = ensure_environment()
    except subprocess.CalledProcessError as exc:
        print(f"Échec de l'installation des dépendances (code {exc.returncode}).", file=sys.stderr)
        return exc.returncode or 1
    if argv[:1] == ["test"]:
        command = [str(python), "-m", "pytest", *argv[1:]]
    else:
        if opens_window(argv):
            problem = qt_platform_problem(python)
            if problem:
                print(problem, file=sys.stderr)
                return 1
        command = [str(python), str(ROOT / "main.py"), *argv]
    return subprocess.call(command, cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
