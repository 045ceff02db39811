"""The store defects of issue 12, each reproduced as it was reported (they all failed on the
code before the fix): hostile text through import and the CLI, leftover temporaries,
unsynced exhibit folders, full-disk exports, tracebacks in the CLI, empty case folders,
exhibit extensions taken from a free-text name, unbounded page counting."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

import main
from store import CaseStore
from store.layout import CASES_DIR, EXHIBITS_DIR, STORE_FILE
from test_store_support import data_dir, make_case, store  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "panne-fibre-particulier"

PNG = (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 13
       + zlib.crc32(b"x").to_bytes(4, "big") + b"\x00" * 64)


def run_cli(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """main.py in a real process: real stdout encoding, real logging set-up."""
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *argv], capture_output=True,
                          timeout=120, env={**os.environ, **(env or {})}, cwd=ROOT)


def case_file_with_name(tmp_path: Path, name_json: str) -> Path:
    """The example case file with its subscriber's name replaced by raw JSON text (so that
    ``\\ud800`` reaches the reader as the JSON escape a hostile file would hold)."""
    folder = tmp_path / "case-file"
    shutil.copytree(EXAMPLE, folder)
    path = folder / "case.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["case"]["subscriber"]["name"] = "@@NAME@@"
    text = json.dumps(document, ensure_ascii=False).replace('"@@NAME@@"', name_json)
    path.write_text(text, encoding="utf-8")
    return folder


# -- hostile text through import and the CLI ---------------------------------------------------


def test_a_lone_surrogate_in_an_imported_name_is_cleaned_and_never_crashes_the_cli(tmp_path):
    data = tmp_path / "data"
    source = case_file_with_name(tmp_path, '"Claire \\ud800 Fontaine"')
    imported = run_cli("--data-dir", str(data), "import", str(source))
    assert imported.returncode == 0, imported.stderr.decode()
    out = imported.stdout.decode("utf-8")
    assert "Dossier importé" in out and "Claire  Fontaine" in out
    assert "nettoy" in out or "retirés" in out
    with CaseStore.open(data) as opened:
        [summary] = opened.list_cases()
        assert summary.subscriber_name == "Claire  Fontaine"
    for _ in range(3):  # every later list works (it crashed each time before)
        listed = run_cli("--data-dir", str(data), "list")
        assert listed.returncode == 0, listed.stderr.decode()
        assert "1 dossier(s)." in listed.stdout.decode("utf-8")
    status = run_cli("--data-dir", str(data), "status", summary.id, "--today", "2026-11-22")
    assert status.returncode == 0, status.stderr.decode()


def test_a_surrogate_already_in_a_stored_case_is_listed_without_crashing(tmp_path):
    data = tmp_path / "data"
    with CaseStore.open(data) as opened:
        opened.save_case(make_case("Claire \ud800 Fontaine"))
    for argv in (("list",), ("list", "--json")):
        listed = run_cli("--data-dir", str(data), *argv)
        assert listed.returncode == 0, listed.stderr.decode()
        assert b"Traceback" not in listed.stderr
        assert "Claire" in listed.stdout.decode("utf-8")


def test_terminal_escape_codes_in_a_name_are_never_printed_raw(tmp_path):
    data = tmp_path / "data"
    with CaseStore.open(data) as opened:
        case = opened.save_case(make_case("\x1b[2J\x1b]0;pwned\x07Marc \x1b[31mRouge\x1b[0m"))
    for argv in (("list",), ("list", "--json"), ("status", case.id, "--today", "2026-11-22")):
        result = run_cli("--data-dir", str(data), *argv)
        assert result.returncode == 0, result.stderr.decode()
        assert b"\x1b" not in result.stdout and b"\x07" not in result.stdout
        assert b"Rouge" in result.stdout or argv[0] == "status"
    source = case_file_with_name(tmp_path, '"\\u001b[31mNadia\\u0007 Benali\\u009b"')
    imported = run_cli("--data-dir", str(tmp_path / "other"), "import", str(source))
    assert imported.returncode == 0
    assert b"\x1b" not in imported.stdout
    with CaseStore.open(tmp_path / "other") as opened:
        assert opened.list_cases()[0].subscriber_name == "[31mNadia Benali"


# -- leftovers and folder durability -----------------------------------------------------------


def test_leftover_exhibit_temporaries_are_removed_at_open(data_dir, tmp_path):
    source = tmp_path / "capture.png"
    source.write_bytes(PNG)
    with CaseStore.open(data_dir, durable=False) as opened:
        case = make_case()
        opened.add_exhibit(case, source)
        opened.save_case(case)
    folder = data_dir / EXHIBITS_DIR / case.id
    leftovers = [folder / ".rt-tmp-abc123.tmp", data_dir / EXHIBITS_DIR / ".rt-tmp-x.tmp"]
    for path in leftovers:
        path.write_bytes(b"half a copy")
    # a data folder written by an older version has never been swept
    meta_path = data_dir / STORE_FILE
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["meta"]["1"].pop("exhibit_temporaries_swept", None)
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    with CaseStore.open(data_dir, durable=False) as opened:
        assert not any(path.exists() for path in leftovers)
        assert not opened.verify_exhibits(opened.load_case(case.id))


def test_an_interrupted_exhibit_copy_leaves_its_temporary_where_open_sweeps(store, tmp_path,
                                                                             monkeypatch):
    source = tmp_path / "scan.png"
    source.write_bytes(PNG * 100)
    case = make_case()
    import store.exhibits as exhibits

    real = exhibits.atomic_write
    seen: list[Path] = []

    def spy(path, writer, **kwargs):
        seen.append(kwargs.get("temp_dir"))
        return real(path, writer, **kwargs)

    monkeypatch.setattr(exhibits, "atomic_write", spy)
    store.add_exhibit(case, source)
    assert seen == [store.data_dir / EXHIBITS_DIR]


def test_a_new_exhibit_folder_is_made_durable_in_its_parent(tmp_path, monkeypatch):
    import store.atomic as atomic
    import store.exhibits as exhibits

    synced: list[Path] = []
    real = atomic.fsync_dir

    def record(folder):
        synced.append(Path(folder))
        real(folder)

    monkeypatch.setattr(atomic, "fsync_dir", record)
    monkeypatch.setattr(exhibits, "fsync_dir", record, raising=False)
    source = tmp_path / "facture.pdf"
    source.write_bytes(b"%PDF-1.4\n%%EOF\n")
    with CaseStore.open(tmp_path / "data", durable=True) as opened:
        case = make_case()
        synced.clear()
        opened.add_exhibit(case, source)
        assert opened.data_dir / EXHIBITS_DIR in synced  # the new exhibits/<id>/ entry
        assert opened.data_dir / EXHIBITS_DIR / case.id in synced  # the file's entry


def test_no_empty_case_folder_is_left_behind(data_dir):
    with CaseStore.open(data_dir, durable=False) as opened:
        case = opened.save_case(make_case())
        prefix = data_dir / CASES_DIR / case.id[:2]
        assert prefix.is_dir()
        opened.delete_case(case.id)
        assert not prefix.exists()
    (data_dir / CASES_DIR / "zz").mkdir()  # left by an older version
    with CaseStore.open(data_dir, durable=False):
        assert not (data_dir / CASES_DIR / "zz").exists()


def test_a_first_save_failing_on_a_full_disk_leaves_no_empty_folder(data_dir, monkeypatch):
    import store.atomic as atomic

    with CaseStore.open(data_dir, durable=False) as opened:
        before = sorted(p.name for p in (data_dir / CASES_DIR).iterdir())

        def full(*args, **kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(atomic, "open_temporary", full)
        with pytest.raises(Exception) as info:
            opened.save_case(make_case())
        assert "disque est plein" in getattr(info.value, "message", str(info.value))
        monkeypatch.undo()
        assert sorted(p.name for p in (data_dir / CASES_DIR).iterdir()) == before


# -- full-disk exports and tracebacks in the CLI -----------------------------------------------


@pytest.mark.parametrize("where", ["mkdtemp", "copy", "zip"])
def test_export_to_a_full_disk_says_so_in_french(tmp_path, capsys, monkeypatch, where):
    data = tmp_path / "data"
    assert main.main(["--data-dir", str(data), "import", str(EXAMPLE)]) == 0
    capsys.readouterr()
    import store.casefile as casefile

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    if where == "mkdtemp":
        monkeypatch.setattr(casefile.tempfile, "mkdtemp", full)
        out = tmp_path / "export"
    elif where == "copy":
        monkeypatch.setattr(casefile.os, "fsync", full)
        out = tmp_path / "export"
    else:
        monkeypatch.setattr(casefile.shutil, "copyfileobj", full)
        out = tmp_path / "export.zip"
    with CaseStore.open(data) as opened:
        case_id = opened.list_cases()[0].id
    code = main.main(["--data-dir", str(data), "export", case_id, "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 1
    assert "disque est plein" in captured.err
    assert "No space" not in captured.err and "Errno" not in captured.err
    assert "inattendue" not in captured.err and "Traceback" not in captured.err
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith((".export", ".export-"))]


def test_list_prints_logged_warnings_without_a_traceback(tmp_path):
    data = tmp_path / "data"
    with CaseStore.open(data) as opened:
        opened.save_case(make_case())
    (data / "index" / "00.json").unlink(missing_ok=True)
    for shard in (data / "index").glob("*.json"):
        shard.unlink()
    probe = "\n".join([
        "import sys; sys.path.insert(0, sys.argv[1])",
        "import store.index as i",
        "from store.errors import StoreWriteError",
        "def fail(self, *args): raise StoreWriteError('Le disque est plein.')",
        "i.CaseIndex.rewrite_shard = fail",
        "import main; sys.exit(main.main(['--data-dir', sys.argv[2], 'list']))",
    ])
    result = subprocess.run([sys.executable, "-c", probe, str(ROOT), str(data)],
                            capture_output=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr.decode()
    assert b"1 dossier(s)." in result.stdout
    assert b"Traceback" not in result.stderr


# -- exhibit extensions and page counting ------------------------------------------------------


def test_an_exhibit_extension_comes_from_the_file_type(store, tmp_path):
    from documents.dossier_zip import exhibit_arcname
    from store.casefile import export_case

    disguised = tmp_path / "capture.exe"
    disguised.write_bytes(PNG)
    pdf_named = tmp_path / "releve.pdf"
    pdf_named.write_bytes(PNG)
    jpeg = tmp_path / "photo.jpeg"
    jpeg.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 100)
    case = make_case()
    png_exhibit = store.add_exhibit(case, disguised)
    pdf_exhibit = store.add_exhibit(case, pdf_named, title="Relevé")
    jpeg_exhibit = store.add_exhibit(case, jpeg)
    case = store.save_case(case)
    assert png_exhibit.stored_name.endswith(".png")
    assert pdf_exhibit.stored_name.endswith(".png")
    assert jpeg_exhibit.stored_name.endswith(".jpeg")  # the user's name agrees: kept
    assert png_exhibit.media_type == "image/png"
    for exhibit in case.exhibits:
        path = store.exhibit_path(case.id, exhibit)
        assert not exhibit_arcname(exhibit, path).endswith((".exe", ".pdf"))
    # an exhibit stored by an older version keeps its misleading stored name: the dossier
    # and the export still look at the bytes
    legacy = case.exhibits[0]
    old_path = store.exhibit_path(case.id, legacy)
    renamed = old_path.with_suffix(".exe")
    os.rename(old_path, renamed)
    legacy.stored_name = renamed.name
    assert exhibit_arcname(legacy, renamed).endswith("capture.png")
    os.rename(renamed, old_path)
    legacy.stored_name = old_path.name
    out = export_case(store, case.id, tmp_path / "export")
    names = sorted(p.name for p in (out / "pieces").iterdir())
    assert names == ["P01_capture.png", "P02_Relevé.png", "P03_photo.jpeg"]


def test_counting_the_pages_of_a_big_non_pdf_named_pdf_is_bounded(tmp_path, monkeypatch):
    from documents import exhibits

    junk = tmp_path / "scan.pdf"
    with open(junk, "wb") as fh:  # a PDF header, then megabytes of anything
        fh.write(b"%PDF-1.7\n")
        for _ in range(40):
            fh.write(os.urandom(1 << 20))

    import pypdf

    parsed = []
    monkeypatch.setattr(pypdf, "PdfReader", lambda *a, **k: parsed.append(a))
    started = time.perf_counter()
    assert exhibits.page_count(junk) is None
    assert time.perf_counter() - started < 1.0
    assert parsed == []  # pypdf would scan all of it to rebuild a cross-reference table


def test_a_big_pdf_is_read_without_repair(tmp_path, monkeypatch):
    from documents import exhibits

    calls = []

    class Reader:
        def __init__(self, path, strict):
            calls.append(strict)
            self.is_encrypted = False
            self.pages = [1, 2]

    import pypdf

    monkeypatch.setattr(pypdf, "PdfReader", Reader)
    monkeypatch.setattr(exhibits, "LENIENT_PDF_MAX_BYTES", 1000)
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b" " * 5000 + b"\nstartxref\n9\n%%EOF\n")
    small = tmp_path / "small.pdf"
    small.write_bytes(b"%PDF-1.4\nstartxref\n9\n%%EOF\n")
    assert exhibits.page_count(big) == 2 and exhibits.page_count(small) == 2
    assert calls == [True, False]
