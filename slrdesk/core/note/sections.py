"""The note's sections, in clinical order, as reportlab flowables built from the exam document
and its assessment. Tables split across pages with their header row repeated."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from slrdesk.core.assessment.report import flag_line, support_text
from slrdesk.core.catalog import catalog
from slrdesk.core.note import pain_figure
from slrdesk.core.note.fonts import BOLD, ITALIC, REGULAR
from slrdesk.core.note.wording import (
    NOT_RECORDED,
    examined,
    graded_text,
    in_form_order,
    item_label,
    label,
    motor_text,
    side_text,
    special_test_text,
)

if TYPE_CHECKING:
    from slrdesk.core.assessment.model import Assessment
    from slrdesk.core.document.exam import ExamDocument

BODY = ParagraphStyle("body", fontName=REGULAR, bulletFontName=REGULAR, fontSize=9, leading=12)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=10)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=8.5, leading=10.5)
# keepWithNext: a heading never ends a page without what it heads.
HEADING = ParagraphStyle("heading", parent=BODY, fontName=BOLD, fontSize=11.5, leading=15,
                         spaceBefore=8, spaceAfter=3, textColor=colors.HexColor("#1f3b57"),
                         keepWithNext=1)
TITLE = ParagraphStyle("title", parent=BODY, fontName=BOLD, fontSize=15, leading=19,
                       spaceAfter=4)
NOTICE = ParagraphStyle("notice", parent=BODY, fontName=ITALIC, fontSize=8.5, leading=11,
                        textColor=colors.HexColor("#444444"))
LETTERHEAD = ParagraphStyle("letterhead", parent=BODY, fontName=BOLD, fontSize=12.5, leading=15,
                            textColor=colors.HexColor("#1f3b57"))


def text(value: object) -> str:
    """Escape for reportlab's mini-markup; newlines become line breaks."""
    return escape(str(value)).replace("\n", "<br/>")


def para(value: object, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(text(value), style)


def local_time(moment: datetime) -> str:
    """A time as the reader's clock on this workstation shows it, with the zone named:
    `2026-11-20 10:30 CET (UTC+01:00)`."""
    local = moment.astimezone()
    offset = local.strftime("%z")
    return (f"{local:%Y-%m-%d %H:%M} {local.tzname() or ''} "
            f"(UTC{offset[:3]}:{offset[3:]})").replace("  ", " ")


def rich(markup: str, style: ParagraphStyle = BODY) -> Paragraph:
    """A paragraph of reportlab markup; every value inside must already go through `text`."""
    return Paragraph(markup, style)


def letterhead(exam: ExamDocument) -> list[Flowable]:
    """The clinic's name, address and phone above everything else, as on a clinic letter."""
    clinic = exam.clinic
    if clinic is None:
        return []
    address = ", ".join(line.strip() for line in (clinic.address or "").splitlines()
                        if line.strip())
    contact = " · ".join(part for part in (address, f"Phone {clinic.phone}"
                                           if clinic.phone else "") if part)
    rows: list[Flowable] = [para(clinic.name, LETTERHEAD)]
    if contact:
        rows.append(para(contact, SMALL))
    rule = HRFlowable(width="100%", thickness=0.8, color=colors.HexColor("#1f3b57"),
                      spaceBefore=2, spaceAfter=3 * mm)
    return [*rows, rule]


def correspondence(exam: ExamDocument) -> list[Flowable]:
    """To whom the note is written and who sent the patient, when recorded."""
    parts = exam.correspondence
    lines = [f"<b>{name}:</b> {text(value)}" for name, value in
             (("To", parts.addressed_to), ("Referred by", parts.referred_by)) if value]
    return [rich("<br/>".join(lines))] if lines else []


def heading(title: str) -> Paragraph:
    return Paragraph(text(title), HEADING)


def table(rows: list[list[Any]], widths: list[float], header: bool = True) -> Table:
    cells = [[c if isinstance(c, Flowable) else Paragraph(text(c), CELL) for c in row]
             for row in rows]
    t = Table(cells, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    style = [
        # Tables default to Helvetica, which would be referenced (unembedded) even though every
        # cell is a paragraph in DejaVu.
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e3e8ee")))
    t.setStyle(TableStyle(style))
    return t


def history(exam: ExamDocument, width: float) -> list[Flowable]:
    h = exam.history
    mechanism = label("mechanisms", h.mechanism) if h.mechanism else ""
    if h.mechanism_detail:
        mechanism = f"{mechanism}: {h.mechanism_detail}" if mechanism else h.mechanism_detail
    onset = ", ".join(part for part in (label("onsets", h.onset) if h.onset else "",
                                        h.onset_date.isoformat() if h.onset_date else "") if part)
    pains = [f"{name} {value}/10" for name, value in (
        ("now", h.pain_now), ("worst 24 h", h.pain_worst_24h), ("back", h.back_pain),
        ("leg", h.leg_pain)) if value is not None]
    asked = in_form_order("history_items", h.symptoms)
    yes = [item_label("history_items", i) for i in asked if h.symptoms[i]]
    no = [item_label("history_items", i) for i in asked if not h.symptoms[i]]
    rows = [
        ["Affected side", h.affected_side or ""],
        ["Onset", onset],
        ["Mechanism", mechanism],
        ["Course", label("courses", h.course) if h.course else ""],
        ["Pain (0–10)", ", ".join(pains)],
        ["Temperature", f"{h.temperature_c:g} °C" if h.temperature_c is not None else ""],
        ["Reported", "; ".join(yes)],
        ["Denied", "; ".join(no)],
    ]
    flow: list[Flowable] = [heading("History")]
    recorded = [row for row in rows if row[1]]
    if recorded:
        flow.append(table(recorded, [38 * mm, width - 38 * mm], False))
    flow += not_examined_line([name for name, value in rows if not value], "Not recorded")
    if h.notes:
        flow += [Spacer(1, 3), para(h.notes)]
    return flow


def pain_map(exam: ExamDocument, width: float) -> list[Flowable]:
    flow: list[Flowable] = [heading("Findings: pain map")]
    if not exam.pain_map:
        return [*flow, para("No pain regions marked.")]
    legend_width = 48 * mm
    key = Table([[swatch, Paragraph(text(words), SMALL)]
                 for swatch, words in pain_figure.legend_rows()],
                colWidths=[7 * mm, legend_width - 7 * mm], hAlign="LEFT")
    key.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR),
                             ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                             ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]))
    caption = para("Numbers on the figure are the rows below. Tone darkens with intensity; "
                   "each quality adds its pattern (patterns combine).", SMALL)
    body_width = min(width - legend_width - 6 * mm, 105 * mm)
    side = Table([[pain_figure.body_drawing(exam, body_width), [key, Spacer(1, 4), caption]]],
                 colWidths=[body_width + 6 * mm, legend_width], hAlign="LEFT")
    side.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR),
                              ("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    rows: list[list[Any]] = [["#", "Region", "Qualities", "Intensity (0–10)"]]
    numbers = pain_figure.numbered_marks(exam)
    for mark in exam.pain_map:
        qualities = ", ".join(label("qualities", q).lower() for q in mark.qualities)
        rows.append([str(numbers[mark.region]), label("regions", mark.region),
                     qualities or NOT_RECORDED,
                     NOT_RECORDED if mark.intensity is None else str(mark.intensity)])
    return [HeadedFigure(flow[0], side), Spacer(1, 4),
            table(rows, [9 * mm, 70 * mm, width - 119 * mm, 40 * mm])]


class HeadedFigure(Flowable):
    """A heading and the figure under it, kept together, the figure drawn a little smaller when
    that lets both stay on the page they start on (a tall figure otherwise leaves most of a page
    blank above it). Never below `smallest` of its size, so it stays legible; beyond that the
    two move to the next page together."""

    def __init__(self, title: Flowable, content: Flowable, smallest: float = 0.7) -> None:
        super().__init__()
        self.title, self.content, self.smallest = title, content, smallest
        self.scale, self.title_height = 1.0, 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        _, height = self.title.wrap(available_width, available_height)
        self.title_height = height + self.title.getSpaceBefore() + self.title.getSpaceAfter()
        _, figure = self.content.wrap(available_width, available_height)
        fits = (available_height - self.title_height) / figure if figure else 1.0
        self.scale = fits if self.smallest <= fits < 1.0 else 1.0
        self.width = available_width
        self.height = self.title_height + figure * self.scale
        return self.width, self.height

    def draw(self) -> None:
        figure = self.height - self.title_height
        self.title.drawOn(self.canv, 0, figure + self.title.getSpaceAfter())
        self.canv.saveState()
        self.canv.scale(self.scale, self.scale)
        self.content.drawOn(self.canv, 0, 0)
        self.canv.restoreState()


def goniometry(exam: ExamDocument, width: float) -> list[Flowable]:
    g = exam.goniometry
    cat = catalog()
    error = cat.instruments[g.instrument].measurement_error_deg if g.instrument else 5.0
    rows: list[list[Any]] = [["Angle (degrees)", "Left", "Right", "Difference"]]
    skipped = []
    for angle_id, spec in cat.angles.items():
        pair = getattr(g, angle_id)
        left, right = pair.left, pair.right
        if left is None and right is None:
            skipped.append(spec.label)
            continue
        diff = NOT_RECORDED
        if left is not None and right is not None:
            d = abs(left - right)
            diff = f"{d}°" + (" (beyond measurement error)" if d > error else "")
        rows.append([spec.label, side_text(pair, "left", lambda v: f"{v}°"),
                     side_text(pair, "right", lambda v: f"{v}°"), diff])
    if examined(g.passive_slr_onset_location):
        rows.append(["Passive SLR symptoms felt in",
                     side_text(g.passive_slr_onset_location, "left",
                           lambda v: label("symptom_locations", v)),
                     side_text(g.passive_slr_onset_location, "right",
                           lambda v: label("symptom_locations", v)), ""])
    flow: list[Flowable] = [heading("Goniometry"),
                            para(f"Instrument: {label('instruments', g.instrument)}"),
                            Spacer(1, 2)]
    if len(rows) > 1:
        flow.append(table(rows, [width - 110 * mm, 25 * mm, 25 * mm, 60 * mm]))
    return flow + not_examined_line(skipped)


def mens(exam: ExamDocument, width: float) -> list[Flowable]:
    m = exam.mens_aslr
    flow: list[Flowable] = [heading("Mens active straight-leg raise")]
    if not (examined(m.without_compression) or examined(m.with_compression)):
        return [*flow, para("Not examined.", SMALL)]
    rows: list[list[Any]] = [["Mens active SLR (0–5 per leg)", "Left", "Right", "Sum (0–10)"]]
    for row, pair, compressed in (("Without compression", m.without_compression, False),
                                  ("With pelvic compression", m.with_compression, True)):
        total = m.total(with_compression=compressed)
        rows.append([row, side_text(pair, "left"), side_text(pair, "right"),
                     NOT_RECORDED if total is None else str(total)])
    lift = f"Lift height: {m.lift_height_cm} cm" if m.lift_height_cm else "Lift height: —"
    return [*flow, para(lift), Spacer(1, 2),
            table(rows, [width - 90 * mm, 25 * mm, 25 * mm, 40 * mm])]


def not_examined_line(labels: list[str], what: str = "Not examined") -> list[Flowable]:
    """What was not examined (or recorded), said once instead of rows of dashes."""
    if not labels:
        return []
    return [para(f"{what}: {'; '.join(labels)}.", SMALL)]


def _bilateral_table(title: str, pairs: list[tuple[str, Any]], show: Any, width: float,
                     ) -> list[Flowable]:
    shown = [(name, pair) for name, pair in pairs if examined(pair)]
    skipped = [name for name, pair in pairs if not examined(pair)]
    flow: list[Flowable] = []
    if shown:
        rows: list[list[Any]] = [[title, "Left", "Right"]]
        rows += [[name, side_text(pair, "left", show), side_text(pair, "right", show)]
                 for name, pair in shown]
        flow.append(table(rows, [width - 70 * mm, 35 * mm, 35 * mm]))
    return flow + not_examined_line(skipped)


def neurology(exam: ExamDocument, width: float) -> list[Flowable]:
    n = exam.neurology
    cat = catalog()
    myotomes = [(f"{m.label} ({'/'.join(m.roots)})", n.myotomes.get(m.id))
                for m in cat.myotomes.values()]
    reflexes = [(f"{r.label} ({'/'.join(r.roots)})", n.reflexes.get(r.id))
                for r in cat.reflexes.values()]
    sensation = [(f"{d.label}: {d.area}", n.sensation.get(d.id)) for d in cat.dermatomes.values()]

    return [
        heading("Myotomes (MRC 0–5; * limited by pain or guarding)"),
        *_bilateral_table("Movement (root)", myotomes, motor_text, width),
        heading("Reflexes and sensation"),
        *_bilateral_table("Reflex (roots)", reflexes, lambda g: g.text(), width),
        Spacer(1, 3),
        *_bilateral_table("Other signs", [("Plantar response", n.plantar_response),
                                          ("Ankle clonus (beats)", n.ankle_clonus_beats)],
                          lambda v: graded_text(v) if hasattr(v, "not_testable") else str(v),
                          width),
        Spacer(1, 3),
        *_bilateral_table("Light touch (dermatome)", sensation, graded_text, width),
    ]


def special_tests(exam: ExamDocument, width: float) -> list[Flowable]:
    rows: list[list[Any]] = [["Test", "Left", "Right"]]
    pulses = exam.circulation.distal_pulses
    if pulses.left is not None or pulses.right is not None:
        rows.append(["Distal pulses", pulses.left or NOT_RECORDED, pulses.right or NOT_RECORDED])

    for test_id in in_form_order("special_tests", exam.special_tests):
        pair = exam.special_tests[test_id]
        if not examined(pair):
            continue
        rows.append([item_label("special_tests", test_id),
                     side_text(pair, "left", special_test_text),
                     side_text(pair, "right", special_test_text)])
    if len(rows) == 1:
        return [heading("Special tests"), para("No special tests recorded.")]
    return [heading("Special tests"), table(rows, [width - 110 * mm, 55 * mm, 55 * mm])]


def red_flags(exam: ExamDocument, assessment: Assessment, width: float) -> list[Flowable]:
    cat = catalog()
    a = assessment
    rows: list[list[Any]] = [["Red flag (checklist)", "Tier", "Answer"]]
    for flag in cat.red_flags.values():
        answer = exam.red_flag_answer(flag.id).replace("_", " ")
        rows.append([flag.label + (f" ({flag.detail})" if flag.detail else ""),
                     cat.tier_label(flag.tier), answer.upper() if answer == "yes" else answer])
    flow: list[Flowable] = [heading("Red flags")]
    if not a.screen.complete:
        flow.append(rich(f"<b>{text(a.screen.message)}</b>"))
    flow.append(rich(f"<b>Urgency: {cat.urgency_tiers[a.urgency].label}.</b> "
                     f"{text(a.urgency_action)}"))
    for f in a.red_flags:
        line = flag_line(f)
        flow.append(rich(f"• <b>{text(f.label)}</b>{text(line.removeprefix(f.label))}", SMALL))
    return [*flow, Spacer(1, 3), table(rows, [width - 60 * mm, 30 * mm, 30 * mm])]


def assessment_section(assessment: Assessment, width: float) -> list[Flowable]:
    a = assessment
    flow: list[Flowable] = [
        heading("Assessment (decision support)"),
        para(f"{a.decision_support_notice} Ruleset {a.ruleset_version}.", NOTICE),
        Spacer(1, 3),
    ]
    if a.outside_list.outside:
        flow.append(rich("<b>Beyond the list:</b> " + text("; ".join(a.outside_list.reasons))
                         + "."))
    flow.append(para(a.outside_list.not_assessed, SMALL))
    flow += [Spacer(1, 3), para(f"Why the leg fails to lift: {a.motor_loss.replace('_', ' ')} — "
                                f"{a.motor_loss_reason}.")]
    for m in a.motor_losses[1:]:
        flow.append(para(f"Also {m.kind.replace('_', ' ')} ({m.side}): {m.reason}: "
                         f"{', '.join(m.findings)}.", SMALL))
    if a.inconsistencies:
        flow.append(Spacer(1, 3))
        flow.append(rich("<b>To re-check (inconsistent or unusual findings):</b>"))
        flow += [para(f"• {i.text}", SMALL) for i in a.inconsistencies]
    flow.append(Spacer(1, 3))
    rows: list[list[Any]] = [["Hypothesis", "Support", "Leading evidence"]]
    for h in a.hypotheses[:4]:
        leading = [f"+ {e.finding} ({e.citation}, LR {e.likelihood_ratio_text})"
                   for e in h.evidence_for[:3]]
        leading += [f"- {e.finding} ({e.citation}, LR {e.likelihood_ratio_text})"
                    for e in h.evidence_against[:2]]
        if h.unexplained:
            leading.append("not explained by it: " + ", ".join(h.unexplained))
        rows.append([h.label, support_text(h.support, h.likelihood_ratio_text),
                     "\n".join(leading) or "nothing recorded bears on it"])
    flow.append(table(rows, [60 * mm, 24 * mm, width - 84 * mm]))
    return flow


def impression(exam: ExamDocument, width: float) -> list[Flowable]:
    imp = exam.impression
    cat = catalog()
    codes = "; ".join(f"{c} {cat.codes[c].label}" for c in imp.codes) or NOT_RECORDED
    rows = [["Impression", imp.impression or NOT_RECORDED], ["Codes (ICD-10-CM)", codes],
            ["Plan", imp.plan or NOT_RECORDED], ["Referral", imp.referral or NOT_RECORDED]]
    return [heading("Clinician's impression and plan"),
            table([[r[0], para(r[1], CELL)] for r in rows], [38 * mm, width - 38 * mm], False)]


def addendum(exam: ExamDocument) -> list[Flowable]:
    if exam.addendum is None:
        return []
    a = exam.addendum
    return [KeepTogether([
        heading("Addendum"),
        para(f"Amends exam {a.amends_exam_id} (document SHA-256 {a.amends_sha256})."), para(a.text),
    ])]

