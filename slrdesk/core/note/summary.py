"""Page 1's summary box: the bottom line first, for the clinician who receives the note.

Urgency and its action, every red flag and must-not-miss condition (in the workstation banner's
colours, greyscale-safe: the tier is also written in words), whether the cauda equina screen is
complete, what is beyond the list, the clinician's impression with its codes, plan and referral,
and the leading hypotheses in words. The detail follows on the pages after it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from slrdesk.core.assessment.report import FLAG_ORIGIN, support_text
from slrdesk.core.catalog import catalog
from slrdesk.core.document.carry import carried_summary
from slrdesk.core.note.course import worse_since
from slrdesk.core.note.fonts import REGULAR
from slrdesk.core.note.sections import CELL, rich, text
from slrdesk.core.note.wording import NOT_RECORDED

if TYPE_CHECKING:
    from slrdesk.core.assessment.model import Assessment
    from slrdesk.core.document.exam import ExamDocument

# The workstation banner's colours (slrdesk.gui.red_flag_banner), with text that stays readable.
TIER_COLOURS = {"emergency": ("#8c1d18", "#ffffff"), "same_day": ("#b35900", "#ffffff"),
                "urgent": ("#f2c94c", "#1b1b1b"), "not_established": ("#fff1b8", "#3d2e00"),
                "routine": ("#e8f0e8", "#1b1b1b")}
LEADING = 3


def summary_box(exam: ExamDocument, assessment: Assessment, width: float,
                previous: ExamDocument | None = None) -> list[Flowable]:
    a = assessment
    cat = catalog()
    background, foreground = TIER_COLOURS[a.urgency]
    tier = cat.urgency_tiers[a.urgency].label.upper()
    rows: list[list[Any]] = [[rich(f'<font color="{foreground}"><b>URGENCY: {text(tier)}.</b> '
                                   f"{text(a.urgency_action)}</font>", CELL)]]
    if not a.screen.complete:
        rows.append([rich(f"<b>{text(a.screen.message)}</b>", CELL)])
    for flag in a.red_flags:
        if flag.tier == "warning":
            continue
        where = FLAG_ORIGIN[flag.kind]
        line = (f"<b>{text(flag.label)}</b> ({text(cat.tier_label(flag.tier).lower())}, "
                f"{where}): {text(flag.action)}")
        if flag.disagreement:
            line += " — the checklist said no"
        rows.append([rich(line, CELL)])
    if previous is not None:
        worse = worse_since(previous, exam)
        if worse:
            rows.append([rich("<b>Worse since the last visit:</b> "
                              + text("; ".join(c.text() for c in worse)), CELL)])
    carried = carried_summary(exam)
    if carried:
        # Measured at an earlier visit: the reader must not take them for today's findings.
        rows.append([rich("<b>Carried, not re-examined:</b> " + text(carried), CELL)])
    if a.outside_list.outside:
        rows.append([rich("<b>Beyond the list:</b> " + text("; ".join(a.outside_list.reasons)),
                          CELL)])
    impression = exam.impression
    codes = "; ".join(f"{c} {cat.codes[c].label}" for c in impression.codes)
    rows.append([rich("<b>Impression:</b> " + text(impression.impression or NOT_RECORDED)
                      + (f" ({text(codes)})" if codes else ""), CELL)])
    referral = ("; <b>referral:</b> " + text(impression.referral)) if impression.referral else ""
    rows.append([rich("<b>Plan:</b> " + text(impression.plan or NOT_RECORDED) + referral,
                      CELL)])
    leading = [h for h in a.hypotheses[:LEADING] if h.support != "not_assessed"]
    if leading:
        words = "; ".join(f"{h.label} ({support_text(h.support, h.likelihood_ratio_text)})"
                          for h in leading)
        rows.append([rich("<b>Leading hypotheses (decision support):</b> " + text(words),
                          CELL)])
    rows.append([rich("<b>Why the leg fails to lift:</b> "
                      + text(f"{a.motor_loss.replace('_', ' ')} — {a.motor_loss_reason}"),
                      CELL)])
    table = Table(rows, colWidths=[width])
    style = [("FONTNAME", (0, 0), (-1, -1), REGULAR),  # no unembedded Helvetica reference
             ("BOX", (0, 0), (-1, -1), 1.2, colors.HexColor("#1f3b57")),
             ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(background)),
             ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
             ("LINEBELOW", (0, 0), (-1, -2), 0.25, colors.HexColor("#b0b8c0"))]
    table.setStyle(TableStyle(style))
    return [table, Spacer(1, 4 * mm)]
