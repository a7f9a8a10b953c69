"""The pain-map figure: click marks and unmarks, the list and the figure stay in step, hover
names the region, the overlay toggles."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from slrdesk.core.catalog import catalog
from slrdesk.gui.main_window import MainWindow
from slrdesk.gui.sections.pain_map import PainMapSection
from slrdesk.gui.widgets.body_figure import CURRENT, tone_colour
from slrdesk.gui.widgets.mark_legend import MarkLegend, Swatch
from slrdesk.gui.widgets.whole_table import page_of


def _section(window: MainWindow) -> PainMapSection:
    assert window.editor is not None
    window.editor.show_section(1)
    section = window.editor.section(1)
    assert isinstance(section, PainMapSection)
    return section


def test_click_marks_then_unmarks_and_the_assessment_follows(
    window: MainWindow, qtbot: QtBot
) -> None:
    section = _section(window)
    session = window.session
    assert session is not None
    figure = section.figure
    point = figure.region_point("perineum_saddle").toPoint()
    qtbot.mouseClick(figure.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert "perineum_saddle" in [m.region for m in session.exam.pain_map]
    assert section.panel.region == "perineum_saddle"
    section.panel.boxes["numbness"].setChecked(True)
    marks = {m.region: m for m in session.exam.pain_map}
    assert marks["perineum_saddle"].qualities == ["numbness"]
    assert "suspected_cauda_equina" in {f.id for f in session.assessment.red_flags}
    qtbot.mouseClick(figure.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert "perineum_saddle" not in [m.region for m in session.exam.pain_map]


def _slopes(lines: tuple[tuple[tuple[float, float], tuple[float, float]], ...]) -> set[float]:
    """Directions of pattern lines, y down: 1 is "\\", -1 is "/", 0 horizontal."""
    return {round((b[1] - a[1]) / (b[0] - a[0]), 3) for a, b in lines}


def test_list_and_figure_stay_in_step(window: MainWindow) -> None:
    section = _section(window)
    row = [r.id for r in section.model.regions].index("calf_left")
    item = section.figure.items_by_region["calf_left"]
    assert item.brush().style() == Qt.BrushStyle.NoBrush
    assert section.model.set_marked(row, True)
    assert item.brush().style() == Qt.BrushStyle.SolidPattern
    assert item.shapes.lines == ()  # no quality yet: tone only
    assert item.shapes.dots == ()
    assert section.model.setData(section.model.index(row, 3), "9")
    assert item.brush().color() == tone_colour(9)
    assert item.brush().color().lightness() < tone_colour(2).lightness()
    assert section.model.setData(section.model.index(row, 2), "t")
    assert _slopes(item.shapes.lines) == {1.0}  # tingling: "\\" lines
    groin = section.figure.items_by_region["groin_right"]  # marked "sharp" in the demo exam
    assert _slopes(groin.shapes.lines) == {-1.0}
    # and back: unmarking in the list clears the figure
    assert section.model.set_marked(row, False)
    assert item.brush().style() == Qt.BrushStyle.NoBrush
    assert item.shapes.lines == ()


def test_the_figure_works_from_the_keyboard(window: MainWindow, qtbot: QtBot) -> None:
    """Arrows move to the region that way on the same view, with the panel and the list
    following; at the figure's edge the cursor stays; Space marks."""
    section = _section(window)
    session = window.session
    assert session is not None
    figure = section.figure
    figure.set_current("anterior_thigh_upper_right")  # viewer's left on the front view
    qtbot.keyClick(figure, Qt.Key.Key_Down)
    qtbot.keyClick(figure, Qt.Key.Key_Down)
    assert figure.current == "anterior_knee_right"
    qtbot.keyClick(figure, Qt.Key.Key_Up)
    second = "anterior_thigh_lower_right"
    assert figure.current == second
    assert section.panel.region == second
    assert section.model.regions[section.view.currentIndex().row()].id == second
    assert figure.items_by_region[second].pen().widthF() == CURRENT.widthF()
    figure.set_current("lower_abdomen")
    qtbot.keyClick(figure, Qt.Key.Key_Up)  # the top of the figure: nowhere to go
    assert figure.current == "lower_abdomen"
    figure.set_current(second)
    was_marked = second in [m.region for m in session.exam.pain_map]
    qtbot.keyClick(figure, Qt.Key.Key_Space)
    assert (second in [m.region for m in session.exam.pain_map]) != was_marked
    # Moving in the list moves the figure's current region too.
    section.view.setCurrentIndex(section.model.index(0, 0))
    assert figure.current == section.model.regions[0].id


def test_hover_names_the_region_and_the_overlay_toggles(
    window: MainWindow, qtbot: QtBot
) -> None:
    section = _section(window)
    with qtbot.waitSignal(section.figure.hovered) as blocker:
        section.figure.hover("anterior_thigh_upper_left", True)
    assert blocker.args == ["Upper anterior thigh, left (L1, L2)"]
    assert section.hover.text() == "Upper anterior thigh, left (L1, L2)"
    assert not any(label.isVisible() for label in section.figure.overlay_labels)
    section.overlay.setChecked(True)
    assert all(label.isVisible() for label in section.figure.overlay_labels)
    shin = section.figure.items_by_region["shin_medial_left"]
    assert shin.brush().style() == Qt.BrushStyle.SolidPattern  # tinted by L4


def test_the_legend_names_every_quality_and_the_intensity_scale(window: MainWindow) -> None:
    section = _section(window)
    legend = section.findChild(MarkLegend)
    assert legend is not None
    words = {label.text() for label in legend.findChildren(QLabel)}
    for quality in catalog().qualities.values():
        assert any(w.startswith(f"{quality.label}: ") for w in words), quality.label
    assert {"Intensity 0/10", "Intensity 10/10"} <= words
    swatches = legend.findChildren(Swatch)
    assert len(swatches) == len(catalog().qualities) + 3
    image = swatches[0].grab().toImage()  # painted, not blank
    assert len({image.pixel(x, y) for x in range(image.width()) for y in range(image.height())}) > 1


def test_the_quality_boxes_hold_still_whatever_the_region_name(window: MainWindow) -> None:
    """A long region name that wrapped used to push the boxes down under the pointer."""
    panel = _section(window).panel
    by_length = sorted(catalog().regions, key=lambda r: len(catalog().regions[r].label))
    assert window.session is not None
    window.session.set("pain_map", [{"region": by_length[0], "qualities": [], "intensity": None}])
    first_box = next(iter(panel.boxes.values()))
    tops = set()
    for region in (by_length[0], by_length[-1], by_length[0]):
        panel.select(region)
        QApplication.processEvents()
        tops.add(first_box.mapTo(window, first_box.rect().topLeft()).y())
        assert catalog().regions[region].label in panel.name.text()
    assert len(tops) == 1


def test_a_click_on_the_figure_leaves_the_page_where_it_is(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The list follows the figure, but the page must not scroll down to the list's row."""
    section = _section(window)
    page = page_of(section)
    assert page is not None
    page.verticalScrollBar().setValue(0)
    figure = section.figure
    for region in ("heel_sole_left", "perineum_saddle"):  # rows far down the list
        point = figure.region_point(region).toPoint()
        qtbot.mouseClick(figure.viewport(), Qt.MouseButton.LeftButton, pos=point)
        assert section.panel.region == region
        assert page.verticalScrollBar().value() == 0


def test_the_figure_shows_the_record_through_an_undo(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The figure knows only what the binder shows it: a click it makes is drawn once
    recorded, and an undo takes the mark off the figure too."""
    from PySide6.QtGui import QBrush

    section = _section(window)
    figure = section.figure
    item = figure.items_by_region["anterior_thigh_upper_left"]
    assert item.brush().style() == Qt.BrushStyle.NoBrush
    point = figure.region_point("anterior_thigh_upper_left").toPoint()
    qtbot.mouseClick(figure.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert item.brush() == QBrush(tone_colour(None))
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session is not None
    assert "anterior_thigh_upper_left" not in [m.region for m in window.session.exam.pain_map]
    assert item.brush().style() == Qt.BrushStyle.NoBrush
