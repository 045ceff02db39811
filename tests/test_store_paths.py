"""Data folder resolution: argument > environment > platformdirs."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from store.paths import DATA_ENV_VAR, log_dir, resolve_data_dir, resolve_log_dir


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
