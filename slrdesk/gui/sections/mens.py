"""Mens active straight-leg raise: 0–5 per leg, without and with pelvic compression."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFormLayout, QGridLayout, QLabel, QVBoxLayout, QWidget

from slrdesk.core.catalog import SIDES
from slrdesk.gui.widgets.choice import ChoiceBox

if TYPE_CHECKING:
    from slrdesk.gui.binder import Binder
    from slrdesk.gui.session import ExamSession

SCALE = [(0, "0 not difficult at all"), (1, "1 minimally difficult"), (2, "2 somewhat difficult"),
         (3, "3 fairly difficult"), (4, "4 very difficult"), (5, "5 unable")]


class MensSection(QWidget):
    def __init__(self, session: ExamSession, binder: Binder,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>Left</b>"), 0, 1)
        grid.addWidget(QLabel("<b>Right</b>"), 0, 2)
        grid.addWidget(QLabel("<b>Sum (0–10)</b>"), 0, 3)
        self.sums: dict[str, QLabel] = {}
        for row, (part, label) in enumerate((("without_compression", "Without compression"),
                                             ("with_compression", "With pelvic compression")), 1):
            grid.addWidget(QLabel(label), row, 0)
            for column, side in enumerate(SIDES, 1):
                box = binder.field(f"mens_aslr.{part}.{side}", ChoiceBox(SCALE),
                                   f"Mens active SLR {label.lower()}, {side}")
                grid.addWidget(box, row, column)
            self.sums[part] = QLabel()
            grid.addWidget(self.sums[part], row, 3)
        form = QFormLayout()
        height = binder.field("mens_aslr.lift_height_cm",
                              ChoiceBox([(5, "5 cm"), (20, "20 cm")]), "Lift height")
        form.addRow("Lift height", height)
        layout = QVBoxLayout(self)
        intro = QLabel("Lift each straight leg off the couch; the patient rates how difficult it "
                       "is. Positive when the sum is 1 or more; repeat with the pelvis "
                       "compressed.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addLayout(form)
        layout.addStretch(1)
        binder.watch(["mens_aslr"], self.refresh)
        self.refresh()

    def refresh(self) -> None:
        mens = self.session.exam.mens_aslr
        for part, label in self.sums.items():
            total = mens.total(with_compression=part == "with_compression")
            label.setText("—" if total is None else str(total))
