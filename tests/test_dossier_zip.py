"""documents.dossier_zip and documents.exhibits: layout, names, manifest, checks, atomicity."""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dispute.filenames import FORBIDDEN_CHARACTERS, is_reserved_name
from dispute.model import Exhibit
from documents import dossier_zip as dz
from documents.dossier_zip import (
    MANIFEST_JSON,
    MANIFEST_TEXT,
    DossierCancelled,
    DossierCheckError,
    DossierExhibitAlteredError,
    DossierExhibitMissingError,
    DossierWriteError,
    DossierZipError,
    ExhibitSource,
    build_dossier_zip,
    compression_for,
    dossier_entries,
    sanitise_arcnames,
)
from documents.exhibits import (
    ExhibitAlteredError,
    ExhibitMissingError,
    page_count,
    sha256_file,
    verify_exhibit_file,
)

TEXT = ("Le 3 janvier 2026, appel au service clients : ligne coupée depuis le 28 décembre.\n"
        * 200).encode("utf-8")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_exhibit(folder: Path, number: int, title: str, original: str, data: bytes
                 ) -> tuple[Exhibit, Path]:
    path = folder / f"stored_{number:03d}{Path(original).suffix}"
    path.write_bytes(data)
    exhibit = Exhibit(number=number, title=title, original_name=original,
                      stored_name=path.name, size=len(data), sha256=sha(data))
    return exhibit, path


@pytest.fixture
def store(tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    return folder


@pytest.fixture
def out_dir(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def sample(store):
    """A typical dossier: two letters, a chronology, an index and three exhibits."""
    exhibits = [
        make_exhibit(store, 1, "Facture janvier", "facture_janvier.pdf",
                     b"%PDF-1.4\n" + os.urandom(300_000)),
        make_exhibit(store, 2, "Photo du boîtier", "IMG_2041.JPG", os.urandom(200_000)),
        make_exhibit(store, 3, "Échange de courriels", "mails.txt", TEXT),
    ]
    entries = dossier_entries(
        letters=[("Saisine du médiateur.pdf", b"%PDF-1.4 saisine"),
                 ("Réclamation.docx", b"PK fake docx")],
        chronology=[("Chronologie.pdf", b"%PDF-1.4 chrono")],
        index=[("Bordereau des pièces.pdf", b"%PDF-1.4 bordereau")],
        exhibits=list(reversed(exhibits)),  # sorted by number by dossier_entries
    )
    return entries, exhibits


def read_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        return {info.filename: zf.read(info) for info in zf.infolist()}


def source_bytes(source) -> bytes:
    if isinstance(source, ExhibitSource):
        return source.path.read_bytes()
    if isinstance(source, Path):
        return source.read_bytes()
    return bytes(source)


def assert_nothing_left(out_dir: Path) -> None:
    assert list(out_dir.iterdir()) == []


# Layout, names, manifest ---------------------------------------------------------------------

def test_layout_and_names(sample, out_dir):
    entries, _ = sample
    result = build_dossier_zip(out_dir / "dossier.zip", entries)
    with zipfile.ZipFile(out_dir / "dossier.zip") as zf:
        names = zf.namelist()
    assert names == [
        "01_Courriers/Saisine du mediateur.pdf",
        "01_Courriers/Reclamation.docx",
        "02_Chronologie/Chronologie.pdf",
        "03_Bordereau/Bordereau des pieces.pdf",
        "04_Pieces/P01_Facture_janvier.pdf",
        "04_Pieces/P02_Photo_du_boitier.jpg",
        "04_Pieces/P03_Echange_de_courriels.txt",
        MANIFEST_JSON,
        MANIFEST_TEXT,
    ]
    assert [item.name for item in result.items] == names[:-2]
    assert result.name_for("01_Courriers/Réclamation.docx") == "01_Courriers/Reclamation.docx"
    assert result.path == out_dir / "dossier.zip"
    assert result.zip_size == (out_dir / "dossier.zip").stat().st_size


def test_every_member_has_the_bytes_of_its_source(sample, out_dir):
    entries, _ = sample
    result = build_dossier_zip(out_dir / "d.zip", entries)
    members = read_members(out_dir / "d.zip")
    for item, (_, source) in zip(result.items, entries):
        assert members[item.name] == source_bytes(source)


def test_manifest_lists_size_and_sha256_of_every_file(sample, out_dir):
    entries, _ = sample
    build_dossier_zip(out_dir / "d.zip", entries, title="Dupont c/ Opérateur")
    members = read_members(out_dir / "d.zip")
    manifest = json.loads(members[MANIFEST_JSON])
    assert manifest["format"] == dz.MANIFEST_FORMAT and manifest["algorithm"] == "sha256"
    assert manifest["title"] == "Dupont c/ Opérateur"
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == set(members) - {MANIFEST_JSON, MANIFEST_TEXT}
    for name, data in members.items():
        if name in listed:
            assert listed[name]["size"] == len(data)
            assert listed[name]["sha256"] == sha(data)
    text = members[MANIFEST_TEXT]
    assert text.startswith("\ufeff".encode("utf-8")) and b"\r\n" in text
    decoded = text.decode("utf-8-sig")
    assert "Dupont c/ Opérateur" in decoded and "Get-FileHash" in decoded
    for name, entry in listed.items():
        assert name in decoded and entry["sha256"] in decoded


def test_stored_or_deflated_by_extension(store, out_dir):
    noise = os.urandom(100_000)
    entries = [
        ("a.pdf", b"%PDF" + noise), ("b.jpg", noise), ("c.JPEG", noise), ("d.docx", noise),
        ("e.zip", noise), ("f.heic", noise), ("g.webp", noise), ("h.7z", noise),
        ("i.txt", TEXT), ("j.csv", TEXT), ("k.xml", TEXT),
        ("l.bin", noise), ("m.dat", TEXT),  # unknown: decided on a sample
        ("n.txt", noise),  # listed as deflated: deflated whatever the content
    ]
    result = build_dossier_zip(out_dir / "d.zip", entries)
    with zipfile.ZipFile(out_dir / "d.zip") as zf:
        types = {i.filename: i.compress_type for i in zf.infolist()}
    stored = {n for n, t in types.items() if t == zipfile.ZIP_STORED}
    assert stored == {"a.pdf", "b.jpg", "c.JPEG", "d.docx", "e.zip", "f.heic", "g.webp",
                      "h.7z", "l.bin"}
    assert {item.name for item in result.items if item.stored} == stored
    assert types[MANIFEST_JSON] == zipfile.ZIP_DEFLATED
    assert compression_for("x/y.PDF") == zipfile.ZIP_STORED
    assert compression_for("x/y.odt") == zipfile.ZIP_STORED
    assert compression_for("x/y.txt") == zipfile.ZIP_DEFLATED


def test_hostile_names_become_safe_distinct_names(out_dir):
    hostile = ["CON", "con.txt", "a<b>.pdf", "../../etc/passwd", "/etc/shadow", "C:\\Windows\\x",
               "\U0001f600\U0001f4c4.pdf", "x" * 300 + ".pdf", "dup.pdf", "DUP.pdf", "dup.pdf",
               "", "...", "manifest.json", "04_Pieces", "04_Pieces/a.pdf", "a\x00b\n.txt",
               "nul .pdf"]
    entries = [(name, f"contenu {i}".encode()) for i, name in enumerate(hostile)]
    result = build_dossier_zip(out_dir / "d.zip", entries)
    names = [item.name for item in result.items]
    assert len({n.casefold() for n in names + [MANIFEST_JSON, MANIFEST_TEXT]}) == len(names) + 2
    folders = {n.rsplit("/", 1)[0].casefold() for n in names if "/" in n}
    for name in names:
        assert name.isascii()
        assert not name.startswith("/") and "\\" not in name
        assert name.casefold() not in folders
        for part in name.split("/"):
            assert part and part not in (".", "..")
            assert not any(c in FORBIDDEN_CHARACTERS for c in part)
            assert not is_reserved_name(part)
            assert part[-1] not in " ." and len(part) <= dz.MAX_NAME_LENGTH
    assert names[0] == "CON_" and names[1] == "con_.txt" and names[2] == "a_b_.pdf"
    assert names[3] == "etc/passwd" and names[5] == "C_/Windows/x"
    assert names[7].endswith(".pdf") and len(names[7]) == 80
    assert names[8:11] == ["dup.pdf", "DUP (2).pdf", "dup (3).pdf"]
    assert names[13] == "manifest (2).json"
    assert names[14] == "04_Pieces (2)"
    # Every member reads back with its own bytes.
    members = read_members(out_dir / "d.zip")
    for item, (_, data) in zip(result.items, entries):
        assert members[item.name] == data


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=10))
def test_any_arcnames_are_safe_and_distinct(names):
    out = sanitise_arcnames(names)
    assert len(out) == len(names)
    keys = [n.casefold() for n in out]
    assert len(set(keys)) == len(keys)
    assert not {MANIFEST_JSON, MANIFEST_TEXT.casefold()} & set(keys)
    for name in out:
        for part in name.split("/"):
            assert part and part not in (".", "..") and part.isascii()
            assert not any(c in FORBIDDEN_CHARACTERS for c in part)


def test_plain_path_sources_are_copied(tmp_path, out_dir):
    source = tmp_path / "annexe.txt"
    source.write_bytes(TEXT)
    build_dossier_zip(out_dir / "d.zip", [("annexe.txt", source)])
    assert read_members(out_dir / "d.zip")["annexe.txt"] == TEXT


def test_empty_dossier_has_only_the_manifests(out_dir):
    result = build_dossier_zip(out_dir / "d.zip", [])
    assert set(read_members(out_dir / "d.zip")) == {MANIFEST_JSON, MANIFEST_TEXT}
    assert result.items == ()


# Determinism and progress --------------------------------------------------------------------

def test_two_runs_give_identical_bytes(sample, out_dir):
    entries, _ = sample
    build_dossier_zip(out_dir / "a.zip", entries, title="X")
    build_dossier_zip(out_dir / "b.zip", entries, title="X", chunk_size=4096)
    assert (out_dir / "a.zip").read_bytes() == (out_dir / "b.zip").read_bytes()
    with zipfile.ZipFile(out_dir / "a.zip") as zf:
        assert {i.date_time for i in zf.infolist()} == {dz.FIXED_DATE_TIME}


def test_progress_is_monotonic_and_reaches_the_total(sample, out_dir):
    entries, _ = sample
    calls = []
    result = build_dossier_zip(out_dir / "d.zip", entries, chunk_size=64 * 1024,
                               progress=lambda done, total, name: calls.append((done, total,
                                                                                name)))
    total = result.total_size
    assert all(t == total for _, t, _ in calls)
    dones = [d for d, _, _ in calls]
    assert dones == sorted(dones) and dones[-1] == total and len(calls) > 10
    assert "04_Pieces/P01_Facture_janvier.pdf" in {n for _, _, n in calls}


# Failures leave nothing behind ---------------------------------------------------------------

def test_missing_exhibit_is_named_and_nothing_is_left(sample, out_dir):
    entries, exhibits = sample
    exhibits[2][1].unlink()
    with pytest.raises(DossierExhibitMissingError) as caught:
        build_dossier_zip(out_dir / "d.zip", entries)
    message = str(caught.value)
    assert message.startswith("La pièce n° 3 « Échange de courriels » est introuvable : ")
    assert isinstance(caught.value, ExhibitMissingError)
    assert caught.value.number == 3
    assert_nothing_left(out_dir)


def test_exhibit_deleted_during_the_build(sample, out_dir):
    entries, exhibits = sample
    victim = exhibits[2][1]

    def progress(done, total, name):
        if name.startswith("04_Pieces/P01") and victim.exists():
            victim.unlink()

    with pytest.raises(DossierExhibitMissingError, match="n° 3"):
        build_dossier_zip(out_dir / "d.zip", entries, progress=progress)
    assert_nothing_left(out_dir)


def test_altered_exhibit_same_size_is_detected_while_streaming(sample, out_dir):
    entries, exhibits = sample
    path = exhibits[0][1]
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF  # same size, one byte differs: only the hash can tell
    path.write_bytes(bytes(data))
    previous = out_dir / "d.zip"
    previous.write_bytes(b"previous dossier")
    with pytest.raises(DossierExhibitAlteredError) as caught:
        build_dossier_zip(previous, entries)
    assert str(caught.value).startswith(
        "La pièce n° 1 « Facture janvier » a été modifiée depuis son ajout (empreinte "
        "différente)")
    assert isinstance(caught.value, ExhibitAlteredError)
    assert isinstance(caught.value, DossierZipError)
    assert [p.name for p in out_dir.iterdir()] == ["d.zip"]
    assert previous.read_bytes() == b"previous dossier"  # untouched


def test_exhibit_with_another_size_is_detected_before_writing(sample, out_dir):
    entries, exhibits = sample
    with open(exhibits[1][1], "ab") as f:
        f.write(b"x")
    with pytest.raises(DossierExhibitAlteredError, match="n° 2 « Photo du boîtier ».*taille"):
        build_dossier_zip(out_dir / "d.zip", entries)
    assert_nothing_left(out_dir)


def test_exhibit_growing_during_the_build(sample, out_dir):
    entries, exhibits = sample
    path = exhibits[0][1]
    grown = []

    def progress(done, total, name):
        if name.endswith("P01_Facture_janvier.pdf") and not grown:
            grown.append(True)
            with open(path, "ab") as f:
                f.write(b"more")

    with pytest.raises(DossierExhibitAlteredError, match="n° 1"):
        build_dossier_zip(out_dir / "d.zip", entries, progress=progress, chunk_size=65536)
    assert_nothing_left(out_dir)


@pytest.mark.parametrize("after_calls", [1, 3, 12])
def test_cancel_midway_leaves_nothing(sample, out_dir, after_calls):
    entries, _ = sample
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) >= after_calls

    with pytest.raises(DossierCancelled, match="annulée"):
        build_dossier_zip(out_dir / "d.zip", entries, cancel=cancel, chunk_size=32 * 1024)
    assert_nothing_left(out_dir)


def test_disk_full_gives_a_french_error_and_nothing_left(sample, out_dir, monkeypatch):
    entries, _ = sample

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(dz.os, "fsync", full)
    with pytest.raises(DossierWriteError, match="Espace disque insuffisant"):
        build_dossier_zip(out_dir / "d.zip", entries)
    assert_nothing_left(out_dir)


def test_write_error_while_streaming(sample, out_dir, monkeypatch):
    entries, _ = sample
    real_write = zipfile._ZipWriteFile.write
    count = []

    def failing_write(self, data):
        count.append(1)
        if len(count) > 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(zipfile._ZipWriteFile, "write", failing_write)
    with pytest.raises(DossierWriteError, match="Espace disque insuffisant"):
        build_dossier_zip(out_dir / "d.zip", entries)
    assert_nothing_left(out_dir)


def test_corruption_on_disk_is_caught_by_the_check(sample, out_dir, monkeypatch):
    entries, _ = sample
    real_fsync = os.fsync

    def corrupting_fsync(fd):
        real_fsync(fd)
        os.lseek(fd, 100_000, os.SEEK_SET)  # inside the data of P01 (stored)
        os.write(fd, b"\x00" * 16)

    monkeypatch.setattr(dz.os, "fsync", corrupting_fsync)
    with pytest.raises(DossierCheckError, match="n'a pas été enregistré"):
        build_dossier_zip(out_dir / "d.zip", entries)
    assert_nothing_left(out_dir)


def test_missing_destination_folder(sample, tmp_path):
    entries, _ = sample
    with pytest.raises(DossierWriteError, match="Impossible d'enregistrer"):
        build_dossier_zip(tmp_path / "absent" / "d.zip", entries)


# ZIP64 and memory ----------------------------------------------------------------------------

def _local_header_has_zip64_extra(path: Path, info: zipfile.ZipInfo) -> bool:
    with open(path, "rb") as f:
        f.seek(info.header_offset)
        header = f.read(30)
        assert header[:4] == b"PK\x03\x04"
        name_length = int.from_bytes(header[26:28], "little")
        extra_length = int.from_bytes(header[28:30], "little")
        f.seek(name_length, os.SEEK_CUR)
        extra = f.read(extra_length)
    while len(extra) >= 4:
        header_id, size = int.from_bytes(extra[:2], "little"), int.from_bytes(extra[2:4], "little")
        if header_id == 0x0001:
            return True
        extra = extra[4 + size:]
    return False


def test_zip64_for_large_members(monkeypatch, out_dir):
    monkeypatch.setattr(dz, "ZIP64_FILE_THRESHOLD", 1000)
    entries = [("small.txt", b"x" * 500), ("large.bin", os.urandom(5000))]
    build_dossier_zip(out_dir / "d.zip", entries)
    path = out_dir / "d.zip"
    with zipfile.ZipFile(path) as zf:
        infos = {i.filename: i for i in zf.infolist()}
        assert _local_header_has_zip64_extra(path, infos["large.bin"])
        assert not _local_header_has_zip64_extra(path, infos["small.txt"])
        assert zf.read("large.bin") == entries[1][1]


def test_zip64_end_record_for_many_members(monkeypatch, out_dir):
    monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 5)
    entries = [(f"f{i}.txt", b"x") for i in range(6)]
    build_dossier_zip(out_dir / "d.zip", entries)
    assert b"PK\x06\x06" in (out_dir / "d.zip").read_bytes()  # ZIP64 end of central directory
    assert len(read_members(out_dir / "d.zip")) == 8


def test_memory_stays_bounded_for_a_large_exhibit(store, out_dir):
    size = 64 * 1024 * 1024
    path = store / "scan.jpg"
    with open(path, "wb") as f:
        for _ in range(size // (1024 * 1024)):
            f.write(os.urandom(1024 * 1024))
    source = ExhibitSource(path, size, sha256_file(path), 1, "Scan")
    tracemalloc.start()
    try:
        build_dossier_zip(out_dir / "d.zip", [("04_Pieces/P01_Scan.jpg", source)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024, peak


# documents.exhibits --------------------------------------------------------------------------

def _pdf(path: Path, pages: int = 2, encrypt=None) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt=encrypt, invariant=1)
    for i in range(pages):
        c.drawString(100, 700, f"Page {i + 1}")
        c.showPage()
    c.save()
    return path


def test_page_count(tmp_path, caplog):
    from reportlab.lib.pdfencrypt import StandardEncryption

    assert page_count(_pdf(tmp_path / "a.pdf", 3)) == 3
    renamed = _pdf(tmp_path / "scan_sans_extension", 1)
    assert page_count(renamed) == 1  # recognised by its signature, not its name
    owner_only = StandardEncryption("", ownerPassword="proprietaire", canPrint=0)
    assert page_count(_pdf(tmp_path / "facture.pdf", 2, owner_only)) == 2
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff" + os.urandom(100))
    assert page_count(tmp_path / "photo.jpg") is None
    assert page_count(tmp_path / "absent.pdf") is None
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="documents.exhibits"):
        locked = StandardEncryption("secret", ownerPassword="proprietaire")
        assert page_count(_pdf(tmp_path / "locked.pdf", 2, locked)) is None
        (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<\n" + os.urandom(500))
        assert page_count(tmp_path / "broken.pdf") is None
    messages = [r.getMessage() for r in caplog.records if r.name == "documents.exhibits"]
    assert any("mot de passe" in m and "locked.pdf" in m for m in messages)
    assert any("illisible" in m and "broken.pdf" in m for m in messages)


def test_sha256_file_streams(tmp_path):
    data = os.urandom(3 * 1024 * 1024 + 17)
    (tmp_path / "f").write_bytes(data)
    assert sha256_file(tmp_path / "f") == sha(data)
    assert sha256_file(tmp_path / "f", chunk_size=1000) == sha(data)


def test_verify_exhibit_file(tmp_path):
    path = tmp_path / "f.pdf"
    path.write_bytes(b"abc")
    verify_exhibit_file(path, 3, sha(b"abc"), number=3, title="Facture")
    verify_exhibit_file(path, None, None)
    with pytest.raises(ExhibitMissingError) as missing:
        verify_exhibit_file(tmp_path / "absent.pdf", 3, sha(b"abc"), number=3, title="Facture")
    assert str(missing.value).startswith("La pièce n° 3 « Facture » est introuvable : ")
    assert str(missing.value).endswith("absent.pdf")
    with pytest.raises(ExhibitAlteredError) as altered:
        verify_exhibit_file(path, 3, sha(b"abd"), number=3, title="Facture")
    assert str(altered.value).startswith(
        "La pièce n° 3 « Facture » a été modifiée depuis son ajout (empreinte différente)")
    with pytest.raises(ExhibitAlteredError, match="taille différente : 3 octets au lieu de 4"):
        verify_exhibit_file(path, 4, sha(b"abc"), number=3, title="Facture")
    with pytest.raises(ExhibitMissingError):
        verify_exhibit_file(tmp_path, 0, None)  # a folder is not the exhibit
