"""A whole examination entered through the GUI, and a crash in the middle of one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox
from pytestqt.qtbot import QtBot

from slrdesk.core.assessment import classify
from slrdesk.core.document.exam import Clinician, Patient
from slrdesk.gui.app import build_main_window
from slrdesk.gui.clinician_dialog import ClinicianDialog
from slrdesk.gui.main_window import MainWindow
from slrdesk.gui.patient_dialog import PatientDialog
from slrdesk.gui.sections.goniometry import GoniometrySection
from slrdesk.gui.sections.grid_section import GridSection
from slrdesk.gui.sections.history import HistorySection
from slrdesk.gui.sections.neurology import ReflexSensationSection
from slrdesk.gui.sections.pain_map import PainMapSection
from slrdesk.gui.sections.red_flags import RedFlagSection
from slrdesk.gui.sections.special_tests import SpecialTestsSection


def choose(box: QComboBox, text: str) -> None:
    """Pick an entry as the user does (activated is what a user's choice emits)."""
    index = box.findText(text)
    assert index >= 0, text
    box.setCurrentIndex(index)
    box.activated.emit(index)


def type_into(qtbot: QtBot, view: QAbstractItemView, text: str) -> None:
    """Type over the current cell: the first key opens its editor, the rest go into it."""
    qtbot.keyClicks(view, text[0])
    editor = QApplication.focusWidget()
    assert editor is not None
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # Let the closed editor go before the next keystroke, as the event loop does between a
    # person's keystrokes.
    QApplication.processEvents()


def type_cell(qtbot: QtBot, grid: GridSection, table: int, row_label: str, column: int,
              text: str) -> None:
    model, view = grid.models[table], grid.views[table]
    row = next(i for i, label in enumerate(model.row_labels) if label.startswith(row_label))
    view.setFocus()
    view.setCurrentIndex(model.index(row, column))
    type_into(qtbot, view, text)


def test_clinical_example_2_entered_through_the_gui(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.close_exam()
    monkeypatch.setattr(ClinicianDialog, "ask", classmethod(
        lambda cls, parent: Clinician(name="Dr Sam Okafor")))
    patient = Patient(name="Helen Kowalczyk", date_of_birth="1968-05-02", sex="female",
                      record_number="MRN-200202")
    monkeypatch.setattr(PatientDialog, "ask", classmethod(
        lambda cls, parent, p=None, holder_of=None: patient))
    window.create_patient()
    window.new_exam(patient.patient_id)
    editor, session = window.editor, window.session
    assert editor is not None
    assert session is not None

    editor.show_section(0)
    history = editor.section(0)
    assert isinstance(history, HistorySection)
    for path, text in (("history.affected_side", "Left"), ("history.onset", "Gradual"),
                       ("history.course", "Worsening"),
                       ("history.symptoms.leg_pain_worse_than_back", "Yes"),
                       ("history.symptoms.bilateral_symptoms", "No")):
        box = editor.binder.widget(path)
        assert isinstance(box, QComboBox)
        choose(box, text)

    editor.show_section(1)
    pain = editor.section(1)
    assert isinstance(pain, PainMapSection)
    row = next(i for i, r in enumerate(pain.model.regions) if r.id == "anterior_thigh_upper_left")
    pain.view.setFocus()
    pain.view.setCurrentIndex(pain.model.index(row, 0))
    qtbot.keyClick(pain.view, Qt.Key.Key_Space)
    pain.view.setCurrentIndex(pain.model.index(row, 2))
    type_into(qtbot, pain.view, "nr")

    editor.show_section(2)
    goniometry = editor.section(2)
    assert isinstance(goniometry, GoniometrySection)
    for path, value in (("goniometry.hip_internal_rotation.left", "35"),
                        ("goniometry.hip_internal_rotation.right", "38")):
        field = goniometry.fields[path]
        field.setFocus()
        qtbot.keyClicks(field, value)
        qtbot.keyClick(field, Qt.Key.Key_Return)

    editor.show_section(4)
    myotomes = editor.section(4)
    assert isinstance(myotomes, GridSection)
    type_cell(qtbot, myotomes, 0, "Hip flexion", 1, "3")
    type_cell(qtbot, myotomes, 0, "Knee extension", 1, "4")
    myotomes.models[0].all_normal()

    editor.show_section(5)
    neurology = editor.section(5)
    assert isinstance(neurology, ReflexSensationSection)
    type_cell(qtbot, neurology.grids, 0, "Patellar", 1, "1")
    type_cell(qtbot, neurology.grids, 1, "L3", 1, "a")
    for model in neurology.grids.models:
        model.all_normal()

    editor.show_section(6)
    tests_section = editor.section(6)
    assert isinstance(tests_section, SpecialTestsSection)
    tests = tests_section.grids
    type_cell(qtbot, tests, 0, "Femoral nerve stretch", 1, "+")
    type_cell(qtbot, tests, 0, "Passive SLR reproduces", 1, "nt")
    type_cell(qtbot, tests, 0, "Femoral nerve stretch", 2, "-")

    editor.show_section(7)
    flags = editor.section(7)
    assert isinstance(flags, RedFlagSection)
    flags.model.answer_rest_no()

    assessment = session.assessment
    assert assessment.hypotheses[0].id == "upper_lumbar_radiculopathy"
    assert assessment.motor_loss == "neurological"
    assert assessment.urgency == "same_day"
    assert assessment.unanswered_red_flags == []
    tree = editor.panel.tree
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    top = next(item for item in items if item is not None and item.text(0).startswith("1. "))
    assert top.text(0).startswith("1. L2-L4 nerve root: strong — LR about")
    assert editor.banner.property("raised")
    assert "SAME DAY" in editor.banner.text()

    with qtbot.waitSignal(session.saved, timeout=3000):
        pass
    stored = window.store.get_exam(session.exam.exam_id)
    assert stored == session.exam
    assert classify(stored).hypotheses[0].id == "upper_lumbar_radiculopathy"
    marks = stored.pain_map
    assert [(m.region, m.qualities) for m in marks] == [
        ("anterior_thigh_upper_left", ["numbness", "radiating"])]


CHILD = """
import sys
from PySide6.QtWidgets import QApplication
from slrdesk.gui.app import application, build_main_window
app = application()
window = build_main_window(sys.argv[1], demo=True)
window.show()
session = window.session
session.set("history.pain_now", 9)
session.set("goniometry.passive_slr.left", 33)
session.saved.connect(lambda at: print("saved", flush=True))
app.exec()
"""


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_killed_mid_exam_the_draft_reopens_as_it_was(qtbot: QtBot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with subprocess.Popen([sys.executable, "-c", textwrap.dedent(CHILD), str(data)],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                          env=env) as child:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "saved"
        os.kill(child.pid, signal.SIGKILL)
    window = build_main_window(data)  # no --demo: what a restart after a crash does
    qtbot.addWidget(window)
    try:
        assert window.session is not None, "the draft was not reopened"
        exam = window.session.exam
        assert exam.history.pain_now == 9
        assert exam.goniometry.passive_slr.left == 33
        assert window.save_status.text() == (
            "Reopened the draft that was open when SLR Desk stopped")
    finally:
        window.shutdown()


TYPING_CHILD = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from slrdesk.gui.app import application, build_main_window
app = application()
window = build_main_window(sys.argv[1], demo=True)
window.show()
editor = window.editor

def type_everything():
    history = editor.section(0)
    for path, text in (("history.onset_date", "2026-11-17"),
                       ("history.mechanism_detail", "slipped on ice"),
                       ("history.temperature_c", "37.9")):
        field = editor.binder.widget(path)
        field.setFocus()
        field.selectAll()
        QTest.keyClicks(field, text)  # typed, never left: no editingFinished
    angles = editor.section(2)
    field = angles.fields["goniometry.active_slr.right"]
    field.setFocus()
    field.selectAll()
    QTest.keyClicks(field, "27")
    plan = editor.section(8)
    referral = plan.referral
    referral.setFocus()
    QTest.keyClicks(referral, "orthopaedics, Dr Lee")
    print("typed", flush=True)

QTimer.singleShot(300, type_everything)
app.exec()
"""


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_killed_one_second_after_typing_every_kind_of_field_loses_nothing(
    qtbot: QtBot, tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with subprocess.Popen([sys.executable, "-c", textwrap.dedent(TYPING_CHILD), str(data)],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                          env=env) as child:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "typed"
        time.sleep(1.0)  # the promise: saved within a fraction of a second of typing
        os.kill(child.pid, signal.SIGKILL)
    window = build_main_window(data)
    qtbot.addWidget(window)
    try:
        assert window.session is not None
        exam = window.session.exam
        assert exam.history.onset_date is not None
        assert exam.history.onset_date.isoformat() == "2026-11-17"
        assert exam.history.mechanism_detail == "slipped on ice"
        assert exam.history.temperature_c == 37.9
        assert exam.goniometry.active_slr.right == 27
        assert exam.impression.referral == "orthopaedics, Dr Lee"
    finally:
        window.shutdown()
