"""The pain-map figure: click marks and unmarks, the list and the figure stay in step, hover
names the region, the overlay toggles."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from pytestqt.qtbot import QtBot

from slrdesk.gui.main_window import MainWindow
from slrdesk.gui.sections.pain_map import PainMapSection


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
    assert "saddle_symptoms" in {f.id for f in session.assessment.red_flags}
    qtbot.mouseClick(figure.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert "perineum_saddle" not in [m.region for m in session.exam.pain_map]


def test_list_and_figure_stay_in_step(window: MainWindow) -> None:
    section = _section(window)
    row = [r.id for r in section.model.regions].index("calf_left")
    item = section.figure.items_by_region["calf_left"]
    assert item.brush().style() == Qt.BrushStyle.NoBrush
    assert section.model.set_marked(row, True)
    assert item.brush() != QBrush(Qt.BrushStyle.NoBrush)
    assert section.model.setData(section.model.index(row, 2), "t")
    assert item.brush().style() == Qt.BrushStyle.FDiagPattern  # tingling
    groin = section.figure.items_by_region["groin_right"]  # marked in the demo exam
    assert groin.brush().style() == Qt.BrushStyle.BDiagPattern  # sharp


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
