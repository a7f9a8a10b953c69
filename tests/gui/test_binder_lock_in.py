"""Lock-in tests for the binder: every editor, driven as a clinician drives it (keys and clicks),
makes exactly one undoable step; every editor is disabled on a signed exam; every widget that
takes input in a section is bound (found without asking the binder)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QListWidget,
    QMessageBox,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from slrdesk.gui.binder import Binder
from slrdesk.gui.main_window import MainWindow
from slrdesk.gui.models.grid_model import BilateralGridModel
from slrdesk.gui.models.pain_map_model import PainMapModel
from slrdesk.gui.sections.grid_section import GridView
from slrdesk.gui.sections.pain_map import MarkPanel
from slrdesk.gui.session import ExamSession
from slrdesk.gui.widgets.body_figure import BodyFigure
from slrdesk.gui.widgets.fields import AngleField, LineField, NotesField, TextField
from slrdesk.gui.widgets.goniometer import GoniometerDial
from tests.gui.conftest import QuestionAnswers, new_exam_for_demo_patient
from tests.gui.editors import input_widgets, open_signed

_TYPED = {"text": "checked", "date": "2026-11-20", "int": "3", "decimal": "37.2"}
_CELL = {"motor": "4p", "reflex": "1+", "sensation": "a", "test": "+"}


@pytest.fixture
def fresh(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    """A new, empty exam for the demo patient: every field can take a first value."""
    return new_exam_for_demo_patient(window, monkeypatch)


def _binder(window: MainWindow) -> tuple[Binder, ExamSession]:
    assert window.editor is not None
    assert window.session is not None
    for index in range(9):
        window.editor.section(index)  # built: every editor is bound
    return window.editor.binder, window.session


def _one_step(qtbot: QtBot, session: ExamSession, what: str, act: Callable[[], None],
              steps: int = 1) -> None:
    before = session.undo_stack.count()
    act()
    try:
        qtbot.waitUntil(lambda: session.undo_stack.count() >= before + steps, timeout=2000)
    except Exception as exc:
        raise AssertionError(f"{what}: no undoable step") from exc
    # Leaving the field commits nothing more: the entry was one step, and stays one.
    focused = QWidget.focusWidget(session.parent()) if isinstance(session.parent(),
                                                                 QWidget) else None
    if focused is not None:
        focused.clearFocus()
    qtbot.wait(350)  # past the typing debounce: a second save would show as a second step
    assert session.undo_stack.count() == before + steps, what


def _type_into(qtbot: QtBot, field: QWidget, text: str) -> None:
    field.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def _angle_text(field: AngleField) -> str:
    low, high = field.bounds
    return str(min(max(30, low), high))  # the same in every angle: no pair contradicts


def test_every_editor_makes_exactly_one_undoable_step(
        fresh: MainWindow, qtbot: QtBot, questions: QuestionAnswers) -> None:
    binder, session = _binder(fresh)
    editor = fresh.editor
    assert editor is not None
    questions.answer(QMessageBox.StandardButton.Yes)
    driven: list[QWidget] = []
    for index in range(9):
        editor.show_section(index)
        section = editor.section(index)
        for widget in binder.editors():
            if not section.isAncestorOf(widget):
                continue
            name = widget.accessibleName() or type(widget).__name__
            _one_step(qtbot, session, f"section {index + 1}: {name}",
                      lambda w=widget: _drive(qtbot, w), _steps(section, widget))
            driven.append(widget)
    assert len(driven) == len(binder.editors())  # every editor of the form, none left out
    assert len(driven) > 80


def _steps(section: QWidget, widget: QWidget) -> int:
    """A copy between sides that already agree changes nothing, and makes no step."""
    name = widget.accessibleName()
    if "Copy" not in name:
        return 1
    grid = next(v.grid for v in section.findChildren(GridView)
                if name.startswith(v.accessibleName()))
    sides = [[grid.data(grid.index(r, c)) for r in range(grid.rowCount())] for c in (1, 2)]
    return int(sides[0] != sides[1])


def _drive(qtbot: QtBot, widget: QWidget) -> None:
    """Enter something new into `widget`, as a clinician would."""
    if isinstance(widget, AngleField):
        _type_into(qtbot, widget, _angle_text(widget))
    elif isinstance(widget, TextField):
        _type_into(qtbot, widget, _TYPED[widget.kind])
    elif isinstance(widget, NotesField):
        widget.setFocus()
        qtbot.keyClicks(widget, "noted")
    elif isinstance(widget, QComboBox | GoniometerDial):
        widget.setFocus()
        qtbot.keyClick(widget, Qt.Key.Key_Down if isinstance(widget, QComboBox)
                       else Qt.Key.Key_Up)
    elif isinstance(widget, GridView):
        _type_cell(qtbot, widget)
    elif isinstance(widget, BodyFigure):
        _mark_on_figure(qtbot, widget)
    elif isinstance(widget, QListWidget):
        _check_first(qtbot, widget)
    elif isinstance(widget, MarkPanel):  # the selected region's first quality
        box = next(iter(widget.boxes.values()))
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Space)
    elif isinstance(widget, QAbstractButton):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    else:
        _first_row_by_key(qtbot, widget)


def _type_cell(qtbot: QtBot, view: GridView) -> None:
    model = view.grid
    assert isinstance(model, BilateralGridModel)
    # A cell not yet examined ("All normal" may have filled the rest of the grid).
    row = next(r for r in range(model.rowCount()) if not model.data(model.index(r, 1)))
    view.setFocus()
    view.setCurrentIndex(model.index(row, 1))
    view.selectionModel().select(model.index(row, 1),
                                 QItemSelectionModel.SelectionFlag.ClearAndSelect)
    qtbot.keyClicks(view, _CELL[model.kind])
    qtbot.keyClick(view.focusWidget() or view, Qt.Key.Key_Return)


def _first_row_by_key(qtbot: QtBot, view: QWidget) -> None:
    """The red-flag list takes y; the pain-map list Space, on a region not yet marked (the
    figure may have marked the current one)."""
    view.setFocus()
    if "Pain-map" not in view.accessibleName():
        qtbot.keyClick(view, Qt.Key.Key_Y)
        return
    assert isinstance(view, QTableView)
    model = view.model()
    assert isinstance(model, PainMapModel)
    row = next(r for r in range(model.rowCount()) if model._mark(r) is None)
    view.setCurrentIndex(model.index(row, 0))
    qtbot.keyClick(view, Qt.Key.Key_Space)


def _mark_on_figure(qtbot: QtBot, figure: BodyFigure) -> None:
    figure.setFocus()
    qtbot.keyClick(figure, Qt.Key.Key_Right)
    qtbot.keyClick(figure, Qt.Key.Key_Space)


def _check_first(qtbot: QtBot, codes: QListWidget) -> None:
    codes.setFocus()
    codes.setCurrentRow(0)
    qtbot.keyClick(codes, Qt.Key.Key_Space)


def test_every_editor_is_disabled_on_a_signed_exam(window: MainWindow) -> None:
    open_signed(window)
    binder, _ = _binder(window)
    assert window.editor is not None
    assert len(binder.editors()) > 80
    assert [w.accessibleName() for w in binder.editors() if w.isEnabled()] == []
    for index in range(9):  # and nothing the binder was not told of
        section = window.editor.section(index)
        assert input_widgets(section), index
        assert [w.accessibleName() for w in input_widgets(section) if w.isEnabled()] == []


def test_every_input_of_every_section_is_bound(window: MainWindow) -> None:
    """A widget added to a section but never given to the binder would stay editable on a
    signed exam and never refresh: there is none."""
    binder, _ = _binder(window)
    assert window.editor is not None
    bound = binder.editors()
    for index in range(9):
        section = window.editor.section(index)
        loose = [w.accessibleName() or type(w).__name__ for w in input_widgets(section)
                 if not any(w is b or b.isAncestorOf(w) for b in bound)]
        assert loose == [], index


def test_a_draft_that_becomes_read_only_disables_every_editor_at_once(
        window: MainWindow) -> None:
    """The database is found damaged after the exam opened: the editors follow at once."""
    binder, session = _binder(window)
    assert all(w.isEnabled() for w in binder.editors() if not isinstance(w, QAbstractButton))
    window.store.read_only = "the database file is damaged"
    session.recheck_editable()
    assert [w.accessibleName() for w in binder.editors() if w.isEnabled()] == []
    assert session.set("history.pain_now", 2) == "the database file is damaged"
    assert "database file is damaged" in binder.problem("history.pain_now")  # type: ignore[operator]
    window.store.read_only = None
    session.recheck_editable()
    assert binder.widget("history.pain_now").isEnabled()


def test_a_field_refreshes_only_when_its_path_changed(fresh: MainWindow, qtbot: QtBot) -> None:
    binder, session = _binder(fresh)
    shown: list[object] = []
    field = binder.widget("history.mechanism_detail")
    assert isinstance(field, LineField)
    real = field.show_value
    field.show_value = lambda value: (shown.append(value), real(value))  # type: ignore[method-assign]
    session.set("history.pain_now", 4)
    session.set("goniometry.active_slr.left", 40)
    assert shown == []
    session.set("history.mechanism_detail", "fell")
    assert shown == ["fell"]
    session.undo_stack.undo()  # undo is an edit too
    assert shown == ["fell", None]
