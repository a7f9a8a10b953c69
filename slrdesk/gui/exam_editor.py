"""The exam editor: sections on the left (click or Ctrl+1…9), the section in the middle, the live
assessment on the right, and a red-flag banner above whenever one is present."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from slrdesk.gui.assessment_panel import AssessmentPanel
from slrdesk.gui.red_flag_banner import RedFlagBanner
from slrdesk.gui.sections.goniometry import GoniometrySection
from slrdesk.gui.sections.grid_section import GridSection
from slrdesk.gui.sections.history import HistorySection
from slrdesk.gui.sections.impression import ImpressionSection
from slrdesk.gui.sections.mens import MensSection
from slrdesk.gui.sections.neurology import ReflexSensationSection
from slrdesk.gui.sections.pain_map import PainMapSection
from slrdesk.gui.sections.red_flags import RedFlagSection
from slrdesk.gui.sections.special_tests import SpecialTestsSection

if TYPE_CHECKING:
    from slrdesk.gui.session import ExamSession

SectionFactory = Callable[["ExamSession"], QWidget]

SECTIONS: tuple[tuple[str, str, SectionFactory], ...] = (
    ("History", "history", HistorySection),
    ("Pain map", "pain_map", PainMapSection),
    ("Goniometry", "goniometry", GoniometrySection),
    ("Mens active SLR", "mens_aslr", MensSection),
    ("Myotomes", "neurology.myotomes",
     lambda s: GridSection(s, [("Myotomes (MRC 0–5, then what limited it: n nothing, p pain, "
                                "g guarding, e effort)", "motor")])),
    ("Reflexes and sensation", "neurology", ReflexSensationSection),
    ("Special tests", "special_tests", SpecialTestsSection),
    ("Red flags", "red_flags", RedFlagSection),
    ("Assessment and plan", "impression", ImpressionSection),
)


def section_for(path: str) -> int:
    """Which section records the field at `path`."""
    best, length = len(SECTIONS) - 1, 0
    for i, (_, prefix, _) in enumerate(SECTIONS):
        if path.startswith(prefix) and len(prefix) > length:
            best, length = i, len(prefix)
    return best


class ExamEditor(QWidget):
    def __init__(self, session: ExamSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        exam = session.exam
        self.header = QLabel()
        self.header.setObjectName("exam_header")
        self.banner = RedFlagBanner(session, self)
        self.nav = QListWidget()
        self.nav.setAccessibleName("Exam sections")
        self.nav.setMaximumWidth(200)
        self.stack = QStackedWidget()
        # Sections are built the first time they are shown: opening an exam stays quick, and
        # an edit only refreshes the sections the clinician has looked at.
        self._built: list[QWidget | None] = [None] * len(SECTIONS)
        for number, (title, _, _) in enumerate(SECTIONS, 1):
            self.nav.addItem(f"{number}  {title}")
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            self.stack.addWidget(scroll)
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.activated.connect(lambda i=number - 1: self.show_section(i))
        self.nav.currentRowChanged.connect(self.show_section)
        self.panel = AssessmentPanel(session)
        self.panel.go_to.connect(self.go_to)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([170, 780, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.header)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        self.setWindowTitle(f"{exam.patient.name}: exam {exam.encounter_time.date()}")
        session.changed.connect(self._refresh_header)
        self._refresh_header()
        self.show_section(0)

    def _refresh_header(self) -> None:
        exam = self.session.exam
        status = "signed, read-only" if self.session.locked else "draft"
        self.header.setText(
            f"<b>{exam.patient.name}</b> · born {exam.patient.date_of_birth.isoformat()} · "
            f"record {exam.patient.record_number} · exam "
            f"{exam.encounter_time.strftime('%Y-%m-%d %H:%M')} · {status}")

    def section(self, index: int) -> QWidget:
        """The section widget, built on first use."""
        built = self._built[index]
        if built is None:
            _, _, factory = SECTIONS[index]
            built = factory(self.session)
            built.setObjectName(f"section_{index + 1}")
            scroll = self.stack.widget(index)
            assert isinstance(scroll, QScrollArea)
            scroll.setWidget(built)
            self._built[index] = built
        return built

    def show_section(self, index: int) -> None:
        self.section(index)
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)
        self.stack.setCurrentIndex(index)

    def current_section(self) -> int:
        return self.stack.currentIndex()

    def go_to(self, path: str) -> None:
        """Show the section that records `path` and put the cursor on its field."""
        index = section_for(path)
        self.show_section(index)
        focus = getattr(self.section(index), "focus_path", None)
        if focus is not None:
            focus(path)
