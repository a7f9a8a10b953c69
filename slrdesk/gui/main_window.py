"""The main window: for now the start screen that shows the installation works end to end."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from slrdesk import __version__
from slrdesk.core.catalog import catalog

if TYPE_CHECKING:
    from pathlib import Path

    from slrdesk.core.store import SqliteExamStore


class MainWindow(QMainWindow):
    """Title, version, what the store holds, and the data folder in the status bar."""

    def __init__(self, store: SqliteExamStore, data_dir: Path) -> None:
        super().__init__()
        self.store = store
        self.setWindowTitle("SLR Desk")
        self.setObjectName("main_window")
        self.resize(1100, 720)

        self.heading = QLabel(f"<h1>SLR Desk</h1><p>Version {__version__}</p>")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.summary = QLabel()
        self.summary.setObjectName("store_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(32, 32, 32, 32)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.setCentralWidget(body)

        self.data_dir_label = QLabel(f"Data folder: {data_dir}")
        self.data_dir_label.setObjectName("data_dir")
        self.statusBar().addPermanentWidget(self.data_dir_label)
        self.refresh()

    def refresh(self) -> None:
        patients = self.store.search_patients("", limit=5)
        names = ", ".join(p.name for p in patients) or "none yet"
        self.summary.setText(
            f"Clinical catalog {catalog().version}.\nPatients (first five by name): {names}."
        )
