"""Create or edit a patient; each problem is shown next to its field."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import ValidationError
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from slrdesk.core.errors import describe_errors
from slrdesk.core.exam import Patient

_SEXES = [("female", "Female"), ("male", "Male"), ("other", "Other"), ("unknown", "Unknown")]


class PatientDialog(QDialog):
    def __init__(self, patient: Patient | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit patient" if patient else "New patient")
        self.patient_id = patient.patient_id if patient else uuid.uuid4()
        self.result_patient: Patient | None = None
        self.name = QLineEdit(patient.name if patient else "")
        self.birth = QLineEdit(patient.date_of_birth.isoformat() if patient else "")
        self.birth.setPlaceholderText("YYYY-MM-DD")
        self.record = QLineEdit(patient.record_number if patient else "")
        self.sex = QComboBox()
        for value, label in _SEXES:
            self.sex.addItem(label, value)
        if patient:
            self.sex.setCurrentIndex(self.sex.findData(patient.sex))
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, label, widget in (("name", "Name", self.name),
                                   ("date_of_birth", "Date of birth", self.birth),
                                   ("sex", "Sex", self.sex),
                                   ("record_number", "Record number", self.record)):
            widget.setAccessibleName(label)
            error = QLabel()
            error.setStyleSheet("color: #b3261e;")
            error.setObjectName(f"error_{key}")
            self.errors[key] = error
            form.addRow(label, widget)
            form.addRow("", error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> dict[str, Any]:
        return {"patient_id": str(self.patient_id), "name": self.name.text(),
                "date_of_birth": self.birth.text().strip(), "sex": self.sex.currentData(),
                "record_number": self.record.text()}

    def try_accept(self) -> bool:
        for label in self.errors.values():
            label.clear()
        try:
            self.result_patient = Patient.model_validate(self.values())
        except ValidationError as exc:
            for error, sentence in zip(exc.errors(), describe_errors(exc), strict=True):
                field = str(error["loc"][0]) if error["loc"] else "name"
                self.errors.get(field, self.errors["name"]).setText(
                    sentence.split(": ", 1)[-1])
            return False
        self.accept()
        return True

    def show_error(self, field: str, message: str) -> None:
        self.errors[field].setText(message)

    @classmethod
    def ask(cls, parent: QWidget | None, patient: Patient | None = None) -> Patient | None:
        """Run the dialog; the new or edited patient, or None if cancelled."""
        dialog = cls(patient, parent)
        return dialog.result_patient if dialog.exec() == QDialog.DialogCode.Accepted else None
