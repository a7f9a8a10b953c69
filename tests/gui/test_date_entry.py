"""Dates typed the way the workstation's locale writes them, or picked from a calendar."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QCalendarWidget, QLineEdit
from pytestqt.qtbot import QtBot

from slrdesk.gui.main_window import MainWindow
from slrdesk.gui.patient_dialog import PatientDialog
from slrdesk.gui.sections.history import HistorySection
from slrdesk.gui.widgets.fields import TextField


@pytest.fixture
def uk_locale() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield
    QLocale.setDefault(before)


def _onset(window: MainWindow) -> TextField:
    assert window.editor is not None
    history = window.editor.section(0)
    assert isinstance(history, HistorySection)
    field = window.editor.binder.widget("history.onset_date")
    assert isinstance(field, TextField)
    return field


def _type(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_a_uk_date_is_read_day_first_and_shown_back_unambiguously(
        uk_locale: None, window: MainWindow, qtbot: QtBot) -> None:
    session = window.session
    assert session is not None
    field = _onset(window)
    assert "DD/MM/YYYY" in field.placeholderText()
    _type(qtbot, field, "03/04/2026")
    assert session.exam.history.onset_date == date(2026, 4, 3)  # 3 April, not 4 March
    field.clearFocus()
    assert field.text() == "2026-04-03"  # read back without a day/month doubt
    _type(qtbot, field, "2026-04-05")  # ISO is always accepted
    assert session.exam.history.onset_date == date(2026, 4, 5)


@pytest.mark.parametrize("typed", ["25/13/2026", "03/04/26", "yesterday"])
def test_a_date_that_cannot_be_read_is_kept_and_explained(
        uk_locale: None, window: MainWindow, qtbot: QtBot, typed: str) -> None:
    """A two-digit year is refused rather than guessed (Qt would read 26 as 1926)."""
    session = window.session
    assert session is not None
    field = _onset(window)
    before = session.exam.history.onset_date
    _type(qtbot, field, typed)
    assert session.exam.history.onset_date == before
    assert field.text() == typed
    said = f"Onset date: {typed!r} is not a date (YYYY-MM-DD or DD/MM/YYYY)"
    assert window.editor is not None
    history = window.editor.section(0)
    assert isinstance(history, HistorySection)
    assert said in history.message.text()  # beside the section's fields
    assert field.toolTip() == said  # and on the field itself


# A popup asks the window system to grab the keyboard and raise it; offscreen has neither.
@pytest.mark.qt_log_ignore("does not support propagateSizeHints", "does not support raise",
                           "does not support grabbing the keyboard")
def test_the_calendar_picks_a_date_and_stores_it(window: MainWindow, qtbot: QtBot) -> None:
    session = window.session
    assert session is not None
    field = _onset(window)
    field.actions()[-1].trigger()  # the calendar button inside the field
    calendar = field.findChild(QCalendarWidget, "date_picker")
    assert calendar is not None
    assert calendar.isVisible()
    calendar.setSelectedDate(QDate(2026, 11, 2))
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Return)
    assert not calendar.isVisible()
    assert session.exam.history.onset_date == date(2026, 11, 2)
    assert field.text() == "2026-11-02"


def test_the_patient_dialog_reads_the_locale_date_of_birth(
        uk_locale: None, qtbot: QtBot) -> None:
    dialog = PatientDialog()
    qtbot.addWidget(dialog)
    dialog.name.setText("Ana Lima")
    dialog.birth.setText("14/03/2002")
    dialog.record.setText("R-10")
    dialog.sex.setCurrentIndex(dialog.sex.findData("female"))
    assert dialog.try_accept()
    assert dialog.result_patient is not None
    assert dialog.result_patient.date_of_birth == date(2002, 3, 14)


def test_the_patient_search_finds_a_birth_date_typed_the_local_way(
        uk_locale: None, window: MainWindow, qtbot: QtBot) -> None:
    window.close_exam()
    page = window.patients
    assert "DD/MM/YYYY" in page.search.placeholderText()
    page.search.setFocus()
    qtbot.keyClicks(page.search, "14/03/2002")  # the demo patient, born 2002-03-14
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.patients.rowCount() == 1
    assert page.patients.index(0, 0).data() == "Jordan Mbeki"


@pytest.mark.parametrize("typed", ["31/02/2000", "abc", "03/04/61"])
def test_the_patient_dialog_says_why_a_birth_date_is_refused_in_plain_words(
        uk_locale: None, qtbot: QtBot, typed: str) -> None:
    dialog = PatientDialog()
    qtbot.addWidget(dialog)
    dialog.name.setText("Ana Lima")
    dialog.birth.setText(typed)
    dialog.record.setText("R-11")
    dialog.sex.setCurrentIndex(dialog.sex.findData("female"))
    assert not dialog.try_accept()
    said = dialog.errors["date_of_birth"].text()
    assert said == f"{typed!r} is not a date (YYYY-MM-DD or DD/MM/YYYY)"
    assert "datetime" not in said
