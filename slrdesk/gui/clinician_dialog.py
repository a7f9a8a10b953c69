"""Who is examining: asked once per workstation, then used for every new exam."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QWidget

from slrdesk.core.document.exam import Clinician
from slrdesk.gui.widgets.form_dialog import FormDialog


class ClinicianDialog(FormDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        self.name = QLineEdit()
        self.credentials = QLineEdit()
        self.registration = QLineEdit()
        super().__init__(
            "Clinician", "Who examines at this workstation? This is written on every exam note.",
            [("Name", self.name), ("Credentials", self.credentials),
             ("Registration number", self.registration)],
            QDialogButtonBox.StandardButton.Ok, self._clinician, parent,
            labels={"name": "Name", "credentials": "Credentials",
                    "registration_number": "Registration number"})

    def _clinician(self) -> Clinician:
        return Clinician(name=self.name.text().strip(),
                         credentials=self.credentials.text().strip() or None,
                         registration_number=self.registration.text().strip() or None)

    @property
    def result_clinician(self) -> Clinician | None:
        return self.made if isinstance(self.made, Clinician) else None

    @classmethod
    def ask(cls, parent: QWidget | None) -> Clinician | None:
        dialog = cls(parent)
        return dialog.result_clinician if dialog.exec() == QDialog.DialogCode.Accepted else None
