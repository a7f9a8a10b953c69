"""Find a patient (name, record number or date of birth), see their exams newest first, and open,
continue or start one; or see the course across their visits (Progress)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from slrdesk.core.errors import SlrDeskError
from slrdesk.gui.actions import keys_of
from slrdesk.gui.models.patient_models import (
    ID_ROLE,
    ExamListModel,
    PatientListModel,
    ProgressModel,
)
from slrdesk.gui.widgets.course_plot import CoursePlot
from slrdesk.gui.widgets.date_entry import format_hint, read_date

if TYPE_CHECKING:
    from slrdesk.core.store import SqlExamStore

SEARCH_DELAY_MS = 120


def _table(model: PatientListModel | ExamListModel | ProgressModel, name: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return view


class PatientsPage(QWidget):
    """Signals: `new_patient`, `edit_patient(uuid)`, `new_exam(uuid, bool copy_previous)`,
    `open_exam(uuid)`."""

    new_patient = Signal()
    edit_patient = Signal(object)
    new_exam = Signal(object, bool)
    open_exam = Signal(object)

    def __init__(self, store: SqlExamStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by name, record number or date of birth "
                                       f"({format_hint()})")
        self.search.setAccessibleName("Search patients")
        self.search.setClearButtonEnabled(True)
        self.patients = PatientListModel(store)
        self.exams = ExamListModel(store)
        self.patient_view = _table(self.patients, "Patients")
        self.exam_view = _table(self.exams, "Exams of the selected patient")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(self._timer.start)
        self.search.returnPressed.connect(self.run_search)
        self.patient_view.selectionModel().currentRowChanged.connect(self._patient_changed)
        # Enter (or a double click) on a patient goes to their exams: a second Enter opens the
        # newest; editing the patient is its own button.
        self.patient_view.activated.connect(lambda _i: self._to_exams())
        self.exam_view.activated.connect(self._open_index)

        self.new_patient_button = QPushButton("New patient…")
        self.edit_patient_button = QPushButton("Edit patient…")
        self.new_exam_button = QPushButton("New exam")
        self.copy_previous = QCheckBox("Start from the previous exam's findings")
        self.open_button = QPushButton("Open exam")
        self.new_patient_button.clicked.connect(self.new_patient.emit)
        self.edit_patient_button.clicked.connect(self._edit)
        self.new_exam_button.clicked.connect(self._new_exam)
        self.open_button.clicked.connect(lambda: self._open_index(self.exam_view.currentIndex()))
        self.count = QLabel()

        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.patient_view, 1)
        left.addWidget(self.count)
        row = QHBoxLayout()
        row.addWidget(self.new_patient_button)
        row.addWidget(self.edit_patient_button)
        left.addLayout(row)
        # The course across visits: built when its tab is first shown, and again for each
        # patient while it is shown (reading every visit costs more than the exam list).
        self.progress = ProgressModel()
        self.progress_view = _table(self.progress, "Course across visits, oldest first")
        self.progress_view.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents)
        self.plot = CoursePlot()
        self.progress_note = QLabel()
        self.progress_note.setWordWrap(True)
        course = QWidget()
        course_layout = QVBoxLayout(course)
        course_layout.addWidget(self.plot, 2)
        course_layout.addWidget(self.progress_view, 3)
        course_layout.addWidget(self.progress_note)
        exams = QWidget()
        exams_layout = QVBoxLayout(exams)
        exams_layout.setContentsMargins(0, 0, 0, 0)
        exams_layout.addWidget(QLabel("<b>Exams</b>, newest first"))
        exams_layout.addWidget(self.exam_view, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(exams, "&Exams")
        self.tabs.addTab(course, "P&rogress")
        self.tabs.currentChanged.connect(lambda _i: self._show_progress())
        right = QVBoxLayout()
        right.addWidget(self.tabs, 1)
        right.addWidget(self.copy_previous)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_exam_button)
        buttons.addWidget(self.open_button)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        self.run_search()

    def run_search(self) -> None:
        self._timer.stop()
        text = self.search.text()
        born = read_date(text) if text.strip() else None
        # A birth date typed the local way (14/03/2002) is looked up as the stored ISO date.
        try:
            self.patients.search(born.isoformat() if born else text)
        except SlrDeskError as exc:  # a clinic server that cannot be reached, say
            self.count.setText(f"The patient list cannot be read now: {exc}")
            self.count.setStyleSheet("color: #b3261e; font-weight: bold;")
            return
        self.count.setStyleSheet("")
        shown = self.patients.rowCount()
        limit = " (first 200; refine the search)" if shown == self.patients.LIMIT else ""
        self.count.setText(f"{shown} patient{'s' if shown != 1 else ''}{limit}")
        if not shown and not self.search.text().strip():
            # First start: say what to do rather than show an empty table.
            keys = keys_of("new_exam_for_selected")
            self.count.setText(f"No patients yet: press “New patient” ({keys}) to add the "
                               "first one, or start with the demo (slrdesk --demo).")
        if shown:
            self.patient_view.selectRow(0)
        else:
            self.exams.show_patient(None)
        self._update_buttons()

    def selected_patient(self) -> uuid.UUID | None:
        index = self.patient_view.currentIndex()
        if not index.isValid():
            return None
        patient_id: uuid.UUID = self.patients.data(index, ID_ROLE).patient_id
        return patient_id

    def select_patient(self, patient_id: uuid.UUID) -> None:
        for row, summary in enumerate(self.patients.rows):
            if summary.patient_id == patient_id:
                self.patient_view.selectRow(row)
                return

    def _patient_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        try:
            self.exams.show_patient(self.selected_patient())
        except SlrDeskError as exc:
            self.count.setText(f"This patient's exams cannot be read now: {exc}")
            return
        if self.exams.rowCount():
            self.exam_view.selectRow(0)
        self._update_buttons()
        self._show_progress()

    def _show_progress(self) -> None:
        if self.tabs.currentIndex() != 1:
            return
        from slrdesk.core.progress import visits

        patient = self.selected_patient()
        try:
            series = visits(self.store, patient) if patient is not None else []
        except SlrDeskError as exc:
            series = []
            self.progress_note.setText(f"The course cannot be shown: {exc}")
        else:
            self.progress_note.setText(
                f"{len(series)} visit{'s' if len(series) != 1 else ''}. A change is shown only "
                "beyond the measurement's error (goniometer, one MRC grade, 2 points of pain)."
                if series else "No visits yet.")
        self.progress.show(series)
        self.plot.set_visits(series)

    def _update_buttons(self) -> None:
        has_patient = self.selected_patient() is not None
        self.edit_patient_button.setEnabled(has_patient)
        self.new_exam_button.setEnabled(has_patient)
        self.copy_previous.setEnabled(has_patient and self.exams.rowCount() > 0)
        self.open_button.setEnabled(self.exams.rowCount() > 0)

    def _to_exams(self) -> None:
        if self.exams.rowCount():
            self.exam_view.setFocus()
            self.exam_view.selectRow(0)
        else:
            self.new_exam_button.setFocus()

    def _edit(self) -> None:
        patient = self.selected_patient()
        if patient is not None:
            self.edit_patient.emit(patient)

    def _new_exam(self) -> None:
        patient = self.selected_patient()
        if patient is not None:
            self.new_exam.emit(patient, self.copy_previous.isChecked()
                               and self.exams.rowCount() > 0)

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_exam.emit(self.exams.data(index, ID_ROLE).exam_id)

    def refresh(self) -> None:
        selected = self.selected_patient()
        self.run_search()
        if selected is not None:
            self.select_patient(selected)
