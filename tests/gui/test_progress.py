"""The patient page's Progress tab: the course as a plot and its table twin."""

from __future__ import annotations

import uuid
from datetime import timedelta

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
