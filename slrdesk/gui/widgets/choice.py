"""A combo box for one value of the exam: the form's choices plus "not recorded". It knows
nothing of the session: the choice goes out through its link (gui/binder.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox

from slrdesk.gui.binder import UNBOUND, FieldLink
from slrdesk.gui.widgets.fields import mark_invalid

NOT_RECORDED = "— not recorded —"


class ChoiceBox(QComboBox):
    def __init__(self, choices: list[tuple[Any, str]], key: str | None = None) -> None:
        """`key`: the field holds `{key: choice}` (a graded finding) rather than the choice."""
        super().__init__()
        self.link: FieldLink = UNBOUND
        self.key = key
        self._shown: Any = None
        # Size by a short label, not the longest choice, so forms fit a 1366-pixel screen.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(9)
        self.addItem(NOT_RECORDED, None)
        for value, label in choices:
            self.addItem(label, value)
        self.activated.connect(self._chosen)

    def _chosen(self, index: int) -> None:
        choice = self.itemData(index)
        value = {self.key: choice} if self.key and choice is not None else choice
        if self.link.store(value) is not None:
            self.show_value(self._shown)  # refused: the box shows the record again

    def show_value(self, value: Any) -> None:
        self._shown = value
        if self.key and isinstance(value, dict):
            value = value.get(self.key)
        index = self.findData(value) if value is not None else 0
        self.blockSignals(True)
        self.setCurrentIndex(max(index, 0))
        self.blockSignals(False)

    def show_problem(self, problem: str | None) -> None:
        mark_invalid(self, problem)
