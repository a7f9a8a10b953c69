"""Goniometry: every angle per side as a number, the selected angle also on two dials that can be
dragged, the instrument, and the left/right difference marked when beyond measurement error."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from slrdesk.core.catalog import SIDES, catalog
from slrdesk.core.document.field_labels import field_label
from slrdesk.core.progress import MARK, direction
from slrdesk.gui.widgets.choice import ChoiceBox
from slrdesk.gui.widgets.fields import has_problem, mark_invalid
from slrdesk.gui.widgets.goniometer import GoniometerDial

if TYPE_CHECKING:
    from slrdesk.gui.session import ExamSession


class AngleField(QLineEdit):
    focused = Signal()  # however the field got focus: click, Tab, or a shortcut

    def __init__(self, session: ExamSession, path: str, message: QLabel) -> None:
        super().__init__()
        self.session, self.path, self.message = session, path, message
        self.setPlaceholderText("—")
        self.setMaximumWidth(70)
        # Saved a moment after the last key, so a crash loses nothing typed (see TextField).
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(lambda: self.commit(quiet=True))
        self._typed = False  # as in TextField: tabbing through confirms no carried value
        self.textEdited.connect(self._on_typed)
        self.editingFinished.connect(self.commit)

    def _on_typed(self) -> None:
        self._typed = True
        self._timer.start()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit()

    def commit(self, quiet: bool = False) -> None:
        self._timer.stop()
        text = self.text().strip().rstrip("°")
        if text and not text.lstrip("-").isdigit():
            if not quiet:
                self._refused(f"{field_label(self.path)}: {text!r} is not a whole number "
                              "of degrees")
            return
        if quiet and text:
            spec = catalog().angles[self.path.split(".")[1]]
            if not spec.minimum <= int(text) <= spec.maximum:
                return  # still being typed, or out of range: said when the field is left
        value = int(text) if text else None
        if not self._typed and value == self.session.value(self.path):
            return
        problem = self.session.set(self.path, value)
        self._typed = self._typed and bool(problem)
        if problem:
            if not quiet:
                self._refused(problem)
            return
        if has_problem(self):
            self.message.setText("")
        mark_invalid(self, None)

    def _refused(self, problem: str) -> None:
        """What was typed stays, marked, with why beside it; the record keeps its value."""
        self.message.setText(problem)
        mark_invalid(self, problem)

    def refresh(self) -> None:
        if has_problem(self):
            return  # a refused entry stays on screen until it is fixed or cleared
        value = self.session.value(self.path)
        self.setText("" if value is None else str(value))


class GoniometrySection(QWidget):
    def __init__(self, session: ExamSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        cat = catalog()
        layout = QVBoxLayout(self)
        top = QFormLayout()
        self.instrument = ChoiceBox(session, "goniometry.instrument",
                                    [(i.id, i.label) for i in cat.instruments.values()])
        self.instrument.setAccessibleName("Instrument")
        top.addRow("Instrument", self.instrument)
        layout.addLayout(top)

        self.message = QLabel()
        self.message.setObjectName("entry_message")
        self.message.setStyleSheet("color: #b3261e;")
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
                field = AngleField(session, path, self.message)
                field.setAccessibleName(f"{spec.label}, {side}")
                # The dials show the angle whose field has focus, a click included.
                field.focused.connect(lambda a=angle_id: self.select_angle(a))
                field.textEdited.connect(lambda _t, a=angle_id: self.select_angle(a))
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
        for column, side in enumerate(SIDES, 1):
            box = ChoiceBox(session, f"goniometry.passive_slr_onset_location.{side}", locations)
            box.setAccessibleName(f"Passive SLR symptoms felt in, {side}")
            grid.addWidget(box, onset_row, column)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(3, 2)
        layout.addLayout(grid)
        layout.addWidget(self.message)

        dials = QGroupBox("Goniometer")
        self.dial_title = QLabel()
        row_layout = QHBoxLayout()
        self.dials: dict[str, GoniometerDial] = {}
        for side in SIDES:
            side_layout = QVBoxLayout()
            side_layout.addWidget(QLabel(side.title()))
            dial = GoniometerDial()
            dial.angle_edited.connect(lambda value, s=side: self._dial_edited(s, value))
            self.dials[side] = dial
            side_layout.addWidget(dial, 1)
            row_layout.addLayout(side_layout)
        box_layout = QVBoxLayout(dials)
        box_layout.addWidget(self.dial_title)
        box_layout.addLayout(row_layout)
        layout.addWidget(dials, 1)
        self.selected = "passive_slr"
        session.changed.connect(self.refresh)
        self.refresh()

    def select_angle(self, angle_id: str) -> None:
        self.selected = angle_id
        self._refresh_dials()

    def _dial_edited(self, side: str, value: int) -> None:
        path = f"goniometry.{self.selected}.{side}"
        problem = self.session.set(path, value)
        self.message.setText(problem or "")
        if problem is None and path in self.fields:
            mark_invalid(self.fields[path], None)  # the dial set a valid value: fixed
            self.fields[path].refresh()

    def _refresh_dials(self) -> None:
        spec = catalog().angles[self.selected]
        self.dial_title.setText(f"{spec.label}: drag the leg, or use the arrow keys (±1°) "
                                "and Page Up/Down (±5°)")
        for side, dial in self.dials.items():
            dial.setAccessibleName(f"Goniometer, {spec.label}, {side}")
            dial.set_range(spec.minimum, spec.maximum)
            dial.set_angle(self.session.value(f"goniometry.{self.selected}.{side}"))

    def refresh(self) -> None:
        for field in self.fields.values():
            if not field.hasFocus():
                field.refresh()
        instrument = self.session.exam.goniometry.instrument
        error = catalog().instruments[instrument].measurement_error_deg if instrument else 5.0
        for angle_id, label in self.differences.items():
            pair = getattr(self.session.exam.goniometry, angle_id)
            if pair.left is None or pair.right is None:
                label.setText("")
                continue
            difference = abs(pair.left - pair.right)
            beyond = difference > error
            label.setText(f"{difference}°" + (" — beyond measurement error" if beyond else ""))
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
                # A larger angle is better for every angle but the Thomas test's.
                way = direction(before, after, error + 0.001,
                                higher_is_better=angle_id != "thomas_thigh_angle")
                shown.append(f"{side[0].upper()} {before}°{' ' + MARK[way] if way else ''}")
                if way:
                    said.append(f"{side} {way} than on the last visit")
            label.setText("  ".join(shown))
            label.setToolTip(f"Last visit ({previous.encounter_time.date().isoformat()})"
                             + (": " + "; ".join(said) if said else ""))

    def focus_path(self, path: str) -> bool:
        field = self.fields.get(path)
        if field is None:
            return False
        field.setFocus()
        return True
