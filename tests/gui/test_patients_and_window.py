"""Finding patients, creating and editing them, starting exams, and the window around it all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QScrollArea,
    QTableView,
)
from pytestqt.qtbot import QtBot

from slrdesk import __version__
from slrdesk.core.assessment import RULESET_VERSION
from slrdesk.core.document.exam import Clinician, Patient
from slrdesk.core.profile import load_clinician
from slrdesk.gui.about import COMPONENTS, qt_location
from slrdesk.gui.app import build_main_window
from slrdesk.gui.clinician_dialog import ClinicianDialog
from slrdesk.gui.main_window import OPEN_EXAM_MARKER, MainWindow
from slrdesk.gui.patient_dialog import PatientDialog


def test_title_status_bar_and_about(window: MainWindow, tmp_path: Path) -> None:
    assert window.windowTitle() == "Jordan Mbeki — SLR Desk"
    assert window.data_dir_label.text() == f"Data folder: {tmp_path / 'data'}"
    about = window.about_text()
    assert f"SLR Desk {__version__}" in about
    assert f"ruleset {RULESET_VERSION}" in about
    assert "LGPL-3.0" in about
    assert "Replacing Qt" in about
    assert qt_location() in about  # where the replaceable libraries are
    assert "licenses" in about
    for name, _ in COMPONENTS:
        assert name in about
    window.close_exam()
    assert window.windowTitle() == "SLR Desk"
    assert not (tmp_path / "data" / OPEN_EXAM_MARKER).exists()


def test_section_shortcuts(window: MainWindow, qtbot: QtBot) -> None:
    assert window.editor is not None
    window.activateWindow()
    window.editor.setFocus()
    qtbot.keyClick(window.editor, "3", modifier=Qt.KeyboardModifier.ControlModifier)
    assert window.editor.current_section() == 2


def test_search_by_name_record_and_birth_date(window: MainWindow, qtbot: QtBot) -> None:
    window.close_exam()
    page = window.patients
    window.store.add_patient(Patient(name="Sofia Marín", date_of_birth="1994-06-09",
                                     record_number="MRN-77"))
    for text, expected in (("marin", ["Sofia Marín"]), ("MRN-1002", ["Jordan Mbeki"]),
                           ("2002-03-14", ["Jordan Mbeki"]), ("zzz", [])):
        page.search.setText(text)
        with qtbot.waitSignal(page.patients.modelReset, timeout=2000):
            pass
        assert [r.name for r in page.patients.rows] == expected, text
    assert page.count.text() == "0 patients"
    assert not page.new_exam_button.isEnabled()


def test_patient_dialog_explains_each_problem_beside_its_field(qtbot: QtBot) -> None:
    dialog = PatientDialog()
    qtbot.addWidget(dialog)
    dialog.name.setText("  ")
    dialog.birth.setText("2999-01-01")
    dialog.record.setText("")
    assert not dialog.try_accept()
    assert dialog.errors["name"].text() == "must not be blank"
    assert dialog.errors["date_of_birth"].text() == "2999-01-01 is in the future"
    assert dialog.errors["record_number"].text() == "must not be empty"
    assert dialog.errors["sex"].text() == "choose one (“Unknown” is a choice)"  # no default
    dialog.name.setText("Ana Lima")
    dialog.birth.setText("1980-02-29")
    dialog.record.setText("R-9")
    dialog.sex.setCurrentIndex(dialog.sex.findData("female"))
    assert dialog.try_accept()
    assert dialog.result_patient is not None
    assert dialog.result_patient.name == "Ana Lima"
    taken = PatientDialog(holder_of=lambda r: "Jordan Mbeki, born 2002-03-14"
                          if r == "MRN-100201" else None)
    qtbot.addWidget(taken)
    taken.name.setText("Someone Else")
    taken.birth.setText("1990-01-01")
    taken.sex.setCurrentIndex(taken.sex.findData("male"))
    taken.record.setText("MRN-100201")
    assert not taken.try_accept()  # the dialog stays open, naming who has the number
    assert taken.errors["record_number"].text() == (
        "already belongs to Jordan Mbeki, born 2002-03-14")


def test_new_patient_new_exam_and_starting_from_the_previous_findings(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    window.close_exam()
    monkeypatch.setattr(ClinicianDialog, "ask", classmethod(
        lambda cls, parent: Clinician(name="Dr New", credentials="PT")))
    patient = Patient(name="Ana Lima", date_of_birth="1980-02-29", record_number="R-9")
    monkeypatch.setattr(PatientDialog, "ask", classmethod(
        lambda cls, parent, p=None, holder_of=None: patient))
    assert window.create_patient() == patient
    assert window.patients.selected_patient() == patient.patient_id
    first = window.new_exam(patient.patient_id)
    assert first is not None
    assert first.clinician.name == "Dr New"
    assert load_clinician(tmp_path / "data") == Clinician(name="Dr New", credentials="PT")
    assert window.session is not None
    window.session.set_many({"neurology.reflexes.patellar.left": {"grade": 1},
                             "red_flags.bladder_dysfunction": "no",
                             "impression.plan": "Review"})
    window.close_exam()
    second = window.new_exam(patient.patient_id, copy_previous=True)
    assert second is not None
    assert second.exam_id != first.exam_id
    assert window.session is not None
    copied = window.session.exam
    assert copied.neurology.reflexes["patellar"].left is not None
    assert copied.red_flags == {}  # asked again
    assert copied.impression.plan is None  # a new judgement
    window.close_exam()
    assert [e.exam_id for e in window.store.list_exams(patient.patient_id)][-1] == first.exam_id


def test_every_input_in_the_editor_has_an_accessible_name(window: MainWindow) -> None:
    assert window.editor is not None
    for index in range(9):
        window.editor.section(index)
    unnamed = [
        f"{type(widget).__name__} in {widget.parent()}"
        for kind in (QLineEdit, QComboBox, QTableView, QListWidget, QPlainTextEdit)
        for widget in window.editor.findChildren(kind)
        if not widget.accessibleName()
    ]
    assert unnamed == []


def test_screenshots_of_every_section(window: MainWindow, screenshot_dir: Path) -> None:
    assert window.editor is not None
    for index in range(9):
        window.editor.show_section(index)
        assert window.grab().save(str(screenshot_dir / f"section-{index + 1}.png"))
        # Usable at 1366×768: no section needs sideways scrolling.
        scroll = window.editor.stack.currentWidget()
        assert isinstance(scroll, QScrollArea)
        assert not scroll.horizontalScrollBar().isVisible(), f"section {index + 1}"
    window.close_exam()
    assert window.grab().save(str(screenshot_dir / "patients.png"))


def test_menu_and_editor_sections_follow_the_form_manifest(window: MainWindow) -> None:
    from slrdesk.core.catalog import form_sections

    assert window.editor is not None
    titles = [s.title for s in form_sections()]
    assert [window.editor.nav.item(i).text().split("  ", 1)[1]
            for i in range(window.editor.nav.count())] == titles
    assert [a.text().split(" ", 1)[1].split("\t")[0] for a in window.section_actions] == titles


def test_what_start_up_made_is_kept_out_of_later_collections(tmp_path: Path) -> None:
    """Soon after the window is shown (the list, or an exam), what start-up made is frozen
    out of the collector's way: the slowest keystroke of a long note was 26-33 ms without."""
    import subprocess
    import sys

    # Whether it is frozen once the window is up, then whether it is within 10 s (however
    # slow the machine), polled every 0.1 s.
    code = ("import gc, sys, time\n"
            "from PySide6.QtCore import QTimer\n"
            "from PySide6.QtWidgets import QApplication\n"
            "from slrdesk.cli import main\n"
            "app = QApplication([])\n"
            "def poll(until):\n"
            "    if gc.get_freeze_count() > 0 or time.monotonic() > until:\n"
            "        print(gc.get_freeze_count() > 0); app.quit()\n"
            "    else:\n"
            "        QTimer.singleShot(100, lambda: poll(until))\n"
            "def shown():\n"
            "    print(gc.get_freeze_count() > 0); poll(time.monotonic() + 10)\n"
            "QTimer.singleShot(0, shown)\n"
            f"main(['--data-dir', {str(tmp_path / 'data')!r}, *sys.argv[1:]])\n")
    for start in ([], ["--demo"]):
        done = subprocess.run([sys.executable, "-c", code, *start], capture_output=True,
                              text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
                              timeout=60, check=True)
        assert done.stdout.split() == ["False", "True"], (start, done.stdout + done.stderr)


def test_the_application_has_its_name_and_icon_in_every_size(window: MainWindow) -> None:
    from PySide6.QtWidgets import QApplication

    from slrdesk.gui.app import ICON_SIZES

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert app.applicationDisplayName() == "SLR Desk"
    assert app.desktopFileName() == "slrdesk"  # matches packaging/linux/slrdesk.desktop
    sizes = {s.width() for s in app.windowIcon().availableSizes()}
    assert sizes == set(ICON_SIZES)
    assert not app.windowIcon().pixmap(48, 48).isNull()


def test_the_window_opens_maximized_once_then_where_it_was_left(
    qtbot: QtBot, tmp_path: Path,
) -> None:
    first = build_main_window(tmp_path / "data")
    qtbot.addWidget(first)
    assert not first.restore_geometry()  # nothing saved yet: run() shows it maximized
    first.resize(760, 560)  # within the offscreen screen, which restoring respects
    first.show()
    qtbot.waitExposed(first)
    left = (first.width(), first.height())  # as the layout allowed it
    assert first.close()
    first.shutdown()
    again = build_main_window(tmp_path / "data")
    qtbot.addWidget(again)
    try:
        assert again.restore_geometry()
        # The offscreen screen is 800 wide, narrower than the window can be: the height
        # and the position are what it can restore here.
        assert again.height() == left[1]
    finally:
        again.shutdown()


def test_the_patient_list_shows_age_sex_drafts_and_red_flags(
    window: MainWindow, qtbot: QtBot, tmp_path: Path,
) -> None:
    session = window.session
    assert session is not None
    assert session.set("red_flags.bladder_dysfunction", "yes") is None
    assert session.save_now()
    window.close_exam()
    page = window.patients
    model = page.patients
    row = next(r for r, p in enumerate(model.rows) if p.name == "Jordan Mbeki")
    cells = [model.index(row, c).data() for c in range(model.columnCount())]
    assert model.HEADERS == ("Name", "Age", "Sex", "Born", "Record number", "Open draft",
                             "Red flag")
    assert cells[2] == "male"
    assert cells[1].isdigit()
    assert cells[5] == "✎ 1"
    assert cells[6] == "⚠ Emergency"
    page.patient_view.setFocus()
    page.patient_view.selectRow(row)
    qtbot.keyClick(page.patient_view, Qt.Key.Key_Return)
    assert page.exam_view.hasFocus()  # Enter goes to the patient's exams, newest selected
    fresh = build_main_window(tmp_path / "empty")
    qtbot.addWidget(fresh)
    try:
        assert fresh.patients.count.text().startswith("No patients yet")
    finally:
        fresh.shutdown()


def test_f1_opens_the_keyboard_and_grid_entry_card(window: MainWindow, qtbot: QtBot) -> None:
    from slrdesk.core.document.cell_entry import HINTS

    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.help_card is not None and window.help_card.isVisible())
    assert window.help_card is not None
    text = window.help_card.text.toPlainText()
    # Read from the real actions: a changed shortcut changes the card.
    for keys, what in (("Ctrl+Z", "Undo"), ("Ctrl+Shift+Z", "Redo"),
                       ("Ctrl+Shift+S", "Sign note"), ("Ctrl+1", "1 History"),
                       ("F1", "Keyboard and grid entry")):
        assert f"{keys}\n{what}" in text  # the key beside what it does
    assert all(hint in text for hint in HINTS.values())
    assert "Tab leaves the grid" in text
    window.help_card.close()


def test_ctrl_n_adds_a_patient_then_starts_their_exam(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One Ctrl+N on the patient page: two shortcuts on the key made Qt run neither, and the
    grades typed next landed in the search box."""
    monkeypatch.setattr(ClinicianDialog, "ask", classmethod(
        lambda cls, parent: Clinician(name="Dr New", credentials="PT")))
    patient = Patient(name="Maria Keyes", date_of_birth="1961-09-07", record_number="R-55")
    monkeypatch.setattr(PatientDialog, "ask", classmethod(
        lambda cls, parent, p=None, holder_of=None: patient))
    fresh = build_main_window(tmp_path / "ctrl-n")
    qtbot.addWidget(fresh)
    try:
        fresh.show()
        qtbot.waitExposed(fresh)
        fresh.activateWindow()  # shortcuts reach only the active window
        qtbot.waitUntil(lambda: QApplication.activeWindow() is fresh)
        fresh.patients.search.setFocus()
        qtbot.keyClick(fresh.patients.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        assert fresh.patients.selected_patient() == patient.patient_id  # nobody selected: added
        assert fresh.session is None
        qtbot.keyClick(fresh.patients.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        assert fresh.session is not None  # selected: their new exam
        assert fresh.session.exam.patient.patient_id == patient.patient_id
        assert fresh.patients.search.text() == ""
    finally:
        fresh.shutdown()


def test_one_command_table_drives_menus_keys_and_what_is_enabled(
        window: MainWindow, qtbot: QtBot) -> None:
    from PySide6.QtGui import QKeySequence

    from slrdesk.gui.actions import COMMANDS

    in_menus = {a.text(): a for menu in window.menuBar().findChildren(QMenu)
                for a in menu.actions()}
    seen: dict[str, str] = {}
    for command in COMMANDS:
        action = window.commands[command.name]
        assert in_menus[command.text] is action  # every command is in its menu
        sequence = command.key_sequence()
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.PortableText)
        assert keys == ("" if sequence is None else sequence.toString(
            QKeySequence.SequenceFormat.PortableText))
        if keys:  # no two commands share keys (Qt would then run neither)
            assert keys not in seen, (command.name, seen.get(keys))
            seen[keys] = command.name
    # The demo exam is a draft: its commands are enabled, a signed exam's are not.
    assert window.commands["sign_note"].isEnabled()
    assert window.commands["undo"].isEnabled()
    assert not window.commands["write_addendum"].isEnabled()
    # Ctrl+W, from the table, goes back to the patients; the exam's commands then rest.
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.session is None
    assert not window.commands["save_now"].isEnabled()
    assert window.commands["create_patient"].isEnabled()


def test_the_patient_list_opens_without_the_exam_model_or_the_form(tmp_path: Path) -> None:
    """What keeps the start within 2x a bare Qt window (benchmarks/bench_startup.py): pydantic,
    the exam model and the form load when an exam first needs them, not before; started as the
    clinician starts it, through the command line, which once loaded them all to list its
    options."""
    import subprocess
    import sys

    code = ("import sys\n"
            "from slrdesk.cli import main\n"
            f"code = main(['--data-dir', {str(tmp_path / 'data')!r}, '--quit-when-shown'])\n"
            "loaded = [m for m in ('pydantic', 'slrdesk.core.catalog', "
            "'slrdesk.core.document.exam', 'slrdesk.gui.exam_editor') if m in sys.modules]\n"
            "print(code, loaded)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=60,
                          check=True)
    assert done.stdout.strip() == "0 []", done.stdout + done.stderr
