"""Start the Qt application: one QApplication, the store, the main window."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from slrdesk import __version__
from slrdesk.core.examples import VIGNETTES, vignette
from slrdesk.core.paths import APP_NAME, resolve_data_dir
from slrdesk.core.store import SqliteExamStore, open_store
from slrdesk.gui.main_window import MainWindow

if TYPE_CHECKING:
    from pathlib import Path


def application() -> QApplication:
    """The process's QApplication, created once with the program's identity."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("slrdesk")
    return app


def load_demo(store: SqliteExamStore) -> None:
    """Put the demo patient and exam in the store (once; later runs find them there)."""
    store.save_draft(vignette(VIGNETTES[0]))


def build_main_window(data_dir: str | Path | None, demo: bool = False) -> MainWindow:
    folder = resolve_data_dir(data_dir)
    store = open_store(folder)
    if demo:
        load_demo(store)
    return MainWindow(store, folder)


def run(data_dir: str | Path | None = None, demo: bool = False) -> int:
    app = application()
    window = build_main_window(data_dir, demo)
    window.show()
    code = app.exec()
    window.store.close()
    return code
