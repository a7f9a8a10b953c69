"""GUI tests: headless, Qt warnings fail the test, screenshots kept as artifacts."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from slrdesk.core.examples import vignette
from slrdesk.core.store import SqliteExamStore, open_store
from slrdesk.gui.app import application, build_main_window
from slrdesk.gui.main_window import MainWindow
from slrdesk.gui.session import ExamSession

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Any Qt warning during a GUI test fails it (pytest-qt's qt_log_level_fail, per test, so
    # the core suite can run without pytest-qt loaded at all).
    for item in items:
        item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
        # The offscreen platform cannot pass size hints to a window manager it does not have;
        # that is the test platform talking, not the application.
        item.add_marker(pytest.mark.qt_log_ignore("does not support propagateSizeHints"))


@pytest.fixture(autouse=True)
def _no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal dialog nobody answers would hang the suite: fail at once instead. Tests answer
    dialogs by replacing their `ask` class methods (or QMessageBox's functions)."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a modal dialog was opened that the test does not answer")

    monkeypatch.setattr(QDialog, "exec", refuse)
    for name in ("warning", "information", "critical", "question", "about"):
        monkeypatch.setattr(QMessageBox, name, refuse)


@pytest.fixture
def screenshot_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteExamStore]:
    opened = open_store(tmp_path / "data")
    yield opened
    opened.close()


@pytest.fixture
def make_session(qtbot: QtBot, store: SqliteExamStore):  # type: ignore[no-untyped-def]
    sessions: list[ExamSession] = []

    def make(name: str = "mild_weakness_only") -> ExamSession:
        exam = vignette(name)
        store.save_draft(exam)
        sessions.append(ExamSession(store, exam))
        return sessions[-1]

    yield make
    for session in sessions:  # before the store closes: no autosave may outlive its test
        session.close()


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    yield from _demo_window(qtbot, tmp_path, None)


@pytest.fixture(params=["sqlite", "postgresql"])
def either_window(request: pytest.FixtureRequest, qtbot: QtBot,
                  tmp_path: Path) -> Iterator[MainWindow]:
    """The demo window on the workstation's own file, then on a clinic server."""
    database = (request.getfixturevalue("pg_database").url()
                if request.param == "postgresql" else None)
    yield from _demo_window(qtbot, tmp_path, database)


def _demo_window(qtbot: QtBot, tmp_path: Path, database: str | None) -> Iterator[MainWindow]:
    application()
    main = build_main_window(tmp_path / "data", demo=True, database=database)
    main.resize(1366, 768)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.shutdown()


class QuestionAnswers:
    """Answers QMessageBox.question as a clinician would, and keeps what was asked."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.asked: list[str] = []

    def answer(self, choice: QMessageBox.StandardButton) -> None:
        def ask(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
            self.asked.append(str(args[2]))
            return choice

        self.monkeypatch.setattr(QMessageBox, "question", ask)


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> QuestionAnswers:
    return QuestionAnswers(monkeypatch)


def new_exam_for_demo_patient(window: MainWindow, monkeypatch: pytest.MonkeyPatch, *,
                              copy_previous: bool = False) -> MainWindow:
    """Close the demo exam and start another for the same patient, as Dr Sam Okafor."""
    from slrdesk.core.document.exam import Clinician
    from slrdesk.gui.clinician_dialog import ClinicianDialog

    monkeypatch.setattr(ClinicianDialog, "ask", classmethod(
        lambda cls, parent: Clinician(name="Dr Sam Okafor")))
    assert window.session is not None
    patient = window.session.exam.patient.patient_id
    window.close_exam()
    assert window.new_exam(patient, copy_previous=copy_previous) is not None
    return window
