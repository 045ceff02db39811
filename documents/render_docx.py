"""DOCX renderer (python-docx) for :class:`~documents.content.Letter`: an editable Word file
that prints like the PDF.

Layout choices (Word and LibreOffice both honour them):

- one A4 section with the margins of :class:`~documents.layout.LetterGeometry`;
- the top of page 1 is a borderless two-column table with fixed column widths, zero cell
  margins and no indent: the left cell holds the sender block, the right cell starts exactly
  at ``address_left_mm`` from the sheet's edge and holds the recipient block, pushed down by
  a "space before" to ``address_top_mm``. Its row has an "at least" height that ends just
  under the window, so the text that follows starts below the window whatever the sender
  block's length, and nothing is ever clipped. (A floating table positioned on the page with
  ``tblpPr`` was the other candidate; body text wraps around a floating table, which made
  where the body starts depend on the sender block, and older LibreOffice versions turn it
  into a frame.) The user edits the address by typing in the cell;
- fonts: "DejaVu Sans" if installed on this computer, else "Arial" (see ``documents.fonts``);
  the document language is French (spell-checking);
- "page X/Y" (PAGE and NUMPAGES fields) in the footer only when the letter takes more than
  one page; the page count is taken from the PDF rendering of the same letter, which uses the
  same geometry and font sizes (DejaVu Sans is wider than Arial, so a one-page PDF means a
  one-page DOCX);
- deterministic output: core properties dated from the letter's date, fixed ZIP timestamps.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Sequence
from copy import deepcopy
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, BinaryIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun

from documents import fonts
from documents.content import (
    Align,
    BarChart,
    Block,
    BulletList,
    Heading,
    Letter,
    Paragraph,
    RenderInfo,
    Run,
    Table,
    introduces_list,
)
from documents.layout import (
    DEFAULT_GEOMETRY,
    LetterGeometry,
    TextMetrics,
    check_address,
    text_metrics,
)
from documents.text import clean_line, clean_text

logger = logging.getLogger(__name__)

Target = str | Path | BinaryIO

_ALIGN = {
    Align.LEFT: WD_ALIGN_PARAGRAPH.LEFT,
    Align.CENTER: WD_ALIGN_PARAGRAPH.CENTER,
    Align.RIGHT: WD_ALIGN_PARAGRAPH.RIGHT,
    Align.JUSTIFY: WD_ALIGN_PARAGRAPH.JUSTIFY,
}
_GREY = RGBColor(0x4D, 0x4D, 0x4D)
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


# -- low-level helpers ----------------------------------------------------------------------
def _set(parent, tag: str, **attrs: str):
    """Get or create child ``tag`` of ``parent`` and set its ``w:`` attributes."""
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        parent.append(el)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    return el


def _set_fonts(rpr, name: str) -> None:
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attr}"), name)


_RUN_BREAKS = re.compile(r"([\t\r\n])")


def _add_text(paragraph: DocxParagraph, text: str, bold: bool = False, italic: bool = False,
              size: float | None = None):
    run = paragraph.add_run()
    _fill_run(run._r, clean_text(text))
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if size is not None:
        run.font.size = Pt(size)
    return run


def _fill_run(r, text: str) -> None:
    """The content ``paragraph.add_run(text)`` gives a new run — a ``<w:t>`` per stretch of
    ordinary characters, ``<w:tab/>`` for a tab, ``<w:br/>`` for a line break — made a
    stretch at a time instead of python-docx's character at a time (a tenth of a long
    document's time)."""
    for piece in _RUN_BREAKS.split(text):
        if piece == "\t":
            r.add_tab()
        elif piece in ("\r", "\n"):
            r.add_br()
        elif piece:
            r.add_t(piece)


def _spacing(paragraph: DocxParagraph, before: float = 0, after: float = 0,
             exact: float | None = None) -> None:
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if exact is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(exact)


def _field(paragraph: DocxParagraph, instruction: str, cached: str, size: float) -> None:
    """A simple field (PAGE, NUMPAGES) as begin / instruction / separate / result / end."""
    def run_with(child) -> None:
        run = paragraph.add_run()
        run.font.size = Pt(size)
        run._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    result = paragraph.add_run(cached)
    result.font.size = Pt(size)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _no_cell_margins(table) -> None:
    tblpr = table._tbl.tblPr
    mar = _set(tblpr, "w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        _set(mar, f"w:{side}", w="0", type="dxa")
    _set(tblpr, "w:tblInd", w="0", type="dxa")
    _set(tblpr, "w:tblLayout", type="fixed")


def _cell_margins(table, left_right_twips: int, top_bottom_twips: int) -> None:
    tblpr = table._tbl.tblPr
    mar = _set(tblpr, "w:tblCellMar")
    for side in ("left", "right"):
        _set(mar, f"w:{side}", w=str(left_right_twips), type="dxa")
    for side in ("top", "bottom"):
        _set(mar, f"w:{side}", w=str(top_bottom_twips), type="dxa")


def _set_widths(table, widths_mm: Sequence[float]) -> None:
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=False):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)
    _set(table._tbl.tblPr, "w:tblW", w=str(int(Mm(sum(widths_mm)).twips)), type="dxa")


def _borders(cell: _Cell, **sides: tuple[int, str]) -> None:
    """Cell borders: ``top=(size_eighths_pt, "808080")``."""
    tcpr = cell._tc.get_or_add_tcPr()
    borders = _set(tcpr, "w:tcBorders")
    for side, (size, color) in sides.items():
        _set(borders, f"w:{side}", val="single", sz=str(size), space="0", color=color)


def _shade(cell: _Cell, fill: str) -> None:
    _set(cell._tc.get_or_add_tcPr(), "w:shd", val="clear", color="auto", fill=fill)


def _first_paragraph(cell: _Cell) -> DocxParagraph:
    return cell.paragraphs[0]


# -- document set-up ------------------------------------------------------------------------
def _setup(document, geometry: LetterGeometry, m: TextMetrics, font_name: str) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(geometry.page_width_mm)
    section.page_height = Mm(geometry.page_height_mm)
    section.left_margin = Mm(geometry.margin_left_mm)
    section.right_margin = Mm(geometry.margin_right_mm)
    section.top_margin = Mm(geometry.margin_top_mm)
    section.bottom_margin = Mm(geometry.margin_bottom_mm)
    section.header_distance = Mm(8)
    section.footer_distance = Mm(geometry.footer_from_bottom_mm - 3)

    styles = document.styles
    # Document defaults: font, French language, no theme fonts.
    rpr_default = styles.element.find(qn("w:docDefaults"))
    if rpr_default is not None:
        rpr = rpr_default.find(qn("w:rPrDefault"))
        if rpr is not None and rpr.find(qn("w:rPr")) is not None:
            inner = rpr.find(qn("w:rPr"))
            _set_fonts(inner, font_name)
            _set(inner, "w:lang", val="fr-FR", eastAsia="fr-FR", bidi="ar-SA")
    normal = styles["Normal"]
    normal.font.name = font_name
    _set_fonts(normal.element.get_or_add_rPr(), font_name)
    normal.font.size = Pt(m.font_pt)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(m.para_after_pt)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(m.leading_pt)
    fmt.widow_control = True
    bullet = styles["List Bullet"]
    bullet.font.name = font_name
    _set_fonts(bullet.element.get_or_add_rPr(), font_name)


def _core_properties(document, letter: Letter) -> None:
    props = document.core_properties
    stamp = datetime.combine(letter.date or date(2000, 1, 1), time(0, 0), tzinfo=UTC)
    title = clean_line(letter.title or letter.subject)[:250]
    props.title = title
    props.subject = title
    props.author = clean_line(letter.sender[0])[:250] if letter.sender else ""
    props.last_modified_by = props.author
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.revision = 1
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
    props.language = "fr-FR"


def _deterministic_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed timestamps (python-docx stamps the current time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED
    ) as dst:
        for info in src.infolist():
            dst.writestr(_fixed_info(info.filename), src.read(info.filename))
    return out.getvalue()


def _fixed_info(name: str) -> zipfile.ZipInfo:
    fixed = zipfile.ZipInfo(name, date_time=_FIXED_ZIP_TIME)
    fixed.compress_type = zipfile.ZIP_DEFLATED
    fixed.external_attr = 0o600 << 16
    return fixed


class _FixedTimeZip:
    """python-docx's physical package writer, with the fixed member timestamps of
    :func:`_deterministic_zip` (the same bytes, without writing the package twice)."""

    def __init__(self, stream: BinaryIO) -> None:
        self._zip = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri, blob: bytes) -> None:
        self._zip.writestr(_fixed_info(pack_uri.membername), blob)

    def close(self) -> None:
        self._zip.close()


def docx_bytes(document) -> bytes:
    """The document as DOCX bytes with fixed timestamps: what ``document.save`` followed by
    :func:`_deterministic_zip` gives, byte for byte (tests/test_documents_render.py), with
    every part compressed once instead of three times. Written with python-docx's own
    package writer (its parts, relationships and content types, in its order)."""
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    writer = _FixedTimeZip(out)
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, parts)
    writer.close()
    return out.getvalue()


def as_reloaded(document) -> None:
    """Give the document's XML what writing and reading it back gives it: an element whose
    text (or tail) is the empty string has none (``<cp:keywords></cp:keywords>`` becomes
    ``<cp:keywords/>``). A composed letter's DOCX was the letter's DOCX reopened, then
    completed: this keeps its bytes without the round trip.

    The empty texts are found by one XPath query per part (libxml2 keeps an empty text as an
    empty text node): the template's styles alone have ~9,000 elements, which a walk in
    Python took 4-5 ms to visit (the query: 0.1 ms); :func:`_as_reloaded_walk` is that walk, kept for the tests
    that compare both."""
    from lxml import etree

    # lxml's own properties: python-docx's element classes redefine ``text`` read-only.
    text, tail = etree._Element.text, etree._Element.tail
    for part in document.part.package.parts:
        element = getattr(part, "_element", None)
        if element is None:
            continue
        for found in element.xpath(_EMPTY_TEXTS):
            owner = found.getparent()
            if found.is_tail:
                tail.__set__(owner, None)
            else:
                text.__set__(owner, None)
        if tail.__get__(element) == "":  # the root's own tail is not under it
            tail.__set__(element, None)


_EMPTY_TEXTS = 'descendant::text()[.=""]'
"""Every empty text node under a part's root: an element's text or an element's tail."""


def _as_reloaded_walk(document) -> None:
    """:func:`as_reloaded` by visiting every element (the former code, for the tests)."""
    from lxml import etree

    text, tail = etree._Element.text, etree._Element.tail
    for part in document.part.package.parts:
        element = getattr(part, "_element", None)
        if element is None:
            continue
        for el in element.iter():
            if text.__get__(el) == "":
                text.__set__(el, None)
            if tail.__get__(el) == "":
                tail.__set__(el, None)


_template: Any = None


def new_document():
    """A new python-docx document from its default template: ``docx.Document()``, parsed
    once per process and copied after (the copy costs half of parsing the template's XML
    again). Each call returns an independent document."""
    global _template
    if _template is None:
        _template = Document()
    return deepcopy(_template)


# -- blocks ---------------------------------------------------------------------------------
def _runs(paragraph: DocxParagraph, runs: Sequence[Run]) -> None:
    for run in runs:
        if run.text:
            _add_text(paragraph, run.text, bold=run.bold, italic=run.italic)


def _table(document, table: Table, geometry: LetterGeometry, m: TextMetrics) -> None:
    n = len(table.header)
    body = len(table.rows)
    has_total = table.total is not None
    # Header, the first body row (the template of the others) and the total row are built
    # with python-docx; the other body rows are copies of the first one (before its text was
    # set) with their own text: the same XML, without python-docx's per-element bookkeeping,
    # which dominated long tables (150 rows in the mediator's summary sheet).
    rows = 1 + min(body, 1) + (1 if has_total else 0)
    t = document.add_table(rows=rows, cols=n)
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    widths = [w * geometry.content_width_mm for w in table.relative_widths()]
    _set_widths(t, widths)
    _cell_margins(t, int(Mm(1).twips), int(Mm(0.6).twips))
    _set(t._tbl.tblPr, "w:tblInd", w="0", type="dxa")
    size = geometry.small_font_pt
    rule = (4, "8C8C8C")
    strong = (8, "000000")

    # python-docx's ``Table.cell(i, j)`` walks the whole table on every call (quadratic in
    # the row count): take each row's cells once.
    all_cells = [row.cells for row in t.rows]

    def fill(row_index: int, values: Sequence[str], bold: bool) -> None:
        for col, value in enumerate(values):
            cell = all_cells[row_index][col]
            p = _first_paragraph(cell)
            _spacing(p, 0, 0, exact=size * 1.3)
            align = table.align[col]
            p.alignment = _ALIGN[Align.LEFT if align is Align.JUSTIFY else align]
            _add_text(p, value, bold=bold, size=size)

    fill(0, table.header, True)
    header_row = t.rows[0]._tr.get_or_add_trPr()
    _set(header_row, "w:tblHeader", val="true")
    _set(header_row, "w:cantSplit", val="true")
    for cell in all_cells[0]:
        _shade(cell, "EBEBEB")
        _borders(cell, top=rule, bottom=rule)
    if body:
        fill(1, [""] * n, False)
        for cell in all_cells[1]:
            _borders(cell, bottom=rule)
        template = t.rows[1]._tr
        blank = deepcopy(template)
        total_tr = t.rows[rows - 1]._tr if has_total else None
        for i, values in enumerate(table.rows):
            if i == 0:
                tr = template
            else:
                tr = deepcopy(blank)
                if total_tr is not None:
                    total_tr.addprevious(tr)
                else:
                    t._tbl.append(tr)
            for tc, value in zip(tr.tc_lst, values, strict=False):
                text = clean_text(value)
                if text:
                    DocxRun(tc.p_lst[0].r_lst[0], None).text = text
    if has_total:
        fill(rows - 1, table.total, True)
        for cell in all_cells[rows - 1]:
            _borders(cell, top=strong, bottom=strong)
    # A small gap after the table.
    gap = document.add_paragraph()
    _spacing(gap, 0, 0, exact=max(1.0, m.gap_pt * 0.7))


def _blocks(document, blocks: Sequence[Block], geometry: LetterGeometry, m: TextMetrics) -> None:
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            p = document.add_paragraph()
            p.alignment = _ALIGN[block.align]
            if introduces_list(blocks, index):
                p.paragraph_format.keep_with_next = True
            _runs(p, block.runs)
        elif isinstance(block, Heading):
            p = document.add_paragraph()
            _spacing(p, m.leading_pt * 0.4, m.leading_pt * 0.3)
            p.paragraph_format.keep_with_next = True
            _add_text(p, block.text, bold=True, size=m.font_pt + (0.5 if block.level <= 1 else 0))
        elif isinstance(block, BulletList):
            # The style's id, looked up once: python-docx resolves a style name by scanning
            # every style of the document, for each paragraph (0.3 s for 300 items).
            bullet_style = document.part.get_style_id("List Bullet", WD_STYLE_TYPE.PARAGRAPH)
            for index, item in enumerate(block.items):
                p = document.add_paragraph()
                p._p.style = bullet_style
                last = index == len(block.items) - 1
                _spacing(p, 0, m.para_after_pt if last else m.leading_pt * 0.2,
                         exact=m.leading_pt)
                p.paragraph_format.left_indent = Mm(6)
                p.paragraph_format.first_line_indent = Mm(-4)
                # flush left, never justified (see render_pdf: fresh-eyes 27)
                p.alignment = _ALIGN[Align.LEFT if item.align is Align.JUSTIFY else item.align]
                _runs(p, item.runs)
        elif isinstance(block, Table):
            _table(document, block, geometry, m)
        elif isinstance(block, BarChart):  # python-docx draws no chart: its data, as a table
            _blocks(document, [Heading(block.title, level=2), block.as_table()], geometry, m)
        else:  # pragma: no cover
            raise TypeError(f"Bloc inconnu : {block!r}")


# -- the letter -----------------------------------------------------------------------------
def _header_table(
    document, letter: Letter, geometry: LetterGeometry, m: TextMetrics
) -> list[str]:
    left_w = geometry.address_left_mm - geometry.margin_left_mm
    right_w = geometry.content_width_mm - left_w
    t = document.add_table(rows=1, cols=2)
    _set_widths(t, [left_w, right_w])
    _no_cell_margins(t)
    row = t.rows[0]
    row.height = Mm(geometry.first_body_top_mm - geometry.margin_top_mm - 1)
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST

    sender_cell, address_cell = t.cell(0, 0), t.cell(0, 1)
    sender = [clean_line(s) for s in letter.sender if clean_line(s)]
    small = geometry.small_font_pt + 0.5
    p = _first_paragraph(sender_cell)
    for i, line in enumerate(sender):
        if i:
            p = sender_cell.add_paragraph()
        first = i == 0
        _spacing(p, 0, 1 if first else 0, exact=m.font_pt * 1.35 if first else small * 1.3)
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
        _add_text(p, line, bold=first, size=m.font_pt if first else small)
    # Keep the sender column off the address column.
    sender_cell.width = Mm(min(left_w, geometry.sender_width_mm + 5))

    lines = [clean_line(s) for s in letter.recipient if clean_line(s)]
    warnings = [i.message for i in check_address(letter.recipient)]
    size = geometry.address_font_pt
    leading = size * 1.22
    p = _first_paragraph(address_cell)
    for i, line in enumerate(lines):
        if i:
            p = address_cell.add_paragraph()
        # The first line's box starts at address_top; Word puts the text of an exact-height
        # line at the bottom of the box, close to the PDF's baseline.
        before = (geometry.address_top_mm - geometry.margin_top_mm) * 72 / 25.4 if i == 0 else 0
        _spacing(p, before, 0, exact=leading)
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
        p.paragraph_format.right_indent = Mm(right_w - geometry.address_width_mm)
        _add_text(p, line, size=size)
    if not lines:
        _spacing(p, 0, 0)
    return warnings


def _footer(document, geometry: LetterGeometry) -> None:
    footer = document.sections[0].footer
    p = footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    size = geometry.small_font_pt
    run = _add_text(p, "page ", size=size)
    run.font.color.rgb = _GREY
    _field(p, "PAGE", "1", size)
    run = _add_text(p, "/", size=size)
    run.font.color.rgb = _GREY
    _field(p, "NUMPAGES", "2", size)


def letter_docx_bytes(
    letter: Letter,
    geometry: LetterGeometry | None = None,
    *,
    font_name: str | None = None,
    pages: int | None = None,
    compact: bool | None = None,
) -> tuple[bytes, RenderInfo]:
    """Render a letter to DOCX bytes.

    ``font_name`` defaults to :func:`documents.fonts.docx_font_name`. ``pages`` (the page
    count deciding whether "page X/Y" is printed) and ``compact`` (the tighter style) default
    to what the PDF rendering of the same letter found.
    """
    document, info = letter_document(letter, geometry, font_name=font_name, pages=pages,
                                     compact=compact)
    return docx_bytes(document), info


def letter_document(
    letter: Letter,
    geometry: LetterGeometry | None = None,
    *,
    font_name: str | None = None,
    pages: int | None = None,
    compact: bool | None = None,
):
    """The python-docx document of :func:`letter_docx_bytes`, before it is written (a caller
    may add to it: the annex of a composed letter), and its :class:`RenderInfo`."""
    geometry = geometry or DEFAULT_GEOMETRY
    font_name = font_name or fonts.docx_font_name()
    if pages is None:
        from documents.render_pdf import letter_pdf_bytes

        pdf_info = letter_pdf_bytes(letter, geometry)[1]
        pages = pdf_info.pages
        compact = pdf_info.compact if compact is None else compact
    m = text_metrics(geometry, bool(compact))
    document = new_document()
    _setup(document, geometry, m, font_name)
    body_p = document.paragraphs[0] if document.paragraphs else None
    if body_p is not None:  # the default template's empty paragraph
        body_p._p.getparent().remove(body_p._p)

    warnings = [] if letter.form else _header_table(document, letter, geometry, m)
    gap_pt = m.gap_pt

    if letter.form and clean_line(letter.subject):  # a document to sign or copy: its title
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(p, 0, gap_pt)
        _add_text(p, clean_text(letter.subject), bold=True, size=m.font_pt + 3)
    if clean_line(letter.place_and_date) and not letter.form:
        p = document.add_paragraph()
        p.paragraph_format.left_indent = Mm(geometry.date_indent_mm)
        _spacing(p, 0, gap_pt * 1.2)
        _add_text(p, clean_line(letter.place_and_date))
    if letter.registered is not None and not letter.form:
        p = document.add_paragraph()
        _spacing(p, 0, gap_pt * 0.5, exact=m.small_pt * 1.3)
        _add_text(p, letter.registered.text, bold=True, size=geometry.small_font_pt)
    if clean_line(letter.subject) and not letter.form:
        p = document.add_paragraph()
        _spacing(p, 0, 2)
        _add_text(p, "Objet : " + clean_text(letter.subject), bold=True)
    refs = [r for r in letter.references if clean_line(r.value)] if not letter.form else []
    for ref in refs:
        p = document.add_paragraph()
        _spacing(p, 0, 0, exact=geometry.small_font_pt * 1.3)
        _add_text(p, f"{clean_line(ref.label)} : {clean_text(ref.value)}",
                  size=geometry.small_font_pt)
    if not letter.form:
        gap = document.add_paragraph()
        _spacing(gap, 0, 0, exact=gap_pt * 1.3)

    if clean_line(letter.salutation):
        p = document.add_paragraph()
        _add_text(p, letter.salutation)
    _blocks(document, letter.body, geometry, m)
    if letter.body and isinstance(letter.body[-1], Paragraph) and document.paragraphs and (
            clean_line(letter.closing) or letter.signature is not None):
        # the last paragraph stays with the closing formula (review 10.6)
        document.paragraphs[-1].paragraph_format.keep_with_next = True

    ending: list[DocxParagraph] = []
    if clean_line(letter.closing):
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _add_text(p, letter.closing)
        ending.append(p)
    if letter.signature is not None:
        sig = letter.signature
        p = document.add_paragraph()
        _spacing(p, sig.space_mm * 72 / 25.4, 0)
        if clean_line(sig.cosigner):
            # two signers side by side (review2 9.1): the first at the margin, the second at
            # the date's indent, as the PDF's two columns place them
            p.paragraph_format.tab_stops.add_tab_stop(Mm(geometry.date_indent_mm))
            _add_text(p, clean_line(sig.name), bold=True)
            p.add_run().add_tab()
            _add_text(p, clean_line(sig.cosigner), bold=True)
        else:
            p.paragraph_format.left_indent = Mm(geometry.date_indent_mm)
            _add_text(p, clean_line(sig.name), bold=True)
        ending.append(p)
        if clean_line(sig.role):
            p = document.add_paragraph()
            p.paragraph_format.left_indent = Mm(geometry.date_indent_mm)
            _spacing(p, 0, 0)
            _add_text(p, sig.role)
            ending.append(p)
    for p in ending[:-1]:
        p.paragraph_format.keep_with_next = True

    small = geometry.small_font_pt
    if letter.enclosures:
        p = document.add_paragraph()
        _spacing(p, gap_pt, 0, exact=small * 1.3)
        p.paragraph_format.keep_with_next = True
        _add_text(p, "Pièces jointes :", bold=True, size=small)
        for enc in letter.enclosures:
            p = document.add_paragraph()
            p.paragraph_format.left_indent = Mm(4)
            _spacing(p, 0, 0, exact=small * 1.3)
            _add_text(p, (f"{enc.label} : {clean_text(enc.title)}" if enc.label
                                  else clean_text(enc.title)), size=small)
    if clean_line(letter.followed_by):
        p = document.add_paragraph()
        _spacing(p, gap_pt * 0.6, 0, exact=small * 1.3)
        _add_text(p, "Dossier suivi par : " + clean_text(letter.followed_by), size=small)

    if pages > 1:
        _footer(document, geometry)
    _core_properties(document, letter)
    return document, RenderInfo(pages, tuple(warnings), bool(compact))


def render_letter_docx(
    letter: Letter,
    target: Target,
    geometry: LetterGeometry | None = None,
    *,
    font_name: str | None = None,
    pages: int | None = None,
    compact: bool | None = None,
) -> RenderInfo:
    """Render ``letter`` to a DOCX file (path or binary stream)."""
    data, info = letter_docx_bytes(
        letter, geometry, font_name=font_name, pages=pages, compact=compact
    )
    if isinstance(target, (str, Path)):
        Path(target).write_bytes(data)
    else:
        target.write(data)
    return info
