"""The exam editor: sections on the left (click or Ctrl+1…9), the section in the middle, the live
assessment on the right, and a red-flag banner above whenever one is present."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QListWidget,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from slrdesk.core.catalog import form_sections
from slrdesk.core.errors import SlrDeskError
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

# What draws each section of the form; their titles and order come from forms/manifest.toml.
FACTORIES: dict[str, SectionFactory] = {
    "history": HistorySection,
    "pain_map": PainMapSection,
    "goniometry": GoniometrySection,
    "mens_aslr": MensSection,
    "neurology.myotomes": lambda s: GridSection(s, [(
        "Myotomes (MRC 0–5, then what limited it: n nothing, p pain, g guarding, e effort)",
        "motor")]),
    "neurology": ReflexSensationSection,
    "special_tests": SpecialTestsSection,
    "red_flags": RedFlagSection,
    "impression": ImpressionSection,
}


def sections() -> list[tuple[str, str, SectionFactory]]:
    """(title, key, factory) of each section, in the form manifest's order."""
    return [(section.title, section.key, FACTORIES[section.key])
            for section in form_sections()]


def section_for(path: str) -> int:
    """Which section records the field at `path`."""
    listed = sections()
    best, length = len(listed) - 1, 0
    for i, (_, prefix, _) in enumerate(listed):
        if path.startswith(prefix) and len(prefix) > length:
            best, length = i, len(prefix)
    return best


def _focus_first_field(section: QWidget) -> None:
    """The first field of a section in tab order (a grid, a box, a text field; buttons such as
    "All normal" are skipped: a keystroke meant for a field must not press them)."""
    widget = section.nextInFocusChain()
    while widget is not None and widget is not section and section.isAncestorOf(widget):
        if (widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isEnabled()
                and widget.isVisibleTo(section) and not isinstance(widget, QAbstractButton)):
            widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        widget = widget.nextInFocusChain()


def _last_in_focus_chain(section: QWidget) -> QWidget | None:
    """The section's last widget that Tab stops on."""
    last, widget = None, section.nextInFocusChain()
    while widget is not None and widget is not section and section.isAncestorOf(widget):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            last = widget
        widget = widget.nextInFocusChain()
    return last


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
        self._sections = sections()
        self._built: list[QWidget | None] = [None] * len(self._sections)
        for number, (title, _, _) in enumerate(self._sections, 1):
            self.nav.addItem(f"{number}  {title}")
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a Tab stop that shows nothing
            self.stack.addWidget(scroll)
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.activated.connect(lambda i=number - 1: self.show_section(i, focus=True))
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
        self.signed_bar = QLabel()
        self.signed_bar.setObjectName("signed_bar")
        self.signed_bar.setWordWrap(True)
        self.signed_bar.setStyleSheet("background: #dde7f0; color: #1b1b1b; padding: 6px; "
                                      "border-radius: 4px;")
        layout.addWidget(self.signed_bar)
        layout.addWidget(self.banner)
        # Room for three lines whatever the banner says, so the exam below never moves.
        self.banner.setMinimumHeight(self.banner.fontMetrics().lineSpacing() * 3 + 16)
        layout.addWidget(splitter, 1)
        self.setWindowTitle(f"{exam.patient.name}: exam {exam.encounter_time.date()}")
        session.changed.connect(self._refresh_header)
        self._refresh_header()
        self.show_section(0)

    def _refresh_header(self) -> None:
        exam = self.session.exam
        lines = []
        if exam.signature is not None:
            signed = exam.signature.signed_at.astimezone().strftime("%Y-%m-%d %H:%M %Z")
            lines.append(f"<b>Signed on {signed} by {escape(exam.signature.signer)}</b> — "
                         "read-only; to correct or add, write an addendum (Exam menu).")
        if exam.addendum is not None:
            lines.append(f"<b>Addendum to the exam of "
                         f"{self._amended_date(exam.addendum.amends_exam_id)}:</b> "
                         f"{escape(exam.addendum.text)}")
        self.signed_bar.setText("<br/>".join(lines))
        self.signed_bar.setVisible(bool(lines))
        status = "signed, read-only" if self.session.locked else "draft"
        self.header.setText(
            f"<b>{exam.patient.name}</b> · born {exam.patient.date_of_birth.isoformat()} · "
            f"record {exam.patient.record_number} · exam "
            f"{exam.encounter_time.strftime('%Y-%m-%d %H:%M')} · {status}")

    def _amended_date(self, exam_id: uuid.UUID) -> str:
        try:
            amended = self.session.store.get_exam(exam_id)
        except SlrDeskError:
            return str(exam_id)
        return amended.encounter_time.astimezone().strftime("%Y-%m-%d")

    def section(self, index: int) -> QWidget:
        """The section widget, built on first use."""
        built = self._built[index]
        if built is None:
            _, _, factory = self._sections[index]
            built = factory(self.session)
            built.setObjectName(f"section_{index + 1}")
            # Signed (or opened read-only): nothing in it takes an edit, visibly; the scroll
            # area around it stays usable for reading.
            built.setEnabled(not self.read_only)
            scroll = self.stack.widget(index)
            assert isinstance(scroll, QScrollArea)
            scroll.setWidget(built)
            self._built[index] = built
            # Tab goes section list → the section's fields → the assessment panel. A section
            # built later joins the end of the focus chain, after the panel, unless moved.
            last = _last_in_focus_chain(built)
            if last is not None:
                QWidget.setTabOrder(last, self.panel.tree)
        return built

    def show_section(self, index: int, *, focus: bool = False) -> None:
        """Show a section; `focus` (Ctrl+1…9) also puts the cursor in its first field."""
        built = self.section(index)
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)
        self.stack.setCurrentIndex(index)
        if focus:
            _focus_first_field(built)

    @property
    def read_only(self) -> bool:
        return self.session.locked or self.session.store.read_only is not None

    def current_section(self) -> int:
        return self.stack.currentIndex()

    def go_to(self, path: str) -> None:
        """Show the section that records `path` and put the cursor on its field."""
        index = section_for(path)
        self.show_section(index)
        focus = getattr(self.section(index), "focus_path", None)
        if focus is not None:
            focus(path)
