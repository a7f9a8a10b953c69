"""Who is examining: asked once per workstation, then used for every new exam."""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from slrdesk.core.document.exam import Clinician
from slrdesk.core.errors import describe_validation_error


class ClinicianDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Clinician")
        self.result_clinician: Clinician | None = None
        self.name = QLineEdit()
        self.credentials = QLineEdit()
        self.registration = QLineEdit()
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        form = QFormLayout()
        for label, widget in (("Name", self.name), ("Credentials", self.credentials),
                              ("Registration number", self.registration)):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Who examines at this workstation? This is written on every "
                                "exam note."))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def try_accept(self) -> bool:
        try:
            self.result_clinician = Clinician(
                name=self.name.text().strip(),
                credentials=self.credentials.text().strip() or None,
                registration_number=self.registration.text().strip() or None)
        except ValidationError as exc:
            self.error.setText(describe_validation_error(exc))
            return False
        self.accept()
        return True

    @classmethod
    def ask(cls, parent: QWidget | None) -> Clinician | None:
        dialog = cls(parent)
        return dialog.result_clinician if dialog.exec() == QDialog.DialogCode.Accepted else None
