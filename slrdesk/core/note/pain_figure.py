"""The pain-map figure of the printed note: the same anterior and posterior bodies the clinician
clicked on (geometry from `body_map`), the marked regions drawn with the same tone and patterns
(`mark_style`), each numbered to its row in the findings table, and a legend."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Path, Polygon, Rect, String
from reportlab.lib import colors

from slrdesk.core.catalog import catalog
from slrdesk.core.note.fonts import BOLD, REGULAR
from slrdesk.core.painmap.body_map import VIEWS, Figure, Point, figure, inside_point, path_commands
from slrdesk.core.painmap.mark_style import PATTERNS, mark_shapes, tone

if TYPE_CHECKING:
    from slrdesk.core.document.exam import ExamDocument
    from slrdesk.core.document.findings import PainMark

GAP = 30.0  # between the two bodies, figure units
SKIN = colors.HexColor("#f3e9e1")
OUTLINE = colors.HexColor("#6b5a50")
LANDMARK = colors.HexColor("#b59d8d")
BORDER = colors.HexColor("#8a776b")
INK = colors.HexColor("#222222")


class _Placer:
    """Maps figure units (y down, origin top left of one view) onto the drawing (y up)."""

    def __init__(self, scale: float, left: float, height: float) -> None:
        self.scale, self.left, self.height = scale, left, height

    def __call__(self, point: Point) -> tuple[float, float]:
        x, y = point
        return self.left + x * self.scale, (self.height - y) * self.scale

    def path(self, data: str, **style: object) -> Path:
        shape = Path(**style)
        for letter, numbers in path_commands(data):
            points = [self((numbers[i], numbers[i + 1])) for i in range(0, len(numbers), 2)]
            if letter == "M":
                shape.moveTo(*points[0])
            elif letter == "L":
                shape.lineTo(*points[0])
            elif letter == "C":
                shape.curveTo(*points[0], *points[1], *points[2])
            else:
                shape.closePath()
        return shape

    def polygon(self, points: tuple[Point, ...], **style: object) -> Polygon:
        return Polygon([c for p in points for c in self(p)], **style)


def _drawing(width: float, height: float) -> Drawing:
    # reportlab starts every drawing in Helvetica, which would put an unembedded font in the
    # PDF even though no text uses it.
    return Drawing(width, height, initialFontName=REGULAR)


def numbered_marks(exam: ExamDocument) -> dict[str, int]:
    """Region id -> the number printed on the figure and in the table's first column."""
    return {mark.region: i for i, mark in enumerate(exam.pain_map, start=1)}


def body_drawing(exam: ExamDocument, width: float) -> Drawing:
    """Both views side by side, `width` points wide."""
    figures = [figure(view) for view in VIEWS]
    units_wide = sum(f.width for f in figures) + GAP
    scale = width / units_wide
    height = max(f.height for f in figures)
    drawing = _drawing(width, height * scale)
    numbers = numbered_marks(exam)
    marks = {mark.region: mark for mark in exam.pain_map}
    left = 0.0
    for fig in figures:
        place = _Placer(scale, left, height)
        drawing.add(_view(fig, place, marks, numbers))
        left += (fig.width + GAP) * scale
    return drawing


def _view(fig: Figure, place: _Placer, marks: dict[str, PainMark], numbers: dict[str, int]
          ) -> Group:
    group = Group()
    # Stroked, then filled again without a stroke, so the seams between trunk, limbs and head
    # vanish and only the silhouette's edge is drawn (as on screen).
    for data in fig.outline:
        group.add(place.path(data, fillColor=SKIN, strokeColor=OUTLINE, strokeWidth=1.1))
    for data in fig.outline:
        group.add(place.path(data, fillColor=SKIN, strokeColor=None))
    for data in fig.landmarks:
        group.add(place.path(data, fillColor=None, strokeColor=LANDMARK, strokeWidth=0.6))
    for region, polygon in fig.regions.items():
        mark = marks.get(region)
        if mark is None:
            group.add(place.polygon(polygon, fillColor=None, strokeColor=BORDER,
                                    strokeWidth=0.35, strokeDashArray=[1.5, 1]))
            continue
        group.add(place.polygon(polygon, fillColor=colors.Color(*tone(mark.intensity)),
                                strokeColor=INK, strokeWidth=0.6))
        shapes = mark_shapes(polygon, mark.qualities)
        for start, end in shapes.lines:
            group.add(Line(*place(start), *place(end), strokeColor=INK, strokeWidth=0.45))
        for dot in shapes.dots:
            group.add(Circle(*place(dot), 0.55, fillColor=INK, strokeColor=None))
    for region, number in numbers.items():
        if region in fig.regions:
            x, y = place(inside_point(fig.regions[region]))
            group.add(Circle(x, y + 2.2, 4.2, fillColor=colors.white, strokeColor=INK,
                             strokeWidth=0.5))
            group.add(String(x, y, str(number), fontName=BOLD, fontSize=5.8,
                             textAnchor="middle", fillColor=INK))
    right_on_left = fig.view == "anterior"
    for x, side in ((14.0, "R" if right_on_left else "L"), (fig.width - 30, "L" if right_on_left
                                                             else "R")):
        px, py = place((x, 60))
        group.add(String(px, py, side, fontName=BOLD, fontSize=11, fillColor=INK))
    cx, cy = place((fig.width / 2, fig.height))
    group.add(String(cx, cy, fig.view.title(), fontName=REGULAR, fontSize=8,
                     textAnchor="middle", fillColor=INK))
    return group


def legend_swatch(qualities: list[str], intensity: int | None, size: float = 16.0) -> Drawing:
    """A small square drawn exactly as a mark with these qualities and intensity."""
    units = 40.0
    scale = size / units
    square: tuple[Point, ...] = ((0, 0), (units, 0), (units, units), (0, units))
    place = _Placer(scale, 0.0, units)
    drawing = _drawing(size, size)
    drawing.add(Rect(0, 0, size, size, fillColor=colors.Color(*tone(intensity)),
                     strokeColor=INK, strokeWidth=0.5))
    shapes = mark_shapes(square, qualities)
    for start, end in shapes.lines:
        drawing.add(Line(*place(start), *place(end), strokeColor=INK, strokeWidth=0.45))
    for dot in shapes.dots:
        drawing.add(Circle(*place(dot), 0.55, fillColor=INK, strokeColor=None))
    return drawing


def legend_rows() -> list[tuple[Drawing, str]]:
    """(swatch, words) for each quality, then the intensity scale."""
    rows = [(legend_swatch([quality], None), f"{catalog().qualities[quality].label}: "
             f"{pattern.description}") for quality, pattern in PATTERNS.items()]
    rows += [(legend_swatch([], level), f"Intensity {level}/10") for level in (0, 5, 10)]
    return rows
