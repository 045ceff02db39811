"""Second instance on the same data folder is refused with a French message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from store import CaseStore, StoreLockedError

ROOT = Path(__file__).resolve().parent.parent
HOLDER = """
import sys, time
sys.path.insert(0, sys.argv[2])
from store import CaseStore
store = CaseStore.open(sys.argv[1], durable=False)
print("READY", flush=True)
sys.stdin.readline()
store.close()
"""


@pytest.fixture
def holder(tmp_path: Path):
    data_dir = tmp_path / "partagé"
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir), str(ROOT)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert proc.stdout.readline().strip() == "READY"
    yield data_dir, proc
    if proc.poll() is None:
        proc.kill()
    proc.wait()


def test_second_instance_is_refused(holder, caplog) -> None:
    import logging
    import re

    from store.lock import _host, _user

    data_dir, proc = holder
    with caplog.at_level(logging.INFO, logger="store.lock"), \
            pytest.raises(StoreLockedError) as info:
        CaseStore.open(data_dir)
    message = info.value.message
    # plain French: who and since when (fresh-eyes 25), not « processus 759 sur « vm » »
    assert "est déjà ouvert dans Recours Télécom par l'utilisateur " \
           f"« {_user()} » sur cet ordinateur depuis le " in message
    assert re.search(r"depuis le \d\d/\d\d/\d{4} à \d\d:\d\d\. Fermez cette fenêtre", message)
    assert str(data_dir) in message
    assert "processus" not in message and str(proc.pid) not in message
    assert f"« {_host()} »" not in message
    # the pid and the host stay in the log
    assert any(str(proc.pid) in r.getMessage() and _host() in r.getMessage()
               for r in caplog.records)


def test_a_holder_on_another_computer_is_named(tmp_path) -> None:
    import json

    from store.lock import INFO_NAME, _describe_holder

    info = tmp_path / INFO_NAME
    info.write_text(json.dumps({"pid": 12, "host": "poste-accueil", "user": "marie",
                                "started": "2026-11-22T08:14:00+00:00"}), encoding="utf-8")
    text = _describe_holder(info)
    assert text.startswith(" par l'utilisateur « marie » sur l'ordinateur « poste-accueil » "
                           "depuis le 22/11/2026 à ")
    info.write_text("{", encoding="utf-8")
    assert _describe_holder(info) == ""


def test_lock_is_released_when_the_holder_closes(holder) -> None:
    data_dir, proc = holder
    proc.stdin.write("\n")
    proc.stdin.flush()
    proc.wait(timeout=10)
    with CaseStore.open(data_dir, durable=False) as opened:
        assert opened.list_cases() == []


def test_lock_is_released_when_the_holder_dies(holder) -> None:
    data_dir, proc = holder
    proc.kill()
    proc.wait()
    with CaseStore.open(data_dir, durable=False) as opened:
        assert opened.list_cases() == []
        info = (data_dir / ".lock.info").read_text(encoding="utf-8")
        assert str(os.getpid()) in info


def test_same_process_cannot_open_twice(tmp_path: Path) -> None:
    with CaseStore.open(tmp_path / "d", durable=False):
        with pytest.raises(StoreLockedError):
            CaseStore.open(tmp_path / "d", durable=False)
    with CaseStore.open(tmp_path / "d", durable=False):
        pass


def test_lock_file_that_cannot_be_opened_gives_a_french_message(tmp_path: Path) -> None:
    from store import StoreError

    data_dir = tmp_path / "d"
    (data_dir / ".lock").mkdir(parents=True)  # not a file: the lock cannot be taken
    with pytest.raises(StoreError) as info:
        CaseStore.open(data_dir, durable=False)
    assert not isinstance(info.value, StoreLockedError)
    assert "impossible d'enregistrer" in info.value.message
    assert ".lock" in info.value.message


def test_a_child_process_does_not_keep_the_lock(tmp_path: Path) -> None:
    """Worker processes (dossier export) must not inherit the lock: once the store is
    closed, another instance can open it even while a child started earlier still runs."""
    data_dir = tmp_path / "d"
    store = CaseStore.open(data_dir, durable=False)
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.readline()"],
                             stdin=subprocess.PIPE, close_fds=False)
    try:
        store.close()
        with CaseStore.open(data_dir, durable=False) as again:
            assert again.list_cases() == []
    finally:
        child.communicate(b"\n", timeout=10)


def test_close_twice_is_harmless(tmp_path: Path) -> None:
    store = CaseStore.open(tmp_path / "d", durable=False)
    store.close()
    store.close()
    with CaseStore.open(tmp_path / "d", durable=False):
        pass


def test_the_holder_without_user_variables_is_named_as_getuser_names_it(monkeypatch):
    """Without LOGNAME, USER, LNAME and USERNAME (a systemd unit, a container) the lock
    names the user from the password database, as ``getpass.getuser`` does, without
    importing getpass (and termios) at start-up (tests/test_startup_modules.py)."""
    import getpass

    from store.lock import _user

    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.delenv(name, raising=False)
    try:
        expected = getpass.getuser()
    except Exception:  # noqa: BLE001 - no entry for this uid: getuser raises, _user says ""
        expected = ""
    assert _user() == expected
    monkeypatch.setenv("USER", "Zoé <b>&</b>")
    assert _user() == "Zoé <b>&</b>"
