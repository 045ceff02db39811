"""documents/exhibit_index.py: the bordereau de pièces (PDF read back with pypdf, DOCX)."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from dispute.model import Case, Exhibit
from documents.exhibit_index import (
    exhibit_index_docx_bytes,
    exhibit_index_pdf_bytes,
    exhibit_index_report,
    exhibit_index_rows,
    human_size,
    wrap_hash,
)
from documents.exhibits import page_count
from store.casefile import read_case_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if (p / "case.json").is_file())
TODAY = date(2026, 11, 22)


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.parametrize(("size", "text"), [
    (0, "0\u00a0octet"), (1, "1\u00a0octet"), (999, "999\u00a0octets"), (1000, "1\u00a0Ko"),
    (1234, "1,2\u00a0Ko"), (1_200_000, "1,2\u00a0Mo"), (5_000_000, "5\u00a0Mo"),
    (123_456_789, "123\u00a0Mo"), (300 * 1024 * 1024, "315\u00a0Mo"), (2_500_000_000, "2,5\u00a0Go"),
])
def test_human_size(size: int, text: str) -> None:
    assert human_size(size) == text


def test_wrap_hash_keeps_everything() -> None:
    digest = "0123456789abcdef" * 4
    assert wrap_hash(digest).replace("\n", "") == digest
    assert all(len(line) == 32 for line in wrap_hash(digest).split("\n"))


@pytest.mark.parametrize("folder", EXAMPLES, ids=lambda p: p.name)
def test_example_index_pdf(folder: Path) -> None:
    cf = read_case_file(folder)
    case = cf.case
    names = {x.id: f"04_Pieces/P{x.number:02d}_fichier" for x in case.exhibits}
    rows = exhibit_index_rows(case, cf.sources, names)
    assert [r.number for r in rows] == sorted(x.number for x in case.exhibits)
    report = exhibit_index_report(case, rows, generated_on=TODAY)
    data, _ = exhibit_index_pdf_bytes(report)
    pages = pdf_pages(data)
    n = len(pages)
    for i, page in enumerate(pages, start=1):
        assert f"page {i}/{n}" in page
        assert "Document généré le 22 novembre 2026" in page
    text = "\n".join(pages)
    flat = re.sub(r"\s+", "", text)
    assert "Bordereau des pièces" in text
    for exhibit in case.exhibits:
        assert re.search(rf"Pièce n°\s*{exhibit.number}\b", text)
        assert exhibit.sha256 in flat  # full hash, possibly on two lines
        assert re.sub(r"\s+", "", exhibit.original_name) in flat
        assert f"P{exhibit.number:02d}_fichier" in flat
        pages_of = page_count(cf.sources[exhibit.id])
        row = next(r for r in rows if r.number == exhibit.number)
        assert row.pages == pages_of
    # Pièce numbers appear in increasing order.
    found = [int(m) for m in re.findall(r"Pièce n°\s*(\d+)", text)]
    assert found == sorted(found)


def test_docx_version() -> None:
    cf = read_case_file(EXAMPLES[0])
    rows = exhibit_index_rows(cf.case, cf.sources)
    data = exhibit_index_docx_bytes(exhibit_index_report(cf.case, rows, generated_on=TODAY))
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert any("Pièce n°" in c for c in cells)
    joined = "".join(cells).replace("\n", "")
    for exhibit in cf.case.exhibits:
        assert exhibit.sha256 in joined
    assert doc.sections[0].page_width > doc.sections[0].page_height  # landscape
    # Deterministic.
    assert data == exhibit_index_docx_bytes(exhibit_index_report(cf.case, rows,
                                                                 generated_on=TODAY))


def test_missing_file_gives_unknown_pages(tmp_path: Path) -> None:
    x = Exhibit(number=1, title="Facture", original_name="f.pdf", size=10, sha256="a" * 64)
    rows = exhibit_index_rows(Case(exhibits=[x]), {x.id: tmp_path / "absent.pdf"})
    assert rows[0].pages is None and rows[0].sha256 == "a" * 64


def test_hash_computed_when_not_recorded(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(b"abc")
    x = Exhibit(number=1, title="Note", original_name="f.txt")
    row = exhibit_index_rows(Case(exhibits=[x]), {x.id: path})[0]
    assert row.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert row.size == 3


HOSTILE = st.lists(
    st.one_of(st.text(max_size=15),
              st.sampled_from(["é", "€", "œ", "😀", "<b>", "&", "\x00", "\x07", "\r\n",
                               "\u202e", "\ud800"])),
    max_size=20,
).map("".join)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=HOSTILE, original=HOSTILE, name=HOSTILE)
@example(title="000000000000000G0000000000<b>", original="", name="")  # wraps as « <b » / « > »
def test_hostile_text(title: str, original: str, name: str) -> None:
    x = Exhibit(number=7, title=title, original_name=original, size=1234, sha256="f" * 64,
                date=date(2026, 1, 1))
    case = Case(exhibits=[x])
    case.subscriber.name = name
    report = exhibit_index_report(case, exhibit_index_rows(case), generated_on=TODAY)
    pages = pdf_pages(exhibit_index_pdf_bytes(report)[0])
    assert "page 1/" in pages[0]
    assert re.search(r"Pièce n°\s*7", "\n".join(pages))
    if "<b>" in title:  # printed, not read as markup; a long word may wrap inside it
        assert "<b>" in re.sub(r"\s", "", "".join(pages))
    exhibit_index_docx_bytes(report)


def test_long_title() -> None:
    x = Exhibit(number=1, title="Titre très long <b>& " * 5000, original_name="a" * 300,
                size=1, sha256="0" * 64)
    case = Case(exhibits=[x])
    report = exhibit_index_report(case, exhibit_index_rows(case), generated_on=TODAY)
    pages = pdf_pages(exhibit_index_pdf_bytes(report)[0])
    assert len(pages) >= 2
    assert all(f"page {i}/{len(pages)}" in p for i, p in enumerate(pages, start=1))
