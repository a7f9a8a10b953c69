"""Create or edit a patient; each problem is shown next to its field."""

from __future__ import annotations

import uuid
from collections.abc import Callable
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

from slrdesk.core.document.exam import Patient
from slrdesk.core.errors import describe_errors
from slrdesk.gui.widgets.date_entry import add_date_picker, format_hint, read_date

_SEXES = [("female", "Female"), ("male", "Male"), ("other", "Other"), ("unknown", "Unknown")]


class PatientDialog(QDialog):
    def __init__(self, patient: Patient | None = None, parent: QWidget | None = None,
                 holder_of: Callable[[str], str | None] | None = None) -> None:
        """`holder_of(record_number)`: who else already has that record number, if anyone."""
        super().__init__(parent)
        self.holder_of = holder_of
        self.setWindowTitle("Edit patient" if patient else "New patient")
        self.patient_id = patient.patient_id if patient else uuid.uuid4()
        self.result_patient: Patient | None = None
        self.name = QLineEdit(patient.name if patient else "")
        self.birth = QLineEdit(patient.date_of_birth.isoformat() if patient else "")
        self.birth.setPlaceholderText(format_hint())
        add_date_picker(self.birth, lambda: None)
        self.record = QLineEdit(patient.record_number if patient else "")
        self.sex = QComboBox()
        # No default: a sex the clinician did not choose would be recorded as if it were known.
        self.sex.addItem("— choose —", None)
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
                "date_of_birth": self._birth(), "sex": self.sex.currentData(),
                "record_number": self.record.text()}

    def _birth(self) -> str:
        """ISO for the model; what was typed, if it is not a date, so the model says why."""
        day = read_date(self.birth.text())
        return day.isoformat() if day else self.birth.text().strip()

    def try_accept(self) -> bool:
        for label in self.errors.values():
            label.clear()
        # Every problem is said beside its field at once, not one at a time.
        ok = True
        if self.sex.currentData() is None:
            self.errors["sex"].setText("choose one (“Unknown” is a choice)")
            ok = False
        birth = self.birth.text().strip()
        unreadable_birth = bool(birth) and read_date(birth) is None
        holder = self.holder_of(self.record.text().strip()) if self.holder_of else None
        if holder is not None:
            self.errors["record_number"].setText(f"already belongs to {holder}")
            ok = False
        try:
            patient = Patient.model_validate({**self.values(),
                                              "sex": self.sex.currentData() or "unknown"})
        except ValidationError as exc:
            for error, sentence in zip(exc.errors(), describe_errors(exc), strict=True):
                field = str(error["loc"][0]) if error["loc"] else "name"
                self.errors.get(field, self.errors["name"]).setText(
                    sentence.split(": ", 1)[-1])
            ok = False
        if unreadable_birth:  # in the dialog's words, not the validation library's
            self.errors["date_of_birth"].setText(f"{birth!r} is not a date ({format_hint()})")
        if not ok or unreadable_birth:
            return False
        self.result_patient = patient
        self.accept()
        return True

    def show_error(self, field: str, message: str) -> None:
        self.errors[field].setText(message)

    @classmethod
    def ask(cls, parent: QWidget | None, patient: Patient | None = None,
            holder_of: Callable[[str], str | None] | None = None) -> Patient | None:
        """Run the dialog; the new or edited patient, or None if cancelled. It stays open on a
        record number another patient has, naming that patient."""
        dialog = cls(patient, parent, holder_of)
        return dialog.result_patient if dialog.exec() == QDialog.DialogCode.Accepted else None
