"""The fast paths of the dossier build (docs/dossier.md, "Performance"): documents rendered in
worker processes while the exhibits stream into the zip, the zip's directory in the layout's
order, plain table cells, the CRC check of exhibit members — same bytes, same errors, cancel
honoured, nothing left behind."""

from __future__ import annotations

import io
import multiprocessing
import os
import shutil
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from documents import dossier
from documents.content import Align, Letter, Paragraph, Report, Table
from documents.dossier import build_dossier
from documents.dossier_zip import (
    PENDING,
    ConcurrentDossierZip,
    DossierCancelled,
    DossierExhibitAlteredError,
    DossierZipError,
    ExhibitSource,
    build_dossier_zip,
)
from documents.render_pdf import report_pdf_bytes
from store.casefile import read_case_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TODAY = date(2026, 11, 22)


def letter(subject: str) -> Letter:
    return Letter(sender=("Claire Fontaine", "8 allée des Glycines", "37100 TOURS"),
                  recipient=("Médiateur des communications électroniques", "CS 30342",
                             "94257 GENTILLY CEDEX"),
                  place_and_date="Tours, le 22 novembre 2026", subject=subject,
                  body=(Paragraph.of("Madame, Monsieur, je vous saisis."),))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def copy_example(name: str, tmp_path: Path):
    dest = tmp_path / name
    shutil.copytree(EXAMPLES / name, dest)
    return read_case_file(dest)


@pytest.fixture
def workers(monkeypatch):
    """Render in worker processes even for the small examples."""
    monkeypatch.setattr(dossier, "PARALLEL_MIN_ITEMS", 0)


@pytest.fixture
def in_process(monkeypatch):
    monkeypatch.setattr(dossier, "RENDER_PROCESSES", 0)


def no_live_workers(timeout: float = 10.0) -> bool:
    """After a success the workers exit on their own (not waited for); after a cancel or an
    error they finish the document in hand and are joined before build_dossier returns."""
    deadline = time.monotonic() + timeout
    while multiprocessing.active_children():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def no_workers_now() -> bool:
    return not multiprocessing.active_children()


def build(case_file, out: Path, **kwargs):
    return build_dossier(case_file.case, case_file.sources, out, today=TODAY, target="mediator",
                         **kwargs)


def test_workers_and_in_process_give_the_same_bytes(tmp_path, monkeypatch):
    cf = read_case_file(EXAMPLES / "panne-fibre-particulier")
    monkeypatch.setattr(dossier, "PARALLEL_MIN_ITEMS", 0)
    first = build(cf, tmp_path / "a.zip")
    again = build(cf, tmp_path / "b.zip")
    monkeypatch.setattr(dossier, "RENDER_PROCESSES", 0)
    here = build(cf, tmp_path / "c.zip")
    data = (tmp_path / "a.zip").read_bytes()
    assert data == (tmp_path / "b.zip").read_bytes() == (tmp_path / "c.zip").read_bytes()
    assert first.members == again.members == here.members
    assert no_live_workers()


def test_directory_lists_members_in_layout_order(tmp_path, workers):
    cf = read_case_file(EXAMPLES / "panne-fibre-particulier")
    result = build(cf, tmp_path / "d.zip")
    with zipfile.ZipFile(result.path) as zf:
        assert zf.testzip() is None
        names = zf.namelist()
        offsets = {i.filename: i.header_offset for i in zf.infolist()}
    assert names[0] == "LISEZMOI.txt" and names[-2:] == ["manifest.json", "MANIFESTE.txt"]
    assert names[:-2] == list(result.members)
    # The exhibits' data comes first in the file (copied while the documents were rendered).
    first_exhibit = min(offsets[n] for n in names if n.startswith("04_Pieces/"))
    assert first_exhibit < offsets["LISEZMOI.txt"]


def test_progress_is_monotonic_with_workers(tmp_path, workers):
    cf = read_case_file(EXAMPLES / "panne-fibre-particulier")
    calls: list[tuple[int, int, str]] = []
    build(cf, tmp_path / "d.zip", letters=[letter("Saisine")],
          progress=lambda d, t, m: calls.append((d, t, m)))
    assert len({t for _, t, _ in calls}) == 1
    done = [d for d, _, _ in calls]
    assert done == sorted(done) and done[-1] == calls[-1][1]
    messages = {m for _, _, m in calls}
    assert {"Chronologie", "Bordereau des pièces", "Lisez-moi"} <= messages
    assert any(m.startswith("04_Pieces/") for m in messages)


@pytest.mark.parametrize("when", [1, 2, 3, 5])
def test_cancel_while_workers_render_leaves_nothing(tmp_path, workers, when):
    assert no_live_workers()  # those of earlier tests, exiting on their own
    cf = read_case_file(EXAMPLES / "panne-fibre-particulier")
    calls = {"n": 0}

    def cancel() -> bool:
        calls["n"] += 1
        return calls["n"] >= when

    out = tmp_path / "d.zip"
    with pytest.raises(DossierCancelled):
        build(cf, out, cancel=cancel)
    assert not out.exists() and leftovers(tmp_path) == []
    assert no_workers_now()


_CANCEL_MID_RESULT = """
import sys, time
from documents.dossier import _RenderJob, _RenderPool

class Stop(Exception):
    pass

if __name__ == "__main__":
    try:
        with _RenderPool({}, 1) as pool:
            pool.submit(_RenderJob("index", [], bytes, (80_000_000,)))
            pool.launch()
            time.sleep(float(sys.argv[1]))
            raise Stop
    except Stop:
        print("stopped", flush=True)
"""


@pytest.mark.parametrize("delay", [0.2, 0.4, 0.7])
def test_cancel_while_a_worker_sends_its_result_does_not_hang(tmp_path, delay):
    """A cancel (any exit by an exception) while a worker renders or sends back a large
    document: the pool stops without hanging. Terminating the workers there left the
    executor's thread reading a half-written result for ever (CI, 2026-12-03: a 120 s
    timeout in the test above)."""
    script = tmp_path / "cancel_mid_result.py"
    script.write_text(_CANCEL_MID_RESULT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    import subprocess

    try:
        done = subprocess.run([sys.executable, str(script), str(delay)], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the pool did not stop within 30 s of a cancel after {delay} s")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "stopped"


def test_pool_that_cannot_start_falls_back_to_rendering_here(tmp_path, workers, monkeypatch):
    cf = read_case_file(EXAMPLES / "panne-fibre-particulier")
    monkeypatch.setattr(dossier, "_start_processes", lambda count: None)
    result = build(cf, tmp_path / "d.zip")
    with zipfile.ZipFile(result.path) as zf:
        assert zf.testzip() is None
        assert len(PdfReader(io.BytesIO(zf.read(result.chronology))).pages) >= 1


def _worker_state() -> tuple[bool, bool, bool]:
    import sys

    from documents import fonts

    return ("reportlab.platypus" in sys.modules, "docx" in sys.modules, fonts._registered)


@pytest.mark.skipif("forkserver" not in multiprocessing.get_all_start_methods(),
                    reason="no forkserver on this platform: workers are spawned")
def test_workers_start_warm_from_the_fork_server():
    """Workers are forked from a server that already imported the renderers and registered
    the fonts (documents.warm_renderers): nothing to import or parse per worker."""
    context = dossier._context()
    assert context.get_start_method() == "forkserver"
    pool = dossier._start_processes(1)
    try:
        assert pool.submit(_worker_state).result(timeout=60) == (True, True, True)
    finally:
        pool.shutdown(wait=True)


def test_frozen_builds_spawn_their_workers(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert dossier._context().get_start_method() == "spawn"


def test_broken_worker_is_replaced_by_rendering_here(tmp_path, workers, monkeypatch):
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    class Broken:
        def submit(self, *args):
            future: Future = Future()
            future.set_exception(BrokenProcessPool("gone"))
            return future

        def shutdown(self, wait=True, cancel_futures=False):
            pass

    cf = read_case_file(EXAMPLES / "panne-fibre-particulier")
    expected = build(cf, tmp_path / "ref.zip")
    monkeypatch.setattr(dossier, "_start_processes", lambda count: Broken())
    result = build(cf, tmp_path / "d.zip")
    assert (tmp_path / "d.zip").read_bytes() == (tmp_path / "ref.zip").read_bytes()
    assert result.members == expected.members


def test_workers_get_their_jobs_once_the_copy_runs(tmp_path, workers, monkeypatch):
    """Submitting to a pool whose fork server is still importing the renderers waits for it
    (~0.5 s): the exhibits' copy starts first, so that it runs meanwhile (it waited for the
    server before, docs/benchmarks.md)."""
    from concurrent.futures import Future

    events: list[str] = []

    class Inline:
        def submit(self, function, *args):
            events.append("submit")
            future: Future = Future()
            future.set_result(function(*args))
            return future

        def shutdown(self, wait=True, cancel_futures=False):
            pass

    real_start = ConcurrentDossierZip.start

    def start(self):
        events.append("copy")
        real_start(self)

    monkeypatch.setattr(ConcurrentDossierZip, "start", start)
    monkeypatch.setattr(dossier, "_start_processes", lambda count: Inline())
    monkeypatch.setattr(dossier, "_start_fork_server", lambda: True)
    cf = read_case_file(EXAMPLES / "panne-fibre-particulier")
    expected = build(cf, tmp_path / "ref.zip", render_child=False)
    assert events == ["copy", "submit", "submit", "submit"]
    monkeypatch.setattr(dossier, "RENDER_PROCESSES", 0)
    assert build(cf, tmp_path / "here.zip").path.read_bytes() == expected.path.read_bytes()


def test_altered_exhibit_while_workers_render(tmp_path, workers):
    assert no_live_workers()
    cf = copy_example("panne-fibre-particulier", tmp_path)
    exhibit = max(cf.case.exhibits, key=lambda x: x.number)
    path = Path(cf.sources[exhibit.id])
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF  # same size, other bytes: only the SHA-256 tells
    path.write_bytes(bytes(data))
    out = tmp_path / "d.zip"
    out.write_bytes(b"previous dossier")
    with pytest.raises(DossierExhibitAlteredError) as info:
        build(cf, out)
    assert f"pièce n° {exhibit.number}" in str(info.value)
    assert out.read_bytes() == b"previous dossier"
    assert leftovers(tmp_path) == [] and no_workers_now()


def test_error_in_the_callers_code_leaves_nothing(tmp_path):
    src = tmp_path / "a.jpg"
    src.write_bytes(os.urandom(200_000))
    out = tmp_path / "d.zip"
    entries = [("doc.pdf", PENDING), ("04_Pieces/P01_a.jpg", ExhibitSource(src))]
    with pytest.raises(RuntimeError), ConcurrentDossierZip(out, entries) as stream:
        stream.start()
        raise RuntimeError("renderer bug")
    assert not out.exists() and leftovers(tmp_path) == []


def test_concurrent_zip_equals_layout_of_build_dossier_zip(tmp_path):
    src = tmp_path / "a.jpg"
    src.write_bytes(os.urandom(300_000))
    entries = [("01_Courriers/x.pdf", b"%PDF-1.4 letter"), ("04_Pieces/P01_a.jpg",
                                                             ExhibitSource(src))]
    plain = build_dossier_zip(tmp_path / "plain.zip", entries)
    with ConcurrentDossierZip(tmp_path / "conc.zip",
                              [(entries[0][0], PENDING), entries[1]]) as stream:
        stream.start()
        stream.put(entries[0][0], entries[0][1])
        concurrent = stream.finish()
    assert [i.name for i in plain.items] == [i.name for i in concurrent.items]
    assert [(i.size, i.sha256) for i in plain.items] == \
        [(i.size, i.sha256) for i in concurrent.items]
    with zipfile.ZipFile(tmp_path / "plain.zip") as a, \
            zipfile.ZipFile(tmp_path / "conc.zip") as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            assert a.read(name) == b.read(name)


def test_check_catches_corruption_of_an_exhibit_written_concurrently(tmp_path, monkeypatch):
    import documents.dossier_zip as dz

    src = tmp_path / "a.jpg"
    src.write_bytes(os.urandom(300_000))
    real_fsync = os.fsync
    calls = []

    def corrupting_fsync(fd):
        real_fsync(fd)
        calls.append(fd)
        if len(calls) == 2:  # the final fsync, after the documents and the directory
            os.lseek(fd, 1000, os.SEEK_SET)  # inside P01's stored data
            os.write(fd, b"\x00" * 16)

    monkeypatch.setattr(dz.os, "fsync", corrupting_fsync)
    entries = [("doc.pdf", PENDING), ("04_Pieces/P01_a.jpg", ExhibitSource(src))]
    with pytest.raises(DossierZipError, match="n'a pas été enregistré"), \
            ConcurrentDossierZip(tmp_path / "d.zip", entries) as stream:
        stream.start()
        stream.put("doc.pdf", b"%PDF-1.4 x")
        stream.finish()
    assert not (tmp_path / "d.zip").exists() and leftovers(tmp_path) == []


def test_plain_cells_print_text_verbatim_and_long_cells_still_wrap():
    long = "mot " * 200
    rows = (("1", "<b>pas du gras</b> & co", "03/03/2026\nau 05/03/2026"),
            ("2", long, "1\u202f234,56\u00a0€"))
    report = Report(title="Essai", generated_on=TODAY, landscape=True,
                    table=Table(("N°", "Texte", "Date"), rows, widths=(1, 6, 2),
                                align=(Align.LEFT, Align.LEFT, Align.RIGHT)))
    data, _ = report_pdf_bytes(report)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "<b>pas du gras</b> & co" in text
    assert "au 05/03/2026" in text
    assert text.count("mot") == 200
    assert data == report_pdf_bytes(report)[0]  # deterministic
