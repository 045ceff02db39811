"""Documents: content model, safe text, geometry, PDF and DOCX renderers, calibration page.

Every generated file is opened again (pypdf for PDF, python-docx for DOCX) and checked for
what it says; the recipient block's position on the PDF page is read back from the text
matrices. Hypothesis pushes hostile text through every field of both renderers.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import time
import zipfile
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from dispute.model import PostalAddress
from documents.calibration import calibration_pdf_bytes
from documents.content import (
    Align,
    BulletList,
    Enclosure,
    Heading,
    Letter,
    Paragraph,
    Reference,
    RegisteredMail,
    Report,
    Run,
    Signature,
    Table,
)
from documents.layout import DEFAULT_GEOMETRY, LetterGeometry, check_address
from documents.render_docx import letter_docx_bytes
from documents.render_pdf import address_layout, letter_pdf_bytes, report_pdf_bytes
from documents.text import (
    NBSP,
    NNBSP,
    clean_line,
    clean_text,
    format_date_fr,
    format_euros,
    pdf_markup,
    place_and_date,
    plain,
)

MM = 72 / 25.4
LETTER_DATE = date(2026, 3, 1)
RECIPIENT = tuple(
    PostalAddress(["TSA 59013"], "60643", "Chantilly Cedex").lines(
        "Service Clients Bouygues Telecom"
    )
)


# -- fixtures -------------------------------------------------------------------------------
def sample_letter(extra_paragraphs: int = 0, **changes) -> Letter:
    rows = (
        ("FA-2026-0112", "5 janvier 2026", "Option « TV+ » non souscrite",
         format_euros(Decimal("15.99")), format_euros(Decimal("15.99"))),
        ("FA-2026-0112", "5 janvier 2026", "Double facturation de l'abonnement",
         format_euros(Decimal("1234.56")), format_euros(Decimal("1234.56"))),
    )
    body = [
        Paragraph.of(
            "Titulaire du contrat n° 4521 8877, je conteste les lignes suivantes, signalées au "
            "service clients le ", Run("12 février 2026", bold=True), "."
        ),
        Table(
            header=("Facture", "Date", "Libellé", "Facturé", "Contesté"),
            rows=rows,
            align=(Align.LEFT, Align.LEFT, Align.LEFT, Align.RIGHT, Align.RIGHT),
            total=("Total", "", "", format_euros(Decimal("1250.55")),
                   format_euros(Decimal("1250.55"))),
            widths=(2.2, 2.2, 4.2, 1.7, 1.7),
        ),
        Heading("Mes demandes"),
        BulletList.of("le remboursement des sommes indûment prélevées ;",
                      "des factures rectifiées."),
        Paragraph.of("À défaut, je saisirai le ",
                     Run("Médiateur des communications électroniques", italic=True), "."),
    ]
    body += [
        Paragraph.of("Paragraphe de remplissage pour la pagination. " * 12)
        for _ in range(extra_paragraphs)
    ]
    fields = dict(
        sender=("SARL Boulangerie Lemoine", "12 rue Saint-Pierre", "14000 Caen"),
        recipient=RECIPIENT,
        place_and_date=place_and_date("Caen", LETTER_DATE),
        subject="Contestation de facturation",
        references=(Reference("N° de contrat", "4521 8877"), Reference("N° client", "1.2034")),
        registered=RegisteredMail("1A 234 567 8901 2"),
        body=tuple(body),
        signature=Signature("Julien Lemoine", "Gérant"),
        enclosures=(Enclosure(1, "Facture FA-2026-0112"), Enclosure(2, "Relevé d'appel")),
        followed_by="Mme Claire Martin, CPME Calvados",
        date=LETTER_DATE,
    )
    fields.update(changes)
    return Letter(**fields)


def pdf_pages_text(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    return "\n".join(pdf_pages_text(data))


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts += [p.text for p in cell.paragraphs]
    for section in document.sections:
        parts += [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def text_positions(data: bytes, page: int = 0) -> list[tuple[str, float, float]]:
    """(text, x, y) in points from the page's bottom-left corner, from the text matrices."""
    out: list[tuple[str, float, float]] = []

    def visitor(text, cm, tm, font_dict, font_size):
        if not text.strip():
            return
        # Text space → user space: tm × cm (row vectors, PDF convention).
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        out.append((text.strip(), x, y))

    PdfReader(io.BytesIO(data)).pages[page].extract_text(visitor_text=visitor)
    return out


# -- text -----------------------------------------------------------------------------------
def test_clean_text_removes_controls_and_keeps_everything_else() -> None:
    hostile = "a\x00b\x07c\x1bd\x7fe\x85f\x9fg\ud800h\ufffei\uffffj\ufeffk"
    assert clean_text(hostile) == "abcdefghijk"
    kept = "Éloïse œuvre 1 234,56 € 😀 עברית العربية \u200f\t\n"
    assert clean_text(kept) == kept
    assert clean_text("e\u0301") == "é"  # NFC
    assert clean_text("a\r\nb\rc") == "a\nb\nc"
    assert clean_text(None) == ""
    assert clean_line("  a \n b\t c ") == "a b c"


def test_pdf_markup_escapes_everything() -> None:
    assert pdf_markup("<b>gras</b> & <i>") == "&lt;b&gt;gras&lt;/b&gt; &amp; &lt;i&gt;"
    assert pdf_markup("a\nb") == "a<br/>b"
    assert pdf_markup('"\'') == "&quot;&#39;"


def test_french_formats() -> None:
    assert format_date_fr(date(2026, 3, 1)) == "1er mars 2026"
    assert format_date_fr(date(2026, 8, 15)) == "15 août 2026"
    assert place_and_date("Caen", date(2026, 3, 1)) == "Caen, le 1er mars 2026"
    assert place_and_date("", date(2026, 3, 2)) == "Le 2 mars 2026"
    assert format_euros(Decimal("1234.56")) == f"1{NNBSP}234,56{NBSP}€"
    assert format_euros(Decimal("1234567.5")) == f"1{NNBSP}234{NNBSP}567,50{NBSP}€"
    assert format_euros(Decimal("0.005")) == f"0,01{NBSP}€"
    assert format_euros(12) == f"12,00{NBSP}€"
    assert format_euros(Decimal("-3.2")) == f"\u22123,20{NBSP}€"
    assert format_euros(Decimal("-0.001")) == f"0,00{NBSP}€"
    assert format_euros(Decimal("999.99"), symbol=False) == "999,99"
    with pytest.raises(ValueError):
        format_euros("abc")
    with pytest.raises(ValueError):
        format_euros(Decimal("NaN"))


def test_dejavu_has_the_typographic_characters() -> None:
    from documents.fonts import unsupported_chars

    assert unsupported_chars(f"{NNBSP}{NBSP}€œŒ«»’…\u2212éèàçÉ") == []
    assert unsupported_chars("\U0001f4de") == ["\U0001f4de"]  # not every emoji


# -- content model and geometry -------------------------------------------------------------
def test_content_model_is_frozen_and_normalised() -> None:
    letter = sample_letter(sender=["a", "b"])
    assert letter.sender == ("a", "b")
    with pytest.raises(AttributeError):
        letter.subject = "x"  # type: ignore[misc]
    t = Table(header=("a", "b", "c"), rows=[("1",)], total=("T",))
    assert t.rows == (("1", "", ""),)
    assert t.total == ("T", "", "")
    assert t.align == (Align.LEFT,) * 3
    with pytest.raises(ValueError):
        Table(header=("a",), rows=[("1", "2")])
    with pytest.raises(ValueError):
        Table(header=("a", "b"), widths=(1,))
    assert RegisteredMail("").text == "Lettre recommandée avec accusé de réception"
    assert RegisteredMail("1A").text.endswith(f"n°{NBSP}1A")
    hash(letter)


def test_geometry_defaults_put_the_address_inside_the_window() -> None:
    g = DEFAULT_GEOMETRY
    assert (g.page_width_mm, g.page_height_mm) == (210, 297)
    assert g.window_left_mm <= g.address_left_mm
    assert g.address_left_mm + g.address_width_mm <= g.window_left_mm + g.window_width_mm
    assert g.window_top_mm <= g.address_top_mm
    assert g.address_top_mm + g.address_height_mm <= g.window_bottom_mm
    assert g.fold_positions_mm == (99, 198)
    assert 95 <= g.window_left_mm <= 110 and 35 <= g.window_top_mm <= 50
    again = LetterGeometry.from_dict({**g.to_dict(), "unknown_key": 1})
    assert again == g
    moved = g.moved_window(2, -3)
    assert (moved.address_left_mm, moved.address_top_mm) == (112, 44)
    with pytest.raises(ValueError):
        LetterGeometry(window_left_mm=150)
    with pytest.raises(ValueError):
        LetterGeometry(window_height_mm=10)


def test_check_address_nf_z10_011() -> None:
    assert check_address(RECIPIENT) == []
    assert check_address([]) and check_address(["", " "])
    issues = check_address(["A" * 39, "b", "c", "d", "e", "f", "75001 Paris"])
    messages = " ".join(i.message for i in issues)
    assert "7 lignes" in messages and "39 caractères" in messages and "majuscules" in messages
    # Abroad: country last, postcode and city before it, both in capitals.
    assert check_address(["M. Dupont", "1 rue X", "1000 BRUXELLES", "BELGIQUE"]) == []
    assert check_address(["M. Dupont", "1 rue X", "1000 Bruxelles", "BELGIQUE"])


def test_address_layout_shrinks_then_wraps_never_cuts() -> None:
    layout = address_layout(RECIPIENT)
    assert layout.font_size == DEFAULT_GEOMETRY.address_font_pt
    assert [line.text for line in layout.lines] == list(RECIPIENT)
    assert layout.warnings == ()
    wide = ("W" * 38, "60643 CHANTILLY CEDEX")
    layout = address_layout(wide)
    assert layout.font_size < DEFAULT_GEOMETRY.address_font_pt
    assert "".join(line.text for line in layout.lines).count("W") == 38
    very_long = ("Service " * 20, "60643 CHANTILLY CEDEX")
    layout = address_layout(very_long)
    assert len(layout.lines) > 2
    assert " ".join(line.text for line in layout.lines).split() == " ".join(very_long).split()
    assert layout.warnings


# -- PDF letter -----------------------------------------------------------------------------
def test_pdf_letter_says_what_it_should() -> None:
    data, info = letter_pdf_bytes(sample_letter())
    assert info.pages == 1 and info.warnings == ()
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (210, 297)
    text = plain(pdf_text(data))
    for line in RECIPIENT:
        assert line in text
    assert "Objet : Contestation de facturation" in text
    assert "Caen, le 1er mars 2026" in text
    assert "Lettre recommandée avec accusé de réception n° 1A 234 567 8901 2" in text
    assert "1 234,56 €" in text and "1 250,55 €" in text
    assert "N° de contrat : 4521 8877" in text
    assert "Pièce n° 2 : Relevé d'appel" in text
    assert "Dossier suivi par : Mme Claire Martin" in text
    assert "Julien Lemoine" in text and "Madame, Monsieur," in text
    assert "page 1/" not in text
    fonts_used = {
        str(f.get_object()["/BaseFont"])
        for f in reader.pages[0]["/Resources"]["/Font"].values()
    }
    assert all("DejaVuSans" in f for f in fonts_used), fonts_used
    assert reader.metadata.title == "Contestation de facturation"


def test_pdf_amount_never_split_across_lines() -> None:
    from documents.render_pdf import _markup

    # ReportLab breaks lines at U+202F, so paragraphs carry U+00A0 (which it does not break).
    assert _markup(format_euros(Decimal("1234.56"))) == f"1{NBSP}234,56{NBSP}€"
    amounts = " ".join(format_euros(Decimal(1000 + i) + Decimal("0.5")) for i in range(300))
    data, _ = letter_pdf_bytes(sample_letter(body=(Paragraph.of(amounts),)))
    lines = [plain(line) for line in pdf_text(data).splitlines()]
    for i in range(300):
        assert any(f"{1 + i // 1000} {(i % 1000):03d},50 €" in line for line in lines), i


def test_pdf_recipient_block_sits_in_the_window() -> None:
    g = DEFAULT_GEOMETRY
    data, _ = letter_pdf_bytes(sample_letter())
    positions = text_positions(data)
    page_h = g.page_height_mm * MM
    found = {}
    for text, x, y in positions:
        for line in RECIPIENT:
            if text.startswith(line):
                found[line] = (x, y)
    assert set(found) == set(RECIPIENT), positions[:20]
    layout = address_layout(RECIPIENT, g)
    for expected in layout.lines:
        x, y = found[expected.text]
        x_mm, top_mm = x / MM, (page_h - y) / MM  # baseline from the top of the sheet
        assert x_mm == pytest.approx(expected.x_mm, abs=0.05)
        assert top_mm == pytest.approx(expected.baseline_mm, abs=0.05)
        assert g.address_left_mm - 0.01 <= x_mm <= g.window_left_mm + g.window_width_mm
        assert g.window_top_mm + 3 <= top_mm <= g.window_bottom_mm - 3
    # Lines in reading order, one leading apart.
    tops = [found[line][1] for line in RECIPIENT]
    assert tops == sorted(tops, reverse=True)


def test_pdf_recipient_follows_calibrated_window() -> None:
    g = DEFAULT_GEOMETRY.moved_window(-4, 6)
    data, _ = letter_pdf_bytes(sample_letter(), g)
    page_h = g.page_height_mm * MM
    for text, x, y in text_positions(data):
        if text.startswith(RECIPIENT[0]):
            assert x / MM == pytest.approx(g.address_left_mm, abs=0.05)
            assert g.address_top_mm < (page_h - y) / MM < g.address_top_mm + 6
            break
    else:
        pytest.fail("recipient not found")


def test_pdf_two_pages_numbered_one_page_not() -> None:
    data, info = letter_pdf_bytes(sample_letter(extra_paragraphs=5))
    assert info.pages == 2 and not info.compact
    pages = [plain(t) for t in pdf_pages_text(data)]
    assert len(pages) == 2
    assert "page 1/2" in pages[0] and "page 2/2" in pages[1]
    # The signature is never alone: the closing stays with it.
    assert "Julien Lemoine" in pages[1]
    data, info = letter_pdf_bytes(sample_letter(extra_paragraphs=10))
    assert info.pages == 3 and "page 3/3" in pdf_pages_text(data)[2]


def test_pdf_compact_style_keeps_a_slightly_long_letter_on_one_page() -> None:
    from dataclasses import replace as _replace

    lengths = [(extra, tail) for extra in range(0, 6) for tail in range(0, 13, 3)]
    for extra, tail in lengths:  # whole paragraphs, then a few more lines, to land just over
        letter = sample_letter(extra_paragraphs=extra)
        if tail:
            letter = _replace(letter, body=(*letter.body,
                                            Paragraph.of("Une phrase de plus. " * tail)))
        data, info = letter_pdf_bytes(letter)
        if info.compact:
            assert info.pages == 1
            assert "page 1/" not in pdf_text(data)
            return
    pytest.skip("no letter length hit the compact case")  # pragma: no cover


def test_pdf_is_byte_identical_across_runs() -> None:
    letter = sample_letter()
    assert letter_pdf_bytes(letter)[0] == letter_pdf_bytes(letter)[0]


def test_pdf_markup_in_user_text_stays_literal() -> None:
    evil = 'Facture <b>gras</b> & <font color="red">rouge</font> <br/> &amp; ]]>'
    letter = sample_letter(
        subject=evil,
        body=(Paragraph.of(evil, Run(evil, bold=True)),
              Table(header=(evil,), rows=((evil,),))),
        recipient=("<b>SERVICE</b> & CO", "60643 CHANTILLY CEDEX"),
    )
    text = pdf_text(letter_pdf_bytes(letter)[0])
    assert text.count("<b>gras</b>") >= 4
    assert '<font color="red">rouge</font>' in text
    assert "&amp;" in text
    assert "<b>SERVICE</b> & CO" in text


# -- DOCX letter ----------------------------------------------------------------------------
def test_docx_letter_says_what_it_should() -> None:
    data, info = letter_docx_bytes(sample_letter(), font_name="DejaVu Sans")
    assert info.pages == 1
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == DEFAULT_GEOMETRY.margin_left_mm
    text = plain(docx_text(data))
    for line in RECIPIENT:
        assert line in text
    assert "Objet : Contestation de facturation" in text
    assert "Caen, le 1er mars 2026" in text
    assert "1 234,56 €" in text and "1 250,55 €" in text
    assert "Pièce n° 1 : Facture FA-2026-0112" in text
    assert "Dossier suivi par : Mme Claire Martin" in text
    assert "page " not in "\n".join(p.text for p in section.footer.paragraphs)
    assert "NUMPAGES" not in section.footer._element.xml
    # Narrow no-break space kept as such in Word.
    assert f"1{NNBSP}234,56{NBSP}€" in docx_text(data)
    # The recipient cell starts at the address position, from the sheet's left edge.
    header = document.tables[0]
    left_col_mm = header.columns[0].width.mm
    assert DEFAULT_GEOMETRY.margin_left_mm + left_col_mm == pytest.approx(
        DEFAULT_GEOMETRY.address_left_mm, abs=0.1
    )
    address_cell = header.cell(0, 1)
    assert [p.text for p in address_cell.paragraphs] == list(RECIPIENT)
    assert "Arial" not in document.styles["Normal"].element.xml
    props = document.core_properties
    assert props.title == "Contestation de facturation"
    assert props.created.date() == LETTER_DATE
    # Invoice table: header row repeats, total row present.
    invoice = document.tables[1]
    assert invoice.rows[0].cells[0].text == "Facture"
    assert "w:tblHeader" in invoice.rows[0]._tr.xml
    assert invoice.rows[-1].cells[0].text == "Total"


def test_docx_two_pages_have_page_fields() -> None:
    data, info = letter_docx_bytes(sample_letter(extra_paragraphs=5), font_name="Arial")
    assert info.pages == 2
    footer = docx.Document(io.BytesIO(data)).sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert 'w:ascii="Arial"' in docx.Document(io.BytesIO(data)).styles.element.xml


def test_docx_is_byte_identical_and_dated_from_the_letter() -> None:
    letter = sample_letter()
    first = letter_docx_bytes(letter, font_name="Arial")[0]
    assert first == letter_docx_bytes(letter, font_name="Arial")[0]
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert z.namelist()[0] == "[Content_Types].xml"
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_docx_markup_in_user_text_stays_literal() -> None:
    evil = "Facture <b>gras</b> & <w:t>x</w:t> ]]>"
    letter = sample_letter(subject=evil, body=(Paragraph.of(evil),),
                           recipient=(evil, "60643 CHANTILLY CEDEX"))
    text = docx_text(letter_docx_bytes(letter, font_name="Arial")[0])
    assert text.count(evil) >= 3


# -- hostile text through every field -------------------------------------------------------
HOSTILE = [
    "<b>", "</b>", "&", "&amp;", "<br/>", "<para>", "]]>", "\x00", "\x0b", "\x1f", "\x7f", "\x85",
    "\x9f", "\ud800", "\udfff", "\ufffe", "\uffff", "\ufeff", "é", "œ", "€", "😀", "📞",
    "עברית", "العربية", "\u200f", "\u202e", "\t", "\n", "\r", " ", NNBSP, "e\u0301", "W" * 60,
]
hostile_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.text(max_size=20)), max_size=12
).map("".join)


def hostile_letter(s: str) -> Letter:
    return Letter(
        sender=(s, s),
        recipient=(s, s, "60643 CHANTILLY CEDEX"),
        place_and_date=s,
        subject=s,
        references=(Reference(s, s),),
        registered=RegisteredMail(s, label=s or "LRAR"),
        salutation=s,
        body=(
            Paragraph.of("X<b>Y&Z ", s, Run(s, bold=True), Run(s, italic=True)),
            Heading(s),
            BulletList.of(s, s),
            Table(header=(s, "b"), rows=((s, s),), total=(s, s)),
        ),
        closing=s,
        signature=Signature(s, s),
        enclosures=(Enclosure(1, s),),
        followed_by=s,
        date=LETTER_DATE,
        title=s,
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text)
def test_hostile_text_pdf_never_crashes_never_markup(s: str) -> None:
    data, info = letter_pdf_bytes(hostile_letter(s))
    assert info.pages >= 1
    text = pdf_text(data)
    assert "X<b>Y&Z" in text
    if "<b>" in clean_text(s) and "\n" not in s:
        # The PDF text extractor reorders right-to-left runs and the neutral or weak
        # characters next to them (« עברית<b> » comes back as « <תירבעb> », « עברית€<b> » as
        # « <€תירבעb> »): compare the tag's own characters, in their order. Read as markup,
        # the tag would leave none of them.
        assert "<b>" in _tag_characters(text.replace("X<b>Y&Z", "", 1))


def _tag_characters(text: str) -> str:
    return "".join(c for c in text if c in "<b>")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text)
def test_hostile_text_docx_never_crashes_never_markup(s: str) -> None:
    data, _ = letter_docx_bytes(hostile_letter(s), font_name="Arial", pages=1)
    text = docx_text(data)
    assert "X<b>Y&Z" in text
    assert clean_line(s) in clean_line(text) if clean_line(s) else True


@settings(max_examples=25, deadline=None)
@given(st.text())
def test_clean_text_output_is_xml_legal_and_idempotent(s: str) -> None:
    out = clean_text(s)
    assert clean_text(out) == out
    for ch in out:
        code = ord(ch)
        assert ch in "\t\n" or (0x20 <= code < 0x7F) or (0xA0 <= code <= 0xD7FF) or (
            0xE000 <= code <= 0xFFFD and code != 0xFEFF) or code >= 0x10000


def test_hundred_thousand_characters_in_every_field() -> None:
    huge = ("Réclamation <b>&</b> é€œ " * 5000)[:100_000]
    start = time.perf_counter()
    # DOCX: every field at once.
    ddata, _ = letter_docx_bytes(hostile_letter(huge), font_name="Arial", pages=1)
    assert "<b>&</b>" in docx_text(ddata)
    # PDF: every free-text field a user can make long (all fields at once would be a
    # 700-page letter; each field alone is what happens in practice).
    base = sample_letter()
    variants = [
        dict(subject=huge),
        dict(sender=(huge,)),
        dict(recipient=(huge, "60643 CHANTILLY CEDEX")),
        dict(body=(Paragraph.of(huge), BulletList.of(huge))),
        dict(body=(Table(header=("a", "b"), rows=((huge, "x"),), total=("t", huge)),)),
        dict(enclosures=(Enclosure(1, huge),), followed_by=huge),
    ]
    for change in variants:
        data, info = letter_pdf_bytes(replace(base, **change))
        reader = PdfReader(io.BytesIO(data))
        assert len(reader.pages) == info.pages
        if info.pages > 1:
            assert "<b>&</b>" in reader.pages[1].extract_text()
    one_word = "x" * 100_000  # no space at all: must still wrap, not crash
    data, info = letter_pdf_bytes(sample_letter(body=(Paragraph.of(one_word),)))
    assert info.pages > 5
    assert time.perf_counter() - start < 60


# -- report ---------------------------------------------------------------------------------
def test_report_thousand_rows_fast_numbered_with_repeated_header() -> None:
    rows = tuple(
        (str(i + 1), "1er mars 2026", f"Appel au service clients n° {i} <b>&</b>", f"Pièce n° {i}")
        for i in range(1000)
    )
    report = Report(
        title="Chronologie du dossier",
        generated_on=LETTER_DATE,
        header=(Reference("Abonné", "SARL Boulangerie Lemoine"),
                Reference("Opérateur", "Bouygues Télécom")),
        blocks=(Paragraph.of("Événements datés, du plus ancien au plus récent."),),
        table=Table(("N°", "Date", "Événement", "Pièce"), rows,
                    (Align.RIGHT, Align.LEFT, Align.LEFT, Align.LEFT), widths=(0.6, 1.5, 5, 1.3)),
    )
    start = time.perf_counter()
    data, info = report_pdf_bytes(report)
    elapsed = time.perf_counter() - start
    assert elapsed < 15, elapsed
    pages = pdf_pages_text(data)
    assert len(pages) == info.pages > 10
    for number, text in enumerate(pages, start=1):
        assert f"page {number}/{info.pages}" in text
        assert "Document généré le 1er mars 2026" in text
        assert "Événement" in text  # header row repeated
    assert "Appel au service clients n° 999 <b>&</b>" in pages[-1]
    assert data == report_pdf_bytes(report)[0]


def test_report_single_page_still_numbered() -> None:
    data, info = report_pdf_bytes(Report("Index des pièces", LETTER_DATE,
                                         table=Table(("N°", "Titre"), (("1", "Facture"),))))
    assert info.pages == 1
    assert "page 1/1" in pdf_text(data)


# -- calibration ----------------------------------------------------------------------------
def test_calibration_page() -> None:
    g = DEFAULT_GEOMETRY.moved_window(3, -2)
    data = calibration_pdf_bytes(g)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    text = plain(reader.pages[0].extract_text())
    assert "barre de contrôle : 100 mm" in text
    assert "bord gauche 103 mm, bord haut 38 mm" in text
    assert data == calibration_pdf_bytes(g)


# -- LibreOffice ----------------------------------------------------------------------------
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_converts_the_docx(tmp_path: Path) -> None:
    source = tmp_path / "lettre.docx"
    source.write_bytes(letter_docx_bytes(sample_letter(extra_paragraphs=5), font_name="Arial")[0])
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=110,
    )
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "lettre.pdf"
    assert pdf.is_file()
    pages = [plain(t) for t in pdf_pages_text(pdf.read_bytes())]
    assert len(pages) >= 2
    assert "Objet : Contestation de facturation" in pages[0]
    assert "60643 CHANTILLY CEDEX" in pages[0]
    n = len(pages)
    assert f"page 1/{n}" in pages[0] and f"page {n}/{n}" in pages[-1]


@pytest.mark.parametrize(("raw", "expected"), [
    ("", []),
    (None, []),
    ("Un seul paragraphe\nsur deux lignes", ["Un seul paragraphe sur deux lignes"]),
    ("A\n\nB", ["A", "B"]),
    ("A\r\n\r\nB\r\rC", ["A", "B", "C"]),  # Windows and old Mac line ends
    ("A\n \t \nB", ["A", "B"]),  # a line of spaces and tabs separates too
    ("\n\nA\n\n\n\nB\n\n", ["A", "B"]),
    ("A\x00\x0c\n\nB\u200b<b>&", ["A", "B\u200b<b>&"]),  # controls gone, text kept as text
    ("🚀 œ €\n\n", ["🚀 œ €"]),
])
def test_paragraphs_split_on_blank_lines_only(raw, expected):
    from documents.text import paragraphs

    assert paragraphs(raw) == expected


@pytest.mark.parametrize("move", [(0, 0), (-4, 6), (3, -5)])
def test_nothing_but_the_address_can_show_through_the_window(move) -> None:
    """The folded sheet slides up to 11 mm down in a DL envelope: every text right of the
    sender block, other than the address, starts below what the window can then show."""
    from documents.layout import SHEET_PLAY_MM

    g = DEFAULT_GEOMETRY.moved_window(*move)
    data, _ = letter_pdf_bytes(sample_letter(), g)
    page_h = g.page_height_mm * MM
    shown_until = g.window_bottom_mm + SHEET_PLAY_MM
    for text, x, y in text_positions(data):
        top_mm = (page_h - y) / MM
        if any(text.startswith(line) for line in RECIPIENT) or x / MM < g.window_left_mm - 5:
            continue
        if g.window_top_mm - SHEET_PLAY_MM < top_mm < shown_until:
            pytest.fail(f"« {text} » at {top_mm:.1f} mm could show in the window")
    assert any("le 1er mars 2026" in t for t, _, _ in text_positions(data))


@pytest.mark.parametrize(("name", "expected"), [
    ("Orange", "d'Orange"), ("orange", "d'orange"), ("Élise Télécom", "d'Élise Télécom"),
    ("SFR", "de SFR"), ("Free", "de Free"), ("Bouygues Télécom", "de Bouygues Télécom"),
    ("Hexagone", "de Hexagone"), ("", "de "),
])
def test_de_is_elided_before_a_vowel(name, expected):
    from documents.text import de

    assert de(name) == expected


def test_a_lead_in_stays_on_the_page_of_its_list() -> None:
    """« …les démarches suivantes : » never ends a page with its list on the next one."""
    from dataclasses import replace as _replace

    lead = "Mes démarches préalables n'ont pas permis de résoudre le litige :"
    checked = 0
    for filler in range(0, 40):  # push the lead-in down the page, line by line
        body = (Paragraph.of("Une ligne de remplissage pour la mise en page. " * filler),
                Paragraph.of(lead),
                BulletList.of(*(f"Démarche n° {i} du dossier, datée et numérotée." for i in range(6))))
        letter = _replace(sample_letter(), body=body)
        data, info = letter_pdf_bytes(letter)
        pages = [plain(t) for t in pdf_pages_text(data)]
        for number, text in enumerate(pages):
            if plain(lead) in " ".join(text.split()):
                assert "Démarche n° 0" in text, (filler, number)
                checked += 1
        docx_bytes, _ = letter_docx_bytes(letter)
        doc = docx.Document(io.BytesIO(docx_bytes))
        para = next(p for p in doc.paragraphs if p.text.startswith("Mes démarches"))
        assert para.paragraph_format.keep_with_next
    assert checked == 40
