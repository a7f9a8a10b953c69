"""The clinic's letterhead and the note's recipient and referrer, as a clinician sets them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from slrdesk.core.document.exam import Clinic, Clinician
from slrdesk.core.profile import CLINIC_FILE, load_clinic
from slrdesk.gui.clinic_dialog import ClinicDialog
from slrdesk.gui.clinician_dialog import ClinicianDialog
from slrdesk.gui.main_window import MainWindow
from slrdesk.gui.sections.impression import ImpressionSection


@pytest.fixture
def clinician(monkeypatch: pytest.MonkeyPatch) -> None:
    """The workstation's clinician, answered when the first exam asks."""
    monkeypatch.setattr(ClinicianDialog, "ask", classmethod(
        lambda cls, parent: Clinician(name="Dr Sam Okafor")))


def _save(dialog: ClinicDialog, qtbot: QtBot) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)


def test_the_clinic_dialog_takes_name_address_and_phone_from_the_keyboard(qtbot: QtBot) -> None:
    dialog = ClinicDialog(None)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "Riverside Spine Clinic")
    qtbot.keyClicks(dialog.address, "12 Mill Lane")
    qtbot.keyClick(dialog.address, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.address, "Riverside RS1 4AB")
    qtbot.keyClicks(dialog.phone, "020 7946 0321")
    _save(dialog, qtbot)
    assert dialog.result_clinic == Clinic(name="Riverside Spine Clinic",
                                          address="12 Mill Lane\nRiverside RS1 4AB",
                                          phone="020 7946 0321")


def test_an_address_without_a_clinic_name_is_refused_in_words(qtbot: QtBot) -> None:
    dialog = ClinicDialog(None)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.phone, "020 7946 0321")
    _save(dialog, qtbot)
    assert dialog.result_clinic is None
    assert dialog.error.text().startswith("Clinic name: is needed")


def test_new_exams_carry_the_letterhead_and_earlier_ones_keep_theirs(
        window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        clinician: None) -> None:
    assert window.session is not None
    patient_id = window.session.exam.patient.patient_id
    before = window.session.exam.clinic
    clinic = Clinic(name="Riverside Spine Clinic", phone="020 7946 0321")
    monkeypatch.setattr(ClinicDialog, "ask", classmethod(lambda cls, current, parent: (True,
                                                                                      clinic)))
    assert window.edit_clinic()
    assert load_clinic(tmp_path / "data") == clinic
    assert window.session.exam.clinic == before  # an exam keeps the letterhead it began with
    exam = window.new_exam(patient_id)
    assert exam is not None
    assert exam.clinic == clinic


def test_a_damaged_clinic_profile_is_said_when_an_exam_starts(
        window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        clinician: None) -> None:
    assert window.session is not None
    (tmp_path / "data" / CLINIC_FILE).write_text("{")
    said: list[str] = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.warning",
                        lambda parent, title, text: said.append(text))
    exam = window.new_exam(window.session.exam.patient.patient_id)
    assert exam is not None
    assert exam.clinic is None
    assert len(said) == 1
    assert "letterhead" in said[0]


def test_letter_to_and_referred_by_are_typed_into_the_record(window: MainWindow,
                                                             qtbot: QtBot) -> None:
    assert window.editor is not None
    assert window.session is not None
    window.editor.go_to("correspondence.addressed_to")
    section = window.editor.section(window.editor.current_section())
    assert isinstance(section, ImpressionSection)
    qtbot.keyClicks(section.addressed_to, "Dr Priya Nair, Mill Lane Surgery")
    qtbot.keyClick(section.addressed_to, Qt.Key.Key_Tab)
    qtbot.keyClicks(section.referred_by, "Self-referred")
    qtbot.keyClick(section.referred_by, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: window.session is not None
                    and window.session.exam.correspondence.referred_by == "Self-referred")
    assert window.session.exam.correspondence.addressed_to == "Dr Priya Nair, Mill Lane Surgery"


def test_file_export_fhir_writes_the_open_exam_as_a_bundle(
        window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert window.session is not None
    target = tmp_path / "exam.fhir.json"
    offered: list[str] = []

    def choose(parent: object, title: str, suggested: str, filters: str) -> tuple[str, str]:
        offered.append(suggested)
        return str(target), filters

    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", choose)
    assert window.commands["export_fhir"].isEnabled()
    window.commands["export_fhir"].trigger()
    assert offered[0].endswith(".fhir.json")
    bundle = json.loads(target.read_bytes())
    assert bundle["resourceType"] == "Bundle"
    composition = bundle["entry"][0]["resource"]
    assert composition["status"] == "preliminary"  # the demo exam is a draft
    assert window.session.exam.patient.name in target.read_text(encoding="utf-8")
    assert "preliminary" in window.save_status.text()


def test_an_fhir_export_that_cannot_be_written_is_said(
        window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    said: list[str] = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.warning",
                        lambda parent, title, text: said.append(text))
    assert window.export_fhir(tmp_path) is None  # a folder, not a file
    assert len(said) == 1
    assert said[0].startswith("FHIR file ")
    assert "is a folder" in said[0]


def test_the_clinician_dialog_refuses_an_empty_name_in_words(qtbot: QtBot) -> None:
    dialog = ClinicianDialog()
    qtbot.addWidget(dialog)
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.keyClicks(dialog.credentials, "PT")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result_clinician is None
    assert dialog.error.text() == "Name: must not be empty"
    qtbot.keyClicks(dialog.name, "Dr Ana Lima")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result_clinician == Clinician(name="Dr Ana Lima", credentials="PT")
