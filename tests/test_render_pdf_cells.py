"""Plain table cells (documents.render_pdf._PlainCell): laid out as ReportLab's Paragraph would
lay out the same text — same line breaks, same height, same split at a page break — without
the paragraph machinery (docs/benchmarks.md, chronology)."""

from __future__ import annotations

import io
import random
import re
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from dispute.model import Case, Counterpart, Direction, Event, EventKind, RegisteredMail
from dispute.procedure import assess
from documents import fonts
from documents import render_pdf as R
from documents.chronology import chronology_pdf_bytes
from documents.text import NBSP, NNBSP, clean_text

WORDS = ["Le", "3", "janvier", "2026,", "l'abonné", "a", "appelé", "le", "service", "clients",
         ":", "la", "ligne", "est", "coupée", "depuis", "«", "»", "€", "1\u202f234,56\u00a0€",
         "n°\u00a012", "<b>", "&", "Réf.", "DOS-0001", "x", "\u2009", "  ", "\t", "\n", "\n\n",
         "😀", "עברית", "–", "AAAAAAAAAAAA", "technicien", "rendez-vous", "(chat)"]


@pytest.fixture(scope="module", autouse=True)
def _fonts():
    fonts.register_pdf_fonts()


def style(font: str = fonts.REGULAR, size: float = 8, align: int = TA_LEFT) -> ParagraphStyle:
    return ParagraphStyle("cell", fontName=font, fontSize=size, leading=size * 1.25,
                          alignment=align, allowWidows=0, allowOrphans=0)


def paragraph_lines(text: str, st: ParagraphStyle, width: float) -> tuple[list[str], float]:
    p = Paragraph(R._markup(text), st)
    _, height = p.wrap(width, 100_000)
    lines = p.blPara.lines
    if p.blPara.kind == 0:
        return [" ".join(words) for _, words in lines], height
    # Several fragments: a line's words are the fragments' texts; a line ended by a line break
    # keeps its last space (not drawn, and not counted in the line's width).
    return ["".join(getattr(f, "text", "") for f in line.words).rstrip(" ")
            for line in lines], height


def ours(text: str, st: ParagraphStyle, width: float) -> list[str] | None:
    plain = clean_text(text).replace(NNBSP, NBSP).replace("\t", " ")
    return R._wrap_plain(plain, st.fontName, st.fontSize, width, st.spaceShrinkage)


def test_realistic_cells_break_like_paragraphs():
    texts = [
        "Étape 4 : Le 3 janvier 2026, l'abonné a appelé le service clients : la ligne est "
        "coupée depuis le 28 décembre, le technicien n'est pas venu au rendez-vous fixé.\n"
        "Réf. : DOS-0004",
        "n° 1A 003 000 0003 1\nEnvoi : 14/01/2026\n1re présentation : 16/01/2026\n"
        "AR signé : 17/01/2026",
        "Lettre recommandée avec accusé de réception\n(envoyé par l'abonné)",
        "Réponse insatisfaisante", "P2, P8", "05/01/2026\nau 07/01/2026", "", "Oui",
    ]
    for text in texts:
        for width in (90.5, 160.0, 400.0):
            st = style()
            lines = ours(text, st, width)
            assert lines is not None, text
            expected, height = paragraph_lines(text, st, width)
            assert lines == expected
            assert len(lines) * st.leading == pytest.approx(height, abs=1e-9)


@pytest.mark.parametrize("seed", range(4))
def test_random_texts_break_like_paragraphs_or_fall_back(seed):
    rng = random.Random(seed)
    checked = 0
    for _ in range(600):
        words = [rng.choice(WORDS) for _ in range(rng.randint(0, 30))]
        text = "".join(w + rng.choice([" ", " ", "", "  "]) for w in words)
        if rng.random() < 0.1:
            text += "\n"
        st = style(rng.choice([fonts.REGULAR, fonts.BOLD]), rng.choice([7, 7.5, 8, 9.5]),
                   rng.choice([TA_LEFT, TA_RIGHT]))
        width = rng.uniform(30, 300)
        lines = ours(text, st, width)
        if lines is None:  # left to a real Paragraph
            continue
        checked += 1
        expected, height = paragraph_lines(text, st, width)
        assert lines == expected, (text, width)
        assert len(lines) * st.leading == pytest.approx(height, abs=1e-9)
    assert checked > 200  # the fast path is taken for most texts


def test_long_words_soft_hyphens_and_many_lines_fall_back_to_paragraphs():
    st = style()
    assert ours("anticonstitutionnellement" * 3, st, 60) is None
    assert ours("para\u00adgraphe", st, 200) is None
    assert ours("\n".join(["ligne"] * 20), st, 200) is None
    assert ours("1\u00a0234 € l'abonné", st, 200) is None  # U+00A0 among several fragments
    assert ours("1\u00a0234 €", st, 200) == ["1\u00a0234 €"]
    cell = R._cell_flowable("anticonstitutionnellement" * 3, st, 60)
    assert isinstance(cell, Paragraph)


def test_user_markup_is_text_in_plain_cells():
    cell = R._cell_flowable("<b>gras</b> & <i>", style(), 300)
    assert isinstance(cell, R._PlainCell)
    assert cell.lines == ("<b>gras</b> & <i>",)


@pytest.mark.parametrize("lines", [1, 2, 3, 4, 7])
def test_plain_cells_split_where_paragraphs_split(lines):
    st = style()
    text = "\n".join(f"ligne {i}" for i in range(lines))
    cell = R._cell_flowable(text, st, 200)
    assert isinstance(cell, R._PlainCell)
    for available in (0, 5, 10, 15, 21, 30, 45, 200):
        para = Paragraph(R._markup(text), st)
        para.wrap(200, 100_000)
        theirs = para.split(200, available)
        mine = cell.split(200, available)
        assert len(mine) == len(theirs), available
        if len(theirs) == 2:
            assert len(mine[0].lines) == len(theirs[0].blPara.lines)
            assert mine[0].height == pytest.approx(theirs[0].height)


def test_long_chronology_keeps_every_event_across_page_breaks():
    """Rows of several lines in several columns are split across pages: none is lost."""
    lorem = ("Le 3 janvier 2026, l'abonné a appelé le service clients : la ligne est coupée "
             "depuis le 28 décembre, le technicien n'est pas venu au rendez-vous fixé. ")
    kinds = [EventKind.CALL, EventKind.REGISTERED_LETTER, EventKind.EMAIL, EventKind.CHAT]
    events = []
    for k in range(60):
        day = date(2026, 1, 5) + timedelta(days=3 * k)
        kind = kinds[k % len(kinds)]
        summary = f"Étape {k} : " + lorem * (1 + k % 3)
        if k % 7 == 3:
            summary += "\nMontant contesté : 1\u202f234,56\u00a0€ « <b>gras</b> » & co"
        events.append(Event(
            kind=kind, date=day, counterpart=Counterpart.SERVICE_CLIENTS,
            direction=Direction.OUTGOING, summary=summary, reference=f"REF-{k:04d}",
            written=kind is not EventKind.CALL,
            registered=RegisteredMail(f"1A {k:03d} 000 {k:04d} 1", day, day + timedelta(2),
                                      day + timedelta(3))
            if kind is EventKind.REGISTERED_LETTER else None))
    case = Case(events=events)
    case.subscriber.name, case.operator.name = "Claire Fontaine", "Orange"
    today = date(2026, 11, 22)
    pdf, _ = chronology_pdf_bytes(case, assess(case, today), generated_on=today)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 3
    text = " ".join(page.extract_text() for page in reader.pages)
    found = set(re.findall(r"REF-(\d{4})", text))
    assert found == {f"{k:04d}" for k in range(60)}
    assert "<b>gras</b>" in text
