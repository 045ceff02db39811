"""PDF renderer (ReportLab Platypus) for :class:`~documents.content.Letter` and
:class:`~documents.content.Report`.

Letter pages
------------
Page 1 has two frames: a small one top-left for the sender block and the main one starting
just under the envelope window. The recipient block is not a flowable: it is drawn with the
canvas at the exact window position (:func:`address_layout`), the fold marks too. Later pages
have one full-height frame. "page X/Y" is printed only when the letter has more than one page
(a deferred-page canvas knows the total at the end). A letter that would just spill onto a
second page is rendered again in a compact style (9.5 pt) and kept if it then fits on one.

Text safety
-----------
User text reaches ReportLab only through :func:`documents.text.pdf_markup` (cleaned and
XML-escaped) or through ``canvas.drawString`` (no markup at all). Bold and italic come from
``Run`` flags. ReportLab breaks lines at U+202F (narrow no-break space), so inside paragraphs
it is replaced with U+00A0, which ReportLab does not break: "1 234,56 €" never splits.

Determinism: ``invariant`` mode (default on) makes repeated runs byte-identical.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable
from reportlab.platypus.paragraph import split as _rl_split
from reportlab.platypus.paragraph import strip as _rl_strip

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
    Report,
    Run,
    Table,
    introduces_list,
)
from documents.layout import DEFAULT_GEOMETRY, LetterGeometry, check_address, text_metrics
from documents.text import NBSP, NNBSP, clean_line, clean_text, format_date_fr, pdf_markup

logger = logging.getLogger(__name__)

# Compressed streams (page contents, embedded font subsets) are written as binary, not also
# ASCII85-encoded: ReportLab's default, for 7-bit channels PDFs no longer travel through.
# Every reader and PDF/A accept binary streams (the file starts with the binary comment PDF/A
# asks for); files are 3-14 % smaller and written a little faster (docs/benchmarks.md).
# Process-wide: these renderers are the application's only PDF writer.
rl_config.useA85 = 0


def _memoise_fp_str() -> None:
    """Without ReportLab's C accelerator, every number written into a page (positions, sizes,
    colours: some 20,000 in a chronology of 300 events) is formatted by the pure-Python
    ``fp_str``, a fifth of a long report's time; the same few hundred values come back over
    and over. This puts a memo in front of it, in ReportLab's modules that bound the name:
    a number is formatted once, by ReportLab's own function (same text, same bytes; bounded;
    process-wide like ``useA85``). Nothing is changed where the accelerator is installed."""
    import sys

    from reportlab.lib import rl_accel
    from reportlab.lib.utils import isSeq

    original = rl_accel.fp_str
    if original is not getattr(rl_accel, "_py_fp_str", None):
        return  # the C version, or already memoised
    cache: dict[float, str] = {}

    def fp_str(*values) -> str:
        if len(values) == 1 and isSeq(values[0]):
            values = values[0]
        out = []
        for value in values:
            text = cache.get(value)
            if text is None:
                text = original(value)
                if len(cache) < 100_000:
                    cache[value] = text
            out.append(text)
        return " ".join(out)

    rl_accel.fp_str = fp_str
    for name, module in list(sys.modules.items()):
        if name.startswith("reportlab.") and getattr(module, "fp_str", None) is original:
            module.fp_str = fp_str


_memoise_fp_str()

Target = str | Path | BinaryIO

_ALIGN = {
    Align.LEFT: TA_LEFT,
    Align.CENTER: TA_CENTER,
    Align.RIGHT: TA_RIGHT,
    Align.JUSTIFY: TA_JUSTIFY,
}
_RULE = colors.Color(0.55, 0.55, 0.55)
_HEADER_BG = colors.Color(0.92, 0.92, 0.92)


# -- text helpers ---------------------------------------------------------------------------
def _markup(text: str) -> str:
    return pdf_markup(text).replace(NNBSP, NBSP)


def _runs_markup(runs: Sequence[Run]) -> str:
    out = []
    for run in runs:
        piece = _markup(run.text)
        if not piece:
            continue
        if run.italic:
            piece = f"<i>{piece}</i>"
        if run.bold:
            piece = f"<b>{piece}</b>"
        out.append(piece)
    return "".join(out)


class _Para(RLParagraph):
    """A ReportLab paragraph that lays out its lines once per width.

    Platypus asks a table cell for its size when the table measures its rows, again when the
    table is split at a page break and again when it is drawn; a paragraph in a frame is
    wrapped at each attempt to place it. The result only depends on the width (the text and
    the style never change), so the last layout is reused when the width is the same: about
    half of the line breaking of a long report disappears."""

    _cached_width: float | None = None

    def wrap(self, availWidth, availHeight):  # ReportLab API
        if availWidth == self._cached_width and getattr(self, "blPara", None) is not None:
            return self.width, self.height
        result = super().wrap(availWidth, availHeight)
        self._cached_width = availWidth
        return result


class _PlainCell(Flowable):
    """A table cell of plain text in one style, already broken into lines: drawn with
    ``drawString`` like a one-style ``Paragraph`` (same font, size, leading, alignment, first
    baseline and line breaks, see :func:`_wrap_plain`), without the paragraph machinery
    (markup parsing, fragments, line breaking, per-fragment drawing), which dominates the time
    of a long report. Used only when :func:`_cell_flowable` could break every line exactly as
    ReportLab would; the text is never interpreted as markup."""

    def __init__(self, lines: Sequence[str], style: ParagraphStyle,
                 height: float | None = None) -> None:
        super().__init__()
        self.lines = tuple(lines)
        self.style = style
        self.font, self.size, self.leading = style.fontName, style.fontSize, style.leading
        self.align = style.alignment
        self.height = len(self.lines) * self.leading if height is None else height

    def wrap(self, availWidth, availHeight):  # ReportLab API
        self.width = availWidth
        return self.width, self.height

    def split(self, availWidth, availHeight):  # ReportLab API
        """Where ``Paragraph.split`` would cut these lines at a page break (a table row split
        across two pages), with the style's widow and orphan rules; [] when it would not."""
        if not self.lines or availWidth < _FUZZ or availHeight < _FUZZ:
            return []
        fit = int(availHeight / float(self.leading))
        orphans = getattr(self.style, "allowOrphans", 0)
        if (not orphans and fit <= 1) or fit == 0:
            return []
        height = fit * self.leading  # not reduced below for a widow, as in ReportLab
        count = len(self.lines)
        if count <= fit:
            return [self]
        if not getattr(self.style, "allowWidows", 1) and count == fit + 1:
            if (orphans and count == 3) or count > 3:
                fit -= 1
            else:
                return []
        return [_PlainCell(self.lines[:fit], self.style, height),
                _PlainCell(self.lines[fit:], self.style)]

    def draw(self) -> None:
        if not self.lines:
            return
        canvas = self.canv
        canvas.setFont(self.font, self.size, self.leading)
        y = self.height - self.size  # Paragraph's first baseline (paraFontSizeHeightOffset)
        for line in self.lines:
            if line:
                if self.align == TA_RIGHT:
                    canvas.drawRightString(self.width, y, line)
                elif self.align == TA_CENTER:
                    canvas.drawCentredString(self.width / 2, y, line)
                else:
                    canvas.drawString(0, y, line)
            y -= self.leading


_PLAIN_MAX_LINES = 12
_FUZZ = 1e-6  # reportlab.rl_config._FUZZ
_MULTI_FRAGMENT = re.compile("[\n&<>\"']")
"""A cell of more lines is left to ``Paragraph``, which can split it at a page break."""


def _wrap_plain(text: str, font: str, size: float, width: float,
                shrink: float) -> list[str] | None:
    """The lines ReportLab's ``Paragraph`` makes of ``text`` (one style, no markup, ``\n`` as
    line breaks) in ``width`` points: the same words (``paragraph.split``/``strip``), the same
    greedy fill with the same float arithmetic and the same space shrinkage
    (``spaceShrinkage``). None when ReportLab would do more than that — a word wider than the
    line (split or hyphenated), a soft hyphen, a no-break space in a text ReportLab parses
    into several fragments (line breaks, characters escaped as entities: it then cuts words
    around U+00A0 a little differently) — or when the text has too many lines: the cell is
    then a real ``Paragraph``. tests/test_documents_render.py compares both on many
    texts."""
    if "\xad" in text or (NBSP in text and _MULTI_FRAGMENT.search(text)):
        return None
    space = _width(" ", font, size)
    tolerance = shrink * space
    out: list[str] = []
    for segment in text.split("\n"):
        words = _rl_split(_rl_strip(segment))
        if not words or words == [""]:
            out.append("")
            continue
        line: list[str] = []
        current = -space
        for word in words:
            word_width = _width(word, font, size)
            if word_width > width:
                return None
            new_width = current + space + word_width
            if new_width <= width + tolerance * len(line) or not line:
                line.append(word)
                current = new_width
            else:
                out.append(" ".join(line))
                line = [word]
                current = word_width
        out.append(" ".join(line))
        if len(out) > _PLAIN_MAX_LINES:
            return None
    if out and out[-1] == "" and len(out) > 1:
        out.pop()  # a trailing line break adds no line
    return [] if out == [""] else out


def _cell_flowable(text: str, style: ParagraphStyle, width: float) -> Flowable | list[Flowable]:
    """A table cell ``width`` points wide (the column less its padding): a
    :class:`_PlainCell` when :func:`_wrap_plain` can break it as ReportLab would, else a
    paragraph (or several for a huge text)."""
    if len(text) <= CELL_CHUNK_CHARS:
        plain = clean_text(text).replace(NNBSP, NBSP).replace("\t", " ")
        lines = _wrap_plain(plain, style.fontName, style.fontSize, width,
                            style.spaceShrinkage or 0)
        if lines is not None:
            return _PlainCell(lines, style)
    if len(text) <= CHUNK_CHARS:
        return _Para(_markup(text), style)
    return _paragraphs([Run(text)], style)


_WIDTHS: dict[tuple[str, str, float], float] = {}


def _width(text: str, font: str, size: float) -> float:
    """``stringWidth``, memoised: table cells repeat the same dates, labels and words.
    Computed at ``size`` (not scaled from size 1) so that line breaking does the very float
    arithmetic ReportLab does. Bounded: cleared when it grows large."""
    key = (text, font, size)
    width = _WIDTHS.get(key)
    if width is None:
        if len(_WIDTHS) > 50_000:
            _WIDTHS.clear()
        width = _WIDTHS[key] = stringWidth(text, font, size)
    return width


CHUNK_CHARS = 2500
"""ReportLab re-wraps a paragraph's whole remaining text at every page split, so a huge
paragraph costs quadratic time. Longer texts are cut into consecutive paragraphs of about
this many characters (at a line break or a space when there is one)."""


CELL_CHUNK_CHARS = 1200


def _split_text(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    pieces: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", limit // 2, limit)
        if cut < 0:
            cut = text.rfind(" ", limit // 2, limit)
        if cut < 0:
            cut = limit
        else:
            cut += 1
        pieces.append(text[:cut])
        text = text[cut:]
    pieces.append(text)
    return pieces


def _chunk_runs(runs: Sequence[Run], limit: int = CHUNK_CHARS) -> list[list[Run]]:
    """Group runs into chunks of at most about ``limit`` characters (never splits a short run)."""
    chunks: list[list[Run]] = [[]]
    size = 0
    for run in runs:
        for piece in _split_text(clean_text(run.text), limit):
            if size and size + len(piece) > limit:
                chunks.append([])
                size = 0
            chunks[-1].append(Run(piece, run.bold, run.italic))
            size += len(piece)
    return [c for c in chunks if c] or [[]]


def _paragraphs(runs: Sequence[Run], style: ParagraphStyle, **kwargs) -> list[Flowable]:
    """One paragraph, or several consecutive ones for a very long text (see CHUNK_CHARS)."""
    chunks = _chunk_runs(runs)
    if len(chunks) == 1:
        return [_Para(_runs_markup(chunks[0]), style, **kwargs)]
    inner = ParagraphStyle(f"{style.name}-chunk", parent=style, spaceAfter=0)
    out: list[Flowable] = []
    for i, chunk in enumerate(chunks):
        last = i == len(chunks) - 1
        out.append(_Para(_runs_markup(chunk), style if last else inner,
                               **(kwargs if i == 0 else {})))
    return out


def _cell(text: str, style: ParagraphStyle, width: float | None = None
          ) -> Flowable | list[Flowable]:
    if width is not None:
        return _cell_flowable(text, style, width)
    if len(text) <= CHUNK_CHARS:
        return _Para(_markup(text), style)
    return _paragraphs([Run(text)], style)


def _missing_glyphs(texts: Sequence[str]) -> tuple[str, ...]:
    """The characters of ``texts`` the font cannot draw, in order of appearance."""
    missing: dict[str, None] = {}
    for text in texts:
        for ch in fonts.unsupported_chars(text):
            missing.setdefault(ch, None)
    return tuple(missing)


def _unsupported_warning(missing: Sequence[str]) -> list[str]:
    """The characters themselves, not only their code points (``documents.glyphs``); the
    letters' output names the fields they were typed in (``documents.letters.output``)."""
    from documents.glyphs import glyph_warning

    return [glyph_warning(missing)] if missing else []


# -- styles ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Styles:
    """The paragraph styles of one geometry and size."""

    body: ParagraphStyle
    small: ParagraphStyle
    sender: ParagraphStyle
    sender_name: ParagraphStyle
    date: ParagraphStyle
    subject: ParagraphStyle
    form_title: ParagraphStyle
    heading1: ParagraphStyle
    heading2: ParagraphStyle
    bullet: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    title: ParagraphStyle
    gap: float  # space between sections, points


def _styles(geometry: LetterGeometry, compact: bool = False) -> _Styles:
    fonts.register_pdf_fonts()
    metrics = text_metrics(geometry, compact)
    size = metrics.font_pt
    leading = metrics.leading_pt
    small = metrics.small_pt
    base = ParagraphStyle(
        "body",
        fontName=fonts.REGULAR,
        fontSize=size,
        leading=leading,
        alignment=TA_JUSTIFY,
        bulletFontName=fonts.REGULAR,
        spaceAfter=metrics.para_after_pt,
        splitLongWords=1,
        allowWidows=0,
        allowOrphans=0,
    )
    cell = ParagraphStyle(
        "cell", parent=base, fontSize=small, leading=small * 1.25, spaceAfter=0, alignment=TA_LEFT
    )
    return _Styles(
        body=base,
        small=ParagraphStyle(
            "small", parent=base, fontSize=small, leading=small * 1.3, spaceAfter=0,
            alignment=TA_LEFT,
        ),
        sender=ParagraphStyle(
            "sender", parent=base, fontSize=small + 0.5, leading=(small + 0.5) * 1.3,
            spaceAfter=0, alignment=TA_LEFT,
        ),
        sender_name=ParagraphStyle(
            "sender_name", parent=base, fontName=fonts.BOLD, fontSize=size,
            leading=size * 1.35, spaceAfter=1, alignment=TA_LEFT,
        ),
        date=ParagraphStyle(
            "date", parent=base, alignment=TA_LEFT, leftIndent=geometry.date_indent_mm * mm,
            spaceAfter=0,
        ),
        subject=ParagraphStyle(
            "subject", parent=base, fontName=fonts.BOLD, alignment=TA_LEFT, spaceAfter=2,
            leftIndent=0,
        ),
        form_title=ParagraphStyle(
            "form_title", parent=base, fontName=fonts.BOLD, fontSize=size + 3,
            leading=(size + 3) * 1.3, alignment=TA_CENTER, spaceAfter=2,
        ),
        heading1=ParagraphStyle(
            "h1", parent=base, fontName=fonts.BOLD, fontSize=size + 0.5, leading=leading,
            alignment=TA_LEFT, spaceBefore=leading * 0.4, spaceAfter=leading * 0.3,
            keepWithNext=1,
        ),
        heading2=ParagraphStyle(
            "h2", parent=base, fontName=fonts.BOLD, alignment=TA_LEFT,
            spaceBefore=leading * 0.3, spaceAfter=leading * 0.2, keepWithNext=1,
        ),
        # an enumeration item is set flush left, never justified: its last line often ends
        # with an unbreakable date or amount, which justification would pay for with wide
        # gaps between the words (fresh-eyes 27); the DOCX does the same
        bullet=ParagraphStyle(
            "bullet", parent=base, leftIndent=6 * mm, bulletIndent=2 * mm,
            spaceAfter=leading * 0.2, alignment=TA_LEFT,
        ),
        cell=cell,
        cell_head=ParagraphStyle("cell_head", parent=cell, fontName=fonts.BOLD),
        title=ParagraphStyle(
            "title", parent=base, fontName=fonts.BOLD, fontSize=size + 4, leading=size + 8,
            alignment=TA_LEFT, spaceAfter=4,
        ),
        gap=metrics.gap_pt,
    )


# -- blocks ---------------------------------------------------------------------------------
_CELL_PAD_X = 3
_CELL_PAD_TOP = 2.2
_CELL_PAD_BOTTOM = 2.8
def _table(table: Table, width: float, st: _Styles) -> RLTable:
    cols = len(table.header)
    # One style per column and kind, not one per cell: 1,000-row reports stay fast.
    body_styles = [
        ParagraphStyle(f"cell-{c}", parent=st.cell, alignment=_cell_align(table, c))
        for c in range(cols)
    ]
    bold_styles = [
        ParagraphStyle(f"cellb-{c}", parent=st.cell_head, alignment=_cell_align(table, c))
        for c in range(cols)
    ]
    widths = [w * width for w in table.relative_widths()]
    # Room for text in each column: its width less the cell padding (LEFT/RIGHTPADDING below),
    # exactly what ReportLab gives a paragraph in that cell.
    room = [w - _CELL_PAD_X - _CELL_PAD_X for w in widths]
    data: list[list[Flowable | list[Flowable]]] = []
    continuation_rows: list[int] = []

    def add(values: Sequence[str], styles: Sequence[ParagraphStyle]) -> int:
        """Append a row; a row with a huge cell is spread over several table rows so the
        table can break between them (splitting inside one huge row is very slow in
        ReportLab, and impossible in a repeated header). Returns the number of rows added."""
        if all(len(v) <= CELL_CHUNK_CHARS for v in values):
            data.append([_cell_flowable(v, styles[c], room[c]) for c, v in enumerate(values)])
            return 1
        pieces = [_split_text(clean_text(v), CELL_CHUNK_CHARS) for v in values]
        count = max(len(p) for p in pieces)
        for k in range(count):
            if k:
                continuation_rows.append(len(data) - 1)
            data.append([
                _cell_flowable(p[k] if k < len(p) else "", styles[c], room[c])
                for c, p in enumerate(pieces)
            ])
        return count

    header_rows = add(table.header, bold_styles)
    for row in table.rows:
        add(row, body_styles)
    total_rows = add(table.total, bold_styles) if table.total is not None else 0
    last_header = header_rows - 1
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, last_header), _HEADER_BG),
        ("LINEBELOW", (0, last_header), (-1, last_header), 0.6, _RULE),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.25, _RULE),
        ("LINEABOVE", (0, 0), (-1, 0), 0.6, _RULE),
        ("TOPPADDING", (0, 0), (-1, -1), _CELL_PAD_TOP),
        ("BOTTOMPADDING", (0, 0), (-1, -1), _CELL_PAD_BOTTOM),
        ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PAD_X),
    ]
    for r in continuation_rows:
        if r >= header_rows:
            commands.append(("LINEBELOW", (0, r), (-1, r), 0.6, colors.white))
    if total_rows:
        first_total = len(data) - total_rows
        commands.append(("LINEABOVE", (0, first_total), (-1, first_total), 0.8, colors.black))
        commands.append(("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.black))
    return RLTable(
        data,
        colWidths=widths,
        repeatRows=1 if header_rows == 1 else 0,
        style=TableStyle(commands),
        splitInRow=1,
        hAlign="LEFT",
    )


def _cell_align(table: Table, col: int) -> int:
    align = _ALIGN[table.align[col]]
    return TA_LEFT if align == TA_JUSTIFY else align


def _blocks(blocks: Sequence[Block], width: float, st: _Styles) -> list[Flowable]:
    out: list[Flowable] = []
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            style = st.body
            align = _ALIGN[block.align]
            if align != style.alignment:
                style = ParagraphStyle(f"body-{align}", parent=style, alignment=align)
            if introduces_list(blocks, index):
                style = ParagraphStyle("body-lead", parent=style, keepWithNext=1)
            out += _paragraphs(block.runs, style)
        elif isinstance(block, Heading):
            style = st.heading1 if block.level <= 1 else st.heading2
            out += _paragraphs([Run(block.text)], style)
        elif isinstance(block, BulletList):
            for index, item in enumerate(block.items):
                style = st.bullet
                if item.align is not Align.JUSTIFY:
                    style = ParagraphStyle("bullet-aligned", parent=style,
                                           alignment=_ALIGN[item.align])
                if index == len(block.items) - 1:
                    style = ParagraphStyle("bullet-last", parent=style,
                                           spaceAfter=st.body.spaceAfter)
                out += _paragraphs(item.runs, style, bulletText="•")
        elif isinstance(block, Table):
            space = Spacer(1, st.gap * 0.3)
            if index and isinstance(blocks[index - 1], Heading):
                # the heading keeps with the spacer, the spacer with the table: never a
                # heading alone at a page's foot (review3 9.4)
                space.keepWithNext = 1
            out.append(space)
            out.append(_table(block, width, st))
            out.append(Spacer(1, st.gap * 0.7))
        elif isinstance(block, BarChart):
            from documents.charts import chart_drawing

            out.append(chart_drawing(block, width))
            out.append(Spacer(1, st.gap * 0.7))
        else:  # pragma: no cover - the Block union is closed
            raise TypeError(f"Bloc inconnu : {block!r}")
    return out


def _block_texts(blocks: Sequence[Block]) -> list[str]:
    texts: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            texts.append(block.text)
        elif isinstance(block, Heading):
            texts.append(block.text)
        elif isinstance(block, BulletList):
            texts += [i.text for i in block.items]
        elif isinstance(block, Table):
            texts += list(block.header)
            texts += [c for row in block.rows for c in row]
            texts += list(block.total or ())
        elif isinstance(block, BarChart):
            texts += [block.title, block.unit, *block.categories]
            texts += [name for name, _ in block.series]
    return texts


# -- page numbering canvas ------------------------------------------------------------------
FooterFn = Callable[[Canvas, int, int], None]


def _numbered_canvas(footer: FooterFn | dict[str, FooterFn], pages_out: list[int]
                     ) -> type[Canvas]:
    """A canvas class that keeps each page until the end, so the footer knows the total.

    ``footer`` may map parts of the document to their footers: each page belongs to the part
    its page template named last (``canvas.part``, set by the template's ``onPage``) and is
    numbered within it, « page 2/3 » of the letter then « page 1/2 » of its annex;
    ``pages_out`` then receives the page count of each part, in order."""
    footers = footer if isinstance(footer, dict) else {"": footer}

    class NumberedCanvas(Canvas):
        part = ""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pending: list[dict] = []

        def showPage(self):  # noqa: N802 (ReportLab API)
            self._pending.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            parts = [state.get("part", "") for state in self._pending]
            totals = {part: parts.count(part) for part in dict.fromkeys(parts)}
            pages_out.extend(totals.values() if totals else [0])
            numbers = dict.fromkeys(totals, 0)
            for part, state in zip(parts, self._pending):
                numbers[part] += 1
                self.__dict__.update(state)
                footers[part](self, numbers[part], totals[part])
                super().showPage()
            super().save()

    return NumberedCanvas


# -- the recipient block --------------------------------------------------------------------
@dataclass(frozen=True)
class AddressLine:
    """A line of the recipient block and where it is printed."""

    text: str
    x_mm: float  # from the sheet's left edge
    baseline_mm: float  # from the sheet's top edge


@dataclass(frozen=True)
class AddressLayout:
    """The recipient block as printed in the envelope window."""

    font_size: float
    leading: float
    lines: tuple[AddressLine, ...]
    warnings: tuple[str, ...]

    @property
    def bottom_mm(self) -> float:
        """Lowest point of the block (descenders included), from the top of the sheet."""
        if not self.lines:
            return 0.0
        return self.lines[-1].baseline_mm + 0.25 * self.font_size * 25.4 / 72


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap; a word wider than the line is broken between characters."""
    words = text.split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if stringWidth(candidate, font, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
        while stringWidth(word, font, size) > width:
            # Longest prefix that fits (at least one character).
            lo, hi = 1, len(word)
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if stringWidth(word[:mid], font, size) <= width:
                    lo = mid
                else:
                    hi = mid - 1
            lines.append(word[:lo])
            word = word[lo:]
        current = word
    if current or not lines:
        lines.append(current)
    return lines


def address_layout(
    lines: Sequence[str], geometry: LetterGeometry = DEFAULT_GEOMETRY
) -> AddressLayout:
    """Where each line of the recipient block is printed: the font size is the largest from
    ``address_font_pt`` down to ``address_min_font_pt`` at which every line fits the address
    width; if none does, long lines are wrapped. Nothing is ever dropped; everything that
    departs from NF Z10-011 or leaves the window is reported in ``warnings``."""
    fonts.register_pdf_fonts()
    font = fonts.REGULAR
    cleaned = [clean_line(s) for s in lines]
    cleaned = [s for s in cleaned if s]
    warnings = [i.message for i in check_address(lines)]
    width = geometry.address_width_mm * mm
    size = geometry.address_font_pt
    longest = max((stringWidth(s, font, 1) for s in cleaned), default=0.0)
    while size > geometry.address_min_font_pt and longest * size > width:
        size = max(geometry.address_min_font_pt, size - 0.5)
    out_lines: list[str] = []
    wrapped = False
    for line in cleaned:
        if longest * size > width and stringWidth(line, font, size) > width:
            pieces = _wrap(line, font, size, width)
            wrapped = wrapped or len(pieces) > 1
            out_lines += pieces
        else:
            out_lines.append(line)
    if wrapped:
        warnings.append("Une ligne de l'adresse était trop longue pour la fenêtre : elle a été "
                        "coupée sur deux lignes.")
    leading = size * 1.22
    first_baseline = geometry.address_top_mm + size * 0.95 * 25.4 / 72
    placed = tuple(
        AddressLine(text, geometry.address_left_mm, first_baseline + i * leading * 25.4 / 72)
        for i, text in enumerate(out_lines)
    )
    layout = AddressLayout(size, leading, placed, tuple(warnings))
    if placed and layout.bottom_mm > geometry.window_bottom_mm:
        warnings.append("L'adresse dépasse le bas de la fenêtre de l'enveloppe.")
        layout = AddressLayout(size, leading, placed, tuple(warnings))
    return layout


# -- letter ---------------------------------------------------------------------------------
def _draw_fold_marks(canvas: Canvas, geometry: LetterGeometry, page_h: float) -> None:
    if not geometry.fold_marks:
        return
    canvas.saveState()
    canvas.setStrokeColor(_RULE)
    canvas.setLineWidth(0.4)
    for y_mm in geometry.fold_positions_mm:
        y = page_h - y_mm * mm
        canvas.line(4 * mm, y, 9 * mm, y)
    canvas.restoreState()


def _letter_story(letter: Letter, geometry: LetterGeometry, st: _Styles) -> list[Flowable]:
    width = geometry.content_width_mm * mm
    story: list[Flowable] = [NextPageTemplate("later")]
    if letter.form:  # a document to sign or copy: its title, then its body
        if clean_line(letter.subject):
            story += _paragraphs([Run(clean_text(letter.subject))], st.form_title)
            story.append(Spacer(1, st.gap))
        return story + _letter_ending(letter, geometry, st, width)

    # Sender block (its own frame, top-left).
    sender = [clean_text(s) for s in letter.sender if clean_line(s)]
    for i, line in enumerate(sender):
        story += _paragraphs([Run(line)], st.sender_name if i == 0 else st.sender)
    story.append(FrameBreak())

    # Place and date, aligned with the address block.
    if clean_line(letter.place_and_date):
        story += _paragraphs([Run(clean_line(letter.place_and_date))], st.date)
        story.append(Spacer(1, st.gap * 1.2))

    if letter.registered is not None:
        story += _paragraphs([Run(letter.registered.text, bold=True)], st.small)
        story.append(Spacer(1, st.gap * 0.5))
    if clean_line(letter.subject):
        story += _paragraphs([Run("Objet : " + clean_text(letter.subject))], st.subject)
    refs = [r for r in letter.references if clean_line(r.value)]
    for ref in refs:
        story += _paragraphs([Run(f"{clean_line(ref.label)} : {clean_text(ref.value)}")], st.small)
    story.append(Spacer(1, st.gap * 1.3))

    if clean_line(letter.salutation):
        story += _paragraphs([Run(letter.salutation)], st.body)
    return story + _letter_ending(letter, geometry, st, width)


def _letter_ending(letter: Letter, geometry: LetterGeometry, st: _Styles, width: float
                   ) -> list[Flowable]:
    """The body, the closing and signature, the enclosures, « Dossier suivi par »."""
    story: list[Flowable] = []
    body = list(letter.body)
    # The last paragraph stays with the closing formula: a page 2 never holds only the
    # formula and the signature (review 10.6).
    last = body.pop() if body and isinstance(body[-1], Paragraph) and (
        clean_line(letter.closing) or letter.signature is not None) else None
    story += _blocks(tuple(body), width, st)

    # Closing and signature stay together (a signature is never alone on a page).
    ending: list[Flowable] = _blocks((last,), width, st) if last is not None else []
    if clean_line(letter.closing):
        ending += _paragraphs([Run(letter.closing)], st.body)
    if letter.signature is not None:
        sig_style = ParagraphStyle(
            "sig", parent=st.body, alignment=TA_LEFT, leftIndent=geometry.date_indent_mm * mm,
            spaceAfter=0,
        )
        ending.append(Spacer(1, letter.signature.space_mm * mm))
        if clean_line(letter.signature.cosigner):
            ending.append(_cosigned(letter.signature, geometry, st, width))
        else:
            ending += _paragraphs([Run(clean_line(letter.signature.name), bold=True)],
                                  sig_style)
        if clean_line(letter.signature.role):
            ending += _paragraphs([Run(letter.signature.role)], sig_style)
    if ending:
        story.append(KeepTogether(ending))

    if letter.enclosures:
        story.append(Spacer(1, st.gap))
        items: list[Flowable] = [RLParagraph("<b>Pièces jointes :</b>", st.small)]
        enc_style = ParagraphStyle("enc", parent=st.small, leftIndent=4 * mm)
        for enc in letter.enclosures:
            items += _paragraphs([Run((f"{enc.label} : {clean_text(enc.title)}" if enc.label
                                  else clean_text(enc.title)))], enc_style)
        story.append(KeepTogether(items[:3]))
        story += items[3:]
    if clean_line(letter.followed_by):
        story.append(Spacer(1, st.gap * 0.6))
        followed = "Dossier suivi par : " + clean_text(letter.followed_by)
        story += _paragraphs([Run(followed)], st.small)
    return story


def _cosigned(sig, geometry: LetterGeometry, st: _Styles, width: float) -> RLTable:
    """Two signers side by side (review2 9.1): the first at the left margin, the second where
    a single signature goes (the date's indent), as the DOCX's tab stop places them."""
    indent = geometry.date_indent_mm * mm
    name = ParagraphStyle("cosig", parent=st.body, alignment=TA_LEFT, spaceAfter=0)
    cells = [_paragraphs([Run(clean_line(n), bold=True)], name)
             for n in (sig.name, sig.cosigner)]
    return RLTable([cells], colWidths=[indent, width - indent], hAlign="LEFT",
                   style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                     ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                     ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                     ("TOPPADDING", (0, 0), (-1, -1), 0),
                                     ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))


@dataclass(frozen=True)
class _Part:
    """One part of a PDF: its name (``canvas.part`` on its pages), its page templates (the
    first is where it starts), its story, the footer of its pages, its first page's size and
    the document margins it was laid out with (left, right, top, bottom)."""

    name: str
    templates: list[PageTemplate]
    story: list[Flowable]
    footer: FooterFn
    pagesize: tuple[float, float]
    margins: tuple[float, float, float, float]


def _letter_part(letter: Letter, geometry: LetterGeometry, compact: bool, prefix: str = ""
                 ) -> tuple[_Part, AddressLayout]:
    st = _styles(geometry, compact)
    page_w, page_h = geometry.page_width_mm * mm, geometry.page_height_mm * mm
    left = geometry.margin_left_mm * mm
    width = geometry.content_width_mm * mm
    bottom = geometry.margin_bottom_mm * mm
    top = geometry.margin_top_mm * mm
    body_top = geometry.first_body_top_mm * mm
    address = address_layout(letter.recipient, geometry)

    sender_frame = Frame(
        left, page_h - body_top + 2 * mm, geometry.sender_width_mm * mm,
        body_top - top - 2 * mm, leftPadding=0, rightPadding=0, topPadding=0,
        bottomPadding=0, id="sender",
    )
    first_frame = Frame(
        left, bottom, width, page_h - body_top - bottom, leftPadding=0, rightPadding=0,
        topPadding=0, bottomPadding=0, id="first",
    )
    later_frame = Frame(
        left, bottom, width, page_h - top - bottom, leftPadding=0, rightPadding=0,
        topPadding=0, bottomPadding=0, id="later",
    )

    def on_first(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.part = prefix
        if letter.form:  # no envelope window, no fold marks
            return
        canvas.saveState()
        canvas.setFont(fonts.REGULAR, address.font_size)
        for line in address.lines:
            canvas.drawString(line.x_mm * mm, page_h - line.baseline_mm * mm, line.text)
        canvas.restoreState()
        _draw_fold_marks(canvas, geometry, page_h)

    def on_later(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.part = prefix

    def footer(canvas: Canvas, number: int, total: int) -> None:
        if total <= 1:
            return
        canvas.saveState()
        canvas.setFont(fonts.REGULAR, geometry.small_font_pt)
        canvas.setFillColor(colors.Color(0.3, 0.3, 0.3))
        canvas.drawRightString(
            page_w - geometry.margin_right_mm * mm,
            geometry.footer_from_bottom_mm * mm,
            f"page {number}/{total}",
        )
        canvas.restoreState()

    story = _letter_story(letter, geometry, st)
    if prefix:  # names unique in a document of several parts
        story[0] = NextPageTemplate(prefix + "later")
    templates = [
        PageTemplate(prefix + "first",
                     [later_frame] if letter.form else [sender_frame, first_frame],
                     onPage=on_first, pagesize=(page_w, page_h)),
        PageTemplate(prefix + "later", [later_frame], onPage=on_later,
                     pagesize=(page_w, page_h)),
    ]
    margins = (left, geometry.margin_right_mm * mm, top, bottom)
    return _Part(prefix, templates, story, footer, (page_w, page_h), margins), address


def _build(parts: Sequence[_Part], *, title: str, author: str, invariant: bool,
           subject: str | None = None, producer: str | None = None
           ) -> tuple[bytes, list[int]]:
    """One PDF of ``parts``, each starting on a new page with its own templates and page
    numbers: the bytes, and the page count of each part."""
    first = parts[0]
    story: list[Flowable] = list(first.story)
    for part in parts[1:]:
        story += [NextPageTemplate(part.templates[0].id), PageBreak()] + part.story
    buf = io.BytesIO()
    left, right, top, bottom = first.margins
    doc = BaseDocTemplate(
        buf,
        pagesize=first.pagesize,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title=title,
        author=author,
        creator="Recours Télécom",
        invariant=1 if invariant else 0,
        initialFontName=fonts.REGULAR,
        pageTemplates=[t for part in parts for t in part.templates],
        **({"subject": subject} if subject is not None else {}),
        **({"producer": producer} if producer else {}),
    )
    pages: list[int] = []
    footers = {part.name: part.footer for part in parts}
    doc.build(story, canvasmaker=_numbered_canvas(footers, pages))
    return buf.getvalue(), pages


def _build_letter(
    letter: Letter, geometry: LetterGeometry, compact: bool, invariant: bool
) -> tuple[bytes, int, AddressLayout]:
    part, address = _letter_part(letter, geometry, compact)
    title = clean_line(letter.title or letter.subject)[:200]
    author = clean_line(letter.sender[0])[:200] if letter.sender else ""
    data, pages = _build([part], title=title, author=author, subject=title,
                         invariant=invariant)
    return data, (pages[-1] if pages else 0), address


def letter_pdf_bytes(
    letter: Letter, geometry: LetterGeometry | None = None, *, invariant: bool = True
) -> tuple[bytes, RenderInfo]:
    """Render a letter to PDF bytes. Tries the normal style, then a compact one if that
    brings a two-page letter back to one page."""
    geometry = geometry or DEFAULT_GEOMETRY
    data, pages, address = _build_letter(letter, geometry, False, invariant)
    used_compact = False
    if pages == 2:
        compact, compact_pages, _ = _build_letter(letter, geometry, True, invariant)
        if compact_pages == 1:
            data, pages, used_compact = compact, 1, True
    warnings, missing = _letter_warnings(letter, address)
    return data, RenderInfo(pages, warnings, used_compact, missing)


def _letter_warnings(letter: Letter, address: AddressLayout
                     ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The letter's warnings, and the characters the font cannot draw."""
    texts = list(letter.sender) + list(letter.recipient) + [letter.subject, letter.closing]
    texts += _block_texts(letter.body) + [e.title for e in letter.enclosures]
    texts += [r.value for r in letter.references]
    missing = _missing_glyphs([clean_text(t) for t in texts])
    warnings = ([] if letter.form else list(address.warnings)) + _unsupported_warning(missing)
    for w in warnings:
        logger.info("letter PDF: %s", w)
    return tuple(warnings), missing


def letter_with_annex_pdf_bytes(
    letter: Letter, annex: Report, geometry: LetterGeometry | None = None, *,
    invariant: bool = True, producer: str = "Recours Télécom",
) -> tuple[bytes, RenderInfo, RenderInfo]:
    """A letter, then its annex (a report starting on a new page), in one PDF: the pages of
    ``letter_pdf_bytes(letter)`` then those of ``report_pdf_bytes(annex)``, each part
    numbered on its own (« page 1/3 » of the letter, « page 1/2 » of the annex), the fonts
    embedded once. Returns the bytes, the letter's :class:`RenderInfo` (its own page count
    and compact choice, as ``letter_pdf_bytes`` gives them) and the annex's.

    Laid out once in one ReportLab document: concatenating the two PDFs (pypdf) cost its
    import and a parse and rewrite of both files (docs/benchmarks.md)."""
    geometry = geometry or DEFAULT_GEOMETRY
    title = clean_line(letter.title or letter.subject)[:200]
    author = clean_line(letter.sender[0])[:200] if letter.sender else ""

    def build(compact: bool) -> tuple[bytes, list[int], AddressLayout]:
        part, address = _letter_part(letter, geometry, compact, prefix="letter-")
        data, pages = _build([part, _report_part(annex, geometry, prefix="annex-")],
                             title=title, author=author, subject=title, invariant=invariant,
                             producer=producer)
        return data, pages, address

    data, pages, address = build(False)
    used_compact = False
    if pages[0] == 2 and _build_letter(letter, geometry, True, invariant)[1] == 1:
        data, pages, _ = build(True)
        used_compact = True
    warnings, missing = _letter_warnings(letter, address)
    letter_info = RenderInfo(pages[0], warnings, used_compact, missing)
    return data, letter_info, _report_info(annex, pages[1])


def _write(data: bytes, target: Target) -> None:
    if isinstance(target, (str, Path)):
        Path(target).write_bytes(data)
    else:
        target.write(data)


def render_letter_pdf(
    letter: Letter, target: Target, geometry: LetterGeometry | None = None, *,
    invariant: bool = True,
) -> RenderInfo:
    """Render ``letter`` to a PDF file (path or binary stream)."""
    data, info = letter_pdf_bytes(letter, geometry, invariant=invariant)
    _write(data, target)
    return info


# -- report ---------------------------------------------------------------------------------
def _report_part(report: Report, geometry: LetterGeometry, prefix: str = "") -> _Part:
    st = _styles(geometry)
    page_w, page_h = landscape(A4) if report.landscape else A4
    left, right = 15 * mm, 15 * mm
    top, bottom = 15 * mm, 18 * mm
    width = page_w - left - right
    generated = f"Document généré le {format_date_fr(report.generated_on)}"
    title = clean_line(report.title)

    def footer(canvas: Canvas, number: int, total: int) -> None:
        canvas.saveState()
        canvas.setFont(fonts.REGULAR, geometry.small_font_pt)
        canvas.setFillColor(colors.Color(0.3, 0.3, 0.3))
        y = 9 * mm
        canvas.setStrokeColor(_RULE)
        canvas.setLineWidth(0.4)
        canvas.line(left, y + 4 * mm, page_w - right, y + 4 * mm)
        canvas.drawString(left, y, generated)
        short = title if stringWidth(title, fonts.REGULAR, geometry.small_font_pt) < width / 2.5 \
            else ""
        if short:
            canvas.drawCentredString(page_w / 2, y, short)
        canvas.drawRightString(page_w - right, y, f"page {number}/{total}")
        canvas.restoreState()

    def on_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.part = prefix

    frame = Frame(left, bottom, width, page_h - top - bottom, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    story: list[Flowable] = _paragraphs([Run(title)], st.title)
    if clean_line(report.subtitle):
        story += _paragraphs([Run(report.subtitle)], st.body)
    if report.header:
        # Column room: width less LEFTPADDING (2) and RIGHTPADDING (ReportLab's default 6).
        rows = [
            [_cell(clean_line(r.label), st.cell_head, width * 0.28 - 2 - 6),
             _cell(r.value, st.cell, width * 0.72 - 2 - 6)]
            for r in report.header
        ]
        story.append(Spacer(1, 2 * mm))
        story.append(
            RLTable(rows, colWidths=[width * 0.28, width * 0.72], hAlign="LEFT", splitInRow=1,
                    style=TableStyle([
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LINEBELOW", (0, 0), (-1, -1), 0.25, _RULE),
                        ("LEFTPADDING", (0, 0), (-1, -1), 2),
                        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ]))
        )
        story.append(Spacer(1, 4 * mm))
    story += _blocks(report.blocks, width, st)
    if report.table is not None:
        story.append(_table(report.table, width, st))
    template = PageTemplate(prefix + "all", [frame], onPage=on_page, pagesize=(page_w, page_h))
    return _Part(prefix, [template], story, footer, (page_w, page_h), (left, right, top, bottom))


def _report_info(report: Report, pages: int) -> RenderInfo:
    """The report's :class:`RenderInfo`: its pages, the characters the font cannot draw."""
    texts = [report.title, report.subtitle] + [r.value for r in report.header]
    texts += _block_texts(report.blocks)
    if report.table is not None:
        texts += _block_texts([report.table])
    missing = _missing_glyphs([clean_text(t) for t in texts])
    return RenderInfo(pages, tuple(_unsupported_warning(missing)), missing_glyphs=missing)


def report_pdf_bytes(
    report: Report, geometry: LetterGeometry | None = None, *, invariant: bool = True
) -> tuple[bytes, RenderInfo]:
    """Render a report: title, header fields, blocks, then the main table whose header row
    repeats on every page; "page X/Y" and the generation date on every page."""
    geometry = geometry or DEFAULT_GEOMETRY
    part = _report_part(report, geometry)
    data, pages = _build([part], title=clean_line(report.title)[:200],
                         author=clean_line(report.author)[:200], invariant=invariant)
    return data, _report_info(report, pages[-1] if pages else 0)


def render_report_pdf(
    report: Report, target: Target, geometry: LetterGeometry | None = None, *,
    invariant: bool = True,
) -> RenderInfo:
    """Render ``report`` to a PDF file (path or binary stream)."""
    data, info = report_pdf_bytes(report, geometry, invariant=invariant)
    _write(data, target)
    return info
