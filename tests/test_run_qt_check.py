"""run.py checks, before starting the window, that Qt's X11 platform plugin can load, and
otherwise names the missing system packages and how to install them (issue 11, point 1)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def run_py():
    spec = importlib.util.spec_from_file_location("run_py_under_test", ROOT / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LDD_MISSING = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f1)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f2)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f3)
"""


def test_missing_libraries_are_read_from_ldd(run_py):
    assert run_py.missing_libraries(LDD_MISSING) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert run_py.missing_libraries("\tlibc.so.6 => /lib/libc.so.6 (0x1)\n") == []


def test_advice_names_packages_and_commands_for_debian_and_fedora(run_py):
    text = run_py.install_advice(["libxcb-icccm.so.4", "libxcb-keysyms.so.1"])
    assert "libxcb-icccm.so.4" in text and "libxcb-keysyms.so.1" in text
    assert "sudo apt install libxcb-icccm4 libxcb-keysyms1" in text
    assert "sudo dnf install xcb-util-wm xcb-util-keysyms" in text
    assert "README" in text


def test_advice_for_an_unknown_library_says_how_to_find_its_package(run_py):
    text = run_py.install_advice(["libfoo.so.9"])
    assert "libfoo.so.9" in text and "apt-file search" in text and "dnf provides" in text
    assert "sudo apt install" not in text


def test_readme_and_ci_list_every_debian_package(run_py):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for debian, fedora in run_py.QT_SYSTEM_LIBRARIES.values():
        assert debian in readme, debian
        assert fedora in readme, fedora
        assert debian in ci, debian


def test_check_reports_the_missing_packages(run_py, tmp_path, monkeypatch):
    plugin = (tmp_path / "lib" / "python3.11" / "site-packages" / "PySide6" / "Qt" / "plugins"
              / "platforms" / "libqxcb.so")
    plugin.parent.mkdir(parents=True)
    plugin.write_bytes(b"")
    python = tmp_path / "bin" / "python"
    seen = []

    def fake_run(command, **_kwargs):
        seen.append(command)
        return subprocess.CompletedProcess(command, 0, LDD_MISSING, "")

    monkeypatch.setattr(run_py.sys, "platform", "linux")
    monkeypatch.setattr(run_py.shutil, "which", lambda name: "/usr/bin/ldd")
    monkeypatch.setattr(run_py.subprocess, "run", fake_run)
    problem = run_py.qt_platform_problem(python, env={})
    assert seen == [["/usr/bin/ldd", str(plugin)]]
    assert "libxcb-icccm4 libxcb-keysyms1" in problem
    # offscreen (tests, CI) or another plugin: not checked
    assert run_py.qt_platform_problem(python, env={"QT_QPA_PLATFORM": "offscreen"}) is None
    monkeypatch.setattr(run_py.subprocess, "run", lambda command, **_k: subprocess.CompletedProcess(
        command, 0, "\tlibc.so.6 => /lib/libc.so.6 (0x1)\n", ""))
    assert run_py.qt_platform_problem(python, env={"QT_QPA_PLATFORM": "xcb"}) is None


def test_window_start_stops_with_the_advice_before_launching(run_py, monkeypatch, capsys):
    launched = []
    monkeypatch.setattr(run_py, "ensure_environment", lambda: Path(sys.executable))
    monkeypatch.setattr(run_py, "qt_platform_problem", lambda python: "manque libxcb-icccm4")
    monkeypatch.setattr(run_py.subprocess, "call", lambda command, **_k: launched.append(command))
    assert run_py.main([]) == 1
    assert "libxcb-icccm4" in capsys.readouterr().err
    assert launched == []
    # headless commands and the tests do not need the window
    monkeypatch.setattr(run_py.subprocess, "call", lambda command, **_k: launched.append(command)
                        or 0)
    assert run_py.main(["list", "--json"]) == 0
    assert run_py.main(["test", "-q"]) == 0
    assert len(launched) == 2


@pytest.mark.parametrize("argv, window", [
    ([], True), (["--smoke"], True), (["--data-dir", "/tmp/x", "-v"], True),
    (["--data-dir=/tmp/x"], True), (["--data-dir"], False), (["list"], False),
    (["status", "CASE"], False), (["--help"], False), (["-h"], False),
])
def test_which_arguments_open_the_window(run_py, argv, window):
    assert run_py.opens_window(argv) is window
