"""A clinic form dropped into the data folder: its items in the grids, typed into the record,
printed on the note; a broken one said in words while the workstation goes on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from slrdesk.core.catalog import use_clinic_forms
from slrdesk.core.note.export import build_note
from slrdesk.gui.app import application, build_main_window
from slrdesk.gui.main_window import MainWindow
from slrdesk.gui.sections.special_tests import SpecialTestsSection
from tests.core.note_helpers import page_texts
from tests.core.test_clinic_forms import readme_example


@pytest.fixture
def forms_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "data" / "forms"
    folder.mkdir(parents=True)
    yield folder
    use_clinic_forms(None)  # the next test sees the shipped form only


def _window(qtbot: QtBot, data: Path) -> MainWindow:
    application()
    window = build_main_window(data, demo=True)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_clinic_special_test_is_typed_into_the_grid_and_printed_on_the_note(
        forms_folder: Path, qtbot: QtBot) -> None:
    (forms_folder / "riverside.toml").write_text(readme_example(), encoding="utf-8")
    window = _window(qtbot, forms_folder.parent)
    try:
        assert window.editor is not None
        window.editor.show_section(6)
        section = window.editor.section(6)
        assert isinstance(section, SpecialTestsSection)
        view, model = section.grids.views[0], section.grids.models[0]
        row = next(r for r in range(model.rowCount())
                   if str(model.index(r, 0).data()).startswith("Heel walking"))
        assert str(model.index(row, 0).data()).endswith(" · clinic form")  # marked as such
        view.setFocus()
        view.setCurrentIndex(model.index(row, 1))
        with qtbot.waitSignal(window.session.changed):  # type: ignore[union-attr]
            qtbot.keyClicks(view, "+")
            qtbot.keyClick(view.focusWidget() or view, Qt.Key.Key_Return)
        assert window.session is not None
        finding = window.session.exam.special_tests["local.heel_walk"].left
        assert finding is not None
        assert finding.result == "positive"
        pdf, _ = build_note(window.session.exam, identity=None)
        text = " ".join(" ".join(page.split()) for page in page_texts(pdf))
        assert "Heel walking (ankle dorsiflexion, L4–L5) positive" in text
    finally:
        window.shutdown()


def test_a_broken_clinic_form_is_said_and_the_shipped_form_still_works(
        forms_folder: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    (forms_folder / "ours.toml").write_text('[[special_tests]]\nid = "heel"\nlabel = "x"\n'
                                            'group = "functional"\n', encoding="utf-8")
    said: list[str] = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.warning",
                        lambda parent, title, text: said.append(text))
    window = _window(qtbot, forms_folder.parent)
    try:
        assert len(said) == 1
        assert "ours.toml, line 1: a clinic form's id must be local.<name>" in said[0]
        assert "everything else works as usual" in said[0]
        assert window.editor is not None  # the demo exam opened with the shipped form
        window.editor.show_section(6)
    finally:
        window.shutdown()
