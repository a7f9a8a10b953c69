"""Who is examining: asked once per workstation, then used for every new exam."""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QWidget

from slrdesk.core.document.exam import Clinician
from slrdesk.core.errors import describe_validation_error
from slrdesk.gui.widgets.form_dialog import FormDialog


class ClinicianDialog(FormDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        self.result_clinician: Clinician | None = None
        self.name = QLineEdit()
        self.credentials = QLineEdit()
        self.registration = QLineEdit()
        super().__init__(
            "Clinician", "Who examines at this workstation? This is written on every exam note.",
            [("Name", self.name), ("Credentials", self.credentials),
             ("Registration number", self.registration)],
            QDialogButtonBox.StandardButton.Ok, parent)

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
