"""A follow-up exam started from the previous findings: every copied value marked as carried
until it is entered again or confirmed, on the screen as in the record."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from slrdesk.gui.main_window import MainWindow
from slrdesk.gui.sections.grid_section import GridSection
from slrdesk.gui.sections.history import HistorySection
from tests.gui.conftest import new_exam_for_demo_patient


@pytest.fixture
def follow_up(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    return new_exam_for_demo_patient(window, monkeypatch, copy_previous=True)


def test_carried_values_are_marked_and_counted_per_section(follow_up: MainWindow) -> None:
    editor = follow_up.editor
    assert editor is not None
    assert follow_up.session is not None
    carried = follow_up.session.exam.carried
    assert carried is not None
    assert editor.carried_bar.isVisible()
    assert "carried from the exam of 2026-11-20" in editor.carried_text.text()
    counts = [len(paths) for paths in editor.carried_by_section()]
    assert sum(counts) == len(carried.paths)
    assert editor.nav.item(4).text().endswith(f"↺{counts[4]}")  # myotomes
    assert editor.nav.item(4).toolTip().startswith(f"{counts[4]} values carried from the")
    editor.show_section(4)
    grid = editor.section(4)
    assert isinstance(grid, GridSection)
    model = grid.models[0]
    cell = model.index(0, 2)  # hip flexion, right: graded in the demo exam
    assert cell.data(Qt.ItemDataRole.FontRole).italic()
    assert "Carried from the exam of 2026-11-20" in cell.data(Qt.ItemDataRole.ToolTipRole)


def test_entering_a_value_again_or_confirming_ends_carried(follow_up: MainWindow,
                                                           qtbot: QtBot) -> None:
    editor = follow_up.editor
    session = follow_up.session
    assert editor is not None
    assert session is not None
    editor.show_section(4)
    grid = editor.section(4)
    assert isinstance(grid, GridSection)
    view, model = grid.views[0], grid.models[0]
    before = len(editor.carried_by_section()[4])
    shown = model.index(0, 2).data()
    view.setFocus()
    view.setCurrentIndex(model.index(0, 2))
    with qtbot.waitSignal(session.changed):
        qtbot.keyClicks(view, shown[0])  # the same grade, typed again today
        qtbot.keyClicks(view.focusWidget() or view, shown[1:])
        qtbot.keyClick(view.focusWidget() or view, Qt.Key.Key_Return)
    assert model.index(0, 2).data() == shown
    assert model.index(0, 2).data(Qt.ItemDataRole.FontRole) is None  # no longer italic
    assert len(editor.carried_by_section()[4]) == before - 1
    button = editor.confirm_button
    assert isinstance(button, QPushButton)
    assert button.isEnabled()
    repainted: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda top, bottom: repainted.append((top.row(), bottom.row())))
    with qtbot.waitSignal(session.changed):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    # The italics go from every row at once: confirming changes no cell, only what is carried.
    assert (0, model.rowCount() - 1) in repainted
    assert model.index(1, 1).data(Qt.ItemDataRole.FontRole) is None
    assert editor.carried_by_section()[4] == []
    assert not button.isEnabled()
    assert "↺" not in editor.nav.item(4).text()
    session.undo_stack.undo()  # confirming is one undoable step
    assert len(editor.carried_by_section()[4]) == before - 1


def test_tabbing_through_a_carried_field_confirms_nothing(follow_up: MainWindow,
                                                          qtbot: QtBot) -> None:
    editor = follow_up.editor
    session = follow_up.session
    assert editor is not None
    assert session is not None
    editor.show_section(0)
    history = editor.section(0)
    assert isinstance(history, HistorySection)
    field = editor.binder.widget("history.mechanism_detail")
    assert field.font().italic()
    assert "Carried from the exam of 2026-11-20" in field.toolTip()
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert "history.mechanism_detail" in session.exam.carried.paths  # type: ignore[union-attr]
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_End)
    qtbot.keyClicks(field, ", seen again")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert "history.mechanism_detail" not in session.exam.carried.paths  # type: ignore[union-attr]
    assert not field.font().italic()
