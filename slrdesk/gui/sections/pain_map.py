"""The pain map: the anatomical figure (click to mark, hover to name), the selected region's
qualities and intensity beside it, a legend, the dermatome overlay, and the keyboard list of
every region. Figure, panel and list all edit the same marks in the document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from slrdesk.core.catalog import catalog
from slrdesk.gui.models.pain_map_model import PainMapModel
from slrdesk.gui.widgets.body_figure import BodyFigure
from slrdesk.gui.widgets.focus_highlight import highlight_only_with_focus
from slrdesk.gui.widgets.mark_legend import MarkLegend
from slrdesk.gui.widgets.whole_table import show_every_row

if TYPE_CHECKING:
    from slrdesk.gui.binder import Binder
    from slrdesk.gui.session import ExamSession


class _RegionView(QTableView):
    def __init__(self, model: PainMapModel) -> None:
        super().__init__()
        self.pain_model = model
        self.setModel(model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.setMinimumHeight(260)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        if event.key() == Qt.Key.Key_Space and index.isValid():
            marked = self.pain_model._mark(index.row()) is not None
            self.pain_model.set_marked(index.row(), not marked)
            return
        super().keyPressEvent(event)


class MarkPanel(QGroupBox):
    """Qualities and intensity of the selected region."""

    def __init__(self, model: PainMapModel) -> None:
        super().__init__("Selected region")
        self.model = model
        self.region: str | None = None
        self.name = QLabel("Click a region on the figure.")
        self.name.setWordWrap(True)
        # Three lines kept for the name whatever its length: a long name that wrapped pushed the
        # checkboxes down under the pointer, and clicks landed on the wrong quality.
        self.name.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.name.setFixedHeight(3 * self.name.fontMetrics().lineSpacing() + 4)
        self.boxes: dict[str, QCheckBox] = {}
        form = QFormLayout(self)
        form.addRow(self.name)
        for quality in catalog().qualities.values():
            box = QCheckBox(quality.label)
            box.setAccessibleName(f"Quality: {quality.label}")
            box.toggled.connect(self._qualities_changed)
            self.boxes[quality.id] = box
            form.addRow(box)
        self.intensity = QComboBox()
        self.intensity.setAccessibleName("Intensity (0–10)")
        self.intensity.addItem("—", None)
        for n in range(11):
            self.intensity.addItem(str(n), n)
        self.intensity.activated.connect(self._intensity_changed)
        form.addRow("Intensity", self.intensity)
        self.refresh()

    def _row(self) -> int | None:
        if self.region is None:
            return None
        return [r.id for r in self.model.regions].index(self.region)

    def select(self, region: str) -> None:
        self.region = region
        self.refresh()

    def _qualities_changed(self) -> None:
        row = self._row()
        if row is None:
            return
        chosen = [q for q, box in self.boxes.items() if box.isChecked()]
        self.model.setData(self.model.index(row, 2), ", ".join(chosen))

    def _intensity_changed(self, index: int) -> None:
        row = self._row()
        if row is not None:
            value = self.intensity.itemData(index)
            self.model.setData(self.model.index(row, 3), "" if value is None else str(value))

    def refresh(self) -> None:
        row = self._row()
        mark = self.model._mark(row) if row is not None else None
        enabled = mark is not None
        if self.region is not None:
            state = "marked" if enabled else "not marked — click again to mark"
            self.name.setText(f"<b>{catalog().regions[self.region].label}</b>: {state}")
        for quality, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(bool(mark) and quality in mark["qualities"])  # type: ignore[index]
            box.setEnabled(enabled)
            box.blockSignals(False)
        intensity = mark["intensity"] if mark else None
        self.intensity.setCurrentIndex(0 if intensity is None else intensity + 1)
        self.intensity.setEnabled(enabled)


class PainMapSection(QWidget):
    def __init__(self, session: ExamSession, binder: Binder,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PainMapModel(session)
        self.figure = binder.field("pain_map", BodyFigure(), "Pain-map figure")
        self.figure.setMinimumHeight(420)
        self.panel = MarkPanel(self.model)
        self.view = _RegionView(self.model)
        self.view.setAccessibleName("Pain-map regions")
        self.message = binder.message
        self.model.entry_refused.connect(lambda why: binder.report("pain_map", why))
        binder.view("pain_map", self.view, lambda _path: self.view.currentIndex(),
                    self.model.refresh)
        binder.control(self.panel)
        binder.watch(["pain_map"], self.panel.refresh)
        self.hover = QLabel(" ")
        self.hover.setObjectName("hovered_region")
        self.figure.hovered.connect(lambda text: self.hover.setText(text or " "))
        self.figure.selected.connect(self._selected)
        self.overlay = QCheckBox("Dermatome overlay")
        self.overlay.setAccessibleName("Show the dermatome overlay")
        self.overlay.setProperty("reading_aid", True)  # changes the view, never the exam
        self.overlay.toggled.connect(self.figure.set_overlay)
        legend = MarkLegend()
        top = QHBoxLayout()
        top.addWidget(self.figure, 3)
        side = QVBoxLayout()
        side.addWidget(self.panel)
        side.addWidget(self.overlay)
        side.addStretch(1)
        top.addLayout(side, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.hover)
        layout.addWidget(legend)
        hint = QLabel("By keyboard: on the figure, arrows move and Space marks; in the list, "
                      "Space marks the current region, type quality initials (a s b n t r) and "
                      "an intensity 0–10.")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        show_every_row(self.view)
        highlight_only_with_focus(self.view)
        layout.addWidget(self.view)
        layout.addStretch(1)
        self.view.selectionModel().currentRowChanged.connect(self._list_moved)

    def _selected(self, region: str) -> None:
        self.panel.select(region)
        row = [r.id for r in self.model.regions].index(region)
        if self.view.currentIndex().row() != row:
            self.view.setCurrentIndex(self.model.index(row, 0))

    def _list_moved(self, current: QModelIndex) -> None:
        if current.isValid():
            region = self.model.regions[current.row()].id
            self.panel.select(region)
            self.figure.set_current(region)
