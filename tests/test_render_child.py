"""A small dossier's chronology and exhibit index rendered by a forked child of the calling
process (documents/render_child.py; ``build_dossier(..., render_child=True)``, the command
line): the same zip, byte for byte; rendered here when the child fails or cannot be forked;
the child killed and reaped on a cancel; no fork next to another thread or without a free
core."""

from __future__ import annotations

import os
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from documents import dossier, render_child
from documents.dossier import build_dossier
from documents.dossier_zip import DossierCancelled
from store.casefile import read_case_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "panne-fibre-particulier"
TODAY = date(2026, 11, 22)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="render children are forked on Linux only")


@pytest.fixture
def forks(monkeypatch) -> list[int]:
    """The pids of the render children forked (a core always free for the test)."""
    pids: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(render_child.os, "fork", fork)
    monkeypatch.setattr(render_child, "core_free", lambda: True)
    deadline = time.monotonic() + 10  # the threads of an earlier test's workers, exiting
    while threading.active_count() > 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    if threading.active_count() > 1:
        pytest.skip("another test left a thread running: this process may not fork")
    return pids


def build(tmp_path: Path, name: str, **options):
    case_file = read_case_file(EXAMPLE)
    return build_dossier(case_file.case, case_file.sources, tmp_path / name, today=TODAY,
                         target="mediator", **options)


def reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_a_forked_child_renders_the_same_zip(tmp_path: Path, forks: list[int]) -> None:
    here = build(tmp_path, "here.zip")
    assert forks == []
    forked = build(tmp_path, "forked.zip", render_child=True)
    assert len(forks) == 1 and reaped(forks[0])
    assert forked.path.read_bytes() == here.path.read_bytes()
    assert forked.warnings == here.warnings
    assert {"letters", "chronology", "index"} <= set(forked.durations)


def test_a_failing_child_is_replaced_by_rendering_here(tmp_path: Path, forks: list[int],
                                                       monkeypatch, caplog) -> None:
    parent = os.getpid()
    real_job = dossier._render_index_job

    def index_job(*args):
        if os.getpid() != parent:
            os._exit(3)  # the child dies half-way
        return real_job(*args)

    here = build(tmp_path, "here.zip")
    monkeypatch.setattr(dossier, "_render_index_job", index_job)
    forked = build(tmp_path, "forked.zip", render_child=True)
    assert len(forks) == 1 and reaped(forks[0])
    assert forked.path.read_bytes() == here.path.read_bytes()
    assert "Render child failed (status 3)" in caplog.text


def test_a_cancel_while_the_child_renders_kills_and_reaps_it(tmp_path: Path, forks: list[int],
                                                            monkeypatch) -> None:
    parent = os.getpid()
    real_job = dossier._render_chronology_job

    def slow_chronology(*args):
        if os.getpid() != parent:
            time.sleep(30)
        return real_job(*args)

    monkeypatch.setattr(dossier, "_render_chronology_job", slow_chronology)
    started = time.monotonic()

    def cancel() -> bool:
        return bool(forks) and time.monotonic() - started > 0.5

    with pytest.raises(DossierCancelled):
        build(tmp_path, "cancelled.zip", render_child=True, cancel=cancel)
    assert time.monotonic() - started < 20
    assert len(forks) == 1 and reaped(forks[0])
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_no_fork_next_to_another_thread_nor_without_a_free_core(tmp_path: Path,
                                                                forks: list[int],
                                                                monkeypatch) -> None:
    here = build(tmp_path, "here.zip")
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        beside = build(tmp_path, "beside.zip", render_child=True)
    finally:
        stop.set()
        other.join()
    assert forks == [] and beside.path.read_bytes() == here.path.read_bytes()
    monkeypatch.setattr(render_child, "core_free", lambda: False)
    busy = build(tmp_path, "busy.zip", render_child=True)
    assert forks == [] and busy.path.read_bytes() == here.path.read_bytes()


@pytest.mark.parametrize(("load", "cpus", "free"), [
    (0.2, 2, True), (1.4, 2, True), (1.5, 2, False), (6.0, 2, False), (0.0, 1, False),
    (2.9, 4, True), (3.6, 4, False),
])
def test_a_core_is_free_under_the_processors_less_one_half(monkeypatch, load, cpus, free):
    monkeypatch.setattr(render_child.os, "getloadavg", lambda: (load, 0.0, 0.0))
    monkeypatch.setattr(render_child, "_processors", lambda: cpus)
    monkeypatch.setattr(render_child, "_runnable_now", lambda: 1)
    assert render_child.core_free() is free


@pytest.mark.parametrize(("running", "cpus", "free"), [
    (1, 2, True), (2, 2, False), (7, 2, False), (3, 4, True), (4, 4, False), (None, 2, True),
])
def test_no_free_core_while_another_process_runs_now(monkeypatch, running, cpus, free):
    """A quiet last minute, but at this moment something else runs on the other core (the
    average lags by a minute): no fork. ``None``: not known, the average decides."""
    monkeypatch.setattr(render_child.os, "getloadavg", lambda: (0.3, 0.0, 0.0))
    monkeypatch.setattr(render_child, "_processors", lambda: cpus)
    monkeypatch.setattr(render_child, "_runnable_now", lambda: running)
    assert render_child.core_free() is free


@pytest.mark.parametrize(("text", "expected"), [
    (b"0.52 0.58 0.59 1/467 12345\n", 1), (b"3.10 2.9 2.2 6/124 6653\n", 6),
    (b"", None), (b"0.1 0.1 0.1\n", None), (b"0.1 0.1 0.1 x/12 1\n", None),
])
def test_the_processes_runnable_now_are_read_from_proc_loadavg(monkeypatch, tmp_path, text,
                                                               expected):
    import builtins

    fake = tmp_path / "loadavg"
    fake.write_bytes(text)
    real_open = builtins.open
    monkeypatch.setattr(builtins, "open", lambda path, *a, **k: real_open(
        fake if path == "/proc/loadavg" else path, *a, **k))
    assert render_child._runnable_now() == expected


def test_the_runnable_count_is_unknown_without_proc(monkeypatch):
    import builtins

    def no_proc(path, *args, **kwargs):
        raise FileNotFoundError(path)

    monkeypatch.setattr(builtins, "open", no_proc)
    assert render_child._runnable_now() is None


def test_no_free_core_when_the_load_is_unknown(monkeypatch):
    def unavailable():
        raise OSError("no load average")

    monkeypatch.setattr(render_child.os, "getloadavg", unavailable)
    assert render_child.core_free() is False


# -- a large dossier: every document rendered by forked children, no fork server ------------

@pytest.fixture
def large(monkeypatch) -> list[int]:
    """The example treated as a large dossier (render workers wanted); the calls that would
    start worker processes, recorded."""
    started: list[int] = []
    real_start = dossier._start_processes

    def start_processes(count: int):
        started.append(count)
        return real_start(count)

    monkeypatch.setattr(dossier, "PARALLEL_MIN_ITEMS", 0)
    monkeypatch.setattr(dossier, "_start_processes", start_processes)
    return started


@pytest.mark.parametrize(("cpus", "children"), [(1, 1), (2, 1), (3, 2), (8, 3)])
def test_a_large_dossier_is_rendered_by_forked_children(tmp_path: Path, forks: list[int],
                                                        large: list[int], monkeypatch, cpus,
                                                        children) -> None:
    monkeypatch.setattr(dossier, "PARALLEL_MIN_ITEMS", 10_000)
    here = build(tmp_path, "here.zip")
    monkeypatch.setattr(dossier, "PARALLEL_MIN_ITEMS", 0)
    monkeypatch.setattr(render_child, "_processors", lambda: cpus)
    monkeypatch.setattr(render_child, "core_free", lambda: False)  # forked whatever the load
    forked = build(tmp_path, "forked.zip", render_child=True)
    assert len(forks) == children and all(reaped(pid) for pid in forks)
    assert large == []  # no worker process, no fork server
    assert forked.path.read_bytes() == here.path.read_bytes()
    assert forked.warnings == here.warnings
    assert {"letters", "chronology", "index"} <= set(forked.durations)


def test_a_large_dossier_that_cannot_fork_uses_the_workers(tmp_path: Path, forks: list[int],
                                                          large: list[int],
                                                          monkeypatch) -> None:
    here = build(tmp_path, "here.zip", render_child=False)  # with the workers
    large.clear()

    def no_fork() -> int:
        raise OSError("fork refused")

    monkeypatch.setattr(render_child.os, "fork", no_fork)
    refused = build(tmp_path, "refused.zip", render_child=True)
    assert large == [dossier.RENDER_PROCESSES]
    assert refused.path.read_bytes() == here.path.read_bytes()


def test_a_large_dossier_whose_child_dies_is_rendered_here(tmp_path: Path, forks: list[int],
                                                          large: list[int], monkeypatch,
                                                          caplog) -> None:
    parent = os.getpid()
    real_job = dossier._render_letters_job

    def letters_job(*args):
        if os.getpid() != parent:
            os._exit(3)
        return real_job(*args)

    monkeypatch.setattr(dossier, "PARALLEL_MIN_ITEMS", 10_000)
    here = build(tmp_path, "here.zip")  # in this thread: no worker's thread left running
    monkeypatch.setattr(dossier, "PARALLEL_MIN_ITEMS", 0)
    monkeypatch.setattr(render_child, "_processors", lambda: 2)
    monkeypatch.setattr(dossier, "_render_letters_job", letters_job)
    forked = build(tmp_path, "forked.zip", render_child=True)
    assert len(forks) == 1 and reaped(forks[0]) and large == []
    assert forked.path.read_bytes() == here.path.read_bytes()
    assert "Render child failed (status 3)" in caplog.text
