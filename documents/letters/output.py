"""A composed letter as one file: the letter, then its annex (the mediator's summary sheet).

- PDF: the letter and the annex laid out in one document
  (``render_pdf.letter_with_annex_pdf_bytes``: the pages of ``letter_pdf_bytes`` then those of
  ``report_pdf_bytes``, each part numbered on its own);
- DOCX: the letter (``render_docx.letter_docx_bytes``), then a page break and the annex
  written into the same document (title, the question/answer table, the exhibit table).

The renderers' warnings are returned in :class:`~documents.content.RenderInfo`; for a letter
that is not posted (the CPME request, sent by email) the postal-norm warnings about the
recipient block are dropped: that block is not an envelope address.
"""

from __future__ import annotations


from documents.content import Align, RenderInfo, Report, Table
from documents.layout import DEFAULT_GEOMETRY, LetterGeometry, text_metrics
from documents.letters.composed import ComposedLetter
from documents.letters.core import ADDRESS_PLACEHOLDER

_POSTAL_MARKERS = ("de l'adresse", "L'adresse", "fenêtre de l'enveloppe")


def _filter(composed: ComposedLetter, warnings: tuple[str, ...]) -> tuple[str, ...]:
    """Drop the postal-norm warnings on a recipient block that is not an address (email) or
    is a placeholder (compose already warned that it must be filled)."""
    placeholder = any(ADDRESS_PLACEHOLDER in r for r in composed.letter.recipient)
    if composed.postal and not placeholder:
        return warnings
    return tuple(w for w in warnings if not any(m in w for m in _POSTAL_MARKERS))


def _glyphs_named(composed: ComposedLetter, warnings: tuple[str, ...],
                  *infos: RenderInfo) -> tuple[str, ...]:
    """The renderers' « caractère absent de la police » warnings as one, naming the field
    of the case each character was typed in (« 🥖 dans la raison sociale »)."""
    from documents.glyphs import glyph_places, glyph_warning

    missing = tuple(dict.fromkeys(ch for info in infos for ch in info.missing_glyphs))
    if not missing:
        return warnings
    said = {glyph_warning(info.missing_glyphs) for info in infos if info.missing_glyphs}
    kept = tuple(w for w in warnings if w not in said)
    return kept + (glyph_warning(missing, glyph_places(composed.case_texts, missing)),)


def composed_pdf_bytes(composed: ComposedLetter, geometry: LetterGeometry | None = None,
                       ) -> tuple[bytes, RenderInfo]:
    """The letter (and its annex) as one PDF."""
    data, info, _ = _composed_pdf(composed, geometry)
    return data, info


def composed_files(composed: ComposedLetter, geometry: LetterGeometry | None = None,
                   ) -> tuple[bytes, bytes, RenderInfo]:
    """PDF bytes, DOCX bytes and the PDF's :class:`RenderInfo`, the letter laid out once
    (``composed_docx_bytes`` alone renders the letter's PDF again to learn its page count)."""
    pdf, info, letter_info = _composed_pdf(composed, geometry)
    docx, _ = composed_docx_bytes(composed, geometry, letter_info=letter_info)
    return pdf, docx, info


def _composed_pdf(composed: ComposedLetter, geometry: LetterGeometry | None,
                  ) -> tuple[bytes, RenderInfo, RenderInfo]:
    """The PDF, its info, and the info of the letter alone (pages, compact)."""
    from documents.render_pdf import letter_pdf_bytes, letter_with_annex_pdf_bytes

    if composed.annex is None:
        data, info = letter_pdf_bytes(composed.letter, geometry)
        warnings = _glyphs_named(composed, _filter(composed, info.warnings), info)
        return data, RenderInfo(info.pages, warnings, info.compact, info.missing_glyphs), info
    data, info, annex_info = letter_with_annex_pdf_bytes(composed.letter, composed.annex,
                                                         geometry)
    warnings = _glyphs_named(composed, _filter(composed, info.warnings) + annex_info.warnings,
                             info, annex_info)
    missing = tuple(dict.fromkeys(info.missing_glyphs + annex_info.missing_glyphs))
    return data, RenderInfo(info.pages + annex_info.pages, warnings, info.compact,
                            missing), info


def _annex_tables(report: Report) -> list[Table]:
    tables = []
    if report.header:
        tables.append(Table(header=("Rubrique", "Réponse"),
                            rows=tuple((r.label, r.value) for r in report.header),
                            align=(Align.LEFT, Align.LEFT), widths=(1.0, 2.6)))
    if report.table is not None:
        tables.append(report.table)
    return tables


def composed_docx_bytes(composed: ComposedLetter, geometry: LetterGeometry | None = None,
                        *, letter_info: RenderInfo | None = None,
                        ) -> tuple[bytes, RenderInfo]:
    """The letter (and its annex, after a page break) as one editable DOCX. ``letter_info``:
    what ``letter_pdf_bytes`` reported for the letter (its page count and compact choice),
    when the caller already rendered it; else the letter's PDF is laid out here."""
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    from documents import render_docx
    from documents.render_pdf import letter_pdf_bytes
    from documents.text import clean_line, format_date_fr

    geometry = geometry or DEFAULT_GEOMETRY
    pdf_info = letter_info if letter_info is not None else \
        letter_pdf_bytes(composed.letter, geometry)[1]
    document, info = render_docx.letter_document(composed.letter, geometry,
                                                 pages=pdf_info.pages, compact=pdf_info.compact)
    warnings = _filter(composed, info.warnings)
    if composed.annex is None:
        return render_docx.docx_bytes(document), RenderInfo(info.pages, warnings, info.compact)
    report = composed.annex
    render_docx.as_reloaded(document)
    metrics = text_metrics(geometry, False)
    p = document.add_paragraph()
    p.add_run().add_break(WD_BREAK.PAGE)
    p = document.add_paragraph()
    run = p.add_run(clean_line(report.title))
    run.bold = True
    run.font.size = Pt(metrics.font_pt + 3)
    if clean_line(report.subtitle):
        document.add_paragraph().add_run(clean_line(report.subtitle))
    for table in _annex_tables(report):
        render_docx._table(document, table, geometry, metrics)
    p = document.add_paragraph()
    run = p.add_run(f"Document généré le {format_date_fr(report.generated_on)}")
    run.font.size = Pt(geometry.small_font_pt)
    return render_docx.docx_bytes(document), RenderInfo(info.pages + 1, warnings, info.compact)
