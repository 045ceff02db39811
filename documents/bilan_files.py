"""The Bilan as files: PDF (with charts), XLSX (one sheet per table, one row per case), CSV.

Each function returns the file's bytes; ``documents.outputs.write_atomic`` (or the GUI's
``write_file_atomic``) writes them. Spreadsheet cells never hold a formula: a value typed by
a user that starts with ``=``, ``+``, ``-``, ``@`` (a name, a structure) is written as text,
with a leading apostrophe in the CSV (the usual defence against formula injection), and
characters XML forbids are removed (``clean_text``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from dispute.bilan import Bilan
from documents.bilan_report import NamedTable, bilan_report, bilan_tables, case_table
from documents.text import clean_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
RATE_HEADERS = ("Taux de succès", "Part obtenue")
CSV_DELIMITER = ";"  # French spreadsheets split on « ; » (the comma is the decimal mark)


def bilan_pdf_bytes(bilan: Bilan, *, author: str = "") -> bytes:
    from documents.render_pdf import report_pdf_bytes

    data, _ = report_pdf_bytes(bilan_report(bilan, author=author))
    return data


def _sheet_title(name: str, used: set[str]) -> str:
    title = "".join(c for c in name if c not in "[]:*?/\\")[:31] or "Feuille"
    base, n = title, 2
    while title.casefold() in used:
        title = f"{base[:28]} {n}"
        n += 1
    used.add(title.casefold())
    return title


def _xlsx_cell(sheet, value: Any, header: str, rate: bool = False):
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=None)
        cell.value = clean_text(value)[:32767]  # Excel's limit for one cell
        cell.data_type = "s"  # text, even when it starts with « = »
        return cell
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, Decimal):
        cell.number_format = "#,##0.00"
    elif isinstance(value, float) and (rate or header in RATE_HEADERS):
        cell.number_format = "0.0%"
    elif isinstance(value, date):
        cell.number_format = "DD/MM/YYYY"
    return cell


def bilan_xlsx_bytes(bilan: Bilan) -> bytes:
    """One sheet per table (« Synthèse » first, « Dossiers » last: one row per case)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    used: set[str] = set()
    bold = Font(bold=True)
    for table in bilan_tables(bilan):
        sheet = workbook.create_sheet(_sheet_title(table.name, used))
        widths = [max(10, min(60, len(h) + 2)) for h in table.header]
        for row in table.rows[:200]:  # enough rows to size the columns, cheap for 10,000
            for i, value in enumerate(row):
                widths[i] = max(widths[i], min(60, len(csv_text(value)) + 2))
        for i, width in enumerate(widths):
            sheet.column_dimensions[_column_letter(i)].width = width
        sheet.freeze_panes = "A2"
        # Printed (or converted to PDF) one page wide, as many pages tall as needed.
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        if sum(widths) > 90:
            sheet.page_setup.orientation = "landscape"
        header = []
        for text in table.header:
            cell = WriteOnlyCell(sheet, value=clean_text(text))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            rate = str(row[0]).startswith("Taux de succès")  # the Synthèse's rate row
            sheet.append([_xlsx_cell(sheet, v, table.header[i], rate)
                          for i, v in enumerate(row)])
        if table.note:
            sheet.append([])
            sheet.append([_xlsx_cell(sheet, table.note, "")])
    buffer = io.BytesIO()
    workbook.properties.creator = "Recours Télécom"
    workbook.properties.title = "Bilan d'activité"
    workbook.save(buffer)
    return buffer.getvalue()


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def csv_text(value: Any) -> str:
    """A value as a French spreadsheet reads it: « 12,50 », « 31/01/2026 », text protected."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".").replace(".", ",")
    if isinstance(value, date):
        return value.isoformat()
    text = clean_text(value).replace("\n", " ")
    return "'" + text if text.startswith(FORMULA_START) else text


def table_csv_bytes(table: NamedTable) -> bytes:
    return rows_csv_bytes(table.header, table.rows)


def rows_csv_bytes(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> bytes:
    """UTF-8 with a byte-order mark (so a spreadsheet reads the accents), « ; » between
    fields, CRLF line ends (RFC 4180)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow([csv_text(h) for h in header])
    for row in rows:
        writer.writerow([csv_text(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def bilan_csv_bytes(bilan: Bilan) -> bytes:
    """The CSV of the Bilan: one row per case (the XLSX « Dossiers » sheet)."""
    return table_csv_bytes(case_table(bilan))
