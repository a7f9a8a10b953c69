"""The course across visits drawn small: active SLR per leg (0–110°) and pain now (0–10), one
point per visit, oldest on the left; the values of the visit under the pointer on hover. Knows
nothing of the store or the session: it is given the visits."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

if TYPE_CHECKING:
    from slrdesk.core.progress import Visit

LEFT, RIGHT, PAIN = QColor("#1f6fb2"), QColor("#c2410c"), QColor("#333333")
# (attribute, colour, top of the scale, dashed): the lines drawn.
LINES = (("active_slr_left", LEFT, 110.0, False), ("active_slr_right", RIGHT, 110.0, False),
         ("pain_now", PAIN, 10.0, True))


class CoursePlot(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.visits: list[Visit] = []
        self.setMouseTracking(True)
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Course across visits: active SLR and pain (the table below "
                               "holds the same values)")

    def set_visits(self, visits: list[Visit]) -> None:
        self.visits = visits
        self.update()

    def _area(self) -> QRectF:
        return QRectF(36, 18, max(self.width() - 48, 10), max(self.height() - 40, 10))

    def _x(self, index: int) -> float:
        area = self._area()
        span = max(len(self.visits) - 1, 1)
        return area.left() + area.width() * index / span

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = self._area()
        painter.setPen(QPen(QColor("#9aa5b1"), 1))
        painter.drawRect(area)
        painter.setPen(self.palette().text().color())
        painter.drawText(QRectF(0, 0, self.width(), 16), Qt.AlignmentFlag.AlignLeft,
                         "Active SLR (0–110°, blue left, orange right) and pain now (0–10, "
                         "dashed)")
        if len(self.visits) < 2:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter,
                             "The course appears from the second visit.")
            return
        for attribute, colour, top, dashed in LINES:
            pen = QPen(colour, 2, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
            painter.setPen(pen)
            points = [QPointF(self._x(i), area.bottom() - area.height() * value / top)
                      for i, v in enumerate(self.visits)
                      if (value := getattr(v, attribute)) is not None]
            for a, b in itertools.pairwise(points):
                painter.drawLine(a, b)
            for point in points:
                painter.drawEllipse(point, 2.5, 2.5)
        painter.setPen(self.palette().text().color())
        painter.drawText(QRectF(0, area.top() - 6, 32, 14), Qt.AlignmentFlag.AlignRight, "110°")
        painter.drawText(QRectF(0, area.bottom() - 8, 32, 14), Qt.AlignmentFlag.AlignRight, "0")
        for i, v in enumerate(self.visits):
            if len(self.visits) <= 12 or i % max(len(self.visits) // 12, 1) == 0:
                # Kept inside the widget: the newest date must not be cut at the edge.
                left = min(max(self._x(i) - 30, 0), self.width() - 60)
                painter.drawText(QRectF(left, area.bottom() + 2, 60, 16),
                                 Qt.AlignmentFlag.AlignCenter, v.date[5:])

    def nearest(self, x: float) -> Visit | None:
        if not self.visits:
            return None
        index = min(range(len(self.visits)), key=lambda i: abs(self._x(i) - x))
        return self.visits[index]

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        visit = self.nearest(event.position().x())
        if visit is not None:
            QToolTip.showText(event.globalPosition().toPoint(), describe(visit), self)
        super().mouseMoveEvent(event)


def describe(visit: Visit) -> str:
    def shown(value: int | None, unit: str = "") -> str:
        return "—" if value is None else f"{value}{unit}"

    return (f"{visit.date}: active SLR left {shown(visit.active_slr_left, '°')}, right "
            f"{shown(visit.active_slr_right, '°')}; pain {shown(visit.pain_now, '/10')}; "
            f"urgency {visit.urgency.replace('_', ' ')}")
