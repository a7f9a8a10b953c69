"""The pain-map legend: a swatch per quality and for the intensity scale, each painted exactly as
a mark on the figure (and in the printed note) is."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from slrdesk.core.catalog import catalog
from slrdesk.core.painmap.mark_style import PATTERNS, mark_shapes
from slrdesk.gui.widgets.body_figure import INK, paint_shapes, tone_colour

SIDE = 18  # swatch size, logical pixels


class Swatch(QWidget):
    def __init__(self, qualities: list[str], intensity: int | None) -> None:
        super().__init__()
        self.qualities, self.intensity = qualities, intensity
        self.setFixedSize(QSize(SIDE, SIDE))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(INK)
        painter.setBrush(tone_colour(self.intensity))
        painter.drawRect(0, 0, SIDE - 1, SIDE - 1)
        # The patterns are laid out in figure units; a swatch shows a 36-unit square of them,
        # about the size of a small region on the figure at its usual zoom.
        scale = SIDE / 36
        painter.scale(scale, scale)
        square = ((0.0, 0.0), (36.0, 0.0), (36.0, 36.0), (0.0, 36.0))
        paint_shapes(painter, mark_shapes(square, self.qualities), QPointF(0, 0))
        painter.end()


class MarkLegend(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Pain-map legend")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(3)
        entries: list[tuple[list[str], int | None, str]] = [
            ([quality], None, f"{catalog().qualities[quality].label}: {pattern.description}")
            for quality, pattern in PATTERNS.items()]
        entries += [([], level, f"Intensity {level}/10") for level in (0, 5, 10)]
        for row, (qualities, intensity, words) in enumerate(entries):
            grid.addWidget(Swatch(qualities, intensity), row // 3, 2 * (row % 3))
            grid.addWidget(QLabel(words), row // 3, 2 * (row % 3) + 1)
        note = QLabel("Tone darkens with intensity; each quality adds its pattern.")
        note.setWordWrap(True)
        grid.addWidget(note, 3, 0, 1, 6)
