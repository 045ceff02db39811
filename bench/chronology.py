"""The chronology PDF of a long case against a plain ReportLab table of the same text.

    .venv/bin/python bench/chronology.py [--events 1000] [--runs 7]

Ours: ``documents.chronology.chronology_pdf_bytes`` (the report built from the case and its
assessment, then laid out by ``documents.render_pdf``: wrapped cells, repeated header row,
"page X/Y" footers, fonts embedded).

Baseline (issue 13): « a ReportLab table of the same text without per-cell Paragraphs »: every
table of the same report (the header fields, the events, the deadlines...) given to ReportLab
as plain strings (one ``Table`` each, same column widths, header row repeated, same font and
size, landscape A4), the title as one paragraph. Plain strings are not wrapped: a long summary
runs out of its cell; this is the cost of putting the text on pages, without the layout.

Both run in this process, alternated (ours, baseline, ours...), the fonts registered and the
modules imported before the first run; the baseline runs with ReportLab as shipped (its own
``fp_str``, which ``documents.render_pdf`` puts behind a memo for our documents, swapped back
around each baseline run: the baseline of issue 13 is plain ReportLab). Prints the medians,
the minima, and both ratios (target: ≤ 2×), then the ratio of the CPU times
(``time.process_time``), which the other processes of a shared machine disturb least. Data is
generated (``bench/dossier_end_to_end.make_case``) in a temporary
folder removed at the end.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "bench"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from dossier_end_to_end import MIB, make_case  # noqa: E402

TODAY = date(2026, 11, 22)
TARGET_RATIO = 2.0


def baseline_pdf(report) -> bytes:
    """The report's tables as plain-string ReportLab tables (no Paragraph in any cell)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as RLTable

    from documents import fonts
    from documents.content import Table

    fonts.register_pdf_fonts()
    page = landscape(A4) if report.landscape else A4
    width = page[0] - 30 * mm
    style = TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                        ("FONTSIZE", (0, 0), (-1, -1), 8), ("LEADING", (0, 0), (-1, -1), 10),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LINEBELOW", (0, 0), (-1, -1), 0.25, "#888888")])
    tables = [Table(("Rubrique", "Réponse"), tuple((r.label, r.value) for r in report.header),
                    widths=(0.28, 0.72))]
    tables += [b for b in report.blocks if isinstance(b, Table)]
    if report.table is not None:
        tables.append(report.table)
    story = [Paragraph(report.title, ParagraphStyle("t", fontName=fonts.BOLD, fontSize=14))]
    for table in tables:
        widths = [w * width for w in table.relative_widths()]
        story += [Spacer(1, 4 * mm),
                  RLTable([list(table.header)] + [list(r) for r in table.rows],
                          colWidths=widths, repeatRows=1, style=style, hAlign="LEFT")]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=page, leftMargin=15 * mm, rightMargin=15 * mm,
                      topMargin=15 * mm, bottomMargin=18 * mm, invariant=1).build(story)
    return out.getvalue()


class stock_reportlab:
    """ReportLab's own ``fp_str`` in every module that bound it, for the ``with`` block."""

    def __enter__(self):
        from reportlab.lib import rl_accel

        self.memo = rl_accel.fp_str
        self.stock = getattr(rl_accel, "_py_fp_str", self.memo)
        self.modules = [m for name, m in list(sys.modules.items())
                        if name.startswith("reportlab") and getattr(m, "fp_str", None) is self.memo]
        for module in self.modules:
            module.fp_str = self.stock
        return self

    def __exit__(self, *exc):
        for module in self.modules:
            module.fp_str = self.memo


def baseline_stock(report) -> bytes:
    with stock_reportlab():
        return baseline_pdf(report)


def ours_pdf(case, assessment) -> bytes:
    from documents.chronology import chronology_pdf_bytes

    return chronology_pdf_bytes(case, assessment, generated_on=TODAY, author="Claire")[0]


def pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from dispute.procedure import assess
    from documents import fonts
    from documents.chronology import chronology_report

    work = Path(tempfile.mkdtemp(prefix="bench-chronology-"))
    try:
        case, _ = make_case(work / "pieces", args.events, 10, MIB)
        assessment = assess(case, TODAY)
        report = chronology_report(case, assessment, generated_on=TODAY, author="Claire")
        fonts.register_pdf_fonts()
        ours_bytes, base_bytes = ours_pdf(case, assessment), baseline_stock(report)  # warm-up
        ours, base, ours_cpu, base_cpu = [], [], [], []
        for _ in range(args.runs):
            for run, times, cpu in ((lambda: ours_pdf(case, assessment), ours, ours_cpu),
                                    (lambda: baseline_stock(report), base, base_cpu)):
                started, started_cpu = time.perf_counter(), time.process_time()
                run()
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    m_ours, m_base = statistics.median(ours), statistics.median(base)
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPU; chronology of "
          f"{args.events} events, {args.runs} alternated runs each")
    print(f"ours     : median {m_ours:.3f} s, min {min(ours):.3f} s "
          f"({pages(ours_bytes)} pages, {len(ours_bytes) / 1024:.0f} KiB)")
    print(f"baseline : median {m_base:.3f} s, min {min(base):.3f} s "
          f"({pages(base_bytes)} pages, {len(base_bytes) / 1024:.0f} KiB; plain-string tables)")
    ratio, ratio_min = m_ours / m_base, min(ours) / min(base)
    print(f"ratio {ratio:.2f}x (of the minima {ratio_min:.2f}x), target <= {TARGET_RATIO}x: "
          f"{'OK' if ratio <= TARGET_RATIO else 'OVER'}")
    # CPU time of this process: what other processes on a shared machine disturb least. Far
    # from the wall-clock ratio, the machine was busy: run again.
    print(f"CPU time: ours median {statistics.median(ours_cpu):.3f} s, baseline "
          f"{statistics.median(base_cpu):.3f} s, ratio "
          f"{statistics.median(ours_cpu) / statistics.median(base_cpu):.2f}x")


if __name__ == "__main__":
    main()
