"""What the workstation shows when it cannot reassure: an incomplete cauda equina screen, the
must-not-miss conditions the findings imply, what the ranking cannot place, and the new fields
that feed them (docs/clinical.md §7), driven as a clinician would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QMessageBox, QTreeWidget, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from slrdesk.gui.main_window import MainWindow
from slrdesk.gui.sections.grid_section import GridSection
from slrdesk.gui.sections.history import HistorySection
from slrdesk.gui.sections.red_flags import RedFlagSection
from slrdesk.gui.sections.special_tests import SpecialTestsSection
from slrdesk.gui.widgets.fields import TextField
from tests.gui.conftest import QuestionAnswers


def _items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    found = (tree.topLevelItem(i) for i in range(tree.topLevelItemCount()))
    return [item for item in found if item is not None]


def _texts(item: QTreeWidgetItem) -> list[str]:
    children = (item.child(i) for i in range(item.childCount()))
    return [c.text(0) for c in children if c is not None]


def test_an_unasked_screen_is_said_first_and_leads_to_its_questions(
    window: MainWindow, qtbot: QtBot
) -> None:
    editor, session = window.editor, window.session
    assert editor is not None
    assert session is not None
    editor.show_section(7)
    flags = editor.section(7)
    assert isinstance(flags, RedFlagSection)
    flags.view.setCurrentIndex(flags.model.index(1, 2))  # bowel dysfunction
    flags.view.setFocus()
    qtbot.keyClick(flags.view, Qt.Key.Key_Delete)
    assert session.assessment.urgency == "not_established"
    assert editor.banner.property("raised")
    assert "URGENCY NOT ESTABLISHED" in editor.banner.text()
    assert "bowel dysfunction" in editor.banner.text()
    first = _items(editor.panel.tree)[0]
    assert first.text(0).startswith("⚠ Cauda equina screen incomplete")
    ask = first.child(0)
    assert ask is not None
    assert ask.text(0) == "Ask: Bowel dysfunction"
    editor.show_section(0)
    with qtbot.waitSignal(editor.panel.go_to) as blocker:
        editor.panel.tree.itemActivated.emit(ask, 0)
    assert blocker.args == ["red_flags.bowel_dysfunction"]
    assert editor.current_section() == 7
    assert flags.view.currentIndex().row() == 1


def test_a_measured_fever_raises_the_flag_whatever_the_checklist_says(
    window: MainWindow, qtbot: QtBot
) -> None:
    editor, session = window.editor, window.session
    assert editor is not None
    assert session is not None
    history = editor.section(0)
    assert isinstance(history, HistorySection)
    field = editor.binder.widget("history.temperature_c")
    assert isinstance(field, TextField)
    field.setFocus()
    qtbot.keyClicks(field, "38,4")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert session.exam.history.temperature_c == 38.4
    ids = {f.id for f in session.assessment.red_flags}
    assert "fever_or_infection_signs" in ids
    assert "SAME DAY" in editor.banner.text()
    assert "checklist says no" in editor.banner.text()
    recheck = next(i for i in _items(editor.panel.tree) if i.text(0).startswith("To re-check"))
    assert any("38.4 °C" in t and "answered 'no'" in t for t in _texts(recheck))
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "hot")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert "'hot' is not a number" in history.message.text()
    assert history.message.text().startswith("Temperature: ")
    assert session.exam.history.temperature_c == 38.4
    assert field.text() == "hot"  # kept and marked until fixed, never wiped
    assert field.property("problem")


def test_absent_pulses_on_the_weak_leg_are_a_vascular_emergency(window: MainWindow) -> None:
    editor, session = window.editor, window.session
    assert editor is not None
    assert session is not None
    editor.show_section(6)
    section = editor.section(6)
    assert isinstance(section, SpecialTestsSection)
    box = editor.binder.widget("circulation.distal_pulses.right")
    assert isinstance(box, QComboBox)
    index = box.findText("Absent")
    box.setCurrentIndex(index)
    box.activated.emit(index)
    assert session.exam.circulation.distal_pulses.right == "absent"
    assert session.assessment.urgency == "emergency"
    assert "Suspected acute limb ischaemia (from the findings)" in editor.banner.text()
    urgency = next(i for i in _items(editor.panel.tree) if i.text(0).startswith("Urgency:"))
    assert any(t.startswith("Suspected acute limb ischaemia [Emergency; must not miss")
               and "Vascular emergency" in t for t in _texts(urgency))
    beyond = next(i for i in _items(editor.panel.tree) if i.text(0).startswith("Beyond the"))
    assert "limb ischaemia" in beyond.text(0)


def test_every_new_field_has_its_place(window: MainWindow) -> None:
    editor = window.editor
    assert editor is not None
    myotomes = editor.section(4)
    assert isinstance(myotomes, GridSection)
    assert any(r.startswith("Hip adduction") for r in myotomes.models[0].row_labels)
    tests = editor.section(6)
    assert isinstance(tests, SpecialTestsSection)
    rows = tests.grids.models[0].row_labels
    for label in ("Extension lag", "Hoover sign", "Pain on passive hip extension",
                  "Leg shortened", "Limb cold or pale", "Pain on hopping"):
        assert any(r.startswith(label) for r in rows), label
    history = editor.section(0)
    assert isinstance(history, HistorySection)
    for item in ("bleeding_risk", "diabetes", "recent_procedure", "known_cns_condition",
                 "deficit_longstanding", "spread_to_other_leg", "unable_to_weight_bear"):
        assert history.isAncestorOf(editor.binder.widget(f"history.symptoms.{item}"))
    flags = editor.section(7)
    assert isinstance(flags, RedFlagSection)
    labels = [flags.model.index(r, 0).data() for r in range(flags.model.rowCount())]
    assert any(label.startswith("Sexual dysfunction") for label in labels)
    warning_row = next(r for r, label in enumerate(labels) if label.startswith("Sexual"))
    assert flags.model.index(warning_row, 1).data() == "Warning"


def test_answer_the_rest_no_asks_and_never_answers_what_the_exam_contradicts(
    window: MainWindow, qtbot: QtBot, questions: QuestionAnswers,
) -> None:
    editor, session = window.editor, window.session
    assert editor is not None
    assert session is not None
    assert session.set_many({"red_flags.saddle_anaesthesia": None,
                             "red_flags.bowel_dysfunction": None,
                             "neurology.sensation.saddle.left": {"grade": "altered"}}) is None
    editor.show_section(7)
    section = editor.section(7)
    assert isinstance(section, RedFlagSection)
    questions.answer(QMessageBox.StandardButton.Cancel)
    assert not section.answer_rest_no()  # cancelled: nothing answered
    assert session.exam.red_flag_answer("bowel_dysfunction") == "not_asked"
    assert "Bowel dysfunction" in questions.asked[-1]
    assert "Left unanswered, because the record argues for yes" in questions.asked[-1]
    assert "Saddle anaesthesia — Suspected cauda equina syndrome" in questions.asked[-1]
    questions.answer(QMessageBox.StandardButton.Yes)
    assert section.answer_rest_no()
    assert session.exam.red_flag_answer("bowel_dysfunction") == "no"
    assert session.exam.red_flag_answer("saddle_anaesthesia") == "not_asked"
    row = next(r for r, f in enumerate(section.model.items) if f.id == "saddle_anaesthesia")
    tip = section.model.index(row, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("The record argues for yes — Suspected cauda equina syndrome")
    assert section.model.index(row, 0).data(Qt.ItemDataRole.DecorationRole) is not None


def test_routine_is_never_said_flatly_while_red_flag_questions_wait(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The cauda equina screen answered 'no' and nothing else asked: the banner and the panel
    say how many questions wait (cancer, trauma, infection…), and Enter goes to one."""
    editor, session = window.editor, window.session
    assert editor is not None
    assert session is not None
    screen = ["bladder_dysfunction", "bowel_dysfunction", "saddle_anaesthesia",
              "bilateral_severe_weakness", "bilateral_radicular_pain"]
    assert session.set("red_flags", dict.fromkeys(screen, "no")) is None
    waiting = len(session.assessment.unanswered_red_flags)
    assert waiting > 5
    banner = editor.banner.text()
    assert f"{waiting} red-flag questions not yet asked" in banner
    assert not banner.startswith("No red flag,")
    item = next(i for i in _items(editor.panel.tree)
                if "red-flag questions not yet asked" in i.text(0))
    asks = _texts(item)
    assert "Ask: Major trauma" in asks
    # Answering them all brings back the calm line.
    assert session.set_many({f"red_flags.{f}": "no"
                             for f in session.assessment.unanswered_red_flags}) is None
    assert editor.banner.text().startswith("No red flag, and the cauda equina screen")
    assert not any("not yet asked" in i.text(0) for i in _items(editor.panel.tree))
