"""Exhibits: safe copy with hash, refusal of links and special files, verification, import."""

from __future__ import annotations

import hashlib
import os
import stat
from datetime import date
from pathlib import Path

import pytest

from dispute.codec import case_from_dict, case_to_dict
from dispute.model import Exhibit
from store import CaseStore, ExhibitError
from store.exhibits import STORED_NAME_RE
from store.layout import case_path
from test_store_support import data_dir, make_case, snapshot, store  # noqa: F401


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "Facture d'août — Œuvre.PDF"
    path.write_bytes(b"%PDF-1.4 " + os.urandom(3000))
    return path


def test_add_exhibit_copies_and_hashes(store: CaseStore, pdf: Path) -> None:
    case = make_case()
    first = store.add_exhibit(case, pdf, title="Facture", date=date(2026, 3, 1))
    second = store.add_exhibit(case, pdf)
    assert (first.number, second.number) == (1, 2)
    assert case.exhibits == [first, second]
    assert STORED_NAME_RE.match(first.stored_name) and first.stored_name.endswith(".pdf")
    assert "août" not in first.stored_name and first.original_name == pdf.name
    assert first.size == pdf.stat().st_size
    assert first.sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert first.media_type == "application/pdf"
    stored = store.exhibit_path(case.id, first)
    assert stored.read_bytes() == pdf.read_bytes()
    if os.name == "posix":
        assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    saved = store.save_case(case)
    assert store.verify_exhibits(store.load_case(saved.id)) == []


def test_numbers_are_never_reused(store: CaseStore, pdf: Path) -> None:
    case = make_case()
    store.add_exhibit(case, pdf)
    second = store.add_exhibit(case, pdf)
    case.exhibits.remove(case.exhibits[0])
    assert store.add_exhibit(case, pdf).number == second.number + 1


def test_extension_is_sanitized(store: CaseStore, tmp_path: Path) -> None:
    odd = tmp_path / "../x.p df"
    weird = tmp_path / "note.exe;rm -rf"
    for path in (tmp_path / "x.p df", weird, tmp_path / "sans_extension"):
        path.write_bytes(b"\x00\x01\x02")  # of no known type: the name alone decides
        exhibit = store.add_exhibit(make_case(), path)
        assert STORED_NAME_RE.match(exhibit.stored_name), exhibit.stored_name
        assert "." not in exhibit.stored_name
    assert odd  # the name never reaches the file system


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlink_is_refused(store: CaseStore, pdf: Path, tmp_path: Path) -> None:
    link = tmp_path / "lien.pdf"
    try:
        link.symlink_to(pdf)
    except OSError:
        pytest.skip("symlinks not permitted")
    case = make_case()
    with pytest.raises(ExhibitError) as info:
        store.add_exhibit(case, link)
    assert "lien symbolique" in info.value.message and "lien.pdf" in info.value.message
    assert case.exhibits == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_fifo_is_refused_without_blocking(store: CaseStore, tmp_path: Path) -> None:
    fifo = tmp_path / "tube.pdf"
    os.mkfifo(fifo)
    with pytest.raises(ExhibitError, match="n'est pas un fichier ordinaire") as info:
        store.add_exhibit(make_case(), fifo)
    assert "tube.pdf" in info.value.message


def test_folder_and_missing_file_are_refused(store: CaseStore, tmp_path: Path) -> None:
    with pytest.raises(ExhibitError, match="fichier ordinaire"):
        store.add_exhibit(make_case(), tmp_path)
    with pytest.raises(ExhibitError, match="introuvable"):
        store.add_exhibit(make_case(), tmp_path / "absent.pdf")


def test_verify_detects_hash_size_and_missing(store: CaseStore, pdf: Path) -> None:
    case = make_case()
    changed, shrunk, gone = (store.add_exhibit(case, pdf) for _ in range(3))
    path = store.exhibit_path(case.id, changed)
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF  # same size, different content
    os.chmod(path, 0o600)
    path.write_bytes(bytes(data))
    store.exhibit_path(case.id, shrunk).write_bytes(b"short")
    store.exhibit_path(case.id, gone).unlink()
    problems = {p.exhibit_id: p for p in store.verify_exhibits(case)}
    assert problems[changed.id].kind == "hash"
    assert problems[shrunk.id].kind == "size"
    assert problems[gone.id].kind == "missing"
    assert "pièce n° 1" in problems[changed.id].message.lower()


def test_exhibit_path_refuses_traversal(store: CaseStore, pdf: Path) -> None:
    case = make_case()
    exhibit = store.add_exhibit(case, pdf)
    exhibit.stored_name = "../../store.json"
    with pytest.raises(ExhibitError):
        store.exhibit_path(case.id, exhibit)
    assert store.verify_exhibits(case)[0].kind == "invalid_name"


def _exported(store: CaseStore, case, pdf: Path, tmp_path: Path):
    """A case as another installation would export it, with its files."""
    other = make_case("Importé")
    sources = {}
    for i in range(3):
        src = tmp_path / f"piece{i}.pdf"
        data = f"pièce {i}".encode() * 100
        src.write_bytes(data)
        exhibit = Exhibit(number=i + 1, title=f"Pièce {i}", original_name=src.name,
                          stored_name="P0_not_trusted.pdf", size=len(data),
                          sha256=hashlib.sha256(data).hexdigest())
        other.exhibits.append(exhibit)
        sources[exhibit.id] = src
    return other, sources


def test_import_case(store: CaseStore, pdf: Path, tmp_path: Path) -> None:
    other, sources = _exported(store, None, pdf, tmp_path)
    imported = store.import_case(other, sources)
    assert imported.id == other.id and imported.revision == 1
    assert store.verify_exhibits(imported) == []
    assert [x.number for x in imported.exhibits] == [1, 2, 3]
    assert all(STORED_NAME_RE.match(x.stored_name) for x in imported.exhibits)


def test_import_with_existing_id_gets_a_new_id(store: CaseStore, pdf: Path,
                                                tmp_path: Path) -> None:
    existing = store.save_case(make_case("Existant"))
    other, sources = _exported(store, None, pdf, tmp_path)
    other = case_from_dict({**case_to_dict(other), "id": existing.id, "revision": 7})
    imported = store.import_case(other, sources)
    assert imported.id != existing.id and imported.revision == 1
    assert store.load_case(existing.id).subscriber.name == "Existant"
    assert store.verify_exhibits(imported) == []


def test_import_is_all_or_nothing(data_dir: Path, pdf: Path, tmp_path: Path) -> None:
    with CaseStore.open(data_dir, durable=False) as opened:
        opened.save_case(make_case())
        other, sources = _exported(opened, None, pdf, tmp_path)
        before = snapshot(data_dir)
        last = other.exhibits[-1]
        sources[last.id].write_bytes(b"altered" * 100)  # hash mismatch on the last one
        with pytest.raises(ExhibitError, match="ne correspond pas"):
            opened.import_case(other, sources)
        assert snapshot(data_dir) == before
        assert len(opened.list_cases()) == 1
        del sources[last.id]
        with pytest.raises(ExhibitError, match="pas été fourni"):
            opened.import_case(other, sources)
        assert snapshot(data_dir) == before
        assert not case_path(data_dir, other.id).exists()


def test_a_problem_message_keeps_the_users_title_as_typed(store: CaseStore, pdf: Path) -> None:
    case = make_case()
    exhibit = store.add_exhibit(case, pdf, title="Facture SFR d'Avril")
    store.exhibit_path(case.id, exhibit).unlink()
    (problem,) = store.verify_exhibits(case)
    assert problem.message.startswith("Pièce n° 1 « Facture SFR d'Avril » : ")
