"""The clickable pain-map figure: anterior and posterior bodies drawn from the shared geometry.

Hover names a region (tooltip and `hovered`); a click marks or unmarks it in the document. By
keyboard: arrows move between regions (in catalog order), Space marks or unmarks the current one.
Marks are drawn exactly as in the printed note (`core.mark_style`: tone for intensity, a pattern
per quality); the dermatome overlay tints each region by the root it covers and labels it.

Like the other fields it knows nothing of the session: the binder shows it the recorded marks
(`show_value`) and it hands every new set of marks to its link, drawing only what is recorded.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from PySide6.QtCore import QLineF, QPointF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFocusEvent,
    QFont,
    QKeyEvent,
    QPainter,
    QPen,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtSvgWidgets import QGraphicsSvgItem
from PySide6.QtWidgets import (
    QGraphicsPolygonItem,
    QGraphicsScene,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from slrdesk.core.catalog import catalog
from slrdesk.core.painmap.body_map import VIEWS, Figure, Point, figure, inside_point
from slrdesk.core.painmap.mark_style import MarkShapes, mark_shapes, tone
from slrdesk.gui.binder import UNBOUND, FieldLink

DERMATOME_TINTS = {
    "L1": "#f6d6a8", "L2": "#f3b98a", "L3": "#e89b7d", "L4": "#c9a0dc", "L5": "#9fc5e8",
    "S1": "#a8d5ba", "S2": "#d5e8a8", "saddle": "#e8a8c8",
}
GAP = 40.0  # between the two figures, in figure units
BORDER = QPen(QColor(150, 130, 118, 150), 0.8)
MARKED = QPen(QColor("#222222"), 1.2)
CURRENT = QPen(QColor("#1f3b57"), 3.0)
INK = QColor("#222222")
OVERLAY_FONT = QFont("DejaVu Sans", 6)


def tone_colour(intensity: int | None) -> QColor:
    return QColor.fromRgbF(*tone(intensity))


def paint_shapes(painter: QPainter, shapes: MarkShapes, offset: QPointF) -> None:
    """The pattern strokes of a mark (`mark_style.mark_shapes`), shifted by `offset`."""
    def at(point: Point) -> QPointF:
        return QPointF(point[0], point[1]) + offset
    painter.setPen(QPen(INK, 0.9))
    painter.drawLines([QLineF(at(a), at(b)) for a, b in shapes.lines])
    painter.setBrush(INK)
    painter.setPen(Qt.PenStyle.NoPen)
    for dot in shapes.dots:
        painter.drawEllipse(at(dot), 1.1, 1.1)


class RegionItem(QGraphicsPolygonItem):
    def __init__(self, region: str, points: tuple[Point, ...], offset: float,
                 owner: BodyFigure) -> None:
        super().__init__(QPolygonF([QPointF(offset + x, y) for x, y in points]))
        self.region, self.points, self.owner = region, points, owner
        self.offset = QPointF(offset, 0)
        self.shapes = MarkShapes((), ())
        self.setAcceptHoverEvents(True)
        self.setToolTip(catalog().regions[region].label)
        self.setPen(BORDER)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        super().paint(painter, option, widget)
        paint_shapes(painter, self.shapes, self.offset)

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

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.link: FieldLink = UNBOUND
        # The recorded marks (their JSON form) by region, as the binder last showed them.
        self._marks: dict[str, dict[str, Any]] = {}
        self.setAccessibleName("Pain-map figure")
        self.setAccessibleDescription(
            "Arrow keys move to the region that way on the same view; Space marks or unmarks "
            "the current region.")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setScene(QGraphicsScene(self))
        self.items_by_region: dict[str, RegionItem] = {}
        self.figure_of: dict[str, Figure] = {}  # region -> the view (front or back) it is on
        self.overlay_labels: list[QGraphicsSimpleTextItem] = []
        self.overlay = False
        self._hovered: str | None = None
        self.current: str | None = None
        self._build()
        self.refresh()  # and again after each edit of the marks (the pain-map section asks)

    def _build(self) -> None:
        scene = self.scene()
        offset = 0.0
        for view in VIEWS:
            fig = figure(view)
            source = resources.files("slrdesk.resources") / "body" / f"{view}.svg"
            renderer = QSvgRenderer(source.read_bytes(), self)
            for element in ("outline", "outline_fill", "landmarks", "side_labels"):
                drawing = QGraphicsSvgItem()
                drawing.setSharedRenderer(renderer)
                drawing.setElementId(element)
                drawing.setPos(offset + renderer.boundsOnElement(element).x(),
                               renderer.boundsOnElement(element).y())
                scene.addItem(drawing)
            for region, points in fig.regions.items():
                item = RegionItem(region, points, offset, self)
                scene.addItem(item)
                self.items_by_region[region] = item
                self.figure_of[region] = fig
                roots = "/".join(catalog().regions[region].dermatomes)
                if roots:
                    label = scene.addSimpleText(roots, OVERLAY_FONT)
                    x, y = inside_point(points)
                    box = label.boundingRect()
                    label.setPos(offset + x - box.width() / 2, y - box.height() / 2)
                    label.setVisible(False)
                    label.setZValue(2)
                    label.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
                    self.overlay_labels.append(label)
            caption = scene.addSimpleText(view.title())
            caption.setPos(offset + fig.width / 2 - 30, fig.height - 2)
            offset += fig.width + GAP

    def region_point(self, region: str) -> QPointF:
        """A point inside `region`, in view coordinates (for tests and keyboard focus)."""
        item = self.items_by_region[region]
        x, y = inside_point(item.points)
        return QPointF(self.mapFromScene(item.offset + QPointF(x, y)))

    def hover(self, region: str, entered: bool) -> None:
        self._hovered = region if entered else None
        label = catalog().regions[region]
        roots = ", ".join(label.dermatomes) or "no dermatome"
        self.hovered.emit(f"{label.label} ({roots})" if entered else "")
        self.refresh()

    def show_value(self, value: Any) -> None:
        """The recorded marks (the pain map's JSON form; None: none)."""
        self._marks = {m["region"]: m for m in value or []}
        self.refresh()

    def show_problem(self, problem: str | None) -> None:
        """A refused mark is said under the section; the figure shows the record."""
        self.setToolTip(problem or "")

    def toggle(self, region: str) -> None:
        marks = [m for r, m in self._marks.items() if r != region]
        if region not in self._marks:
            marks.append({"region": region, "qualities": [], "intensity": None})
        order = {r: i for i, r in enumerate(catalog().regions)}
        marks.sort(key=lambda m: order[m["region"]])
        self.link.store(marks)
        self.set_current(region)
        self.selected.emit(region)

    def set_current(self, region: str | None) -> None:
        """Outline `region` as the one the panel and the list are showing."""
        self.current = region
        self.refresh()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        arrows = {Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Down: (0, 1),
                  Qt.Key.Key_Up: (0, -1)}
        if key in arrows:
            # To the region that way on the same view; at the figure's edge the cursor stays.
            if self.current is None:
                region: str | None = next(iter(self.items_by_region))
            else:
                region = self.figure_of[self.current].neighbour(self.current, *arrows[key])
            if region is not None:
                self.set_current(region)
                self.hover(region, True)
                self.selected.emit(region)
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current:
            self.toggle(self.current)
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self.current is None:
            self.set_current(next(iter(self.items_by_region)))

    def set_overlay(self, shown: bool) -> None:
        self.overlay = shown
        for label in self.overlay_labels:
            label.setVisible(shown)
        self.refresh()

    def refresh(self) -> None:
        for region, item in self.items_by_region.items():
            mark = self._marks.get(region)
            shapes = MarkShapes((), ())
            if mark is not None:
                item.setBrush(QBrush(tone_colour(mark["intensity"])))
                shapes = mark_shapes(item.points, mark["qualities"])
            elif self.overlay and catalog().regions[region].dermatomes:
                tint = QColor(DERMATOME_TINTS[catalog().regions[region].dermatomes[0]])
                tint.setAlpha(150)
                item.setBrush(QBrush(tint))
            else:
                item.setBrush(QBrush(Qt.BrushStyle.NoBrush))
            if shapes != item.shapes:
                item.shapes = shapes
                item.update()
            emphasised = region in (self._hovered, self.current)
            item.setPen(CURRENT if emphasised else MARKED if mark is not None else BORDER)
            item.setZValue(1 if emphasised else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fitInView(self.scene().itemsBoundingRect(), Qt.AspectRatioMode.KeepAspectRatio)
