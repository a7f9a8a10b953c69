"""Every item model passes Qt's own model tester, before and after edits."""

from __future__ import annotations

import pytest
from pytestqt.modeltest import ModelTester

from slrdesk.gui.models.grid_model import BilateralGridModel
from slrdesk.gui.models.pain_map_model import PainMapModel
from slrdesk.gui.models.patient_models import ExamListModel, PatientListModel
from slrdesk.gui.models.red_flag_model import RedFlagModel


@pytest.mark.parametrize("kind", ["motor", "reflex", "sensation", "test"])
def test_grid_models(qtmodeltester: ModelTester, make_session, kind: str) -> None:  # type: ignore[no-untyped-def]
    session = make_session("sprinter_strain")
    model = BilateralGridModel(session, kind)  # type: ignore[arg-type]
    qtmodeltester.check(model)
    assert model.set_cells([model.index(0, 1)], {"motor": "3p", "reflex": "1+",
                                                  "sensation": "a", "test": "+"}[kind])
    assert model.all_normal()
    qtmodeltester.check(model)


def test_red_flag_and_pain_map_models(qtmodeltester: ModelTester, make_session) -> None:  # type: ignore[no-untyped-def]
    session = make_session("sprinter_strain")
    flags = RedFlagModel(session)
    qtmodeltester.check(flags)
    assert flags.set_answers([0], "y")
    pain = PainMapModel(session)
    qtmodeltester.check(pain)
    assert pain.set_marked(5, True)
    qtmodeltester.check(pain)


def test_patient_and_exam_models(qtmodeltester: ModelTester, make_session, store) -> None:  # type: ignore[no-untyped-def]
    make_session("sprinter_strain")
    make_session("hip_osteoarthritis")
    patients = PatientListModel(store)
    patients.search("")
    assert patients.rowCount() == 2
    qtmodeltester.check(patients)
    patients.search("brenner")
    assert patients.rowCount() == 1
    exams = ExamListModel(store)
    exams.show_patient(patients.rows[0].patient_id)
    qtmodeltester.check(exams)
    assert exams.rowCount() == 1


def test_item_views_survive_thousands_of_redraws(qtbot, make_session) -> None:  # type: ignore[no-untyped-def]
    """PySide6 6.12.0 crashed the interpreter here ("deallocating None") after a few thousand
    redraws; the pinned version must not."""
    from PySide6.QtWidgets import QApplication

    from slrdesk.gui.sections.grid_section import GridView

    session = make_session("sprinter_strain")
    model = BilateralGridModel(session, "motor")
    view = GridView(model)
    qtbot.addWidget(view)
    view.show()
    for _ in range(1500):
        model.dataChanged.emit(model.index(0, 0), model.index(model.rowCount() - 1, 2))
        QApplication.processEvents()
    assert model.index(0, 2).data() == "2p"
