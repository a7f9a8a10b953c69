"""The clinician's own conclusion: impression, codes (offered, never chosen for them), plan and
referral; and the letter's recipient and the referrer, printed under the note's title."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from slrdesk.core.catalog import catalog
from slrdesk.gui.widgets.fields import NotesField, TextField
from slrdesk.gui.widgets.whole_table import show_every_row

if TYPE_CHECKING:
    from slrdesk.gui.binder import Binder
    from slrdesk.gui.session import ExamSession


class ImpressionSection(QWidget):
    def __init__(self, session: ExamSession, binder: Binder,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.binder = session, binder
        self.message = binder.message
        self.impression = binder.field("impression.impression", NotesField(),
                                       "Clinician's impression")
        self.plan = binder.field("impression.plan", NotesField(), "Plan")
        self.referral = binder.field("impression.referral", TextField(), "Referral")
        self.addressed_to = binder.field("correspondence.addressed_to", TextField(),
                                         "Letter to")
        self.referred_by = binder.field("correspondence.referred_by", TextField(),
                                        "Referred by")
        self.codes = binder.control(QListWidget())
        self.codes.setAccessibleName("ICD-10-CM codes")
        for code in catalog().codes.values():
            item = QListWidgetItem(f"{code.id}  {code.label}")
            item.setData(Qt.ItemDataRole.UserRole, code.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.codes.addItem(item)
        self.codes.itemChanged.connect(self._codes_changed)
        show_every_row(self.codes)  # every code in view: the page scrolls, the list never
        layout = QVBoxLayout(self)
        # The codes last: the whole list is shown, and above the plan it pushed the plan and
        # the referral below the fold.
        for label, widget in (("Impression", self.impression), ("Plan", self.plan),
                              ("Referral", self.referral),
                              ("Letter to (the note's recipient)", self.addressed_to),
                              ("Referred by", self.referred_by),
                              ("Codes (none chosen for you; verify against the current "
                               "ICD-10-CM release)", self.codes)):
            layout.addWidget(QLabel(f"<b>{label}</b>"))
            layout.addWidget(widget)
        binder.watch(["impression.codes"], self.refresh)
        self.refresh()

    def _codes_changed(self) -> None:
        chosen = [self.codes.item(i).data(Qt.ItemDataRole.UserRole)
                  for i in range(self.codes.count())
                  if self.codes.item(i).checkState() == Qt.CheckState.Checked]
        if self.binder.set("impression.codes", chosen) is not None:
            self.refresh()

    def refresh(self) -> None:
        chosen = set(self.session.exam.impression.codes)
        self.codes.blockSignals(True)
        for i in range(self.codes.count()):
            item = self.codes.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.codes.blockSignals(False)
