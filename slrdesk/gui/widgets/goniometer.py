"""A goniometer dial: the leg drawn raised at the measured angle, set by dragging it or with the
keyboard (arrows ±1°, Page Up/Down ±5°). Empty means not measured."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


class GoniometerDial(QWidget):
    """Signal `angle_edited(int)` when the user changes the angle (not when set in code)."""

    angle_edited = Signal(int)

    def __init__(self, minimum: int = 0, maximum: int = 110,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.minimum, self.maximum = minimum, maximum
        self._angle: int | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(150, 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(220, 170)

    def angle(self) -> int | None:
        return self._angle

    def set_range(self, minimum: int, maximum: int) -> None:
        self.minimum, self.maximum = minimum, maximum
        self.update()

    def set_angle(self, angle: int | None) -> None:
        """Show `angle` without emitting (the document changed elsewhere)."""
        self._angle = angle
        self.update()

    def _user_set(self, angle: int) -> None:
        angle = max(self.minimum, min(self.maximum, angle))
        if angle != self._angle:
            self._angle = angle
            self.update()
            self.angle_edited.emit(angle)

    # --- geometry ---------------------------------------------------------------------------

    def _pivot_and_length(self) -> tuple[QPointF, float]:
        margin = 14.0
        pivot = QPointF(margin + 10, self.height() - margin - 18)
        length = min(self.width() - 2 * margin - 20, self.height() - 2 * margin - 18)
        return pivot, max(length, 20.0)

    def _angle_at(self, pos: QPointF) -> int:
        pivot, _ = self._pivot_and_length()
        dx, dy = pos.x() - pivot.x(), pivot.y() - pos.y()
        return round(math.degrees(math.atan2(dy, max(dx, 0.0001))))

    # --- input --------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus()
        self._user_set(self._angle_at(event.position()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._user_set(self._angle_at(event.position()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {Qt.Key.Key_Up: 1, Qt.Key.Key_Right: 1, Qt.Key.Key_Down: -1,
                 Qt.Key.Key_Left: -1, Qt.Key.Key_PageUp: 5, Qt.Key.Key_PageDown: -5}
        step = steps.get(Qt.Key(event.key()))
        if step is None:
            super().keyPressEvent(event)
            return
        start = self._angle if self._angle is not None else (0 if step > 0 else self.minimum)
        self._user_set(start + step if self._angle is not None else start)

    # --- drawing ------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.windowText().color()
        accent = palette.highlight().color()
        pivot, length = self._pivot_and_length()
        # The table, and the scale every 10°.
        painter.setPen(QPen(text, 2))
        painter.drawLine(QPointF(4, pivot.y() + 8), QPointF(self.width() - 4, pivot.y() + 8))
        painter.setPen(QPen(QColor(text.red(), text.green(), text.blue(), 110), 1))
        for deg in range(max(self.minimum, 0), self.maximum + 1, 10):
            rad = math.radians(deg)
            outer = QPointF(pivot.x() + length * math.cos(rad), pivot.y() - length * math.sin(rad))
            inner = QPointF(pivot.x() + (length - 8) * math.cos(rad),
                            pivot.y() - (length - 8) * math.sin(rad))
            painter.drawLine(inner, outer)
        if self._angle is not None:
            rad = math.radians(self._angle)
            arc = QPainterPath(pivot)
            r = length * 0.35
            arc.arcTo(QRectF(pivot.x() - r, pivot.y() - r, 2 * r, 2 * r), 0, self._angle)
            arc.closeSubpath()
            fill = QColor(accent)
            fill.setAlpha(60)
            painter.fillPath(arc, fill)
            foot = QPointF(pivot.x() + length * math.cos(rad), pivot.y() - length * math.sin(rad))
            painter.setPen(QPen(accent, 10, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawLine(pivot, foot)
        painter.setPen(QPen(text))
        label = "not measured" if self._angle is None else f"{self._angle}°"
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(self.rect().adjusted(0, 4, -8, 0),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, label)
        if self.hasFocus():
            painter.setPen(QPen(accent, 1, Qt.PenStyle.DashLine))
            painter.drawRect(self.rect().adjusted(1, 1, -2, -2))
        painter.end()
