"""Editing an exam through the widgets, as a clinician at the keyboard would."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtWidgets import (
    QApplication,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)
from pytestqt.qtbot import QtBot

from slrdesk.gui.exam_editor import section_for
from slrdesk.gui.main_window import MainWindow
from slrdesk.gui.sections.goniometry import GoniometrySection
from slrdesk.gui.sections.grid_section import GridSection, GridView
from slrdesk.gui.sections.neurology import ReflexSensationSection
from slrdesk.gui.sections.red_flags import RedFlagSection
from slrdesk.gui.sections.special_tests import SpecialTestsSection
from slrdesk.gui.widgets.whole_table import page_of
from tests.gui.editors import enabled_inputs, open_signed


def _top_item(tree: QTreeWidget, prefix: str) -> QTreeWidgetItem:
    """The assessment panel's top-level item whose text starts with `prefix`."""
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        if item is not None and item.text(0).startswith(prefix):
            return item
    raise AssertionError(f"no panel item starts with {prefix!r}")


def _goniometry(window: MainWindow) -> GoniometrySection:
    assert window.editor is not None
    window.editor.show_section(2)
    section = window.editor.section(2)
    assert isinstance(section, GoniometrySection)
    return section


def _grid(window: MainWindow, section: int) -> GridSection:
    assert window.editor is not None
    grid = window.editor.section(section)
    assert isinstance(grid, GridSection)
    return grid


def test_typing_into_a_myotome_cell_updates_document_and_assessment(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert window.editor is not None
    window.editor.show_section(4)
    grid = _grid(window, 4)
    view, model = grid.views[0], grid.models[0]
    view.setCurrentIndex(model.index(1, 1))  # knee extension, left
    with qtbot.waitSignal(window.session.changed):  # type: ignore[union-attr]
        qtbot.keyClicks(view, "3")
        qtbot.keyClick(view.focusWidget() or view, Qt.Key.Key_Return)
    assert window.session is not None
    left = window.session.exam.neurology.myotomes["knee_extension"].left
    assert left is not None
    # A grade alone leaves what limited it unrecorded (docs/clinical.md §1: unknown is not none).
    assert (left.grade, left.limited_by) == (3, "not_recorded")
    assert model.index(1, 1).data() == "3"
    view.setCurrentIndex(model.index(1, 2))  # knee extension, right
    with qtbot.waitSignal(window.session.changed):
        qtbot.keyClicks(view, "3")  # the first key opens the cell's editor
        qtbot.keyClicks(view.focusWidget() or view, "n")
        qtbot.keyClick(view.focusWidget() or view, Qt.Key.Key_Return)
    right = window.session.exam.neurology.myotomes["knee_extension"].right
    assert right is not None
    assert (right.grade, right.limited_by) == (3, "none")
    assert model.index(1, 2).data() == "3n"


def test_many_cells_at_once_nt_and_clearing(window: MainWindow, qtbot: QtBot) -> None:
    grid = _grid(window, 4)
    model, view = grid.models[0], grid.views[0]
    cells = [model.index(row, 2) for row in (2, 3, 4)]
    selection = view.selectionModel()
    selection.clearSelection()
    for cell in cells:
        selection.select(cell, QItemSelectionModel.SelectionFlag.Select)
    assert model.set_cells(selection.selectedIndexes(), "4-g")
    session = window.session
    assert session is not None
    for myotome in ("ankle_dorsiflexion", "great_toe_extension", "hip_abduction"):
        right = session.exam.neurology.myotomes[myotome].right
        assert right is not None
        assert (right.grade, right.modifier, right.limited_by) == (4, "-", "guarding")
    view.setCurrentIndex(cells[0])
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert session.exam.neurology.myotomes["ankle_dorsiflexion"].right is None
    assert model.set_cells([cells[1]], "NT")
    assert model.index(3, 2).data() == "NT"


def test_a_refused_entry_is_explained_in_place_and_changes_nothing(
    window: MainWindow, qtbot: QtBot
) -> None:
    grid = _grid(window, 4)
    session = window.session
    assert session is not None
    before = session.exam
    assert not grid.models[0].set_cells([grid.models[0].index(0, 1)], "3+")
    assert "only used with grade 4" in grid.message.text()
    assert session.exam == before


def test_all_normal_keeps_recorded_findings_and_copy_side(window: MainWindow) -> None:
    assert window.editor is not None
    tests_section = window.editor.section(6)
    assert isinstance(tests_section, SpecialTestsSection)
    # A test never done must not become "negative" in one click: no "All normal" there.
    labels = {b.text() for b in tests_section.findChildren(QPushButton)}
    assert "All normal" not in labels
    assert "Copy left → right" in labels
    grid = _grid(window, 4)  # myotomes
    model = grid.models[0]
    session = window.session
    assert session is not None
    session.set("neurology.myotomes.hip_adduction.left", None)
    assert model.all_normal()
    myotomes = session.exam.neurology.myotomes
    assert myotomes["hip_flexion"].right is not None
    assert myotomes["hip_flexion"].right.grade == 2  # kept
    assert myotomes["hip_adduction"].left is not None
    assert myotomes["hip_adduction"].left.grade == 5  # filled
    neurology = window.editor.section(5)
    assert isinstance(neurology, ReflexSensationSection)
    reflexes = neurology.grids.models[0]
    assert reflexes.set_cells([reflexes.index(0, 1)], "1+")
    assert reflexes.copy_side("left")
    patellar = session.exam.neurology.reflexes["patellar"]
    assert patellar.right is not None
    assert patellar.right.grade == 1


def test_goniometer_keyboard_mouse_and_range(window: MainWindow, qtbot: QtBot) -> None:
    section = _goniometry(window)
    session = window.session
    assert session is not None
    section.select_angle("passive_slr")
    dial = section.dials["left"]
    dial.setFocus()
    qtbot.keyClick(dial, Qt.Key.Key_Up)
    assert session.exam.goniometry.passive_slr.left == 86
    qtbot.keyClick(dial, Qt.Key.Key_PageDown)
    assert session.exam.goniometry.passive_slr.left == 81
    assert section.fields["goniometry.passive_slr.left"].text() == "81"
    pivot, length = dial._pivot_and_length()
    point = pivot.toPoint() + QPoint(int(length * 0.5), -int(length * 0.5))  # 45° up
    qtbot.mouseClick(dial, Qt.MouseButton.LeftButton, pos=point)
    assert session.exam.goniometry.passive_slr.left == 45
    field = section.fields["goniometry.passive_slr.right"]
    field.setText("190")
    field.commit()
    assert "190° is outside the 0–160° that can be recorded" in section.message.text()
    assert session.exam.goniometry.passive_slr.right == 80  # the record keeps its value...
    assert field.text() == "190"  # ...and what was typed stays, marked, until fixed
    assert field.property("problem")
    assert "190°" in field.toolTip()
    session.set("history.pain_now", 4)  # another edit refreshes the section...
    assert field.text() == "190"  # ...but never wipes the refused entry
    field.setText("85")
    field.commit()
    assert session.exam.goniometry.passive_slr.right == 85
    assert not field.property("problem")
    assert section.message.text() == ""
    assert "beyond measurement error" in section.differences["active_slr"].text()


def test_red_flag_answer_raises_the_banner(window: MainWindow, qtbot: QtBot) -> None:
    assert window.editor is not None
    window.editor.show_section(7)
    section = window.editor.section(7)
    assert isinstance(section, RedFlagSection)
    assert not window.editor.banner.property("raised")
    section.view.setCurrentIndex(section.model.index(0, 2))
    section.view.setFocus()
    qtbot.keyClick(section.view, Qt.Key.Key_Y)
    assert window.editor.banner.property("raised")
    assert "EMERGENCY" in window.editor.banner.text()
    assert "emergency department" in window.editor.banner.text()
    qtbot.keyClick(section.view, Qt.Key.Key_Up)
    qtbot.keyClick(section.view, Qt.Key.Key_Delete)
    assert section.count.text() == "1 not answered"
    # Bladder is a cauda equina screen item: unasked, nobody is reassured.
    assert window.editor.banner.property("raised")
    assert "URGENCY NOT ESTABLISHED" in window.editor.banner.text()
    assert "RED FLAG" not in window.editor.banner.text()
    assert section.model.answer_rest_no()
    assert section.count.text() == "All answered"
    assert not window.editor.banner.property("raised")


def test_exam_findings_raise_the_banner_even_when_the_checklist_says_no(
    window: MainWindow,
) -> None:
    session = window.session
    assert session is not None
    assert window.editor is not None
    assert session.set("neurology.plantar_response.left", {"grade": "extensor"}) is None
    assert window.editor.banner.property("raised")
    assert "Upper motor neurone sign" in window.editor.banner.text()
    assert "(from the findings)" in window.editor.banner.text()


def test_choosing_a_suggested_test_goes_to_its_field(window: MainWindow, qtbot: QtBot) -> None:
    editor = window.editor
    assert editor is not None
    tree = editor.panel.tree
    following = _top_item(tree, "Examine next:")
    first = following.child(0)
    assert first is not None
    path = first.data(0, Qt.ItemDataRole.UserRole + 1)
    with qtbot.waitSignal(editor.panel.go_to) as blocker:
        tree.itemActivated.emit(first, 0)
    assert blocker.args == [path]
    assert editor.current_section() == section_for(path)
    section = editor.section(editor.current_section())
    grids = section.grids if isinstance(section, SpecialTestsSection) else section
    assert isinstance(grids, GridSection)
    current = grids.views[0].currentIndex()
    assert grids.models[0].path(current.row(), current.column()) == path


def test_the_assessment_panel_follows_every_edit(window: MainWindow) -> None:
    session = window.session
    assert session is not None
    assert window.editor is not None
    tree = window.editor.panel.tree
    top = _top_item(tree, "1. ")
    assert "Hip-flexor muscle" in top.text(0)
    marks = [m.model_dump() for m in session.exam.pain_map]
    marks.append({"region": "anterior_thigh_upper_right", "qualities": ["radiating"],
                  "intensity": 6})
    session.set_many({"neurology.reflexes.patellar.right": {"grade": 1},
                      "special_tests.femoral_nerve_stretch.right": {"result": "positive"},
                      "neurology.myotomes.hip_flexion.right": {"grade": 3,
                                                               "limited_by": "none"},
                      "pain_map": marks})
    top = _top_item(tree, "1. ")
    assert "L2-L4 nerve root" in top.text(0)
    assert "strong" in top.text(0)


def test_typing_a_note_leaves_the_panel_where_the_clinician_was_reading(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The panel is drawn again only when the assessment changed: a note typed in History
    keeps the evidence the clinician opened, selected and scrolled to in view."""
    assert window.editor is not None
    window.resize(1366, 768)
    tree = window.editor.panel.tree
    reading = _top_item(tree, "2. ")
    tree.setCurrentItem(reading)
    qtbot.keyClick(tree, Qt.Key.Key_Right)  # opens it
    assert reading.isExpanded()
    tree.scrollToItem(reading.child(reading.childCount() - 1))
    scrolled = tree.verticalScrollBar().value()
    detail = window.editor.binder.widget("history.mechanism_detail")
    detail.setFocus()
    with qtbot.waitSignal(window.session.changed):  # type: ignore[union-attr]
        qtbot.keyClicks(detail, " while sprinting")
    assert tree.currentItem() is reading
    assert reading.isExpanded()
    assert tree.verticalScrollBar().value() == scrolled
    said = _panel_text(tree)
    grid = _grid(window, 4)
    grid.views[0].setCurrentIndex(grid.models[0].index(0, 2))  # hip flexion, right
    with qtbot.waitSignal(window.session.changed):  # type: ignore[union-attr]
        qtbot.keyClicks(grid.views[0], "2")
        qtbot.keyClick(grid.views[0].focusWidget() or grid.views[0], Qt.Key.Key_Return)
    assert _panel_text(tree) != said  # a finding is weighed at once


def _panel_text(tree: QTreeWidget) -> list[str]:
    items = (tree.topLevelItem(i) for i in range(tree.topLevelItemCount()))
    return [item.text(0) for item in items if item is not None]


def test_locked_signed_exam_refuses_edits(window: MainWindow, make_session) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from slrdesk.core.document.exam import Signature

    session = window.session
    assert session is not None
    signed = session.exam.model_copy(update={
        "status": "signed",
        "signature": Signature(signed_at=datetime.now(UTC), signer="Dr A", ruleset_version="x")})
    session.replace(signed)
    assert session.set("history.pain_now", 3) == (
        "this exam is signed and cannot change; write an addendum instead")
    model = _grid(window, 4).models[0]
    assert not model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable


def test_a_signed_exam_is_read_only_everywhere_and_says_so(
    window: MainWindow, qtbot: QtBot,
) -> None:
    open_signed(window)
    editor = window.editor
    assert window.session is not None
    signed = window.session.exam
    assert editor is not None
    assert editor.signed_bar.isVisible()
    assert "Signed on" in editor.signed_bar.text()
    assert "by Dr Sam Okafor" in editor.signed_bar.text()
    assert "write an addendum" in editor.signed_bar.text()
    for index in range(9):  # no typing, no combos, no All normal, no dial, no figure
        assert enabled_inputs(editor.section(index)) == [], index
    history = editor.section(0)
    assert isinstance(history, QWidget)
    before = window.store.get_exam(signed.exam_id)
    qtbot.keyClicks(history, "9")
    assert window.store.get_exam(signed.exam_id) == before


def test_ctrl_and_a_number_puts_the_cursor_in_that_section(
    window: MainWindow, qtbot: QtBot,
) -> None:
    editor = window.editor
    assert editor is not None
    window.activateWindow()
    qtbot.keyClick(editor, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert editor.current_section() == 6
    focused = QApplication.focusWidget()
    assert focused is not None
    assert editor.section(6).isAncestorOf(focused)


def test_messages_name_fields_as_the_screen_does_never_as_paths(window: MainWindow) -> None:
    editor = window.editor
    assert editor is not None
    section = editor.section(2)
    assert isinstance(section, GoniometrySection)
    field = section.fields["goniometry.active_slr.left"]
    field.setText("abc")
    field.commit()
    assert section.message.text() == "Active SLR, left: 'abc' is not a whole number of degrees"
    field.setText("170")
    field.commit()
    assert section.message.text().startswith("Active SLR, left: 170° is outside")
    assert "goniometry." not in section.message.text()
    assert field.text() == "170"


def test_undo_and_redo_every_edit_bulk_ones_as_one_step(
    window: MainWindow, qtbot: QtBot,
) -> None:
    session = window.session
    editor = window.editor
    assert session is not None
    assert editor is not None
    before = session.exam
    grid = _grid(window, 4)
    assert session.exam.neurology.myotomes.get("hip_adduction") is None
    assert session.set("history.back_pain", 7) is None  # a first, separate step
    cleared = session.exam
    assert grid.models[0].all_normal()  # fills several cells: one step
    assert session.exam.neurology.myotomes["hip_adduction"].left is not None
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session.exam == cleared
    window.undo()
    assert session.exam == before
    assert window.commands["redo"].shortcut().toString() == "Ctrl+Shift+Z"
    window.commands["redo"].trigger()
    assert session.exam == cleared
    # Typing into one field merges into one step (what a text field saves while typing)...
    for typed in ("s", "sl", "slipped"):
        assert session.set("history.mechanism_detail", typed, merge=True) is None
    window.undo()
    assert session.exam == cleared
    # ...but three choices are three steps: a click is never merged away.
    for pain in (1, 2, 3):
        assert session.set("history.pain_now", pain) is None
    window.undo()
    assert session.exam.history.pain_now == 2
    window.undo()
    window.undo()
    assert session.exam == cleared
    with qtbot.waitSignal(session.saved, timeout=3000):  # an undo is saved like any edit
        pass
    assert window.store.get_exam(session.exam.exam_id) == cleared


def test_a_long_exam_keeps_little_per_undo_step(window: MainWindow) -> None:
    """Each step once kept two whole documents; after a few hundred edits the collector,
    walking them, held up one keystroke in a few hundred by a quarter of a second. A step now
    keeps what its edit changed, and undoing every step still gives back the first exam."""
    import gc

    session = window.session
    assert session is not None
    first = session.exam
    gc.collect()
    kept = len(gc.get_objects())
    for i in range(200):
        assert session.set("history.pain_now", i % 11) is None
    gc.collect()
    assert (len(gc.get_objects()) - kept) / 200 < 30
    assert session.undo_stack.count() == 200
    for _ in range(200):
        window.undo()
    assert session.exam == first
    window.commands["redo"].trigger()
    assert session.exam.history.pain_now == 0


def test_the_exam_never_moves_when_a_red_flag_appears(window: MainWindow) -> None:
    """A banner that appeared pushed the exam down by ~50 px under the pointer."""
    editor, session = window.editor, window.session
    assert editor is not None
    assert session is not None
    QApplication.processEvents()
    top = editor.stack.mapTo(window, editor.stack.rect().topLeft()).y()
    assert not editor.banner.property("raised")
    assert session.set("red_flags.bladder_dysfunction", "yes") is None
    QApplication.processEvents()
    assert editor.banner.property("raised")
    assert editor.stack.mapTo(window, editor.stack.rect().topLeft()).y() == top


def test_one_keyboard_rule_type_commit_next_row(window: MainWindow, qtbot: QtBot) -> None:
    """Enter commits and moves down; an arrow commits an open cell; a refusal stays put;
    Tab leaves the grid — the same rule as the red-flag checklist."""
    assert window.editor is not None
    window.editor.show_section(4)
    grid = _grid(window, 4)
    view, model = grid.views[0], grid.models[0]
    session = window.session
    assert session is not None

    def left_grade(row: int) -> object:
        value = session.exam.neurology.myotomes[model.row_ids[row]].left
        return None if value is None else value.grade

    view.setFocus()
    view.setCurrentIndex(model.index(0, 1))
    for text in ("4", "3"):  # typed fast, with no pause: each Enter commits before the next key
        qtbot.keyClicks(view, text)
        qtbot.keyClick(view.focusWidget() or view, Qt.Key.Key_Return)
    assert [left_grade(0), left_grade(1)] == [4, 3]
    assert view.currentIndex() == model.index(2, 1)
    # An arrow commits what was typed (nothing lost) and moves that way.
    qtbot.keyClicks(view, "1")
    qtbot.keyClick(view.focusWidget() or view, Qt.Key.Key_Down)
    assert left_grade(2) == 1
    assert view.currentIndex() == model.index(3, 1)
    qtbot.keyClicks(view, "2")
    qtbot.keyClick(view.focusWidget() or view, Qt.Key.Key_Up)
    assert left_grade(3) == 2
    assert view.currentIndex() == model.index(2, 1)
    # A refused entry keeps the cursor on its cell, with the reason beside the grid.
    qtbot.keyClicks(view, "9")
    qtbot.keyClick(view.focusWidget() or view, Qt.Key.Key_Return)
    assert view.currentIndex() == model.index(2, 1)
    assert left_grade(2) == 1
    assert "not a motor entry" in grid.message.text()
    # Tab leaves the grid rather than walking its cells.
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.currentIndex() == model.index(2, 1)
    assert not view.hasFocus()


def test_every_grid_shows_all_its_rows_and_the_page_follows_the_cursor(
    window: MainWindow, qtbot: QtBot
) -> None:
    """No nested scrolling at 1366×768: each table and list is as tall as its rows (the saddle
    S3–S5 row and the last diagnosis code included) and moving the cursor by keyboard scrolls
    the page to it."""
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

    assert window.editor is not None
    window.resize(1366, 768)
    for number in (2, 5, 6, 7, 8, 9):
        window.editor.show_section(number - 1)
        section = window.editor.section(number - 1)
        QApplication.processEvents()
        views = [v for v in section.findChildren(QAbstractItemView)
                 if v.isVisible() and not isinstance(v, QHeaderView)]
        assert views, number
        for view in views:
            model = view.model()
            last = model.index(model.rowCount() - 1, 0)
            assert view.verticalScrollBar().maximum() == 0, (number, view.accessibleName())
            assert view.viewport().rect().contains(view.visualRect(last)), view.accessibleName()
    window.editor.show_section(5)  # reflexes and sensation
    sensation = next(v for v in window.editor.section(5).findChildren(QTableView)
                     if "sensation" in v.accessibleName().lower())
    page = page_of(sensation)
    assert page is not None
    sensation.setFocus()
    sensation.setCurrentIndex(sensation.model().index(0, 1))
    for _ in range(sensation.model().rowCount()):
        qtbot.keyClick(sensation, Qt.Key.Key_Down)
    saddle = sensation.currentIndex()
    assert "Saddle" in saddle.siblingAtColumn(0).data()
    corner = sensation.viewport().mapTo(page.viewport(), sensation.visualRect(saddle).bottomLeft())
    assert page.viewport().rect().contains(corner)


def test_where_passive_slr_symptoms_are_felt_reads_in_full(window: MainWindow) -> None:
    """At 1366×768 the choice sat in the narrow angle columns and read "Hamstring stret"."""
    from slrdesk.gui.widgets.choice import ChoiceBox

    assert window.editor is not None
    window.resize(1366, 768)
    _goniometry(window)
    QApplication.processEvents()
    for side in ("left", "right"):
        box = window.editor.binder.widget(f"goniometry.passive_slr_onset_location.{side}")
        assert isinstance(box, ChoiceBox)
        box.setCurrentIndex(box.findText("Hamstring stretch only"))
        needed = box.fontMetrics().horizontalAdvance("Hamstring stretch only")
        assert box.width() > needed + 20, side  # the text and the arrow


def test_the_dials_follow_the_field_clicked_or_tabbed_into(
    window: MainWindow, qtbot: QtBot
) -> None:
    from slrdesk.core.catalog import catalog

    section = _goniometry(window)
    session = window.session
    assert session is not None
    hip = section.fields["goniometry.hip_flexion.right"]
    qtbot.mouseClick(hip, Qt.MouseButton.LeftButton)  # a click puts no selection in the field
    assert section.selected == "hip_flexion"
    assert catalog().angles["hip_flexion"].label in section.dial_title.text()
    assert section.dials["right"].angle() == session.exam.goniometry.hip_flexion.right
    qtbot.keyClick(hip, Qt.Key.Key_Tab)  # to the next row's first field
    assert section.selected != "hip_flexion"
    moved_to = section.selected
    focused = QApplication.focusWidget()
    assert focused is section.fields[f"goniometry.{moved_to}.left"]


def test_tab_goes_sections_then_fields_then_assessment(window: MainWindow, qtbot: QtBot) -> None:
    """No Tab stop on an empty scroll area, and the assessment panel after the fields, in a
    section built at start (history) and in ones built later."""
    editor = window.editor
    assert editor is not None
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    for index in (3, 0, 7):
        editor.show_section(index)
        editor.nav.setFocus()
        qtbot.keyClick(editor.nav, Qt.Key.Key_Tab)
        first = QApplication.focusWidget()
        assert first is not None
        assert editor.section(index).isAncestorOf(first), index
        for _ in range(200):
            focused = QApplication.focusWidget()
            assert focused is not None
            if focused is editor.panel.tree:
                break
            assert editor.section(index).isAncestorOf(focused), (index, focused)
            qtbot.keyClick(focused, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is editor.panel.tree
        qtbot.keyClick(editor.panel.tree, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is editor.nav


def test_only_the_focused_table_shows_its_cursor_in_blue(
    window: MainWindow, qtbot: QtBot
) -> None:
    """After Shift+Tab out of a grid its cell turns grey: one blue place on screen, where the
    next key goes. An open cell editor keeps the grid blue."""
    from PySide6.QtGui import QPalette

    from slrdesk.gui.widgets.focus_highlight import UNFOCUSED

    assert window.editor is not None
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.editor.show_section(6)
    view = window.editor.section(6).findChild(GridView)
    assert view is not None

    def highlight() -> str:
        return view.palette().color(QPalette.ColorRole.Highlight).name()

    view.setFocus()
    assert highlight() != UNFOCUSED.name()
    qtbot.keyClicks(view, "+")  # opens the cell's editor: still the grid's
    assert highlight() != UNFOCUSED.name()
    qtbot.keyClick(view.focusWidget() or view, Qt.Key.Key_Escape)
    qtbot.keyClick(view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert not view.hasFocus()
    assert highlight() == UNFOCUSED.name()


def test_a_brisk_reflex_is_shaded_like_a_reduced_one(window: MainWindow, qtbot: QtBot) -> None:
    """3+ is brisk (an upper motor neurone sign when asymmetric): shaded on the grid, as the
    progress table lists it; 2+ is not."""
    assert window.editor is not None
    window.editor.show_section(5)
    section = window.editor.section(5)
    assert isinstance(section, ReflexSensationSection)
    view, model = section.grids.views[0], section.grids.models[0]
    cell = model.index(0, 2)  # patellar, right
    view.setFocus()
    view.setCurrentIndex(cell)
    for typed, shaded in (("3", True), ("2", False), ("1", True)):
        with qtbot.waitSignal(window.session.changed):  # type: ignore[union-attr]
            qtbot.keyClicks(view, typed)
            qtbot.keyClick(view.focusWidget() or view, Qt.Key.Key_Return)
        view.setCurrentIndex(cell)
        assert (model.data(cell, Qt.ItemDataRole.BackgroundRole) is not None) == shaded, typed
