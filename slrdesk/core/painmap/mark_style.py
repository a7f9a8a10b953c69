"""How a pain mark looks, on screen and on paper alike.

A marked region is filled with a tone that darkens with intensity, and each of its qualities
adds its own pattern over the tone (lines at an angle, crossed lines, dots). Patterns, not
colours, carry the quality, so a greyscale printout still reads; the shapes come from
`body_map.hatch`, so the screen and the note draw exactly the same marks.
"""

from __future__ import annotations

import colorsys
import functools
from collections.abc import Iterable
from dataclasses import dataclass

from slrdesk.core.painmap.body_map import Point, hatch

SPACING = 7.0  # between pattern lines, in figure units (the figures are 400 × 900)
DOT_SPACING = 8.0
UNRATED = 5  # intensity assumed for the tone of a mark whose intensity is not recorded


@dataclass(frozen=True)
class Pattern:
    description: str  # for the legend
    angles: tuple[float, ...] = ()  # line directions, degrees, figure coordinates (y down)
    dots: bool = False


PATTERNS: dict[str, Pattern] = {
    "ache": Pattern("tone only"),
    "sharp": Pattern("/ lines", (-45.0,)),
    "burning": Pattern("crossed lines", (-45.0, 45.0)),
    "numbness": Pattern("dots", dots=True),
    "tingling": Pattern("\\ lines", (45.0,)),
    "radiating": Pattern("horizontal lines", (0.0,)),
}


def tone(intensity: int | None) -> tuple[float, float, float]:
    """RGB (0–1) of the fill: a red whose lightness falls steadily with intensity, so the
    order survives conversion to grey; even the darkest stays light enough (grey ≈ 0.4) for
    black pattern lines to show on it."""
    level = UNRATED if intensity is None else intensity
    return colorsys.hsv_to_rgb(0.0, 0.15 + 0.055 * level, 0.98 - 0.018 * level)


@dataclass(frozen=True)
class MarkShapes:
    lines: tuple[tuple[Point, Point], ...]
    dots: tuple[Point, ...]


def mark_shapes(polygon: tuple[Point, ...], qualities: Iterable[str]) -> MarkShapes:
    """The pattern strokes of a mark with these qualities over `polygon` (figure units).
    Cached: the screen redraws every mark after each edit, and the shapes never change."""
    return _mark_shapes(polygon, tuple(sorted(set(qualities))))


@functools.lru_cache(maxsize=2048)
def _mark_shapes(polygon: tuple[Point, ...], qualities: tuple[str, ...]) -> MarkShapes:
    angles: set[float] = set()
    dotted = False
    for quality in qualities:
        pattern = PATTERNS[quality]
        angles.update(pattern.angles)
        dotted |= pattern.dots
    lines = [segment for angle in sorted(angles) for segment in hatch(polygon, angle, SPACING)]
    dots: list[Point] = []
    if dotted:
        for (x0, y), (x1, _) in hatch(polygon, 0.0, DOT_SPACING):
            x = x0 + ((x1 - x0) % DOT_SPACING) / 2 + (DOT_SPACING / 2 if int(y) % 16 < 8 else 0)
            while x < x1:
                dots.append((x, y))
                x += DOT_SPACING
    return MarkShapes(tuple(lines), tuple(dots))
