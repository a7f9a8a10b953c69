"""The main window: the patient list, and the exam editor when an exam is open; menus; autosave
status and the data folder in the status bar; reopening the draft after a crash."""

from __future__ import annotations

import contextlib
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
)

from slrdesk.core.errors import SlrDeskError
from slrdesk.gui.actions import COMMANDS, MENUS, section_keys
from slrdesk.gui.patients_page import PatientsPage

# The patient list opens without the exam model, the form or pydantic: what an exam, a dialog
# or the form needs is imported when it is first used (bench_startup.py measures the start).
if TYPE_CHECKING:
    from concurrent.futures import Future

    from PySide6.QtCore import QSettings

    from slrdesk.core.document.exam import ExamDocument, Patient
    from slrdesk.core.note.export import ExportedNote
    from slrdesk.core.note.verify import Verification
    from slrdesk.core.store import SqlExamStore
    from slrdesk.core.store.instance import InstanceLock
    from slrdesk.gui.exam_editor import ExamEditor
    from slrdesk.gui.help_card import HelpCard
    from slrdesk.gui.note_workflow import NoteWorkflow
    from slrdesk.gui.session import ExamSession


# Written while an exam is open and removed when it is closed normally: if it is still there at
# start-up, the program stopped unexpectedly and the draft is reopened.
OPEN_EXAM_MARKER = "open-exam.txt"
# How often an open exam is compared with the database (another room may sign or save it).
WATCH_INTERVAL_MS = 3000


class MainWindow(QMainWindow):
    def __init__(self, store: SqlExamStore, data_dir: Path) -> None:
        super().__init__()
        self.store = store
        self.data_dir = data_dir
        self.instance_lock: InstanceLock | None = None
        self.read_only_reason: str | None = None
        self.last_note: Path | None = None
        self.session: ExamSession | None = None
        self.editor: ExamEditor | None = None
        self.setWindowTitle("SLR Desk")
        self.setObjectName("main_window")
        self.resize(1280, 720)  # fits a 1366×768 screen with its panel
        self.pages = QStackedWidget()
        self.patients = PatientsPage(store)
        self.pages.addWidget(self.patients)
        self.setCentralWidget(self.pages)
        self.patients.new_patient.connect(self.create_patient)
        self.patients.edit_patient.connect(self.edit_patient)
        self.patients.new_exam.connect(self.new_exam)
        self.patients.open_exam.connect(self._open_from_list)

        self.save_status = QLabel("")
        self.save_status.setObjectName("save_status")
        self.data_dir_label = QLabel(f"Clinic database: {store.location}" if store.shared
                                     else f"Data folder: {data_dir}")
        self.data_dir_label.setObjectName("data_dir")
        self.statusBar().addWidget(self.save_status, 1)
        self.statusBar().addPermanentWidget(self.data_dir_label)
        self._notes: NoteWorkflow | None = None
        self.help_card: HelpCard | None = None
        # While an exam is open: keep this workstation's claim on it fresh, and notice when
        # another workstation signs it, saves it, or lets go of it.
        self._watch = QTimer(self)
        self._watch.setInterval(WATCH_INTERVAL_MS)
        self._watch.timeout.connect(self.watch_open_exam)
        self._build_menus()
        self._update_actions()

    # --- menus ----------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        """The menus and their shortcuts, from the one command table (gui/actions.py)."""
        bar = self.menuBar()
        menus = {name: bar.addMenu(f"&{name}") for name in MENUS}
        self.commands: dict[str, QAction] = {}
        for command in COMMANDS:
            if command.separator_before:
                menus[command.menu].addSeparator()
            action = QAction(command.text, self)
            keys = command.key_sequence()
            if keys is not None:
                action.setShortcut(keys)
            slot = getattr(self, command.name)
            action.triggered.connect(lambda _checked=False, run=slot: run())
            menus[command.menu].addAction(action)
            self.commands[command.name] = action
        # The exam's sections come from the form's manifest, read when the Exam menu is first
        # shown or an exam first opens (they can only be used with an exam open).
        self._exam_menu = menus["Exam"]
        self._exam_menu.aboutToShow.connect(self._add_section_actions)
        self.section_actions: list[QAction] = []

    def _add_section_actions(self) -> None:
        """The exam's sections in the Exam menu. The editor owns their keys (they also put the
        cursor in the section's first field); the menu names them after a tab."""
        if self.section_actions:
            return
        from slrdesk.core.catalog import form_sections

        self._exam_menu.addSeparator()
        for number, title in enumerate((s.title for s in form_sections()), 1):
            action = QAction(f"{number} {title}\t{section_keys(number)}", self)
            action.triggered.connect(lambda _c=False, i=number - 1: self._show_section(i))
            action.setEnabled(self.session is not None)
            self._exam_menu.addAction(action)
            self.section_actions.append(action)

    def _update_actions(self) -> None:
        """Enable each command when it can be used (its `when` in the table)."""
        session = self.session
        open_exam = session is not None
        signed = session is not None and session.locked
        editable = session is not None and not signed and session.read_only is None
        available = {"always": True, "exam open": open_exam, "editable draft": editable,
                     "signed exam": signed, "signed note": self.last_note is not None}
        for command in COMMANDS:
            self.commands[command.name].setEnabled(available[command.when])
        for action in self.section_actions:
            action.setEnabled(open_exam)

    def _show_section(self, index: int) -> None:
        if self.editor is not None:
            self.editor.show_section(index)

    # --- patients ---------------------------------------------------------------------------

    def _holder_of(self, record: str, except_id: uuid.UUID | None = None) -> str | None:
        for found in self.store.search_patients(record, limit=20):
            if found.record_number.casefold() == record.casefold() and (
                    found.patient_id != except_id):
                return f"{found.name}, born {found.date_of_birth}"
        return None

    def create_patient(self) -> Patient | None:
        from slrdesk.gui.patient_dialog import PatientDialog

        patient = PatientDialog.ask(self, holder_of=self._holder_of)
        if patient is None:
            return None
        try:
            self.store.add_patient(patient)
        except SlrDeskError as exc:
            QMessageBox.warning(self, "Patient not saved", str(exc))
            return None
        self.patients.refresh()
        self.patients.select_patient(patient.patient_id)
        return patient

    def edit_patient(self, patient_id: uuid.UUID) -> None:
        from slrdesk.gui.patient_dialog import PatientDialog

        patient = PatientDialog.ask(self, self.store.get_patient(patient_id),
                                    holder_of=lambda r: self._holder_of(r, patient_id))
        if patient is None:
            return
        try:
            self.store.update_patient(patient)
        except SlrDeskError as exc:
            QMessageBox.warning(self, "Patient not saved", str(exc))
        self.patients.refresh()

    # --- exams ------------------------------------------------------------------------------

    def new_exam_for_selected(self) -> None:
        """Ctrl+N: a new exam for the selected patient; with nobody selected, a new patient.
        (The patient page had its own Ctrl+N too: two shortcuts on one key made Qt run
        neither, and the keys typed next went into the search box.)"""
        patient = self.patients.selected_patient()
        if patient is not None:
            box = self.patients.copy_previous
            self.new_exam(patient, box.isEnabled() and box.isChecked())
        else:
            self.create_patient()

    def new_exam(self, patient_id: uuid.UUID, copy_previous: bool = False) -> ExamDocument | None:
        from slrdesk.core.document.carry import carry_forward
        from slrdesk.core.document.exam import ExamDocument
        from slrdesk.core.profile import load_clinic, load_clinician, save_clinician
        from slrdesk.gui.clinician_dialog import ClinicianDialog

        clinician = load_clinician(self.data_dir)
        if clinician is None:
            clinician = ClinicianDialog.ask(self)
            if clinician is None:
                return None
            save_clinician(self.data_dir, clinician)
        try:
            clinic = load_clinic(self.data_dir)
        except SlrDeskError as exc:
            clinic = None
            QMessageBox.warning(self, "No letterhead", str(exc))
        patient = self.store.get_patient(patient_id)
        now = datetime.now(UTC)
        exam = ExamDocument(patient=patient, clinician=clinician, clinic=clinic,
                            encounter_time=now)
        earlier = self.store.list_exams(patient_id)
        if copy_previous and earlier:
            # Findings are a starting point, each marked as carried until confirmed today;
            # red flags must be asked again and the impression is a new judgement.
            exam = carry_forward(exam, self.store.get_exam(earlier[0].exam_id))
        self.store.save_draft(exam)
        self.open_exam(exam.exam_id)
        return exam

    def edit_clinic(self) -> bool:
        """File → Clinic details: the letterhead of exams started from now on."""
        from slrdesk.core.profile import load_clinic, save_clinic
        from slrdesk.gui.clinic_dialog import ClinicDialog

        try:
            current = load_clinic(self.data_dir)
        except SlrDeskError as exc:
            current = None
            QMessageBox.warning(self, "Clinic details", str(exc))
        saved, clinic = ClinicDialog.ask(current, self)
        if not saved:
            return False
        try:
            save_clinic(self.data_dir, clinic)
        except SlrDeskError as exc:
            QMessageBox.warning(self, "Clinic details not saved", str(exc))
            return False
        self.save_status.setText("Clinic details saved: the letterhead of new exams' notes"
                                 if clinic else "No letterhead on new exams' notes")
        return True

    def choose_clinic_database(self) -> bool:
        """File → Clinic database: this workstation's own file or the clinic's server, used
        from the next start."""
        from slrdesk.core.store.choice import choose_database, configured_database
        from slrdesk.gui.database_dialog import DatabaseDialog

        try:
            current = configured_database(self.data_dir)
        except SlrDeskError as exc:
            current = None
            QMessageBox.warning(self, "Clinic database", str(exc))
        # Started with --database: the dialog shows the database in use.
        current = current or getattr(self.store, "url", None)
        saved, url = DatabaseDialog.ask(current, self.data_dir, self)
        if not saved:
            return False
        try:
            choose_database(self.data_dir, url)
        except SlrDeskError as exc:
            QMessageBox.warning(self, "Clinic database not saved", str(exc))
            return False
        from slrdesk.core.store.postgres import describe

        where = describe(url) if url else "this workstation's own file"
        self.save_status.setText(f"From the next start SLR Desk uses {where}; restart it to "
                                 "switch now")
        return True

    def _open_from_list(self, exam_id: uuid.UUID) -> None:
        try:
            self.open_exam(exam_id)
        except SlrDeskError as exc:
            QMessageBox.warning(self, "The exam cannot be opened", str(exc))

    def open_exam(self, exam_id: uuid.UUID) -> ExamEditor:
        from slrdesk.gui.exam_editor import ExamEditor
        from slrdesk.gui.session import ExamSession

        self.close_exam()
        self._add_section_actions()
        exam = self.store.get_exam(exam_id)
        self.session = ExamSession(self.store, exam, self)
        if exam.status == "draft" and self.store.shared:
            self.session.held_elsewhere = self._held_elsewhere(exam_id)
        self.session.saved.connect(self._saved)
        self.session.save_failed.connect(self._save_failed)
        # Queued: the session emits it from inside a save, which closing it must not re-enter.
        self.session.conflicted.connect(lambda why, shown=exam_id: self._conflicted(shown, why),
                                        Qt.ConnectionType.QueuedConnection)
        self.session.changed.connect(lambda: self.save_status.setText("Saving…"))
        self.editor = ExamEditor(self.session)
        self.pages.addWidget(self.editor)
        self.pages.setCurrentWidget(self.editor)
        # Qt appends " — SLR Desk" (the display name) unless the title already ends with it;
        # spelt out here so the title reads the same with or without a window manager.
        self.setWindowTitle(f"{exam.patient.name} — SLR Desk")
        if self.read_only_reason is None:  # the marker belongs to the folder's writer
            (self.data_dir / OPEN_EXAM_MARKER).write_text(str(exam_id), encoding="utf-8")
        if self.read_only_reason is not None:
            self.save_status.setText(f"READ-ONLY: {self.read_only_reason}")
        elif self.session.held_elsewhere is not None:
            self.save_status.setText(f"READ-ONLY: {self.session.held_elsewhere}")
        else:
            self.save_status.setText("Signed: read-only" if self.session.locked
                                     else "Draft open")
        self._watch.start()
        self._update_actions()
        return self.editor

    def _held_elsewhere(self, exam_id: uuid.UUID) -> str | None:
        """Claim the draft for this workstation; why it is read-only here if another has it."""
        try:
            other = self.store.claim(exam_id)
        except SlrDeskError:
            return None  # the server is away: saving will say so, and the watch tries again
        if other is None:
            return None
        since = datetime.fromisoformat(other.opened_at).astimezone().strftime("%H:%M")
        return (f"{other.holder} has this exam open (since {since}); you can read it here, "
                "and it opens for editing when they close it")

    def watch_open_exam(self) -> None:
        """Compare the open exam with the database: reopen it when another workstation signed
        it, saved it while this one only reads, or let go of it."""
        session = self.session
        if session is None or session.locked:
            return
        exam_id = session.exam.exam_id
        try:
            state = self.store.exam_state(exam_id)
            if state is None:
                return
            if state.status == "signed":
                self._reopen(exam_id, "this exam was signed on another workstation "
                             f"({state.updated_by or 'unknown'}); it is shown as signed")
            elif session.held_elsewhere is not None:
                if self.store.claim(exam_id) is None:
                    self._reopen(exam_id, "the other workstation closed this exam; it is open "
                                 "for editing here again")
                elif not self.store.is_current(exam_id):
                    self._reopen(exam_id, None)
            elif (session.conflict is None and self.store.read_only is None
                  and self.store.shared):
                self.store.claim(exam_id)  # still here
        except SlrDeskError:
            return  # the server is away: the save path says so and retries

    def _reopen(self, exam_id: uuid.UUID, why: str | None) -> None:
        """Show the exam as the database holds it now."""
        assert self.session is not None
        if self.session.unsaved:
            self.session.save_now()
        section = self.editor.current_section() if self.editor is not None else 0
        self.open_exam(exam_id)
        if self.editor is not None:
            self.editor.show_section(section)
        if why is not None:
            self.save_status.setText(why[0].upper() + why[1:])

    def _conflicted(self, exam_id: uuid.UUID, why: str) -> None:
        """Another workstation saved this exam after it was opened here: show theirs, say
        where this workstation's copy is."""
        if self.session is not None and self.session.exam.exam_id == exam_id:
            self.open_exam(exam_id)
        self.save_status.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.save_status.setText(f"NOT SAVED: {why}")
        QMessageBox.warning(self, "Saved elsewhere in the meantime",
                            f"{why}.\n\nThe exam now shows the version that was saved. Compare "
                            "the two and add what is missing.")

    def save_now(self) -> None:
        if self.session is not None:
            self.session.save_now()

    def undo(self) -> None:
        if self.session is not None:
            self.session.undo_stack.undo()

    def redo(self) -> None:
        if self.session is not None:
            self.session.undo_stack.redo()

    def _saved(self, at: str) -> None:
        self.save_status.setStyleSheet("")
        self.save_status.setText(f"Saved at {at}")

    def _save_failed(self, why: str) -> None:
        # Said at once, in words, where the eye is; the session retries on its own.
        self.save_status.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.save_status.setText(f"NOT SAVED: {why}")

    def confirm_close_with_unsaved(self) -> bool:
        """True when it is safe to close: saved, or the clinician chose to close anyway (the
        changes stay in their recovery file and are stored at the next start)."""
        if self.session is None:
            return True
        self.session.save_now()
        if not self.session.unsaved:
            return True
        answer = QMessageBox.question(
            self, "Changes not saved",
            f"The last changes could not be saved: {self.session.last_failure}.\n\n"
            "Close anyway? What is in the recovery file is stored at the next start.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def close_exam(self) -> None:
        if self.session is None or self.editor is None:
            return
        focused = self.focusWidget()
        if focused is not None:
            focused.clearFocus()  # commits a field still being edited
        self.session.save_now()
        self.session.close()
        self._watch.stop()
        if self.session.held_elsewhere is None and not self.session.locked and self.store.shared:
            with contextlib.suppress(SlrDeskError):
                self.store.release(self.session.exam.exam_id)
        self.pages.removeWidget(self.editor)
        self.editor.deleteLater()
        self.session.deleteLater()
        self.editor = None
        self.session = None
        if self.read_only_reason is None:
            (self.data_dir / OPEN_EXAM_MARKER).unlink(missing_ok=True)
        self.setWindowTitle("SLR Desk")
        if self.read_only_reason is None:  # what was said of the exam went with it
            self.save_status.setStyleSheet("")
            self.save_status.setText("")
        self.pages.setCurrentWidget(self.patients)
        self.patients.refresh()
        self._update_actions()

    def recover(self) -> bool:
        """Reopen the exam that was open when the program last stopped unexpectedly."""
        marker = self.data_dir / OPEN_EXAM_MARKER
        restored = self.save_status.text()  # what restore_recovered said must stay readable
        try:
            exam_id = uuid.UUID(marker.read_text(encoding="utf-8").strip())
            self.open_exam(exam_id)
        except (OSError, ValueError, SlrDeskError):
            marker.unlink(missing_ok=True)
            return False
        reopened = "Reopened the draft that was open when SLR Desk stopped"
        self.save_status.setText(f"{restored}; {reopened[0].lower()}{reopened[1:]}"
                                 if restored else reopened)
        return True

    # --- the note -------------------------------------------------------------------------------

    @property
    def notes(self) -> NoteWorkflow:
        """Signing and verification; loaded on first use (pyHanko is slow to import)."""
        if self._notes is None:
            from slrdesk.gui.note_workflow import NoteWorkflow

            self._notes = NoteWorkflow(self.store, self.data_dir, self)
        return self._notes

    def preview_note(self) -> bool:
        """Show the draft note; sign from the preview if the clinician chooses to."""
        if self.session is None:
            return False
        if self.notes.preview(self.session):
            return self.sign_note() is not None
        return False

    def sign_note(self) -> ExportedNote | None:
        if self.session is None:
            return None
        try:
            note = self.notes.sign(self.session)
        except SlrDeskError as exc:
            QMessageBox.warning(self, "Note not signed", str(exc))
            return None
        if note is not None:
            self.last_note = note.path
            self.save_status.setText(f"Signed; note saved to {note.path} (Exam menu: open it, "
                                     "or show it in its folder)")
            if note.not_archival:
                QMessageBox.information(self, "Signed, not archival",
                                        note.not_archival[0].upper() + note.not_archival[1:] + ".")
            self._update_actions()
        return note

    def open_last_note(self) -> None:
        if self.last_note is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_note)))

    def show_last_note_folder(self) -> None:
        if self.last_note is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_note.parent)))

    def write_addendum(self) -> uuid.UUID | None:
        if self.session is None or not self.session.locked:
            return None
        text, ok = QInputDialog.getMultiLineText(
            self, "Addendum", "What does this addendum add or correct?")
        if not ok or not text.strip():
            return None
        try:
            exam_id = self.notes.start_addendum(self.session, text.strip())
        except SlrDeskError as exc:
            QMessageBox.warning(self, "No addendum", str(exc))
            return None
        self.open_exam(exam_id)
        return exam_id

    def export_fhir(self, path: Path | None = None) -> Path | None:
        """File → Export FHIR: the open exam as an HL7 FHIR document Bundle (final when
        signed, preliminary while a draft), for a records system that takes FHIR."""
        session = self.session
        if session is None:
            return None
        from slrdesk.core.note.export import export_fhir
        from slrdesk.gui.note_workflow import export_name

        if path is None:
            self.notes.export_dir.mkdir(parents=True, exist_ok=True)
            suggested = self.notes.export_dir / Path(export_name(session.exam)).with_suffix(
                ".fhir.json")
            chosen, _ = QFileDialog.getSaveFileName(self, "Export FHIR document Bundle",
                                                    str(suggested), "FHIR JSON (*.json)")
            if not chosen:
                return None
            path = Path(chosen)
        session.save_now()
        try:
            written = export_fhir(session.exam, path, previous=session.previous,
                                  what="FHIR file")
        except SlrDeskError as exc:
            QMessageBox.warning(self, "FHIR not exported", str(exc))
            return None
        state = "final" if session.exam.status == "signed" else "preliminary (a draft)"
        self.save_status.setText(f"FHIR document Bundle, {state}, saved to {written}")
        return written

    def verify_note_file(self, path: Path | None = None) -> Verification | None:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, "Verify exam note",
                                                    str(self.notes.export_dir), "PDF (*.pdf)")
            if not chosen:
                return None
            path = Path(chosen)
        try:
            result = self.notes.verify(path)
        except SlrDeskError as exc:
            QMessageBox.warning(self, "Cannot verify", str(exc))
            return None
        from slrdesk.gui.note_workflow import describe

        show = QMessageBox.information if result.ok else QMessageBox.warning
        show(self, "Exam note verification", describe(result))
        return result

    def trust_ca(self, path: Path | None = None) -> Path | None:
        """Trust a clinic CA, or pin a clinician's certificate, after showing its fingerprint."""
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, "Certificate to trust", "",
                                                    "Certificate (*.pem *.crt *.cer *.der)")
            if not chosen:
                return None
            path = Path(chosen)
        try:
            entry = self.notes.add_trust_root(path)
        except SlrDeskError as exc:
            QMessageBox.warning(self, "Certificate not trusted", str(exc))
            return None
        QMessageBox.information(
            self, "Certificate trusted",
            f"Trusted as {entry.kind}: {entry.subject}, valid until {entry.valid_until}.\n\n"
            f"SHA-256 fingerprint:\n{entry.fingerprint}\n\nCompare it with the one the "
            "clinician or the clinic gave you; remove it (slrdesk trust remove) if it differs.")
        return entry.path

    # --- misc ---------------------------------------------------------------------------------

    def open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_dir)))

    def about_text(self) -> str:
        from slrdesk.core.assessment import RULESET_VERSION
        from slrdesk.core.catalog import catalog
        from slrdesk.gui.about import about_html

        return about_html(RULESET_VERSION, catalog().version)

    def show_help_card(self) -> HelpCard:
        if self.help_card is None:
            from slrdesk.gui.help_card import HelpCard  # only on F1: start-up stays lean

            self._add_section_actions()
            self.help_card = HelpCard([*self.commands.values(), *self.section_actions], self)
        self.help_card.show()
        self.help_card.activateWindow()
        return self.help_card

    def show_about(self) -> None:
        QMessageBox.about(self, "About SLR Desk", self.about_text())

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.confirm_close_with_unsaved():
            event.ignore()
            return
        self._save_geometry()
        self.close_exam()
        if self.instance_lock is not None:
            self.instance_lock.release()
        super().closeEvent(event)

    def restore_geometry(self) -> bool:
        """The window's last size and place (kept in the data folder); False the first time."""
        saved = self._settings().value("window/geometry")
        return bool(saved) and self.restoreGeometry(saved)

    def _save_geometry(self) -> None:
        if self.read_only_reason is None:
            self._settings().setValue("window/geometry", self.saveGeometry())

    def _settings(self) -> QSettings:
        from PySide6.QtCore import QSettings

        return QSettings(str(self.data_dir / "window.ini"), QSettings.Format.IniFormat)

    def watch_integrity(self, check: Future[str | None]) -> None:
        """When the background integrity check finds damage: stop writing, say so."""
        from PySide6.QtCore import QTimer

        def look() -> None:
            if not check.done():
                QTimer.singleShot(50, look)
                return
            problem = check.result()
            if problem is not None:
                self.store.read_only = problem
                self.show_read_only(problem)
                if self.session is not None:
                    self.session.recheck_editable()
                QMessageBox.critical(self, "The database is damaged", problem)

        self._integrity = check
        look()

    def shutdown(self) -> None:
        """Close the exam, give up the folder's writer lock and close the store (what quitting
        does; tests and the self-test call it directly)."""
        self.close_exam()
        if self.instance_lock is not None:
            self.instance_lock.release()
        self.store.close()

    def show_form_problem(self, why: str) -> None:
        """A clinic form is broken: said once in a dialog, and kept in the status bar."""
        self.form_problem = why
        self.statusBar().showMessage(f"Clinic form not loaded: {why}")
        QMessageBox.warning(self, "Clinic form not loaded", why)

    def show_read_only(self, why: str) -> None:
        """Another instance writes this folder: say so where it stays visible."""
        self.read_only_reason = why
        self.statusBar().showMessage(f"READ-ONLY: {why}")
        self.save_status.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.save_status.setText(f"READ-ONLY: {why}")

    def restore_recovered(self) -> list[str]:
        """Store the edits an earlier run could not save (before anything else opens), and say
        what happened to each in words."""
        from slrdesk.core.store import StaleExamError, recovery

        said = []
        for kept in recovery.pending(self.data_dir):
            if kept.exam is None:
                said.append(f"{kept.path} could not be read ({kept.problem}); it was left "
                            "in place")
                continue
            if kept.revision is not None:
                self.store.continue_from(kept.exam.exam_id, kept.revision)
            try:
                self.store.save_draft(kept.exam)
            except StaleExamError as exc:
                # Saved elsewhere since: keep this copy aside rather than write over theirs.
                try:
                    aside = recovery.keep_conflict(self.data_dir, kept.exam)
                except SlrDeskError:
                    said.append(f"unsaved changes of {kept.exam.patient.name} are still in "
                                f"{kept.path}: {exc}")
                    continue
                kept.path.unlink(missing_ok=True)
                recovery.discard(self.data_dir, kept.exam.exam_id)
                said.append(f"unsaved changes of {kept.exam.patient.name} were not stored: "
                            f"{exc}; they are kept in {aside}")
                continue
            except SlrDeskError as exc:
                said.append(f"unsaved changes of {kept.exam.patient.name} are still in "
                            f"{kept.path}: {exc}")
                continue
            kept.path.unlink(missing_ok=True)
            recovery.discard(self.data_dir, kept.exam.exam_id)
            said.append(f"restored unsaved changes of {kept.exam.patient.name} "
                        f"(exam {kept.exam.encounter_time:%Y-%m-%d})")
        if said:
            self.save_status.setText("; ".join(said))
        return said
