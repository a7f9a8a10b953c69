"""History: affected side, onset, mechanism, course, pain scores, the symptom checklist, notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from slrdesk.core.catalog import catalog
from slrdesk.core.forms import CLINIC_MARK, is_local
from slrdesk.core.progress import MARK, PAIN_ERROR, direction
from slrdesk.gui.widgets.choice import ChoiceBox
from slrdesk.gui.widgets.fields import NotesField, TextField

if TYPE_CHECKING:
    from slrdesk.gui.binder import Binder
    from slrdesk.gui.session import ExamSession

_SCORES = [(n, str(n)) for n in range(11)]


class HistorySection(QWidget):
    def __init__(self, session: ExamSession, binder: Binder,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        cat = catalog()
        self.session = session
        self.message = binder.message
        form = QFormLayout()

        def add(label: str, path: str, widget: ChoiceBox | TextField) -> None:
            form.addRow(label, binder.field(path, widget, label))

        add("Affected side", "history.affected_side", ChoiceBox(
            [("left", "Left"), ("right", "Right"), ("both", "Both")]))
        add("Onset", "history.onset", ChoiceBox([(o.id, o.label) for o in cat.onsets.values()]))
        add("Onset date", "history.onset_date", TextField(kind="date"))
        add("Mechanism", "history.mechanism", ChoiceBox(
            [(m.id, m.label) for m in cat.mechanisms.values()]))
        add("Mechanism detail", "history.mechanism_detail", TextField())
        add("Course", "history.course", ChoiceBox([(c.id, c.label) for c in cat.courses.values()]))
        self.last_pain: dict[str, QLabel] = {}
        for field, label in (("pain_now", "Pain now (0–10)"),
                             ("pain_worst_24h", "Worst pain, 24 h (0–10)"),
                             ("back_pain", "Back pain (0–10)"), ("leg_pain", "Leg pain (0–10)")):
            box = ChoiceBox(_SCORES)
            binder.field(f"history.{field}", box, label)
            # The score at the previous visit beside today's, marked when it moved 2 points.
            last = QLabel()
            self.last_pain[field] = last
            row = QHBoxLayout()
            row.addWidget(box, 1)
            row.addWidget(last)
            form.addRow(label, row)
        binder.watch([f"history.{field}" for field in self.last_pain], self._refresh_last_pain)
        self._refresh_last_pain()
        temperature = TextField(kind="decimal")
        temperature.setPlaceholderText("°C, measured")
        temperature.setMaximumWidth(120)
        add("Temperature (°C)", "history.temperature_c", temperature)

        symptoms = QGroupBox("Symptom checklist (not recorded until answered)")
        grid = QGridLayout(symptoms)
        for i, item in enumerate(cat.history_items.values()):
            box = ChoiceBox([(True, "Yes"), (False, "No")])
            binder.field(f"history.symptoms.{item.id}", box, item.label)
            name = QLabel(item.label + (CLINIC_MARK if is_local(item.id) else ""))
            if item.detail:
                name.setToolTip(item.detail)
                box.setToolTip(item.detail)
            grid.addWidget(name, i, 0)
            grid.addWidget(box, i, 1)

        notes = NotesField()
        binder.field("history.notes", notes, "History notes")
        notes.setMaximumHeight(110)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(symptoms)
        layout.addWidget(QLabel("Notes"))
        layout.addWidget(notes)
        layout.addStretch(1)

    def _refresh_last_pain(self) -> None:
        previous = self.session.previous
        for field, label in self.last_pain.items():
            before = getattr(previous.history, field) if previous is not None else None
            if before is None:
                label.setText("")
                continue
            way = direction(before, getattr(self.session.exam.history, field), PAIN_ERROR,
                            higher_is_better=False)
            label.setText(f"last visit {before}/10" + (f" {MARK[way]}" if way else ""))
            label.setToolTip(f"{way.capitalize()} than on the last visit by {PAIN_ERROR} "
                             "points or more" if way else "")
