"""Start the Qt application: one QApplication, the store, the main window."""

from __future__ import annotations

import sys
import uuid
from importlib import resources
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from slrdesk import __version__
from slrdesk.core.examples import VIGNETTES, vignette
from slrdesk.core.paths import APP_NAME, resolve_data_dir
from slrdesk.core.store import SqliteExamStore, StoreError, open_store
from slrdesk.gui.main_window import MainWindow

if TYPE_CHECKING:
    from pathlib import Path

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


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


def load_demo(store: SqliteExamStore) -> uuid.UUID:
    """Put the demo patient and exam in the store once; later runs keep what was edited."""
    exam = vignette(VIGNETTES[0])
    try:
        store.get_exam(exam.exam_id)
    except StoreError:
        store.save_draft(exam)
    return exam.exam_id


def build_main_window(data_dir: str | Path | None, demo: bool = False) -> MainWindow:
    folder = resolve_data_dir(data_dir)
    store = open_store(folder)
    window = MainWindow(store, folder)
    if demo:
        window.open_exam(load_demo(store))
    else:
        window.recover()
    return window


def run(data_dir: str | Path | None = None, demo: bool = False) -> int:
    app = application()
    window = build_main_window(data_dir, demo)
    window.show()
    code = app.exec()
    window.store.close()
    return code
