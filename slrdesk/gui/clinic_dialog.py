"""The clinic's letterhead (name, address, phone): set once per workstation, printed at the top
of every new exam's note. Leaving the name empty and saving removes the letterhead."""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from slrdesk.core.document.exam import Clinic
from slrdesk.core.errors import describe_validation_error


class ClinicDialog(QDialog):
    def __init__(self, current: Clinic | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Clinic details")
        self.result_clinic: Clinic | None = None
        self.name = QLineEdit(current.name if current else "")
        self.address = QPlainTextEdit(current.address or "" if current else "")
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.phone = QLineEdit(current.phone or "" if current else "")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        for label, widget in (("Clinic name", self.name), ("Address", self.address),
                              ("Phone", self.phone)):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        explain = QLabel("The letterhead of the notes of exams started from now on. Exams "
                         "already started keep the letterhead they began with. Leave the "
                         "name empty for no letterhead.")
        explain.setWordWrap(True)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

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
