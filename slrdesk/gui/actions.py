"""Every command of the main window in one table: its menu, its words, its keys, and when it
can be used. The menus, the shortcuts, what is enabled, and the keyboard card (F1) are all built
from this table, so none of them can disagree with another.

A command's `name` is the main window's method it calls (with no arguments) and its key in
`MainWindow.actions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from PySide6.QtGui import QKeySequence

StandardKey = QKeySequence.StandardKey
Menu = Literal["File", "Exam", "Help"]
MENUS: tuple[Menu, ...] = ("File", "Exam", "Help")

# When a command can be used: always; with an exam open; with a draft this workstation may
# edit; with a signed exam open; once a note was signed in this session.
When = Literal["always", "exam open", "editable draft", "signed exam", "signed note"]


@dataclass(frozen=True)
class Command:
    name: str
    menu: Menu
    text: str
    keys: StandardKey | str | None = None
    when: When = "always"
    separator_before: bool = False

    def key_sequence(self) -> QKeySequence | None:
        return None if self.keys is None else QKeySequence(self.keys)


COMMANDS: tuple[Command, ...] = (
    Command("create_patient", "File", "New &patient…", "Ctrl+Shift+N"),
    Command("new_exam_for_selected", "File", "&New exam", StandardKey.New),
    Command("open_data_folder", "File", "Open data &folder"),
    Command("edit_clinic", "File", "&Clinic details (letterhead)…"),
    Command("choose_clinic_database", "File", "Clinic &database…"),
    Command("export_fhir", "File", "&Export FHIR…", when="exam open"),
    Command("verify_note_file", "File", "&Verify note…"),
    Command("trust_ca", "File", "&Trust a certificate (clinic CA or a clinician's)…"),
    Command("close", "File", "&Quit", StandardKey.Quit, separator_before=True),
    Command("undo", "Exam", "&Undo", StandardKey.Undo, when="editable draft"),
    Command("redo", "Exam", "&Redo", "Ctrl+Shift+Z", when="editable draft"),
    Command("save_now", "Exam", "&Save now", StandardKey.Save, when="exam open"),
    Command("close_exam", "Exam", "&Back to patients", "Ctrl+W", when="exam open"),
    Command("preview_note", "Exam", "&Preview note…", StandardKey.Print, when="exam open"),
    Command("sign_note", "Exam", "Si&gn note…", "Ctrl+Shift+S", when="editable draft"),
    Command("write_addendum", "Exam", "Write &addendum…", when="signed exam"),
    Command("open_last_note", "Exam", "&Open the signed note", when="signed note"),
    Command("show_last_note_folder", "Exam", "Show the signed note in its &folder",
            when="signed note"),
    Command("show_help_card", "Help", "&Keyboard and grid entry", StandardKey.HelpContents),
    Command("show_about", "Help", "&About SLR Desk"),
)
BY_NAME = {command.name: command for command in COMMANDS}


def section_keys(number: int) -> str:
    """The keys that put the cursor in the exam's section `number` (1-based)."""
    return f"Ctrl+{number}"


def section_keys_of(key: str) -> str:
    """The keys of the exam's section `key` (its place in the form's manifest)."""
    from slrdesk.core.catalog import form_sections

    number = next(i for i, s in enumerate(form_sections(), 1) if s.key == key)
    return QKeySequence(section_keys(number)).toString(QKeySequence.SequenceFormat.NativeText)


def keys_of(name: str) -> str:
    """A command's keys as this platform writes them, for sentences that name them."""
    sequence = BY_NAME[name].key_sequence()
    return "" if sequence is None else sequence.toString(
        QKeySequence.SequenceFormat.NativeText)
