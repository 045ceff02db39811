"""A horizontal bar chart painted with QPainter, from the content model's ``BarChart``.

QtCharts is not part of PySide6-Essentials; a few bars painted by hand cost nothing to load
and draw the same data as the PDF's ReportLab charts (``documents.charts``), in the same
layout: categories on the left, one bar per series, the value at the end of each bar.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from documents.charts import is_money, value_text
from documents.content import BarChart
from gui.plain_text import plain_tip

SERIES_COLOURS = ("#1f5f99", "#e08a1e", "#3b8f4a", "#8c3b8f")
BAR_PX = 14
GROUP_GAP = 6
MAX_LABEL_CHARS = 40
LABEL_SHARE = 0.42
"""The names at the left of the bars take at most this share of the width."""


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_LABEL_CHARS else text[: MAX_LABEL_CHARS - 1] + "…"


class BarChartWidget(QWidget):
    """Paints one ``BarChart``; its height follows the number of bars. When the categories'
    names would be cut at the left of the bars (a narrow pane), each name goes on its own
    line above its bars instead, and the chart grows taller (height for width)."""

    def __init__(self, chart: BarChart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = chart
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        names = ", ".join(f"{c} : " + " / ".join(value_text(v[i], is_money(chart))
                                                 for _, v in chart.series)
                          for i, c in enumerate(chart.categories))
        self.setAccessibleName(chart.title)
        self.setAccessibleDescription(names)
        self.setToolTip(plain_tip(names))

    def _rows(self) -> int:
        return max(1, len(self.chart.categories))

    def _label_width(self, metrics: QFontMetrics) -> int:
        return max((metrics.horizontalAdvance(_short(c)) for c in self.chart.categories),
                   default=0) + 8

    def labels_above(self, width: int) -> bool:
        """Whether, ``width`` pixels wide, the names go above their bars (else they would be
        cut at the left of the bars)."""
        return self._label_width(QFontMetrics(self.font())) > int(width * LABEL_SHARE)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        metrics = QFontMetrics(self.font())
        group = BAR_PX * len(self.chart.series) + GROUP_GAP
        if self.labels_above(width):
            group += metrics.height()
        legend = metrics.height() + 6 if len(self.chart.series) > 1 else 0
        return metrics.height() + 10 + group * self._rows() + legend + 6

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(420, self.heightForWidth(max(self.width(), 420)))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(260, self.heightForWidth(max(self.width(), 260)))

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        chart = self.chart
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        text_colour = self.palette().color(QPalette.ColorRole.WindowText)
        width = self.width()
        title_font = self.font()
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(text_colour)
        title_h = metrics.height() + 10
        painter.drawText(QRectF(0, 0, width, title_h), Qt.AlignmentFlag.AlignLeft
                         | Qt.AlignmentFlag.AlignVCenter, chart.title)
        painter.setFont(self.font())
        if chart.unit:
            painter.drawText(QRectF(0, 0, width, title_h), Qt.AlignmentFlag.AlignRight
                             | Qt.AlignmentFlag.AlignVCenter, chart.unit)
        above = self.labels_above(width)
        labels = [" ".join(c.split()) if above else _short(c) for c in chart.categories]
        line_h = metrics.height() if above else 0
        label_w = 0 if above else self._label_width(metrics)
        value_w = metrics.horizontalAdvance("0 000 000,00") + 6
        plot_w = max(20, width - label_w - value_w)
        peak = max((v for _, values in chart.series for v in values), default=0) or 1
        n = len(chart.series)
        money = is_money(chart)
        group = BAR_PX * n + GROUP_GAP
        y = title_h
        for i, text in enumerate(labels):
            painter.setPen(text_colour)
            if above:
                painter.drawText(QRectF(0, y, width, line_h),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 metrics.elidedText(text, Qt.TextElideMode.ElideRight, width))
                y += line_h
            else:
                painter.drawText(QRectF(0, y, label_w - 8, BAR_PX * n),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                                 text)
            for s, (_, values) in enumerate(chart.series):
                value = values[i]
                bar = QRectF(label_w, y + s * BAR_PX + 1, plot_w * max(value, 0) / peak,
                             BAR_PX - 2)
                painter.fillRect(bar, QColor(SERIES_COLOURS[s % len(SERIES_COLOURS)]))
                painter.setPen(text_colour)
                painter.drawText(QRectF(bar.right() + 4, bar.top() - 1, value_w, BAR_PX),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 value_text(value, money))
            y += group
        if n > 1:
            x = float(label_w)
            for s, (name, _) in enumerate(chart.series):
                painter.fillRect(QRectF(x, y + 4, 10, 10),
                                 QColor(SERIES_COLOURS[s % len(SERIES_COLOURS)]))
                painter.setPen(text_colour)
                painter.drawText(QRectF(x + 14, y, 200, metrics.height() + 6),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 name)
                x += 14 + metrics.horizontalAdvance(name) + 18
        painter.end()
