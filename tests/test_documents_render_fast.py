"""The renderers' short cuts give what the long way gives (docs/benchmarks.md, dossiers).

- DOCX: written once with fixed timestamps (``render_docx.docx_bytes``) = saved, then
  rewritten by ``_deterministic_zip``; a document from the cached template = ``Document()``;
  a letter completed in memory after ``as_reloaded`` = the letter written and read back.
- Fonts: a face registered without being read is, once read, the face ReportLab's own
  ``TTFont(name, path)`` makes; it is read only when used, once, even from two threads.
"""

from __future__ import annotations

import io
import threading
from datetime import date

import docx
import docx.shared
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from documents import fonts, render_docx
from documents.content import Align, Report, Table
from documents.render_docx import as_reloaded, docx_bytes, letter_docx_bytes, letter_document
from tests.test_documents_render import sample_letter


def _saved_the_long_way(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return render_docx._deterministic_zip(out.getvalue())


@pytest.mark.parametrize("pages, compact", [(1, False), (2, True)])
def test_docx_bytes_equal_save_then_deterministic_zip(pages, compact) -> None:
    document, _ = letter_document(sample_letter(), pages=pages, compact=compact)
    document_again, _ = letter_document(sample_letter(), pages=pages, compact=compact)
    assert docx_bytes(document) == _saved_the_long_way(document_again)
    assert letter_docx_bytes(sample_letter(), pages=pages, compact=compact)[0] == \
        docx_bytes(document)


def test_cached_template_gives_independent_documents_equal_to_document() -> None:
    first = render_docx.new_document()
    first.add_paragraph("seulement dans le premier")
    second = render_docx.new_document()
    assert "seulement dans le premier" not in [p.text for p in second.paragraphs]
    assert docx_bytes(second) == docx_bytes(docx.Document())


def test_as_reloaded_gives_the_bytes_of_a_document_written_and_read_back() -> None:
    document, _ = letter_document(sample_letter(), pages=1, compact=False)
    reread = docx.Document(io.BytesIO(docx_bytes(document)))
    assert docx_bytes(reread) != docx_bytes(document)  # empty core properties, at least
    as_reloaded(document)
    assert docx_bytes(document) == docx_bytes(reread)


def test_as_reloaded_finds_every_empty_text_the_element_walk_finds() -> None:
    """The XPath query of ``as_reloaded`` against the former walk over every element: empty
    texts and tails set anywhere (the root, deep in the styles, before and after a comment,
    beside whitespace-only and hostile texts), the same bytes after either."""
    from lxml import etree

    def hostile_document(seed: int):
        import random

        rng = random.Random(seed)
        document, _ = letter_document(sample_letter(), pages=1, compact=False)
        document.core_properties.keywords = ""
        document.core_properties.subject = " "
        for part in document.part.package.parts:
            root = getattr(part, "_element", None)
            if root is None:
                continue
            elements = list(root.iter())
            etree._Element.text.__set__(root, rng.choice(["", None, " "]))
            for el in rng.sample(elements, min(len(elements), 40)):
                if isinstance(el, etree._Comment):
                    continue
                choice = rng.random()
                if choice < 0.4:
                    etree._Element.text.__set__(el, "")
                elif choice < 0.6:
                    etree._Element.tail.__set__(el, "")
                elif choice < 0.7:
                    etree._Element.text.__set__(el, "é & <x> \u00a0")
                elif choice < 0.8 and el is not root:
                    comment = etree.Comment("note")
                    el.addprevious(comment)
                    comment.tail = rng.choice(["", "\n", None])
        return document

    for seed in range(12):
        fast, slow = hostile_document(seed), hostile_document(seed)
        assert docx_bytes(fast) == docx_bytes(slow)
        as_reloaded(fast)
        render_docx._as_reloaded_walk(slow)
        assert docx_bytes(fast) == docx_bytes(slow), seed
        for part in fast.part.package.parts:
            root = getattr(part, "_element", None)
            if root is not None:
                assert not any(etree._Element.text.__get__(el) == ""
                               or etree._Element.tail.__get__(el) == "" for el in root.iter())


def test_composed_letter_with_annex_equals_the_letter_reopened_then_completed(monkeypatch
                                                                             ) -> None:
    from documents.letters.composed import ComposedLetter, LetterKind
    from documents.letters.output import composed_docx_bytes

    annex = Report(title="Fiche récapitulative", subtitle="Pour le médiateur",
                   generated_on=date(2026, 3, 1),
                   table=Table(header=("Question", "Réponse"), rows=(("A", "b & <c>"),),
                               align=(Align.LEFT, Align.LEFT)))
    composed = ComposedLetter(kind=next(iter(LetterKind)), letter=sample_letter(), annex=annex)
    fast, info = composed_docx_bytes(composed)

    # The long way, as before: the letter's DOCX written, read back, then completed.
    real_letter_document = render_docx.letter_document

    def reopened(*args, **kwargs):
        document, letter_info = real_letter_document(*args, **kwargs)
        return docx.Document(io.BytesIO(_saved_the_long_way(document))), letter_info

    monkeypatch.setattr(render_docx, "letter_document", reopened)
    monkeypatch.setattr(render_docx, "as_reloaded", lambda document: None)
    slow, slow_info = composed_docx_bytes(composed)
    assert fast == slow
    assert info == slow_info and info.pages >= 2


# -- fonts ----------------------------------------------------------------------------------
def _fresh_lazy_font(name: str):
    return fonts._lazy_font(name, fonts.font_path(fonts.FONT_FILES[name]))


@pytest.mark.parametrize("name", list(fonts.FONT_FILES))
def test_lazy_font_once_read_is_reportlabs_font(name: str) -> None:
    from reportlab.pdfbase.ttfonts import TTFont

    path = fonts.font_path(fonts.FONT_FILES[name])
    expected = TTFont(name, str(path))
    lazy = _fresh_lazy_font(name)
    assert "charWidths" not in vars(lazy.face)  # not read yet
    assert lazy.face.name == expected.face.name  # known without reading the file
    assert "charWidths" not in vars(lazy.face)
    assert lazy.stringWidth("Été 2026 : 1 234,56 €", 10) == expected.stringWidth(
        "Été 2026 : 1 234,56 €", 10)
    assert set(vars(lazy)) == set(vars(expected))
    for key in ("fontName", "_asciiReadable", "_shapable"):
        assert getattr(lazy, key) == getattr(expected, key)
    assert type(lazy.encoding) is type(expected.encoding)
    assert type(lazy.state) is type(expected.state)
    mine, theirs = vars(lazy.face), vars(expected.face)
    assert set(mine) == set(theirs)
    for key in set(theirs) - {"_pdfScale", "filename"}:
        assert mine[key] == theirs[key], key
    assert mine["_pdfScale"](2048) == theirs["_pdfScale"](2048)
    assert isinstance(lazy.face, type(expected.face))


def test_lazy_face_read_once_from_two_threads() -> None:
    font = _fresh_lazy_font(fonts.BOLD)
    results: list[float] = []
    start = threading.Barrier(4)

    def measure() -> None:
        start.wait()
        results.append(font.stringWidth("Mise en demeure", 12))

    threads = [threading.Thread(target=measure) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(results)) == 1 and len(results) == 4


def test_register_pdf_fonts_parse_reads_every_face() -> None:
    from reportlab.pdfbase import pdfmetrics

    fonts.register_pdf_fonts(parse=True)
    for name in fonts.FONT_FILES:
        assert "charWidths" in vars(pdfmetrics.getFont(name).face)


def test_a_damaged_face_is_a_font_error(tmp_path) -> None:
    broken = tmp_path / "DejaVuSans.ttf"
    broken.write_bytes(b"\0" * 100)
    font = fonts._lazy_font(fonts.REGULAR, broken)
    with pytest.raises(fonts.FontError, match="Police illisible"):
        font.stringWidth("a", 10)


# -- a letter and its annex in one PDF ------------------------------------------------------
def _joined_the_long_way(letter, annex) -> tuple[bytes, object, object]:
    """What documents.letters.output did before: two PDFs concatenated with pypdf."""
    from pypdf import PdfReader, PdfWriter

    from documents.render_pdf import letter_pdf_bytes, report_pdf_bytes

    data, info = letter_pdf_bytes(letter)
    annex_data, annex_info = report_pdf_bytes(annex)
    writer = PdfWriter()
    for part in (data, annex_data):
        writer.append(PdfReader(io.BytesIO(part)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), info, annex_info


def _page_images(data: bytes) -> list[tuple[tuple[float, float], bytes]]:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return [(document[i].get_size(), document[i].render(scale=1).to_pil().tobytes())
                for i in range(len(document))]
    finally:
        document.close()


def _annex(rows: int, landscape: bool = False) -> Report:
    from documents.content import Reference

    return Report(title="Fiche récapitulative", generated_on=date(2026, 3, 1),
                  header=(Reference("Abonné", "Claire Fontaine"),), landscape=landscape,
                  table=Table(header=("Date", "Événement"),
                              rows=tuple((f"{i:02d}/03", "texte & <é> € " * (i % 25))
                                         for i in range(rows)),
                              align=(Align.LEFT, Align.LEFT)))


def _compact_letter():
    """A letter two pages long in the normal style and one in the compact style."""
    from dataclasses import replace

    from documents.content import Paragraph
    from documents.render_pdf import letter_pdf_bytes

    for extra in range(0, 6):
        for tail in range(0, 13, 3):
            letter = sample_letter(extra_paragraphs=extra)
            if tail:
                letter = replace(letter, body=(*letter.body,
                                               Paragraph.of("Une phrase de plus. " * tail)))
            if letter_pdf_bytes(letter)[1].compact:
                return letter
    pytest.skip("no letter length hit the compact case")  # pragma: no cover


@pytest.mark.parametrize("letter_kind, rows, landscape", [
    ("short", 3, False), ("long", 90, False), ("long", 30, True), ("compact", 12, False),
])
def test_letter_with_annex_is_the_two_pdfs_one_after_the_other(letter_kind, rows, landscape
                                                              ) -> None:
    from pypdf import PdfReader

    from documents.render_pdf import letter_with_annex_pdf_bytes

    letter = {"short": lambda: sample_letter(), "long": lambda: sample_letter(12),
              "compact": _compact_letter}[letter_kind]()
    annex = _annex(rows, landscape)
    joined, letter_info, annex_info = _joined_the_long_way(letter, annex)
    data, info, new_annex_info = letter_with_annex_pdf_bytes(letter, annex)
    assert (info, new_annex_info) == (letter_info, annex_info)
    assert info.compact == (letter_kind == "compact")
    assert _page_images(data) == _page_images(joined)  # every page, pixel for pixel
    assert len(data) < len(joined)  # the fonts embedded once
    meta = PdfReader(io.BytesIO(data)).metadata
    assert meta.title == letter.subject and meta.producer == "Recours Télécom"


def test_memoised_fp_str_formats_as_reportlab_does() -> None:
    import random

    import documents.render_pdf  # noqa: F401 - installs the memo
    from reportlab.lib import rl_accel
    from reportlab.pdfgen import canvas, textobject

    if not hasattr(rl_accel, "_py_fp_str"):  # pragma: no cover - the C accelerator
        pytest.skip("ReportLab's C accelerator formats the numbers")
    original = rl_accel._py_fp_str
    assert rl_accel.fp_str is not original
    assert canvas.fp_str is rl_accel.fp_str and textobject.fp_str is rl_accel.fp_str
    rng = random.Random(5)
    values = [rng.uniform(-1e6, 1e6) for _ in range(5000)]
    values += [rng.randint(-5000, 5000) / rng.choice([1, 2, 4, 10, 3]) for _ in range(5000)]
    values += [0, 0.0, -0.0, 1e-8, 1e-7, 1.0000001, 0.5, 1, True, 595.2755905511812, 1e12]
    for value in values + values:  # the second time from the memo
        assert rl_accel.fp_str(value) == original(value)
    assert rl_accel.fp_str(1, 2.5, -3) == original(1, 2.5, -3) == "1 2.5 -3"
    assert rl_accel.fp_str([0.1, 72]) == original([0.1, 72])
    assert rl_accel.fp_str((0.25, 0.5, 0.75)) == original((0.25, 0.5, 0.75))


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab é€ \t\r\n<&>\u202f\U0001F600x")),
                    max_size=40),
       bold=st.booleans(), size=st.sampled_from([None, 8.5]))
def test_runs_are_filled_as_python_docx_fills_them(text, bold, size) -> None:
    from lxml import etree

    from documents.text import clean_text

    document = render_docx.new_document()
    ours = render_docx._add_text(document.add_paragraph(), text, bold=bold, size=size)
    theirs = document.add_paragraph().add_run(clean_text(text))
    if bold:
        theirs.bold = True
    if size is not None:
        theirs.font.size = docx.shared.Pt(size)
    assert etree.tostring(ours._r) == etree.tostring(theirs._r)
