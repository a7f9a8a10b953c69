"""The patient page's Progress tab: the course as a plot and its table twin."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from slrdesk.core.document.editing import with_value
from slrdesk.gui.main_window import MainWindow
from slrdesk.gui.models.patient_models import ProgressModel
from slrdesk.gui.widgets.course_plot import describe


def test_the_progress_tab_shows_every_visit_and_what_changed(
        window: MainWindow, qtbot: QtBot, qtmodeltester: ModelTester) -> None:
    assert window.session is not None
    first = window.session.exam
    window.close_exam()
    for days, slr in ((2, 30), (1, 50)):  # two earlier visits, recovering
        earlier = first.model_copy(update={"exam_id": uuid.uuid4(),
                                           "encounter_time": first.encounter_time
                                           - timedelta(days=days, hours=1)})
        window.store.save_draft(with_value(earlier, "goniometry.active_slr.right", slr))
    page = window.patients
    page.select_patient(first.patient.patient_id)
    page.tabs.setCurrentIndex(1)
    model = page.progress
    assert isinstance(model, ProgressModel)
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert [model.index(r, 4).data() for r in range(3)] == [
        "30°", "50°", f"{first.goniometry.active_slr.right}°"]
    assert model.index(1, model.columnCount() - 1).data().startswith(
        "Active SLR right 30° → 50° (better)")
    assert len(page.plot.visits) == 3
    assert describe(page.plot.visits[0]).startswith(f"{page.plot.visits[0].date}: active SLR")
    assert page.progress_note.text().startswith("3 visits.")


def test_each_graded_field_shows_the_last_visit_and_marks_a_real_change(
        window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import QItemSelectionModel, Qt

    from slrdesk.core.document.exam import Clinician
    from slrdesk.gui.clinician_dialog import ClinicianDialog
    from slrdesk.gui.sections.goniometry import GoniometrySection
    from slrdesk.gui.sections.grid_section import GridSection

    monkeypatch.setattr(ClinicianDialog, "ask", classmethod(
        lambda cls, parent: Clinician(name="Dr Sam Okafor")))
    assert window.session is not None
    before = window.session.exam
    window.close_exam()
    assert window.new_exam(before.patient.patient_id, copy_previous=True) is not None
    editor, session = window.editor, window.session
    assert editor is not None
    assert session is not None
    editor.show_section(4)
    grid = editor.section(4)
    assert isinstance(grid, GridSection)
    model, view = grid.models[0], grid.views[0]
    assert model.index(0, 0).data().endswith("· last L 5 · R 2p")  # hip flexion, no change
    view.setFocus()
    # One cell, whatever modifier keys an earlier test left Qt believing are held.
    view.selectionModel().setCurrentIndex(
        model.index(0, 2), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    with qtbot.waitSignal(session.changed):
        qtbot.keyClicks(view, "4")
        qtbot.keyClicks(view.focusWidget() or view, "n")
        qtbot.keyClick(view.focusWidget() or view, Qt.Key.Key_Return)
    assert model.index(0, 0).data().endswith("· last L 5 · R 2p ▲")  # two grades stronger
    editor.show_section(2)
    goniometry = editor.section(2)
    assert isinstance(goniometry, GoniometrySection)
    right = before.goniometry.active_slr.right
    assert goniometry.last_visit["active_slr"].text().endswith(f"R {right}°")
    field = goniometry.fields["goniometry.active_slr.right"]
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, str(right - 6))  # beyond the goniometer's 5°
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert goniometry.last_visit["active_slr"].text().endswith(f"R {right}° ▼")
    assert "right worse than on the last visit" in goniometry.last_visit["active_slr"].toolTip()
    from slrdesk.gui.sections.history import HistorySection

    editor.show_section(0)
    history = editor.section(0)
    assert isinstance(history, HistorySection)
    pain = history.last_pain["pain_now"]
    assert pain.text() == f"last visit {before.history.pain_now}/10"
    box = editor.binder.widget("history.pain_now")
    box.setFocus()
    with qtbot.waitSignal(session.changed):
        qtbot.keyClicks(box, "3")  # 6 → 3: three points better
    assert session.exam.history.pain_now == 3
    assert pain.text() == f"last visit {before.history.pain_now}/10 ▲"
