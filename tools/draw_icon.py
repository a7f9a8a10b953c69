"""Draw the application icon (resources/icons/): an SVG and PNGs in the usual sizes.

    .venv/bin/python tools/draw_icon.py

A patient lying on the couch with one straight leg raised and the goniometer's arc at the hip:
the examination the program is for, legible down to 16 pixels. PNGs are rendered from the SVG
with Qt, so the window icon needs no SVG plugin at run time; commit the output.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"
PACKAGING = Path(__file__).resolve().parents[1] / "packaging"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
HIP = (136.0, 168.0)
RAISE_DEG = 48.0


def svg() -> str:
    hx, hy = HIP
    theta = math.radians(RAISE_DEG)
    foot = (hx - 92 * math.cos(theta), hy - 92 * math.sin(theta))
    arc_r = 46.0
    arc_end = (hx - arc_r * math.cos(theta), hy - arc_r * math.sin(theta))
    return f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256" width="256"
     height="256">
  <title>SLR Desk</title>
  <rect x="8" y="8" width="240" height="240" rx="52" fill="#1f4e79"/>
  <path d="M36,196 L220,196" stroke="#8fb3d1" stroke-width="10" stroke-linecap="round"/>
  <path d="M{hx - arc_r:.1f},{hy:.1f} A{arc_r},{arc_r} 0 0 1 {arc_end[0]:.1f},{arc_end[1]:.1f}"
        fill="none" stroke="#ffffff" stroke-width="7" stroke-dasharray="9,7"/>
  <path d="M{hx},{hy} L44,{hy + 4}" stroke="#ffffff" stroke-width="20" stroke-linecap="round"/>
  <path d="M{hx},{hy} L194,{hy}" stroke="#ffffff" stroke-width="30" stroke-linecap="round"/>
  <circle cx="212" cy="{hy - 14}" r="19" fill="#ffffff"/>
  <path d="M{hx},{hy} L{foot[0]:.1f},{foot[1]:.1f}" stroke="#ffc145" stroke-width="20"
        stroke-linecap="round"/>
</svg>
"""


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    text = svg()
    (OUT / "slrdesk.svg").write_text(text, encoding="utf-8")
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt needs one
    renderer = QSvgRenderer(text.encode())
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        image.save(str(OUT / f"slrdesk-{size}.png"))
    # Windows and macOS icon containers for the packaging recipes, from the same PNGs.
    from PIL import Image

    largest = Image.open(OUT / "slrdesk-512.png")
    largest.save(PACKAGING / "windows" / "slrdesk.ico",
                 sizes=[(s, s) for s in SIZES if s <= 256])
    largest.save(PACKAGING / "macos" / "slrdesk.icns")
    print(f"wrote {OUT} and the .ico/.icns in {PACKAGING}")  # noqa: T201 - a command-line tool reports what it wrote


if __name__ == "__main__":
    main()
