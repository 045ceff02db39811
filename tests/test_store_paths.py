"""Data folder resolution: argument > environment > platformdirs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest

from store.paths import DATA_ENV_VAR, log_dir, resolve_data_dir, resolve_log_dir

ROOT = Path(__file__).resolve().parent.parent


def test_explicit_argument_wins(tmp_path: Path) -> None:
    env = {DATA_ENV_VAR: str(tmp_path / "env")}
    assert resolve_data_dir(tmp_path / "arg", environ=env) == tmp_path / "arg"


def test_environment_variable_next(tmp_path: Path) -> None:
    env = {DATA_ENV_VAR: str(tmp_path / "env")}
    assert resolve_data_dir(None, environ=env) == tmp_path / "env"
    assert resolve_data_dir("", environ=env) == tmp_path / "env"


def test_platform_default_last() -> None:
    expected = platformdirs.user_data_path("RecoursTelecom", appauthor=False)
    assert resolve_data_dir(None, environ={DATA_ENV_VAR: "  "}) == expected.absolute()


def test_log_dir() -> None:
    expected = platformdirs.user_log_path("RecoursTelecom", appauthor=False)
    assert log_dir() == resolve_log_dir() == expected


XDG_VALUES = (None, "", "  ", "/srv/données/xdg", "/srv/xdg/", "//srv/xdg", "relatif/xdg",
              "~/xdg", "/srv/ xdg ")
HOMES = (None, "", "/home/zoé", "/home/zoé/", "/", "relatif", "~")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rule is Linux's")
@pytest.mark.parametrize("home", HOMES)
@pytest.mark.parametrize("xdg", XDG_VALUES)
def test_linux_folders_are_those_of_platformdirs(monkeypatch, home, xdg) -> None:
    """store/paths.py reads the XDG variables itself on Linux (no platformdirs import at
    start-up); every combination gives platformdirs' folders, or its error."""
    for name, value in (("HOME", home), ("XDG_DATA_HOME", xdg), ("XDG_STATE_HOME", xdg)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)

    def outcome(function):
        try:
            return function()
        except RuntimeError as exc:  # platformdirs: no absolute home folder
            return type(exc)

    expected_data = outcome(lambda: platformdirs.user_data_path(
        "RecoursTelecom", appauthor=False).expanduser().absolute())
    assert outcome(lambda: resolve_data_dir(None, environ={})) == expected_data
    expected_log = outcome(lambda: platformdirs.user_log_path("RecoursTelecom",
                                                              appauthor=False))
    assert outcome(log_dir) == expected_log


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rule is Linux's")
def test_the_usual_linux_start_does_not_import_platformdirs(tmp_path) -> None:
    env = {**os.environ, "HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state")}
    env.pop("XDG_DATA_HOME", None)
    env.pop(DATA_ENV_VAR, None)
    script = ("import sys\nfrom store.paths import log_dir, resolve_data_dir\n"
              "print(resolve_data_dir(), log_dir(), 'platformdirs' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.split() == [str(tmp_path / ".local/share/RecoursTelecom"),
                                     str(tmp_path / "state/RecoursTelecom/log"), "False"]
