"""The exhibit index (bordereau de pièces), as a :class:`~documents.content.Report` → PDF / DOCX.

One row per exhibit, in number order: "Pièce n° N", title, date, original file name and the
name of the file in the dossier zip, page count (PDF exhibits, ``documents.exhibits
.page_count``), size ("1,2 Mo") and the full SHA-256 recorded when the exhibit was added (the
zip build checks every file against it). Numbers are ``Exhibit.number``: the same in the letters
("Pièce n° 3"), the chronology ("P3") and the zip ("04_Pieces/P03_…").

``exhibit_index_rows`` reads the files (page counts); everything else is pure.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from dispute.model import Case
from documents.content import (
    Align,
    BulletList,
    Heading,
    Paragraph,
    RenderInfo,
    Report,
    Run,
    Table,
    references_from_pairs,
)
from documents.exhibits import page_count, sha256_file
from documents.operator_names import register_name
from documents.mediator_checklist import missing_exhibits
from documents.text import NBSP, clean_line, clean_text, format_date_fr

logger = logging.getLogger(__name__)

TITLE = "Bordereau des pièces"
HEADER = ("Pièce", "Titre", "Date", "Fichier d'origine / dans le dossier", "Pages", "Taille",
          "Empreinte SHA-256")
WIDTHS = (8, 24.5, 8.5, 27, 5.5, 8, 30)
_UNITS = ("octets", "Ko", "Mo", "Go", "To")


def human_size(size: int) -> str:
    """French size with decimal units, one decimal: ``"1,2 Mo"``, ``"850 octets"``,
    ``"12 Ko"``. (Decimal units, as Windows Explorer's "Mo" is ambiguous anyway and the exact
    size in bytes is in the dossier's manifest.)"""
    if size < 1000:
        return f"{size}{NBSP}octet{'s' if size > 1 else ''}"
    value = Decimal(size)
    unit = 0
    while value >= 1000 and unit < len(_UNITS) - 1:
        value /= 1000
        unit += 1
    if value >= 100:
        text = str(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    else:
        text = str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)).replace(".", ",")
        text = text.removesuffix(",0")
    return f"{text}{NBSP}{_UNITS[unit]}"


def wrap_hash(digest: str, width: int = 32) -> str:
    """The hex digest cut into lines of ``width`` characters (the full value, nothing lost)."""
    return "\n".join(digest[i:i + width] for i in range(0, len(digest), width))


@dataclass(frozen=True)
class IndexRow:
    """One exhibit as the index lists it."""

    number: int
    title: str
    date: date | None
    original_name: str
    dossier_name: str  # the member name in the zip ("04_Pieces/P03_Facture.pdf"), or ""
    pages: int | None
    size: int
    sha256: str

    @property
    def label(self) -> str:
        return f"Pièce n°{NBSP}{self.number}"


def exhibit_index_rows(case: Case, exhibit_paths: Mapping[str, Path] | None = None,
                       dossier_names: Mapping[str, str] | None = None) -> list[IndexRow]:
    """The rows, in number order. ``exhibit_paths`` (exhibit id → file) gives page counts
    and, for an exhibit recorded without a hash, its SHA-256; ``dossier_names`` (exhibit id →
    member name in the zip) the name in the dossier. Missing files are not an error here (the
    dossier build reports them): their page count is simply unknown."""
    paths = exhibit_paths or {}
    names = dossier_names or {}
    rows = []
    for exhibit in sorted(case.exhibits, key=lambda x: x.number):
        path = paths.get(exhibit.id)
        pages = page_count(path) if path is not None and Path(path).is_file() else None
        size, digest = exhibit.size, exhibit.sha256
        if path is not None and Path(path).is_file() and (not digest or not size):
            size = size or Path(path).stat().st_size
            digest = digest or sha256_file(path)
        rows.append(IndexRow(exhibit.number, exhibit.title, exhibit.date,
                             exhibit.original_name, names.get(exhibit.id, ""), pages, size,
                             (digest or "").lower()))
    return rows


def _row_cells(row: IndexRow) -> tuple[str, ...]:
    names = clean_line(row.original_name) or "—"
    if row.dossier_name:
        names += f"\n→ {row.dossier_name}"
    return (
        row.label,
        row.title.strip() or "(sans titre)",
        row.date.strftime("%d/%m/%Y") if row.date else "",
        names,
        str(row.pages) if row.pages is not None else "—",
        human_size(row.size),
        wrap_hash(row.sha256) if row.sha256 else "non enregistrée",
    )


def exhibit_index_report(case: Case, rows: list[IndexRow], *, generated_on: date,
                         author: str = "") -> Report:
    """The bordereau as a report (landscape A4)."""
    subscriber = clean_line(case.subscriber.name) or "abonné"
    operator = register_name(case) or "opérateur"
    total = sum(r.size for r in rows)
    pages = sum(r.pages or 0 for r in rows)
    table = Table(HEADER, tuple(_row_cells(r) for r in rows), widths=WIDTHS,
                  align=(Align.LEFT,) * 4 + (Align.RIGHT, Align.RIGHT, Align.LEFT),
                  total=(f"{len(rows)} pièce{'s' if len(rows) > 1 else ''}", "", "", "",
                         str(pages) if pages else "", human_size(total), ""))
    note = Paragraph.of(
        Run("Chaque pièce est jointe au dossier sous le nom indiqué après la flèche (dossier "
            "04_Pieces). L'empreinte SHA-256 est celle enregistrée lors de l'ajout de la pièce ; "
            "le fichier du dossier a été vérifié contre elle lors de sa création (voir aussi "
            "MANIFESTE.txt). Pages : fichiers PDF seulement.", italic=True),
        align=Align.LEFT)
    # the bordereau lists the exhibits communicated, nothing else: what the dossier refers to
    # and no exhibit holds is for the user (``missing_warning``, review3 9.3)
    blocks: tuple = (note, table) if rows else (Paragraph.of("Aucune pièce."),)
    head = references_from_pairs([
        ("Abonné", subscriber),
        ("Opérateur", operator),
        ("Contrat", clean_line(case.contract.contract_number)),
    ])
    return Report(
        title=TITLE,
        subtitle=f"{subscriber} c/ {operator}",
        generated_on=generated_on,
        header=head,
        blocks=blocks,
        landscape=True,
        author=author,
    )


def missing_warning(case: Case) -> str:
    """For the user before export, never in the bordereau the third party receives: « Pièces
    attendues, absentes du dossier : Facture n° … ; Contrat ou récapitulatif contractuel. » (""
    when none)."""
    missing = missing_exhibits(case)
    if not missing:
        return ""
    return ("Pièces attendues, absentes du dossier (le dossier y fait référence, aucune pièce ne "
            "semble les contenir ; le bordereau ne les mentionne pas) : " + " ; ".join(missing)
            + ".")


def exhibit_index_pdf_bytes(report: Report) -> tuple[bytes, RenderInfo]:
    from documents.render_pdf import report_pdf_bytes

    return report_pdf_bytes(report)


def exhibit_index_docx_bytes(report: Report) -> bytes:
    """An editable Word version of the bordereau (landscape A4, same table; Word numbers the
    pages itself with "page X/Y" fields)."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    from documents import render_docx as rd
    from documents.fonts import docx_font_name
    from documents.layout import DEFAULT_GEOMETRY, text_metrics

    geometry = DEFAULT_GEOMETRY
    m = text_metrics(geometry)
    document = rd.new_document()
    rd._setup(document, geometry, m, docx_font_name())
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    for p in list(document.paragraphs):
        p._p.getparent().remove(p._p)
    p = document.add_paragraph()
    rd._add_text(p, report.title, bold=True, size=m.font_pt + 4)
    if clean_line(report.subtitle):
        rd._add_text(document.add_paragraph(), report.subtitle)
    for ref in report.header:
        p = document.add_paragraph()
        rd._spacing(p, 0, 0)
        rd._add_text(p, f"{clean_line(ref.label)} : ", bold=True)
        rd._add_text(p, ref.value)
    p = document.add_paragraph()
    rd._add_text(p, f"Document généré le {format_date_fr(report.generated_on)}",
                 size=geometry.small_font_pt)
    for block in report.blocks:
        if isinstance(block, Table):
            _docx_table(document, block, 297 - 30, geometry.small_font_pt)
        else:
            rd._blocks(document, (block,), geometry, m)
    footer = section.footer.paragraphs[0]
    rd._add_text(footer, "page ", size=geometry.small_font_pt)
    rd._field(footer, "PAGE", "1", geometry.small_font_pt)
    rd._add_text(footer, "/", size=geometry.small_font_pt)
    rd._field(footer, "NUMPAGES", "1", geometry.small_font_pt)
    props = document.core_properties
    from datetime import UTC, datetime, time

    stamp = datetime.combine(report.generated_on, time(0, 0), tzinfo=UTC)
    props.title = clean_line(report.title)
    props.author = clean_line(report.author)[:250]
    props.created = props.modified = props.last_printed = stamp
    props.revision = 1
    props.language = "fr-FR"
    return rd.docx_bytes(document)


def _docx_table(document, table: Table, width_mm: float, size: float) -> None:
    """The index table in Word: header row repeated on every page, one row per exhibit.

    Cells are reached row by row (``row.cells``): ``render_docx._table`` uses
    ``table.cell(i, j)``, which python-docx computes by walking the whole table, so a
    150-row table took 40 s there (see docs/dossier.md)."""
    from copy import deepcopy

    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm

    from documents import render_docx as rd

    aligns = {Align.LEFT: WD_ALIGN_PARAGRAPH.LEFT, Align.CENTER: WD_ALIGN_PARAGRAPH.CENTER,
              Align.RIGHT: WD_ALIGN_PARAGRAPH.RIGHT, Align.JUSTIFY: WD_ALIGN_PARAGRAPH.LEFT}
    n = len(table.header)
    t = document.add_table(rows=0, cols=n)
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    widths = [w * width_mm for w in table.relative_widths()]
    rd._cell_margins(t, int(Mm(1).twips), int(Mm(0.6).twips))
    rd._set(t._tbl.tblPr, "w:tblInd", w="0", type="dxa")
    rule, strong = (4, "8C8C8C"), (8, "000000")

    def add(values, bold: bool, borders: dict):
        row = t.add_row()
        for col, (cell, value) in enumerate(zip(row.cells, values)):
            cell.width = Mm(widths[col])
            p = cell.paragraphs[0]
            rd._spacing(p, 0, 0, exact=size * 1.3)
            p.alignment = aligns[table.align[col]]
            rd._add_text(p, value, bold=bold, size=size)
            rd._borders(cell, **borders)
        return row

    header = add(table.header, True, {"top": rule, "bottom": rule})
    tr_pr = header._tr.get_or_add_trPr()
    rd._set(tr_pr, "w:tblHeader", val="true")
    rd._set(tr_pr, "w:cantSplit", val="true")
    for cell in header.cells:
        rd._shade(cell, "EBEBEB")
    # Body rows: the first is built cell by cell with python-docx, without its text, and kept
    # as a template; every row is a copy of it with its text set (same XML, a fraction of the
    # time: python-docx's element insertion dominated the 150-row index).
    template = None
    for values in table.rows:
        if template is None:
            row = add([""] * n, False, {"bottom": rule})
            template = deepcopy(row._tr)
            tr = row._tr
        else:
            tr = deepcopy(template)
            t._tbl.append(tr)
        for tc, value in zip(tr.tc_lst, values):
            text = clean_text(value)
            if text:  # the template's run is empty: what ``Run(r).text = text`` gives
                rd._fill_run(tc.p_lst[0].r_lst[0], text)
    if table.total is not None:
        add(table.total, True, {"top": strong, "bottom": strong})
    grid = t._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(Mm(w).twips)))
    t.autofit = False
    rd._set(t._tbl.tblPr, "w:tblW", w=str(int(Mm(sum(widths)).twips)), type="dxa")
