"""Start the Qt application: one QApplication, the store, the main window."""

from __future__ import annotations

import contextlib
import gc
import sys
import uuid
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from slrdesk import __version__
from slrdesk.core.errors import SlrDeskError
from slrdesk.core.files import remove_stale_parts
from slrdesk.core.paths import APP_NAME, CLINIC_FORMS_FOLDER, resolve_data_dir
from slrdesk.core.store import SqlExamStore, SqliteExamStore, StoreError, instance
from slrdesk.core.store.choice import open_repository
from slrdesk.core.store.sqlite_store import check_in_background
from slrdesk.gui.main_window import MainWindow

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# The first window is drawn well within this; a clinician takes seconds to choose a patient.
PRELOAD_AFTER_MS = 300
# The preload beside the list is done well within this (a few hundred ms).
FREEZE_AFTER_MS = 1000


def application() -> QApplication:
    """The process's QApplication, created once with the program's identity."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("slrdesk")  # matches slrdesk.desktop, so docks group the windows
    app.setWindowIcon(app_icon())
    _add_bundled_fonts()
    return app


def _add_bundled_fonts() -> None:
    """DejaVu Sans ships with the program (for the note). A workstation without it gets it from
    the bundle, so every name the note can print also shows on screen."""
    if QFontDatabase.hasFamily("DejaVu Sans"):
        return
    folder = resources.files("slrdesk.resources") / "fonts"
    for entry in folder.iterdir():
        if entry.name.endswith(".ttf"):
            QFontDatabase.addApplicationFontFromData(entry.read_bytes())


def app_icon() -> QIcon:
    """The icon in every size drawn (PNG, so no SVG plugin is needed); Qt reads each size
    only when something asks for it."""
    icon = QIcon()
    folder = resources.files("slrdesk.resources") / "icons"
    for size in ICON_SIZES:
        icon.addFile(str(folder / f"slrdesk-{size}.png"), QSize(size, size))
    return icon


def demo_exam_id() -> uuid.UUID:
    from slrdesk.core.examples import VIGNETTES, vignette

    return vignette(VIGNETTES[0]).exam_id


def load_demo(store: SqlExamStore) -> uuid.UUID:
    """Put the demo patient and exam in the store once; later runs keep what was edited."""
    from slrdesk.core.examples import VIGNETTES, vignette

    exam = vignette(VIGNETTES[0])
    try:
        store.get_exam(exam.exam_id)
    except StoreError:
        store.save_draft(exam)
    return exam.exam_id


def load_clinic_forms(folder: Path) -> str | None:
    """Use the data folder's clinic forms; when one is broken, say why and go on with the
    shipped form alone (the clinic's items are then shown by their ids)."""
    local = folder / CLINIC_FORMS_FOLDER
    if not local.is_dir() and "slrdesk.core.catalog" not in sys.modules:
        return None  # the shipped form alone, read when an exam first needs it
    from slrdesk.core.catalog import CatalogError, catalog, use_clinic_forms

    use_clinic_forms(local)
    try:
        catalog()
    except CatalogError as exc:
        use_clinic_forms(None)
        return (f"{exc}. The clinic's own form items are not offered until this is fixed; "
                "everything else works as usual.")
    return None


def build_main_window(data_dir: str | Path | None, demo: bool = False,
                      database: str | None = None) -> MainWindow:
    folder = resolve_data_dir(data_dir)
    form_problem = load_clinic_forms(folder)
    lock = instance.acquire(folder)
    read_only = None if lock.writer else (
        f"this data folder is open in another SLR Desk ({lock.holder}); this window is "
        "read-only")
    if lock.writer:
        # Temporary files a killed write left behind are never complete files.
        for place in (folder, folder / "exports", folder / "recovery"):
            remove_stale_parts(place)
    try:
        # The integrity check runs beside the opening window (it reads the whole file); a
        # damaged store then turns read-only and says so before anything is written to it.
        store = open_repository(folder, database, read_only=read_only, check=False)
    except Exception:
        lock.release()
        raise
    window = MainWindow(store, folder)
    window.instance_lock = lock
    if form_problem is not None:
        window.show_form_problem(form_problem)
    if isinstance(store, SqliteExamStore):  # a server checks its own pages
        window.watch_integrity(check_in_background(store.path))
    if read_only is not None:
        window.show_read_only(read_only)
        if demo:
            with contextlib.suppress(StoreError):
                window.open_exam(demo_exam_id())
        return window
    window.restore_recovered()
    if demo:
        window.open_exam(load_demo(store))
    else:
        window.recover()
    return window


def keep_out_of_collections() -> None:
    """What start-up made lives as long as the program: the modules, the form, the exam
    model's validators, the window. Frozen, no later collection walks it again while a
    keystroke waits (2000 keystrokes into a note: the slowest 26–33 ms without, 5 ms with;
    benchmarks/bench_gui.py)."""
    gc.collect()
    gc.freeze()


def preload_exam_modules() -> None:
    """Load the exam model, the form and the classifier beside the shown patient list, so the
    first exam opens without waiting for them. Only Qt-free modules, in a daemon thread: Qt
    classes are made in the GUI thread. A failure here is left for the real import to say."""
    import threading

    def load() -> None:
        with contextlib.suppress(Exception):
            from slrdesk.core.assessment import classify  # noqa: F401 - loaded, not used
            from slrdesk.core.catalog import catalog
            from slrdesk.core.document.exam import ExamDocument  # noqa: F401

            catalog()

    threading.Thread(target=load, name="preload exam modules", daemon=True).start()


def open_main_window(data_dir: str | Path | None = None, demo: bool = False,
                     database: str | None = None) -> MainWindow | None:
    """The main window, or None when the clinician gives up. A clinic database that cannot be
    opened (server away, password refused) is not the end: the clinician may try again or
    correct the address and password, since File → Clinic database is out of reach without a
    window."""
    from PySide6.QtWidgets import QMessageBox

    folder = resolve_data_dir(data_dir)
    while True:
        try:
            return build_main_window(folder, demo, database)
        except SlrDeskError as exc:
            # Started from a menu there is no terminal to read stderr: say it in a window too.
            sys.stderr.write(f"slrdesk: {exc}\n")
            url = database or _configured_quietly(folder)
            if not url:
                QMessageBox.critical(None, "SLR Desk cannot open its data", str(exc))
                return None
            said = str(exc)
            box = QMessageBox(QMessageBox.Icon.Warning, "The clinic database cannot be opened",
                              f"{said[:1].upper()}{said[1:]}.")
            retry = box.addButton("&Try again", QMessageBox.ButtonRole.AcceptRole)
            change = box.addButton("Clinic &database…", QMessageBox.ButtonRole.ActionRole)
            box.addButton("&Quit", QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(retry)
            box.exec()
            if box.clickedButton() is retry:
                continue
            if box.clickedButton() is not change:
                return None
            from slrdesk.core.store.choice import choose_database
            from slrdesk.gui.database_dialog import DatabaseDialog

            saved, chosen = DatabaseDialog.ask(url, folder, None)
            if saved:
                try:
                    choose_database(folder, chosen)
                except SlrDeskError as problem:
                    QMessageBox.warning(None, "Clinic database not saved", str(problem))
                database = None  # from now on, what was chosen in the dialog


def _configured_quietly(folder: Path) -> str | None:
    from slrdesk.core.store.choice import configured_database

    try:
        return configured_database(folder)
    except SlrDeskError:
        return None


def run(data_dir: str | Path | None = None, demo: bool = False,
        database: str | None = None, quit_when_shown: bool = False) -> int:
    app = application()
    window = open_main_window(data_dir, demo, database)
    if window is None:
        return 2
    # Maximized the first time; afterwards where and how big the clinician left it.
    if not window.restore_geometry():
        window.showMaximized()
    else:
        window.show()
    if quit_when_shown:
        QTimer.singleShot(0, app.quit)
    if window.session is None:  # the patient list: the first exam is still to be opened
        # Once the list is drawn: the loading thread shares the interpreter, and would hold up
        # the first frame if it started beside it.
        QTimer.singleShot(PRELOAD_AFTER_MS, preload_exam_modules)
    # In the GUI thread, never the preload's: a collection frees the Qt objects it finds, and
    # Qt objects are deleted in the thread that owns them.
    QTimer.singleShot(FREEZE_AFTER_MS, keep_out_of_collections)
    code = app.exec()
    window.shutdown()
    return code
