"""Mens active straight-leg raise: 0–5 per leg, without and with pelvic compression."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFormLayout, QGridLayout, QLabel, QVBoxLayout, QWidget

from slrdesk.core.catalog import SIDES
from slrdesk.gui.widgets.choice import ChoiceBox

if TYPE_CHECKING:
    from slrdesk.gui.session import ExamSession

SCALE = [(0, "0 not difficult at all"), (1, "1 minimally difficult"), (2, "2 somewhat difficult"),
         (3, "3 fairly difficult"), (4, "4 very difficult"), (5, "5 unable")]


class MensSection(QWidget):
    def __init__(self, session: ExamSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.widgets: dict[str, QWidget] = {}
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>Left</b>"), 0, 1)
        grid.addWidget(QLabel("<b>Right</b>"), 0, 2)
        grid.addWidget(QLabel("<b>Sum (0–10)</b>"), 0, 3)
        self.sums: dict[str, QLabel] = {}
        for row, (part, label) in enumerate((("without_compression", "Without compression"),
                                             ("with_compression", "With pelvic compression")), 1):
            grid.addWidget(QLabel(label), row, 0)
            for column, side in enumerate(SIDES, 1):
                path = f"mens_aslr.{part}.{side}"
                box = ChoiceBox(session, path, SCALE)
                box.setAccessibleName(f"Mens active SLR {label.lower()}, {side}")
                self.widgets[path] = box
                grid.addWidget(box, row, column)
            self.sums[part] = QLabel()
            grid.addWidget(self.sums[part], row, 3)
        form = QFormLayout()
        height = ChoiceBox(session, "mens_aslr.lift_height_cm", [(5, "5 cm"), (20, "20 cm")])
        height.setAccessibleName("Lift height")
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
        session.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        mens = self.session.exam.mens_aslr
        for part, label in self.sums.items():
            total = mens.total(with_compression=part == "with_compression")
            label.setText("—" if total is None else str(total))

    def focus_path(self, path: str) -> bool:
        for key, widget in self.widgets.items():
            if key.startswith(path):
                widget.setFocus()
                return True
        return False
