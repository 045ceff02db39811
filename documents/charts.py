"""ReportLab drawings of the content model's bar charts (``documents.content.BarChart``).

Horizontal bars: the categories (operators, natures, routes) are words of any length, which
read better on the left of a bar than slanted under it. Values are written at the end of each
bar, so the chart stands without its axis. Text goes through ``clean_line``: the categories
can be names typed by a user.
"""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from documents import fonts
from documents.content import BarChart
from documents.text import clean_line

SERIES_COLOURS = (colors.HexColor("#1f5f99"), colors.HexColor("#e08a1e"),
                  colors.HexColor("#3b8f4a"), colors.HexColor("#8c3b8f"))
BAR_PT = 9.0
LABEL_PT = 8.0
MAX_LABEL_CHARS = 48


def _short(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    text = clean_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def value_text(value: float, money: bool = False) -> str:
    """« 1 234,5 », « 80 »; amounts keep their cents (« 7 091,40 »)."""
    text = f"{value:,.2f}".replace(",", "\u202f").replace(".", ",")
    if text.endswith(",00"):
        return text[:-3]
    return text if money else text.rstrip("0")


def is_money(chart: BarChart) -> bool:
    return "€" in chart.unit


def chart_drawing(chart: BarChart, width: float) -> Drawing:
    """A Drawing (a Flowable) ``width`` points wide, its height from the number of bars."""
    fonts.register_pdf_fonts()
    categories = [_short(c) for c in chart.categories] or ["—"]
    n_series = len(chart.series)
    group = BAR_PT * n_series + 5
    plot_h = max(group * len(categories), 20)
    legend_h = 12 if n_series > 1 else 0
    title_h = 16
    height = plot_h + title_h + legend_h + 12
    label_w = min(max(stringWidth(c, fonts.REGULAR, LABEL_PT) for c in categories) + 6,
                  width * 0.42)
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 11, _short(chart.title, 110), fontName=fonts.BOLD,
                       fontSize=9.5))
    bars = HorizontalBarChart()
    bars.x = label_w
    bars.y = legend_h + 4
    bars.width = width - label_w - 50
    bars.height = plot_h
    # ReportLab draws the first category, and in a group the first series, at the bottom:
    # reverse both so that the chart reads downwards like the window's and the legend's.
    bars.data = [list(reversed(values)) or [0] for _, values in reversed(chart.series)]
    bars.categoryAxis.categoryNames = list(reversed(categories))
    bars.categoryAxis.labels.fontName = fonts.REGULAR
    bars.categoryAxis.labels.fontSize = LABEL_PT
    bars.categoryAxis.labels.boxAnchor = "e"
    bars.categoryAxis.labels.dx = -3
    bars.categoryAxis.visibleTicks = 0
    peak = max((v for _, values in chart.series for v in values), default=0)
    bars.valueAxis.valueMin = 0
    bars.valueAxis.valueMax = peak * 1.05 if peak > 0 else 1
    bars.valueAxis.visible = 0
    bars.barWidth = BAR_PT
    bars.groupSpacing = 5
    bars.barSpacing = 0
    bars.barLabelFormat = (lambda v: value_text(v, True)) if is_money(chart) else value_text
    bars.barLabels.fontName = fonts.REGULAR
    bars.barLabels.fontSize = LABEL_PT
    bars.barLabels.boxAnchor = "w"
    bars.barLabels.dx = 3
    for index in range(n_series):
        colour = SERIES_COLOURS[(n_series - 1 - index) % len(SERIES_COLOURS)]
        bars.bars[index].fillColor = colour
        bars.bars[index].strokeColor = None
    drawing.add(bars)
    if n_series > 1:
        x = label_w
        for index, (name, _) in enumerate(chart.series):
            drawing.add(Rect(x, 2, 8, 8, fillColor=SERIES_COLOURS[index % len(SERIES_COLOURS)],
                             strokeColor=None))
            text = _short(name, 40)
            drawing.add(String(x + 11, 3, text, fontName=fonts.REGULAR, fontSize=LABEL_PT))
            x += 11 + stringWidth(text, fonts.REGULAR, LABEL_PT) + 14
    if chart.unit:
        drawing.add(String(width, height - 11, clean_line(chart.unit), fontName=fonts.REGULAR,
                           fontSize=LABEL_PT, textAnchor="end"))
    return drawing
