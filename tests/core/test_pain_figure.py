"""The pain map on paper: the note draws the marked regions on the same bodies the clinician
clicked, in tones that keep their order in greyscale and patterns for the qualities, numbered
to the findings table."""

from __future__ import annotations

import colorsys

import pypdfium2 as pdfium
from reportlab.graphics.shapes import Polygon, String
from reportlab.lib import colors

from slrdesk.core.assessment import classify
from slrdesk.core.catalog import catalog
from slrdesk.core.document.exam import ExamDocument
from slrdesk.core.examples import vignette
from slrdesk.core.note import pain_figure
from slrdesk.core.note.render import render_note
from slrdesk.core.painmap.mark_style import PATTERNS, mark_shapes, tone
from tests.core.note_helpers import page_texts


def _grey(rgb: tuple[float, float, float]) -> float:
    r, g, b = rgb
    return 0.299 * r + 0.587 * g + 0.114 * b  # what a greyscale printer keeps


def test_every_quality_has_a_distinct_pattern() -> None:
    assert set(PATTERNS) == set(catalog().qualities)
    square = ((0.0, 0.0), (40.0, 0.0), (40.0, 40.0), (0.0, 40.0))
    looks = {q: mark_shapes(square, [q]) for q in PATTERNS}
    signatures = {(tuple(sorted({round(b[1] - a[1], 1) for a, b in s.lines})), bool(s.dots))
                  for s in looks.values()}
    assert len(signatures) == len(PATTERNS)


def test_intensity_tones_darken_in_greyscale_and_patterns_stay_visible() -> None:
    greys = [_grey(tone(level)) for level in range(11)]
    assert greys == sorted(greys, reverse=True)
    assert min(b - a for a, b in zip(greys[1:], greys, strict=False)) > 0.01
    assert greys[10] > 0.35  # black pattern lines still show on the darkest tone
    assert colorsys.rgb_to_hsv(*tone(7))[0] == 0.0  # red on a colour printout


def _exam_with_marks() -> ExamDocument:
    exam = vignette("upper_lumbar_radiculopathy")
    return exam.model_copy(update={"pain_map": [
        exam.pain_map[0].model_copy(update={"region": "perineum_saddle",
                                             "qualities": ["numbness"], "intensity": 10}),
        exam.pain_map[0].model_copy(update={"region": "groin_left", "qualities": ["sharp"],
                                             "intensity": 3}),
    ]})


def test_the_drawing_fills_each_marked_region_and_numbers_it() -> None:
    exam = _exam_with_marks()
    drawing = pain_figure.body_drawing(exam, 300)
    shapes = [s for group in drawing.contents for s in group.contents]
    filled = [s for s in shapes if isinstance(s, Polygon) and s.fillColor is not None]
    assert sorted(str(s.fillColor) for s in filled) == sorted(
        str(colors.Color(*tone(level))) for level in (10, 3))
    labels = {s.text for s in shapes if isinstance(s, String)}
    assert {"1", "2", "R", "L", "Anterior", "Posterior"} <= labels


def test_the_printed_page_shows_the_marks() -> None:
    """Rendered to pixels, the pain-map page carries the darkest tone only when a region is
    marked with it (the summary box comes first, so the figure may start on page 2)."""
    exam = _exam_with_marks()
    unmarked = exam.model_copy(update={"pain_map": []})
    counts = []
    for document in (exam, unmarked):
        pdf, _ = render_note(document, classify(document))
        target = tuple(round(c * 255) for c in tone(10))
        count = 0
        for page in list(pdfium.PdfDocument(pdf))[:2]:
            bitmap = page.render(scale=2, rev_byteorder=True)
            data, n = bytes(bitmap.buffer), bitmap.n_channels
            count += sum(
                1 for y in range(bitmap.height)
                for i in range(y * bitmap.stride, y * bitmap.stride + bitmap.width * n, n)
                if all(abs(data[i + k] - target[k]) <= 6 for k in range(3)))
        counts.append(count)
    assert counts[0] > 100
    assert counts[1] == 0
    pdf, _ = render_note(exam, classify(exam))
    text = " ".join(page_texts(pdf))
    assert "Numbness: dots" in text
    assert "Anterior" in text
