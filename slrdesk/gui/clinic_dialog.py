"""The clinic's letterhead (name, address, phone): set once per workstation, printed at the top
of every new exam's note. Leaving the name empty and saving removes the letterhead."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QPlainTextEdit, QWidget

from slrdesk.core.document.exam import Clinic
from slrdesk.gui.widgets.form_dialog import FormDialog, FormProblem


class ClinicDialog(FormDialog):
    def __init__(self, current: Clinic | None, parent: QWidget | None = None) -> None:
        self.name = QLineEdit(current.name if current else "")
        self.address = QPlainTextEdit(current.address or "" if current else "")
        self.address.setTabChangesFocus(True)
        self.phone = QLineEdit(current.phone or "" if current else "")
        super().__init__(
            "Clinic details",
            "The letterhead of the notes of exams started from now on. Exams already started "
            "keep the letterhead they began with. Leave the name empty for no letterhead.",
            [("Clinic name", self.name), ("Address", self.address), ("Phone", self.phone)],
            QDialogButtonBox.StandardButton.Save, self._clinic, parent,
            labels={"name": "Clinic name", "address": "Address", "phone": "Phone"})
        self.address.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)

    def _clinic(self) -> Clinic | None:
        name = self.name.text().strip()
        address = self.address.toPlainText().strip()
        phone = self.phone.text().strip()
        if not name and (address or phone):
            self.name.setFocus()
            raise FormProblem("Clinic name: is needed for a letterhead (or clear the address "
                              "and phone too for none)")
        return Clinic(name=name, address=address or None, phone=phone or None) if name else None

    @property
    def result_clinic(self) -> Clinic | None:
        return self.made if isinstance(self.made, Clinic) else None

    @classmethod
    def ask(cls, current: Clinic | None, parent: QWidget | None) -> tuple[bool, Clinic | None]:
        """(saved, the letterhead or None for none); (False, None) when cancelled."""
        dialog = cls(current, parent)
        saved = dialog.exec() == QDialog.DialogCode.Accepted
        return saved, dialog.result_clinic if saved else None
