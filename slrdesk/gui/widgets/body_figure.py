"""The clickable pain-map figure: anterior and posterior bodies drawn from the shared geometry.

Hover names a region (tooltip and `hovered`); a click marks or unmarks it in the document. Marks
are drawn by their first quality (a hatch pattern, readable in greyscale print) and intensity
(darker is worse); the dermatome overlay tints each region by the root it covers and labels it.
The figure keeps no state of its own: it redraws from the session on every change.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPolygonF, QResizeEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtSvgWidgets import QGraphicsSvgItem
from PySide6.QtWidgets import (
    QGraphicsPolygonItem,
    QGraphicsScene,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from slrdesk.core.body_map import VIEWS, figure
from slrdesk.core.catalog import catalog

if TYPE_CHECKING:
    from slrdesk.gui.session import ExamSession

# Quality -> hatch: distinguishable without colour.
PATTERNS = {
    "ache": Qt.BrushStyle.SolidPattern, "sharp": Qt.BrushStyle.BDiagPattern,
    "burning": Qt.BrushStyle.DiagCrossPattern, "numbness": Qt.BrushStyle.Dense4Pattern,
    "tingling": Qt.BrushStyle.FDiagPattern, "radiating": Qt.BrushStyle.HorPattern,
}
DERMATOME_TINTS = {
    "L1": "#f6d6a8", "L2": "#f3b98a", "L3": "#e89b7d", "L4": "#c9a0dc", "L5": "#9fc5e8",
    "S1": "#a8d5ba", "S2": "#d5e8a8", "saddle": "#e8a8c8",
}
GAP = 40.0  # between the two figures, in figure units
BORDER = QPen(QColor(150, 130, 118, 150), 0.8)


def mark_brush(qualities: list[str], intensity: int | None) -> QBrush:
    """Darker red for more intense pain; the pattern says the (first) quality."""
    level = 5 if intensity is None else intensity
    colour = QColor.fromHsv(0, 90 + level * 16, 230 - level * 12)
    style = PATTERNS.get(qualities[0], Qt.BrushStyle.SolidPattern) if qualities else (
        Qt.BrushStyle.SolidPattern)
    if style == Qt.BrushStyle.SolidPattern:
        colour.setAlpha(170)
    return QBrush(colour, style)


class RegionItem(QGraphicsPolygonItem):
    def __init__(self, region: str, polygon: QPolygonF, owner: BodyFigure) -> None:
        super().__init__(polygon)
        self.region, self.owner = region, owner
        self.setAcceptHoverEvents(True)
        self.setToolTip(catalog().regions[region].label)
        self.setPen(BORDER)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.owner.hover(self.region, True)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.owner.hover(self.region, False)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.owner.toggle(self.region)
            event.accept()


class BodyFigure(QGraphicsView):
    """Signals: `hovered(str)` the region's name (empty when leaving); `selected(str)` the id of
    the region last clicked."""

    hovered = Signal(str)
    selected = Signal(str)

    def __init__(self, session: ExamSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setAccessibleName("Pain-map figure")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setScene(QGraphicsScene(self))
        self.items_by_region: dict[str, RegionItem] = {}
        self.overlay_labels: list[QGraphicsSimpleTextItem] = []
        self.overlay = False
        self._hovered: str | None = None
        self._build()
        session.changed.connect(self.refresh)
        self.refresh()

    def _build(self) -> None:
        scene = self.scene()
        offset = 0.0
        for view in VIEWS:
            fig = figure(view)
            source = resources.files("slrdesk.resources") / "body" / f"{view}.svg"
            renderer = QSvgRenderer(source.read_bytes(), self)
            for element in ("outline", "outline_fill", "side_labels"):
                drawing = QGraphicsSvgItem()
                drawing.setSharedRenderer(renderer)
                drawing.setElementId(element)
                drawing.setPos(offset + renderer.boundsOnElement(element).x(),
                               renderer.boundsOnElement(element).y())
                scene.addItem(drawing)
            for region, points in fig.regions.items():
                polygon = QPolygonF([QPointF(offset + x, y) for x, y in points])
                item = RegionItem(region, polygon, self)
                scene.addItem(item)
                self.items_by_region[region] = item
                roots = "/".join(catalog().regions[region].dermatomes)
                if roots:
                    label = scene.addSimpleText(roots)
                    centre = polygon.boundingRect().center()
                    label.setPos(centre.x() - 6, centre.y() - 6)
                    label.setVisible(False)
                    label.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
                    self.overlay_labels.append(label)
            caption = scene.addSimpleText(view.title())
            caption.setPos(offset + fig.width / 2 - 30, fig.height - 2)
            offset += fig.width + GAP

    def region_point(self, region: str) -> QPointF:
        """A point inside `region`, in view coordinates (for tests and keyboard focus)."""
        polygon = self.items_by_region[region].polygon()
        bounds = polygon.boundingRect()
        y = bounds.center().y()
        xs = sorted(x for x in (bounds.left() + bounds.width() * i / 200 for i in range(201))
                    if polygon.containsPoint(QPointF(x, y), Qt.FillRule.OddEvenFill))
        return QPointF(self.mapFromScene(QPointF((xs[0] + xs[-1]) / 2, y)))

    def hover(self, region: str, entered: bool) -> None:
        self._hovered = region if entered else None
        label = catalog().regions[region]
        roots = ", ".join(label.dermatomes) or "no dermatome"
        self.hovered.emit(f"{label.label} ({roots})" if entered else "")
        self.refresh()

    def toggle(self, region: str) -> None:
        marks = [m.model_dump(mode="json") for m in self.session.exam.pain_map]
        if any(m["region"] == region for m in marks):
            marks = [m for m in marks if m["region"] != region]
        else:
            marks.append({"region": region, "qualities": [], "intensity": None})
        order = {r: i for i, r in enumerate(catalog().regions)}
        marks.sort(key=lambda m: order[m["region"]])
        self.session.set("pain_map", marks)
        self.selected.emit(region)

    def set_overlay(self, shown: bool) -> None:
        self.overlay = shown
        for label in self.overlay_labels:
            label.setVisible(shown)
        self.refresh()

    def refresh(self) -> None:
        marks = {m.region: m for m in self.session.exam.pain_map}
        for region, item in self.items_by_region.items():
            mark = marks.get(region)
            if mark is not None:
                item.setBrush(mark_brush(list(mark.qualities), mark.intensity))
            elif self.overlay and catalog().regions[region].dermatomes:
                tint = QColor(DERMATOME_TINTS[catalog().regions[region].dermatomes[0]])
                tint.setAlpha(150)
                item.setBrush(QBrush(tint))
            else:
                item.setBrush(QBrush(Qt.BrushStyle.NoBrush))
            hovered = region == self._hovered
            item.setPen(QPen(QColor("#1f3b57"), 2.5) if hovered else BORDER)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fitInView(self.scene().itemsBoundingRect(), Qt.AspectRatioMode.KeepAspectRatio)
