"""The clinic's letterhead (name, address, phone): set once per workstation, printed at the top
of every new exam's note. Leaving the name empty and saving removes the letterhead."""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QPlainTextEdit, QWidget

from slrdesk.core.document.exam import Clinic
from slrdesk.core.errors import describe_validation_error
from slrdesk.gui.widgets.form_dialog import FormDialog


class ClinicDialog(FormDialog):
    def __init__(self, current: Clinic | None, parent: QWidget | None = None) -> None:
        self.result_clinic: Clinic | None = None
        self.name = QLineEdit(current.name if current else "")
        self.address = QPlainTextEdit(current.address or "" if current else "")
        self.address.setTabChangesFocus(True)
        self.phone = QLineEdit(current.phone or "" if current else "")
        super().__init__(
            "Clinic details",
            "The letterhead of the notes of exams started from now on. Exams already started "
            "keep the letterhead they began with. Leave the name empty for no letterhead.",
            [("Clinic name", self.name), ("Address", self.address), ("Phone", self.phone)],
            QDialogButtonBox.StandardButton.Save, parent)
        self.address.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)

    def try_accept(self) -> bool:
        name = self.name.text().strip()
        address = self.address.toPlainText().strip()
        phone = self.phone.text().strip()
        if not name and (address or phone):
            self.error.setText("Clinic name: is needed for a letterhead (or clear the address "
                               "and phone too for none)")
            self.name.setFocus()
            return False
        try:
            self.result_clinic = Clinic(name=name, address=address or None,
                                        phone=phone or None) if name else None
        except ValidationError as exc:
            self.error.setText(describe_validation_error(exc))
            return False
        self.accept()
        return True

    @classmethod
    def ask(cls, current: Clinic | None, parent: QWidget | None) -> tuple[bool, Clinic | None]:
        """(saved, the letterhead or None for none); (False, None) when cancelled."""
        dialog = cls(current, parent)
        saved = dialog.exec() == QDialog.DialogCode.Accepted
        return saved, dialog.result_clinic if saved else None
