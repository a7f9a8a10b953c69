"""The pain-map figures' geometry: one source for the screen and the printed note.

`slrdesk/resources/body/{anterior,posterior}.svg` hold every region of CLINICAL.md §3 as a
closed polygon with the region's id (drawn by `tools/draw_body_map.py`). This module reads them
and answers which region a point of the figure falls in; the document only ever stores ids.
"""

from __future__ import annotations

import functools
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

Point = tuple[float, float]


@dataclass(frozen=True)
class Figure:
    view: View
    width: float
    height: float
    regions: dict[str, tuple[Point, ...]]  # region id -> polygon (first point not repeated)
    outline: tuple[str, ...]  # SVG path data of the body's silhouette, for drawing

    def region_at(self, x: float, y: float) -> str | None:
        """The region containing (x, y) in figure units, or None outside every region."""
        for region, polygon in self.regions.items():
            if contains(polygon, x, y):
                return region
        return None


def contains(polygon: tuple[Point, ...], x: float, y: float) -> bool:
    """Even-odd ray casting: is (x, y) inside the closed polygon?"""
    inside = False
    n = len(polygon)
    for i in range(n):
        (x1, y1), (x2, y2) = polygon[i], polygon[(i + 1) % n]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


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
    outline: list[str] = []
    for group in root.iter(f"{_SVG}g"):
        for element in group.iter(f"{_SVG}path"):
            if group.attrib.get("id") == "regions":
                region = element.attrib["id"]
                if region in regions:
                    raise SlrDeskError(f"pain-map figure {view}: region {region} drawn twice")
                regions[region] = parse_polygon(element.attrib["d"])
            elif group.attrib.get("id") == "outline":
                outline.append(element.attrib["d"])
    return Figure(view, width, height, regions, tuple(outline))
