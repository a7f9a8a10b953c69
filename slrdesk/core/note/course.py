"""The note's "Since the last visit" section: the changes beyond measurement error in words, the
measures side by side, and, over three visits or more, the course drawn as vector charts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from slrdesk.core import progress
from slrdesk.core.note.fonts import REGULAR
from slrdesk.core.note.sections import SMALL, heading, para, table
from slrdesk.core.note.wording import NOT_RECORDED

if TYPE_CHECKING:
    from slrdesk.core.document.exam import ExamDocument

# (label, Visit attribute, unit): what the table compares.
MEASURES = (("Active SLR, left", "active_slr_left", "°"),
            ("Active SLR, right", "active_slr_right", "°"),
            ("Hip flexion, left", "hip_flexion_left", "/5"),
            ("Hip flexion, right", "hip_flexion_right", "/5"),
            ("Knee extension, left", "knee_extension_left", "/5"),
            ("Knee extension, right", "knee_extension_right", "/5"),
            ("Pain now", "pain_now", "/10"),
            ("Mens active SLR, left", "mens_left", "/5"),
            ("Mens active SLR, right", "mens_right", "/5"))
LEFT, RIGHT = colors.HexColor("#1f6fb2"), colors.HexColor("#c2410c")


def worse_since(previous: ExamDocument, exam: ExamDocument) -> list[progress.Change]:
    before, now = progress.visit_of(previous, ""), progress.visit_of(exam, "")
    return [c for c in progress.changes(before, now) if c.direction == "worse"]


def _shown(value: Any, unit: str) -> str:
    return NOT_RECORDED if value is None else f"{value}{unit}"


def since_last_visit(exam: ExamDocument, previous: ExamDocument, width: float,
                     course: list[progress.Visit] | None = None) -> list[Flowable]:
    before, now = progress.visit_of(previous, ""), progress.visit_of(exam, "")
    found = progress.changes(before, now)
    words = ("; ".join(c.text() for c in found) + "." if found else
             "No change beyond measurement error in active SLR, hip flexion, knee extension, "
             "pain or the Mens score.")
    rows: list[list[Any]] = [["Measure", f"Last visit ({before.date})", f"This visit ({now.date})"]]
    rows += [[label, _shown(getattr(before, key), unit), _shown(getattr(now, key), unit)]
             for label, key, unit in MEASURES
             if getattr(before, key) is not None or getattr(now, key) is not None]
    flow: list[Flowable] = [heading(f"Since the last visit ({before.date})"), para(words),
                            Spacer(1, 2)]
    if len(rows) > 1:
        flow.append(table(rows, [width - 80 * mm, 40 * mm, 40 * mm]))
    if course is not None:
        # The stored course may lag the document being rendered by a keystroke: this visit
        # is drawn as the note records it.
        course = [v for v in course if v.exam_id != now.exam_id] + [now]
    if course is not None and len(course) >= 3:
        flow += [Spacer(1, 4), KeepTogether([_charts(course, width),
                                             para("Blue left, orange right. One point per "
                                                  "visit, oldest first.", SMALL)])]
    return flow


def _chart(course: list[progress.Visit], keys: tuple[str, ...], title: str,
           top: float, width: float, height: float) -> Drawing:
    # reportlab starts every drawing in Helvetica (unembedded) unless told otherwise.
    drawing = Drawing(width, height, initialFontName=REGULAR)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 28, 18, width - 40, height - 34
    series = [[(i, getattr(v, key)) for i, v in enumerate(course) if getattr(v, key) is not None]
              for key in keys]
    plot.data = [s if s else [(0, 0)] for s in series]
    palette = {1: (colors.HexColor("#333333"),), 2: (LEFT, RIGHT),
               4: (LEFT, RIGHT, LEFT, RIGHT)}[len(keys)]
    for index, colour in enumerate(palette):
        plot.lines[index].strokeColor = colour
        plot.lines[index].strokeWidth = 1.4
        if index >= 2:  # knee extension: dashed, beside hip flexion's solid lines
            plot.lines[index].strokeDashArray = (3, 2)
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = 0, max(len(course) - 1, 1)
    plot.xValueAxis.valueSteps = list(range(len(course)))
    plot.xValueAxis.labelTextFormat = lambda i: course[int(i)].date[5:]  # MM-DD
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax = 0, top
    for axis in (plot.xValueAxis, plot.yValueAxis):
        axis.labels.fontName, axis.labels.fontSize = REGULAR, 6.5  # embedded, never Helvetica
    drawing.add(plot)
    drawing.add(String(28, height - 10, title, fontName=REGULAR, fontSize=8))
    return drawing


def _charts(course: list[progress.Visit], width: float) -> Table:
    each = (width - 6 * mm) / 2
    slr = _chart(course, ("active_slr_left", "active_slr_right"), "Active SLR (°)", 110,
                 each, 48 * mm)
    pain = _chart(course, ("pain_now",), "Pain now (0–10)", 10, each, 48 * mm)
    grades = _chart(course, ("hip_flexion_left", "hip_flexion_right", "knee_extension_left",
                             "knee_extension_right"),
                    "Hip flexion (solid), knee extension (dashed), MRC", 5, each, 48 * mm)
    layout = Table([[slr, pain], [grades, ""]], colWidths=[each + 3 * mm, each + 3 * mm],
                   hAlign="LEFT")
    layout.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR),
                                ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return layout
