"""Dates as a clinician types them: ISO (2026-11-25) or the workstation's own short format with a
four-digit year (25/11/2026 in the UK, 11/25/2026 in the US), and a calendar to pick from.

A two-digit year is never guessed: Qt reads "02" as 1902, and a birth year a century out is
worse than a refusal. What was read is shown back as YYYY-MM-DD once the field is left, so a
day/month mix-up is visible at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QLocale, QPoint, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QLineEdit


def locale_format() -> str:
    """The locale's short date format, with the year widened to four digits."""
    pattern = QLocale().dateFormat(QLocale.FormatType.ShortFormat)
    return pattern if "yyyy" in pattern else pattern.replace("yy", "yyyy")


def format_hint() -> str:
    """What the field accepts, in the words of a placeholder: "YYYY-MM-DD or DD/MM/YYYY"."""
    local = locale_format().upper()
    return "YYYY-MM-DD" if local == "YYYY-MM-DD" else f"YYYY-MM-DD or {local}"


def read_date(text: str) -> date | None:
    """The date typed, in ISO or the locale's short format; None if it is neither."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        pass
    read = QLocale().toDate(text.strip(), locale_format())
    return date(read.year(), read.month(), read.day()) if read.isValid() else None


def _calendar_icon() -> QIcon:
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QColor("#444444"))
    painter.drawRect(1, 2, 13, 12)
    painter.fillRect(1, 2, 14, 3, QColor("#b3261e"))
    for x in (4, 8, 12):
        for y in (8, 11):
            painter.drawPoint(x, y)
    painter.end()
    return QIcon(pixmap)


def add_date_picker(field: QLineEdit, picked: Callable[[], None]) -> QAction:
    """A calendar button inside `field`: the chosen day is written as YYYY-MM-DD and `picked`
    is called (to store it, as if typed)."""
    action = field.addAction(_calendar_icon(), QLineEdit.ActionPosition.TrailingPosition)
    action.setToolTip("Pick the date from a calendar")

    def choose(day: QDate) -> None:
        picker(field).hide()
        field.setText(day.toString(Qt.DateFormat.ISODate))
        picked()

    def picker(field: QLineEdit) -> QCalendarWidget:
        # Made on first use: most fields never open it, and it is not part of the form.
        calendar = field.findChild(QCalendarWidget, "date_picker")
        if calendar is None:
            calendar = QCalendarWidget(field)
            calendar.setWindowFlags(Qt.WindowType.Popup)
            calendar.setObjectName("date_picker")
            calendar.setAccessibleName(f"Calendar for {field.accessibleName() or 'the date'}")
            calendar.setMaximumDate(QDate.currentDate().addYears(1))
            calendar.clicked.connect(choose)
            calendar.activated.connect(choose)
        return calendar

    def open_calendar() -> None:
        calendar = picker(field)
        current = read_date(field.text())
        calendar.setSelectedDate(QDate(current.year, current.month, current.day) if current
                                 else QDate.currentDate())
        calendar.move(field.mapToGlobal(QPoint(0, field.height())))
        calendar.show()
        calendar.setFocus()

    action.triggered.connect(open_calendar)
    return action
