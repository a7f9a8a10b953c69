"""The note's fonts: DejaVu Sans, shipped in resources/fonts with its licence, embedded
in every PDF so that any name in Latin, Greek or Cyrillic script renders on any reader."""

from __future__ import annotations

import functools
from importlib import resources

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"


@functools.cache
def register_fonts() -> None:
    """Register the fonts with reportlab once per process."""
    folder = resources.files("slrdesk.resources") / "fonts"
    for name in (REGULAR, BOLD, ITALIC):
        with resources.as_file(folder / f"{name}.ttf") as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, ITALIC)
    addMapping(REGULAR, 1, 1, BOLD)
