"""The application starts, names itself, and shows where its data lives."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slrdesk import __version__
from slrdesk.gui.app import application, build_main_window

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot


def test_main_window_shows_title_version_and_data_folder(
    qtbot: QtBot, tmp_path: Path, screenshot_dir: Path
) -> None:
    application()
    window = build_main_window(tmp_path / "data")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle() == "SLR Desk"
    assert f"Version {__version__}" in window.heading.text()
    assert window.data_dir_label.text() == f"Data folder: {(tmp_path / 'data')}"
    assert "none yet" in window.summary.text()
    assert window.grab().save(str(screenshot_dir / "main_window.png"))
    window.store.close()


def test_demo_opens_with_the_demo_patient(qtbot: QtBot, tmp_path: Path) -> None:
    application()
    window = build_main_window(tmp_path, demo=True)
    qtbot.addWidget(window)
    assert "Jordan Mbeki" in window.summary.text()
    assert window.store.search_patients("mbeki")[0].record_number == "MRN-100201"
    window.store.close()
