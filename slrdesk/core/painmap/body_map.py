"""The pain-map figures' geometry: one source for the screen and the printed note.

`resources/body/{anterior,posterior}.svg` hold every region of docs/clinical.md §3 as a
closed polygon with the region's id (drawn by `tools/draw_body_map.py`). This module reads them
and answers which region a point of the figure falls in; the document only ever stores ids.
"""

from __future__ import annotations

import functools
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from importlib import resources
from typing import Literal

from slrdesk.core.errors import SlrDeskError

View = Literal["anterior", "posterior"]
VIEWS: tuple[View, View] = ("anterior", "posterior")
_SVG = "{http://www.w3.org/2000/svg}"
_POINT = re.compile(r"[ML]\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)")
_COMMAND = re.compile(r"([MLCZ])([^MLCZ]*)")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")

Point = tuple[float, float]
# A drawing step of an outline or landmark: ("M"|"L", (x, y)), ("C", (x1, y1, x2, y2, x, y)),
# or ("Z", ()). Only the absolute commands the figure generator writes are understood.
Command = tuple[str, tuple[float, ...]]
_ARITY = {"M": 2, "L": 2, "C": 6, "Z": 0}


@dataclass(frozen=True)
class Figure:
    view: View
    width: float
    height: float
    regions: dict[str, tuple[Point, ...]]  # region id -> polygon (first point not repeated)
    outline: tuple[str, ...]  # SVG path data of the body's silhouette, for drawing
    landmarks: tuple[str, ...]  # SVG path data of the anatomical cues drawn over it

    def region_at(self, x: float, y: float) -> str | None:
        """The region containing (x, y) in figure units, or None outside every region."""
        for region, polygon in self.regions.items():
            if contains(polygon, x, y):
                return region
        return None

    def neighbour(self, region: str, dx: int, dy: int) -> str | None:
        """The region of this view in screen direction (dx, dy) from `region` — the one most
        nearly straight that way, nearest first — or None at the figure's edge. y grows down."""
        cx, cy = inside_point(self.regions[region])
        best: tuple[float, str] | None = None
        for other, polygon in self.regions.items():
            ox, oy = inside_point(polygon)
            along = (ox - cx) * dx + (oy - cy) * dy
            across = abs((ox - cx) * dy - (oy - cy) * dx)
            # Within 60° either side of the arrow; straight ahead beats a near diagonal.
            if other == region or along <= 0 or across > 1.7 * along:
                continue
            score = along + 3 * across
            if best is None or score < best[0]:
                best = (score, other)
        return None if best is None else best[1]


def contains(polygon: tuple[Point, ...], x: float, y: float) -> bool:
    """Even-odd ray casting: is (x, y) inside the closed polygon?"""
    inside = False
    n = len(polygon)
    for i in range(n):
        (x1, y1), (x2, y2) = polygon[i], polygon[(i + 1) % n]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def inside_point(polygon: tuple[Point, ...]) -> Point:
    """A point well inside the polygon, for a label: the middle of the widest span of the
    horizontal chord through the polygon's middle height."""
    ys = [y for _, y in polygon]
    y = (min(ys) + max(ys)) / 2
    xs = sorted(_crossings(polygon, y))
    spans = list(zip(xs[::2], xs[1::2], strict=True))
    left, right = max(spans, key=lambda span: span[1] - span[0])
    return (left + right) / 2, y


def _crossings(polygon: tuple[Point, ...], y: float) -> list[float]:
    n = len(polygon)
    return [x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            for (x1, y1), (x2, y2) in ((polygon[i], polygon[(i + 1) % n]) for i in range(n))
            if (y1 > y) != (y2 > y)]


def hatch(polygon: tuple[Point, ...], angle_deg: float, spacing: float
          ) -> list[tuple[Point, Point]]:
    """Segments of parallel lines at `angle_deg` (0 = horizontal), `spacing` apart, clipped to
    the polygon. Drawing marks as line patterns keeps them distinct on a greyscale printout."""
    theta = math.radians(angle_deg)
    cos, sin = math.cos(theta), math.sin(theta)
    # Rotate the polygon so the hatch lines become horizontal, cut it, rotate the cuts back.
    turned = tuple((x * cos + y * sin, -x * sin + y * cos) for x, y in polygon)
    ys = [y for _, y in turned]
    segments: list[tuple[Point, Point]] = []
    v = math.floor(min(ys) / spacing) * spacing + spacing / 2
    while v < max(ys):
        xs = sorted(_crossings(turned, v))
        for u0, u1 in zip(xs[::2], xs[1::2], strict=True):
            segments.append(((u0 * cos - v * sin, u0 * sin + v * cos),
                             (u1 * cos - v * sin, u1 * sin + v * cos)))
        v += spacing
    return segments


def path_commands(data: str) -> list[Command]:
    """SVG path data (absolute M, L, C, Z) -> drawing steps, for renderers without an SVG
    parser (the printed note)."""
    commands: list[Command] = []
    for letter, rest in _COMMAND.findall(data):
        numbers = [float(n) for n in _NUMBER.findall(rest)]
        arity = _ARITY[letter]
        if arity == 0:
            commands.append((letter, ()))
            continue
        if not numbers or len(numbers) % arity:
            raise SlrDeskError(f"pain-map figure: path step {letter}{rest.strip()!r} is malformed")
        for i in range(0, len(numbers), arity):
            commands.append((letter, tuple(numbers[i:i + arity])))
    return commands


def parse_polygon(data: str) -> tuple[Point, ...]:
    """`M x,y L x,y … Z` -> the points; refuses anything that is not a closed polygon."""
    if not data.strip().endswith("Z"):
        raise SlrDeskError(f"pain-map figure: path {data[:30]!r}… is not closed")
    points = tuple((float(x), float(y)) for x, y in _POINT.findall(data))
    if len(points) < 3:
        raise SlrDeskError(f"pain-map figure: path {data[:30]!r}… has fewer than 3 points")
    return points


@functools.cache
def figure(view: View) -> Figure:
    """The figure for `view`, read once per process."""
    source = resources.files("slrdesk.resources") / "body" / f"{view}.svg"
    root = ET.fromstring(source.read_text(encoding="utf-8"))
    _, _, width, height = (float(v) for v in root.attrib["viewBox"].split())
    regions: dict[str, tuple[Point, ...]] = {}
    drawings: dict[str, list[str]] = {"outline": [], "landmarks": []}
    for group in root.iter(f"{_SVG}g"):
        for element in group.iter(f"{_SVG}path"):
            if group.attrib.get("id") == "regions":
                region = element.attrib["id"]
                if region in regions:
                    raise SlrDeskError(f"pain-map figure {view}: region {region} drawn twice")
                regions[region] = parse_polygon(element.attrib["d"])
            elif group.attrib.get("id") in drawings:
                drawings[group.attrib["id"]].append(element.attrib["d"])
    return Figure(view, width, height, regions, tuple(drawings["outline"]),
                  tuple(drawings["landmarks"]))
