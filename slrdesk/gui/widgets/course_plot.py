"""The course across visits drawn small, one point per visit, oldest on the left: active SLR per
leg with pain now, and the hip flexion and knee extension grades; the values of the visit under
the pointer on hover. Knows nothing of the store or the session: it is given the visits."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

if TYPE_CHECKING:
    from slrdesk.core.progress import Visit

LEFT, RIGHT, PAIN = QColor("#1f6fb2"), QColor("#c2410c"), QColor("#333333")
# Each panel: its title, its scale's top, and its lines (attribute, colour, dashed).
PANELS = (
    ("Active SLR (0–110°; blue left, orange right) and pain now (0–10, dashed black)", 110.0,
     (("active_slr_left", LEFT, False), ("active_slr_right", RIGHT, False),
      ("pain_now", PAIN, True))),
    ("Hip flexion (solid) and knee extension (dashed), MRC 0–5", 5.0,
     (("hip_flexion_left", LEFT, False), ("hip_flexion_right", RIGHT, False),
      ("knee_extension_left", LEFT, True), ("knee_extension_right", RIGHT, True))),
)
# Pain is drawn on the first panel's height as 0–10.
SCALE = {"pain_now": 10.0}


class CoursePlot(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.visits: list[Visit] = []
        self.setMouseTracking(True)
        self.setMinimumHeight(260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Course across visits: active SLR, pain, hip flexion and knee "
                               "extension (the table below holds the same values)")

    def set_visits(self, visits: list[Visit]) -> None:
        self.visits = visits
        self.update()

    def _area(self, panel: int) -> QRectF:
        height = self.height() / len(PANELS)
        return QRectF(36, panel * height + 18, max(self.width() - 48, 10),
                      max(height - 40, 10))

    def _x(self, index: int) -> float:
        area = self._area(0)
        span = max(len(self.visits) - 1, 1)
        return area.left() + area.width() * index / span

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().text().color()
        for number, (title, top, lines) in enumerate(PANELS):
            area = self._area(number)
            painter.setPen(QPen(QColor("#9aa5b1"), 1))
            painter.drawRect(area)
            painter.setPen(text)
            painter.drawText(QRectF(0, area.top() - 17, self.width(), 16),
                             Qt.AlignmentFlag.AlignLeft, title)
            painter.drawText(QRectF(0, area.top() - 6, 32, 14), Qt.AlignmentFlag.AlignRight,
                             f"{top:g}")
            painter.drawText(QRectF(0, area.bottom() - 8, 32, 14), Qt.AlignmentFlag.AlignRight,
                             "0")
            if len(self.visits) < 2:
                painter.drawText(area, Qt.AlignmentFlag.AlignCenter,
                                 "The course appears from the second visit.")
                continue
            for attribute, colour, dashed in lines:
                scale = SCALE.get(attribute, top)
                painter.setPen(QPen(colour, 2, Qt.PenStyle.DashLine if dashed
                                    else Qt.PenStyle.SolidLine))
                points = [QPointF(self._x(i), area.bottom() - area.height() * value / scale)
                          for i, v in enumerate(self.visits)
                          if (value := getattr(v, attribute)) is not None]
                for a, b in itertools.pairwise(points):
                    painter.drawLine(a, b)
                for point in points:
                    painter.drawEllipse(point, 2.5, 2.5)
            painter.setPen(text)
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
            f"hip flexion {shown(visit.hip_flexion_left)}/{shown(visit.hip_flexion_right)}, "
            f"knee extension {shown(visit.knee_extension_left)}/"
            f"{shown(visit.knee_extension_right)} (left/right); urgency "
            f"{visit.urgency.replace('_', ' ')}")
