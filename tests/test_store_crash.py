"""Crash test: kill a writer at random moments, then check that nothing acknowledged is lost.

The writer (tests/crash_writer.py) saves cases in a loop with durable writes and prints
``ACK <id> <revision>`` after each ``save_case`` returns. We kill it with SIGKILL (terminate
on Windows) 0-150 ms after its first acknowledgement, then open the store and check:
every acknowledged save is there (stored revision >= last ack), every case equals the
deterministic content of its stored revision (wholly old or wholly new), every JSON file
parses, the index agrees with the case files and no temporary is left.

SIGKILL kills the process, not the machine: the OS page cache survives, so this shows the
write protocol never exposes a half-written file and the index repairs itself; it does NOT
show what a power cut does (that depends on fsync reaching the disk). See docs/store.md.
"""

from __future__ import annotations

import json
import logging
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import crash_writer
from store import CaseStore
from store.atomic import TEMP_PREFIX

KILLS = int(os.environ.get("STORE_CRASH_KILLS", "200"))
WRITER = Path(crash_writer.__file__)


_ENV = dict(os.environ)


def _kill(proc: subprocess.Popen) -> None:
    if os.name == "posix":
        proc.send_signal(signal.SIGKILL)
    else:
        proc.terminate()


def _run_once(data_dir: Path, seed: int, rng: random.Random, acked: dict[str, int]) -> int:
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(data_dir), str(seed)], env=_ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    lines: list[str] = []
    first_ack = threading.Event()

    def reader() -> None:
        for line in proc.stdout:
            lines.append(line)
            first_ack.set()

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    if not first_ack.wait(timeout=30):
        _kill(proc)
        proc.wait()
        pytest.fail(f"writer gave no ACK: {proc.stderr.read()}")
    time.sleep(rng.uniform(0, 0.150))
    _kill(proc)
    proc.wait(timeout=30)
    thread.join(timeout=30)
    stderr = proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    count = 0
    for line in lines:
        if not line.endswith("\n"):
            continue  # cut mid-line: not an acknowledgement
        tag, case_id, revision = line.split()
        assert tag == "ACK", (line, stderr)
        acked[case_id] = max(acked.get(case_id, 0), int(revision))
        count += 1
    return count


def _check(data_dir: Path, acked: dict[str, int]) -> int:
    """Check the store; returns how many cases the index had to recompute at open."""
    for root, _dirs, files in os.walk(data_dir):
        for name in files:
            if name.startswith(TEMP_PREFIX):
                continue  # an interrupted write: removed by the next open (checked below)
            if name.endswith(".json"):
                path = Path(root, name)
                json.loads(path.read_text(encoding="utf-8"))  # every file opens
    repaired = []
    handler = logging.Handler()
    handler.emit = lambda record: (  # type: ignore[method-assign]
        repaired.append(record.args[0]) if record.msg.startswith("Index reconciled") else None
    )
    index_logger = logging.getLogger("store.index")
    index_logger.addHandler(handler)
    index_logger.setLevel(logging.INFO)
    try:
        store = CaseStore.open(data_dir)
    finally:
        index_logger.removeHandler(handler)
    with store:
        summaries = {s.id: s for s in store.list_cases()}
        for case_id, revision in acked.items():
            case = store.load_case(case_id)
            assert case.revision >= revision, (case_id, case.revision, revision)
            assert crash_writer.content_of(case) == crash_writer.expected_content(
                case_id, case.revision
            ), (case_id, case.revision)
            assert summaries[case_id].revision == case.revision
            assert summaries[case_id].subscriber_name == case.subscriber.name
            assert store.verify_exhibits(case) == []  # every exhibit saved is whole
        assert not [s for s in summaries.values() if s.problem]
    # No temporaries survive an open (removed at start); files opened above were whole. A
    # shared folder keeps those younger than an hour (another instance may be writing).
    if not store.shared:
        leftovers = [p for p in data_dir.rglob(f"{TEMP_PREFIX}*")]
        assert leftovers == []
    return sum(repaired)


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_killed_writer_never_loses_an_acknowledged_save(tmp_path: Path) -> None:
    data_dir = tmp_path / "crash"
    rng = random.Random(int(os.environ.get("STORE_CRASH_SEED", "20261122")))
    acked: dict[str, int] = {}
    total_acks = 0
    index_repairs = 0
    started = time.monotonic()
    for i in range(KILLS):
        total_acks += _run_once(data_dir, rng.randrange(1 << 30), rng, acked)
        index_repairs += _check(data_dir, acked)
    elapsed = time.monotonic() - started
    print(f"{KILLS} kills, {total_acks} acknowledged saves, {index_repairs} index entries "
          f"repaired at open, {elapsed:.1f} s")
    assert total_acks >= KILLS
    assert set(acked) == set(crash_writer.CASE_IDS)


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_killed_shared_writer_adding_exhibits_never_loses_a_save(tmp_path: Path,
                                                                 monkeypatch) -> None:
    """The same in shared mode (ledger, journals), with exhibits copied during the saves:
    ``STORE_CRASH_SHARED_KILLS`` kills (60 by default; the torture runs use 1,000)."""
    monkeypatch.setitem(_ENV, "STORE_CRASH_SHARED", "1")
    monkeypatch.setitem(_ENV, "STORE_CRASH_EXHIBITS", "1")
    kills = int(os.environ.get("STORE_CRASH_SHARED_KILLS", "60"))
    data_dir = tmp_path / "crash"
    rng = random.Random(int(os.environ.get("STORE_CRASH_SEED", "20261202")))
    acked: dict[str, int] = {}
    total_acks = 0
    for _ in range(kills):
        total_acks += _run_once(data_dir, rng.randrange(1 << 30), rng, acked)
        _check(data_dir, acked)
    assert total_acks >= kills
    with CaseStore.open(data_dir) as store:
        assert store.shared
        exhibits = sum(len(store.load_case(c).exhibits) for c in acked)
    assert exhibits > 0
    print(f"{kills} kills in shared mode, {total_acks} acknowledged saves, {exhibits} "
          "exhibits, all whole")
