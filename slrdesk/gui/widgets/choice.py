"""A combo box bound to one field of the exam: the catalog's choices plus "not recorded"."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox

from slrdesk.core.document.editing import affects

if TYPE_CHECKING:
    from slrdesk.gui.session import ExamSession

NOT_RECORDED = "— not recorded —"


class ChoiceBox(QComboBox):
    def __init__(self, session: ExamSession, path: str, choices: list[tuple[Any, str]],
                 key: str | None = None) -> None:
        """`key`: the field holds `{key: choice}` (a graded finding) rather than the choice."""
        super().__init__()
        self.session, self.path, self.key = session, path, key
        # Size by a short label, not the longest choice, so forms fit a 1366-pixel screen.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(9)
        self.addItem(NOT_RECORDED, None)
        for value, label in choices:
            self.addItem(label, value)
        self.refresh()
        self.activated.connect(self._chosen)
        session.edited.connect(self._edited)

    def _chosen(self, index: int) -> None:
        choice = self.itemData(index)
        value = {self.key: choice} if self.key and choice is not None else choice
        problem = self.session.set(self.path, value)
        if problem:
            self.setToolTip(problem)
            self.refresh()

    def _edited(self, changed: frozenset[str] | None) -> None:
        if affects(self.path, changed):
            self.refresh()

    def refresh(self) -> None:
        value = self.session.value(self.path)
        if self.key and isinstance(value, dict):
            value = value.get(self.key)
        index = self.findData(value) if value is not None else 0
        self.blockSignals(True)
        self.setCurrentIndex(max(index, 0))
        self.blockSignals(False)
