"""The exam editor: sections on the left (click or Ctrl+1…9), the section in the middle, the live
assessment on the right, and a red-flag banner above whenever one is present."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from html import escape
from importlib import import_module
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from slrdesk.core.catalog import form_sections
from slrdesk.core.errors import SlrDeskError
from slrdesk.gui.actions import section_keys
from slrdesk.gui.assessment_panel import AssessmentPanel
from slrdesk.gui.binder import Binder
from slrdesk.gui.red_flag_banner import RedFlagBanner

if TYPE_CHECKING:
    from slrdesk.gui.session import ExamSession

SectionFactory = Callable[["ExamSession", Binder], QWidget]

# What draws each section of the form (module in slrdesk.gui.sections, and name); their titles
# and order come from forms/manifest.toml. A section's module is imported when the section is
# first shown, so opening an exam loads only the one on screen.
FACTORIES: dict[str, tuple[str, str]] = {
    "history": ("history", "HistorySection"),
    "pain_map": ("pain_map", "PainMapSection"),
    "goniometry": ("goniometry", "GoniometrySection"),
    "mens_aslr": ("mens", "MensSection"),
    "neurology.myotomes": ("grid_section", "MyotomeSection"),
    "neurology": ("neurology", "ReflexSensationSection"),
    "special_tests": ("special_tests", "SpecialTestsSection"),
    "red_flags": ("red_flags", "RedFlagSection"),
    "impression": ("impression", "ImpressionSection"),
}


def section_factory(key: str) -> SectionFactory:
    module, name = FACTORIES[key]
    factory: SectionFactory = getattr(import_module(f"slrdesk.gui.sections.{module}"), name)
    return factory


def sections() -> list[tuple[str, str]]:
    """(title, key) of each section, in the form manifest's order."""
    return [(section.title, section.key) for section in form_sections()]


def section_for(path: str) -> int:
    """Which section records the field at `path`."""
    listed = sections()
    best, length = len(listed) - 1, 0
    for i, (_, prefix) in enumerate(listed):
        if path.startswith(prefix) and len(prefix) > length:
            best, length = i, len(prefix)
    return best


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
        # Joins every section's widgets to the exam: writes, refreshes, errors, read-only, focus.
        self.binder = Binder(session, self)
        exam = session.exam
        self.header = QLabel()
        self.header.setObjectName("exam_header")
        self.banner = RedFlagBanner(session, self)
        self.nav = QListWidget()
        self.nav.setAccessibleName("Exam sections")
        self.nav.setMaximumWidth(200)
        # A long title with its carried count is shortened in the middle, never scrolled.
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.stack = QStackedWidget()
        # Sections are built the first time they are shown: opening an exam stays quick, and
        # an edit only refreshes the sections the clinician has looked at.
        self._sections = sections()
        self._carried_key: tuple[tuple[str, ...], int] = ((), -1)
        self._built: list[QWidget | None] = [None] * len(self._sections)
        for number, (title, _) in enumerate(self._sections, 1):
            self.nav.addItem(f"{number}  {title}")
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a Tab stop that shows nothing
            self.stack.addWidget(scroll)
            shortcut = QShortcut(QKeySequence(section_keys(number)), self)
            shortcut.activated.connect(lambda i=number - 1: self.show_section(i, focus=True))
        self.nav.currentRowChanged.connect(self.show_section)
        self.panel = AssessmentPanel(session)
        self.panel.go_to.connect(self.go_to)
        # Values copied from the previous exam: said above the section until each is confirmed
        # today. The bar stays for the whole exam while any remain, so nothing below it moves
        # as sections are confirmed one by one.
        self.carried_bar = QWidget()
        self.carried_bar.setObjectName("carried_bar")
        self.carried_bar.setStyleSheet("#carried_bar { background: #ece6f5; border-radius: 4px; }")
        self.carried_text = QLabel()
        self.carried_text.setWordWrap(True)
        self.carried_text.setStyleSheet("color: #1b1b1b;")
        self.confirm_button = QPushButton("Confirm as examined today")
        self.confirm_button.setToolTip("These values stand as they are: you examined them today "
                                       "and found the same.")
        self.confirm_button.clicked.connect(self.confirm_section)
        bar = QHBoxLayout(self.carried_bar)
        bar.setContentsMargins(8, 4, 8, 4)
        bar.addWidget(self.carried_text, 1)
        bar.addWidget(self.confirm_button)
        middle = QWidget()
        column = QVBoxLayout(middle)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.carried_bar)
        column.addWidget(self.stack, 1)
        # Every refused entry, said under the section and always in view (the binder's line);
        # two lines kept for it, so the section never changes height under the pointer.
        message = self.binder.message
        message.setMinimumHeight(2 * message.fontMetrics().lineSpacing() + 4)
        message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        column.addWidget(message)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.nav)
        splitter.addWidget(middle)
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
        # The header and the bars say who, when, signed or amended: nothing an edit changes.
        self.binder.watch(["status", "signature", "addendum", "patient", "encounter_time"],
                          self._refresh_header)
        self.binder.watch(None, self._refresh_carried)
        session.editable_changed.connect(self._editable_changed)
        self._refresh_header()
        self.show_section(0)

    def _editable_changed(self, _why: object = None) -> None:
        self._refresh_header()
        self._carried_key = ((), -1)  # the confirm button follows too
        self._refresh_carried()

    def _refresh_header(self) -> None:
        exam = self.session.exam
        lines = []
        if exam.signature is not None:
            signed = exam.signature.signed_at.astimezone().strftime("%Y-%m-%d %H:%M %Z")
            lines.append(f"<b>Signed on {signed} by {escape(exam.signature.signer)}</b> — "
                         "read-only; to correct or add, write an addendum (Exam menu).")
        if not self.session.locked and self.session.read_only is not None:
            lines.append(f"<b>Read-only here:</b> {escape(self.session.read_only)}")
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

    def carried_by_section(self) -> list[list[str]]:
        """The carried paths each section holds, in section order."""
        carried = self.session.exam.carried
        found: list[list[str]] = [[] for _ in self._sections]
        for path in carried.paths if carried is not None else []:
            found[section_for(path)].append(path)
        return found

    def _refresh_carried(self) -> None:
        """Say what is carried: per section in the list, for this section in the bar, and on
        every field. Only when the carried values or the section shown changed: most edits
        change neither, and the panel must update within a frame."""
        exam = self.session.exam
        key = (tuple(exam.carried.paths) if exam.carried else (), self.current_section())
        if key == self._carried_key:
            return
        marks_changed = key[0] != self._carried_key[0]
        self._carried_key = key
        per_section = self.carried_by_section()
        for index, (title, _) in enumerate(self._sections):
            count = len(per_section[index])
            item = self.nav.item(index)
            # Short, so the section list never needs to scroll sideways; the tooltip says it.
            item.setText(f"{index + 1}  {title}" + (f"  ↺{count}" if count else ""))
            item.setToolTip(f"{count} value{'s' if count != 1 else ''} carried from the "
                            "previous exam, not confirmed today" if count else "")
        self.carried_bar.setVisible(exam.carried is not None)
        if exam.carried is not None:
            here = len(per_section[self.current_section()])
            day = exam.carried.measured_on.isoformat()
            total = len(exam.carried.paths)
            self.carried_text.setText(
                f"<b>{here} value{'s' if here != 1 else ''} in this section "
                f"{'were' if here != 1 else 'was'} carried from the exam of {day}</b> and "
                "not confirmed today (shown in italics). Enter a value again, or confirm "
                f"them as they stand. {total} carried in all." if here else
                f"Nothing in this section is carried. {total} value"
                f"{'s' if total != 1 else ''} from the exam of {day} still to confirm in the "
                "sections marked ↺.")
            self.confirm_button.setEnabled(bool(here) and not self.read_only)
        if marks_changed:
            self.binder.mark_carried()

    def confirm_section(self) -> None:
        """Confirm every value the current section carries, as it stands."""
        paths = self.carried_by_section()[self.current_section()]
        if paths:
            self.session.confirm_carried(paths)

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
            built = section_factory(self._sections[index][1])(self.session, self.binder)
            built.setObjectName(f"section_{index + 1}")
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
        self._refresh_carried()
        if focus:
            self.binder.focus_first(built)

    @property
    def read_only(self) -> bool:
        return self.session.why_read_only is not None

    def current_section(self) -> int:
        return self.stack.currentIndex()

    def go_to(self, path: str) -> None:
        """Show the section that records `path` and put the cursor on its field."""
        self.show_section(section_for(path))
        self.binder.focus(path)
