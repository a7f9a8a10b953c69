"""The clinician's own conclusion: impression, codes (offered, never chosen for them), plan and
referral; and the letter's recipient and the referrer, printed under the note's title."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from slrdesk.core.catalog import catalog
from slrdesk.gui.sections.history import message_label
from slrdesk.gui.widgets.fields import NotesField, TextField

if TYPE_CHECKING:
    from slrdesk.gui.session import ExamSession


class ImpressionSection(QWidget):
    def __init__(self, session: ExamSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.message = message_label()
        self.impression = NotesField(session, "impression.impression", self.message)
        self.impression.setAccessibleName("Clinician's impression")
        self.plan = NotesField(session, "impression.plan", self.message)
        self.plan.setAccessibleName("Plan")
        self.referral = TextField(session, "impression.referral", self.message)
        self.referral.setAccessibleName("Referral")
        self.addressed_to = TextField(session, "correspondence.addressed_to", self.message)
        self.addressed_to.setAccessibleName("Letter to")
        self.referred_by = TextField(session, "correspondence.referred_by", self.message)
        self.referred_by.setAccessibleName("Referred by")
        self.codes = QListWidget()
        self.codes.setAccessibleName("ICD-10-CM codes")
        for code in catalog().codes.values():
            item = QListWidgetItem(f"{code.id}  {code.label}")
            item.setData(Qt.ItemDataRole.UserRole, code.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.codes.addItem(item)
        self.codes.itemChanged.connect(self._codes_changed)
        layout = QVBoxLayout(self)
        for label, widget in (("Impression", self.impression), ("Codes (none chosen for you; "
                              "verify against the current ICD-10-CM release)", self.codes),
                              ("Plan", self.plan), ("Referral", self.referral),
                              ("Letter to (the note's recipient)", self.addressed_to),
                              ("Referred by", self.referred_by)):
            layout.addWidget(QLabel(f"<b>{label}</b>"))
            layout.addWidget(widget)
        layout.addWidget(self.message)
        session.changed.connect(self.refresh)
        self.refresh()

    def _codes_changed(self) -> None:
        chosen = [self.codes.item(i).data(Qt.ItemDataRole.UserRole)
                  for i in range(self.codes.count())
                  if self.codes.item(i).checkState() == Qt.CheckState.Checked]
        self.message.setText(self.session.set("impression.codes", chosen) or "")

    def refresh(self) -> None:
        chosen = set(self.session.exam.impression.codes)
        self.codes.blockSignals(True)
        for i in range(self.codes.count()):
            item = self.codes.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.codes.blockSignals(False)

    def focus_path(self, path: str) -> bool:
        if path.startswith("impression"):
            self.impression.setFocus()
            return True
        if path.startswith("correspondence"):
            (self.referred_by if path.endswith("referred_by") else self.addressed_to).setFocus()
            return True
        return False
