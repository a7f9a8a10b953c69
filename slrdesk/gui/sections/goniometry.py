"""Goniometry: every angle per side as a number, the selected angle also on two dials that can be
dragged, the instrument, and the left/right difference marked when beyond measurement error."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from slrdesk.core.catalog import SIDES, catalog
from slrdesk.core.progress import MARK, angle_direction, angle_error, side_difference
from slrdesk.gui.widgets.choice import ChoiceBox
from slrdesk.gui.widgets.fields import AngleField
from slrdesk.gui.widgets.goniometer import GoniometerDial

if TYPE_CHECKING:
    from slrdesk.gui.binder import Binder
    from slrdesk.gui.session import ExamSession


class _FollowFocus(QObject):
    """Selects the dials' angle whenever one of its fields gets focus: click, Tab or shortcut."""

    def __init__(self, section: GoniometrySection, angle_id: str) -> None:
        super().__init__(section)
        self.section, self.angle_id = section, angle_id

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            self.section.select_angle(self.angle_id)
        return False


class GoniometrySection(QWidget):
    def __init__(self, session: ExamSession, binder: Binder,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.binder = session, binder
        cat = catalog()
        layout = QVBoxLayout(self)
        top = QFormLayout()
        self.instrument = binder.field("goniometry.instrument", ChoiceBox(
            [(i.id, i.label) for i in cat.instruments.values()]), "Instrument")
        top.addRow("Instrument", self.instrument)
        layout.addLayout(top)

        self.message = binder.message
        grid = QGridLayout()
        for column, title in enumerate(("Angle (degrees)", "Left", "Right", "Difference",
                                        "Last visit")):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        self.fields: dict[str, AngleField] = {}
        self.differences: dict[str, QLabel] = {}
        # The value at the patient's previous visit, marked ▲/▼ when today's differs by more
        # than the instrument's error (CLINICAL: a goniometer reads to about 5°).
        self.last_visit: dict[str, QLabel] = {}
        for row, (angle_id, spec) in enumerate(cat.angles.items(), 1):
            label = QLabel(f"{spec.label} ({spec.minimum}–{spec.plausible_maximum}°)")
            label.setWordWrap(True)  # long names wrap rather than push the form sideways
            grid.addWidget(label, row, 0)
            for column, side in enumerate(SIDES, 1):
                path = f"goniometry.{angle_id}.{side}"
                field = binder.field(path, AngleField((spec.minimum, spec.maximum)),
                                     f"{spec.label}, {side}")
                # The dials show the angle whose field has focus, a click included.
                field.installEventFilter(_FollowFocus(self, angle_id))
                self.fields[path] = field
                grid.addWidget(field, row, column)
            difference = QLabel()
            difference.setWordWrap(True)
            self.differences[angle_id] = difference
            grid.addWidget(difference, row, 3)
            last = QLabel()
            last.setObjectName(f"last_{angle_id}")
            self.last_visit[angle_id] = last
            grid.addWidget(last, row, 4)
        onset_row = len(cat.angles) + 1
        grid.addWidget(QLabel("Passive SLR symptoms felt in"), onset_row, 0)
        locations = [(loc.id, loc.label) for loc in cat.symptom_locations.values()]
        # Both choices on one row across the columns, each named by its side, sharing its
        # width: in the angle columns "Hamstring stretch only" showed as "Hamstring stret".
        felt_in = QHBoxLayout()
        for side in SIDES:
            box = binder.field(f"goniometry.passive_slr_onset_location.{side}",
                               ChoiceBox(locations), f"Passive SLR symptoms felt in, {side}")
            name = QLabel(side.capitalize())
            name.setBuddy(box)
            felt_in.addWidget(name)
            felt_in.addWidget(box, 1)
        grid.addLayout(felt_in, onset_row, 1, 1, 4)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(3, 2)
        layout.addLayout(grid)

        dials = QGroupBox("Goniometer")
        self.dial_title = QLabel()
        row_layout = QHBoxLayout()
        self.dials: dict[str, GoniometerDial] = {}
        for side in SIDES:
            side_layout = QVBoxLayout()
            side_layout.addWidget(QLabel(side.title()))
            dial = GoniometerDial()
            binder.control(dial)
            dial.angle_edited.connect(lambda value, s=side: self._dial_edited(s, value))
            self.dials[side] = dial
            side_layout.addWidget(dial, 1)
            row_layout.addLayout(side_layout)
        box_layout = QVBoxLayout(dials)
        box_layout.addWidget(self.dial_title)
        box_layout.addLayout(row_layout)
        layout.addWidget(dials, 1)
        self.selected = "passive_slr"
        binder.watch(["goniometry"], self.refresh)
        self.refresh()

    def select_angle(self, angle_id: str) -> None:
        self.selected = angle_id
        self._refresh_dials()

    def _dial_edited(self, side: str, value: int) -> None:
        path = f"goniometry.{self.selected}.{side}"
        # A drag, or arrows held down, is one undoable step.
        if self.binder.set(path, value, merge=True) is None and path in self.fields:
            self.fields[path].show_value(value)  # the dial set a valid value: fixed
        else:
            self._refresh_dials()  # a dial never shows what is not recorded

    def _refresh_dials(self) -> None:
        spec = catalog().angles[self.selected]
        self.dial_title.setText(f"{spec.label}: drag the leg, or use the arrow keys (±1°) "
                                "and Page Up/Down (±5°)")
        for side, dial in self.dials.items():
            dial.setAccessibleName(f"Goniometer, {spec.label}, {side}")
            dial.set_range(spec.minimum, spec.maximum)
            dial.set_angle(self.session.value(f"goniometry.{self.selected}.{side}"))

    def refresh(self) -> None:
        error = angle_error(self.session.exam.goniometry.instrument)
        for angle_id, label in self.differences.items():
            pair = getattr(self.session.exam.goniometry, angle_id)
            found = side_difference(pair.left, pair.right, error)
            if found is None:
                label.setText("")
                continue
            difference, beyond = found
            label.setText(f"{difference:g}°" + (" — beyond measurement error" if beyond else ""))
            label.setStyleSheet("font-weight: bold; color: #b35900;" if beyond else "")
        self._refresh_last_visit(error)
        self._refresh_dials()

    def _refresh_last_visit(self, error: float) -> None:
        previous = self.session.previous
        for angle_id, label in self.last_visit.items():
            if previous is None:
                label.setText("")
                continue
            then = getattr(previous.goniometry, angle_id)
            now = getattr(self.session.exam.goniometry, angle_id)
            shown, said = [], []
            for side in SIDES:
                before, after = getattr(then, side), getattr(now, side)
                if before is None:
                    continue
                way = angle_direction(angle_id, before, after, error)
                shown.append(f"{side[0].upper()} {before}°{' ' + MARK[way] if way else ''}")
                if way:
                    said.append(f"{side} {way} than on the last visit")
            label.setText("  ".join(shown))
            label.setToolTip(f"Last visit ({previous.encounter_time.date().isoformat()})"
                             + (": " + "; ".join(said) if said else ""))
