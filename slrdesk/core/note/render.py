"""Render an exam note to PDF bytes: A4 or US Letter, the patient named on every page with
"page x of y", DRAFT on every page of an unsigned note, and a signature block whose position is
reported so the signature field can be placed exactly over it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import TYPE_CHECKING, Any, Literal

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, SimpleDocTemplate, Spacer

from slrdesk import __version__
from slrdesk.core.catalog import catalog
from slrdesk.core.document.exam import FormStamp
from slrdesk.core.note import sections
from slrdesk.core.note.course import since_last_visit
from slrdesk.core.note.fonts import BOLD, REGULAR, register_fonts
from slrdesk.core.note.summary import summary_box

if TYPE_CHECKING:
    from slrdesk.core.assessment.model import Assessment
    from slrdesk.core.document.exam import ExamDocument
    from slrdesk.core.progress import Visit

PageSize = Literal["a4", "letter"]
PAGE_SIZES = {"a4": A4, "letter": LETTER}
MARGIN = 18 * mm
HEADER_SPACE = 18 * mm
ATTESTATION = ("I attest that this note is an accurate record of the examination I performed "
               "and of my clinical reasoning.")


@dataclass(frozen=True)
class SignatureBlock:
    """Who signs and when, printed in the block the digital signature covers."""

    signer: str
    credentials: str | None
    registration_number: str | None
    signed_at: datetime
    # The audit ledger's head when signed (entry, SHA-256): the signature anchors the history.
    audit_anchor: tuple[int, str] | None = None


@dataclass
class SignatureBox:
    """Where the signature block landed: 0-based page index and (x1, y1, x2, y2) in points."""

    page_index: int = 0
    rect: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)


class _SignatureFlowable(Flowable):
    """The signature block; records its page and rectangle as it is drawn."""

    HEIGHT = 38 * mm

    def __init__(self, width: float, block: SignatureBlock | None, box: SignatureBox) -> None:
        super().__init__()
        self.width, self.height = width, self.HEIGHT
        self.block, self.box = block, box

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(colors.HexColor("#1f3b57"))
        c.setLineWidth(0.8)
        c.rect(0, 0, self.width, self.height)
        x0, y0 = c.absolutePosition(0, 0)
        self.box.page_index = c.getPageNumber() - 1
        self.box.rect = (x0, y0, x0 + self.width, y0 + self.height)
        c.setFillColor(colors.black)
        lines: list[tuple[str, str]]
        if self.block is None:
            lines = [(BOLD, "DRAFT: not signed."),
                     (REGULAR, "This note is not part of the record until it is signed.")]
        else:
            b = self.block
            lines = [(BOLD, f"Digitally signed by {b.signer}"),
                     (REGULAR, "Credentials: " + (b.credentials or "—")),
                     (REGULAR, "Registration number: " + (b.registration_number or "—")),
                     (REGULAR, "Signed: " + sections.local_time(b.signed_at)),
                     (REGULAR, ATTESTATION)]
            if b.audit_anchor is not None:
                lines.append((REGULAR, f"Audit ledger at signing: entry {b.audit_anchor[0]}, "
                                       f"SHA-256 {b.audit_anchor[1]}"))
        y = self.height - 6 * mm
        for font, line in lines:
            size = 9 if font == BOLD else 8
            c.setFont(font, size)
            c.drawString(4 * mm, y, _fit(line, self.width - 8 * mm, size, font))
            y -= 5 * mm


def _fit(text: str, room: float, size: float, font: str = REGULAR) -> str:
    """`text`, shortened with an ellipsis only if it would run past `room` points."""
    if stringWidth(text, font, size) <= room:
        return text
    while text and stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _page_decorator(exam: ExamDocument, draft: bool) -> type[Canvas]:
    """A canvas that, once every page exists, writes the header, "page x of y" and DRAFT."""
    patient = exam.patient
    form = (exam.form or FormStamp.model_validate(catalog().form_stamp)).text()
    details = (f"born {patient.date_of_birth.isoformat()} · record {patient.record_number} · "
               f"exam {exam.encounter_time.date().isoformat()}")

    class NoteCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                self._decorate(number, total)
                super().showPage()
            super().save()

        def _decorate(self, number: int, total: int) -> None:
            width, height = self._pagesize
            self.saveState()
            self.setFont(REGULAR, 8)
            self.setFillColor(colors.HexColor("#333333"))
            page_label = f"page {number} of {total}"
            room = width - 2 * MARGIN - stringWidth(page_label, REGULAR, 8) - 6 * mm
            # Name on its own line, so no name is long enough to push the identifiers off.
            self.setFont(BOLD, 8.5)
            self.drawString(MARGIN, height - 9 * mm, _fit(patient.name, room, 8.5, BOLD))
            self.setFont(REGULAR, 8)
            self.drawRightString(width - MARGIN, height - 9 * mm, page_label)
            self.drawString(MARGIN, height - 12.5 * mm, details)
            self.setStrokeColor(colors.HexColor("#9aa5b1"))
            self.line(MARGIN, height - 14 * mm, width - MARGIN, height - 14 * mm)
            self.drawString(MARGIN, 9 * mm, _fit(f"SLR Desk {__version__} · {form} · exam "
                                                 f"{exam.exam_id}", width - 2 * MARGIN - 25 * mm,
                                                 8))
            self.drawRightString(width - MARGIN, 9 * mm, f"page {number} of {total}")
            if draft:
                self.setFont(BOLD, 72)
                self.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.18))
                self.translate(width / 2, height / 2)
                self.rotate(45)
                self.drawCentredString(0, -24, "DRAFT")
            self.restoreState()

    return NoteCanvas


def render_note(
    exam: ExamDocument, assessment: Assessment, *, page_size: PageSize = "a4",
    signature: SignatureBlock | None = None, previous: ExamDocument | None = None,
    course: list[Visit] | None = None,
) -> tuple[bytes, SignatureBox]:
    """The note as PDF bytes, and where its signature block is. Unsigned when `signature` is
    None: then every page says DRAFT. With the patient's `previous` exam it says what changed
    since; with the whole `course` (three visits or more) it draws it."""
    register_fonts()
    size = PAGE_SIZES[page_size]
    out = BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_SPACE / 2, bottomMargin=MARGIN,
        title=f"Exam note: {exam.patient.name}, {exam.encounter_time.date().isoformat()}",
        author=exam.clinician.name, subject="Active straight-leg-raise deficit examination",
        creator=f"SLR Desk {__version__}", lang="en",
        # The audit ledger's head the signature anchors, where records systems read metadata.
        keywords=(f"slrdesk-audit-ledger entry {signature.audit_anchor[0]} sha256 "
                  f"{signature.audit_anchor[1]}") if signature and signature.audit_anchor
        else "",
        # Start every page in the embedded font, so no unembedded Helvetica is referenced.
        initialFontName=REGULAR, initialFontSize=9,
    )
    width = size[0] - 2 * MARGIN
    box = SignatureBox()
    title = "Addendum to examination note" if exam.addendum else "Examination note"
    story: list[Flowable] = [
        *sections.letterhead(exam),
        sections.para(f"{title}: inability to lift a straight leg", sections.TITLE),
        sections.para(
            f"Patient: {exam.patient.name}, born {exam.patient.date_of_birth.isoformat()} "
            f"(age {exam.age}), sex {exam.patient.sex}, record {exam.patient.record_number}. "
            f"Seen {sections.local_time(exam.encounter_time)} by {exam.clinician.name}"
            + (f", {exam.clinician.credentials}" if exam.clinician.credentials else "") + "."),
        *sections.correspondence(exam),
        *summary_box(exam, assessment, width, previous),
        *(since_last_visit(exam, previous, width, course) if previous is not None else []),
        *sections.addendum(exam),
        *sections.history(exam, width),
        *sections.pain_map(exam, width),
        *sections.goniometry(exam, width),
        *sections.mens(exam, width),
        *sections.neurology(exam, width),
        *sections.special_tests(exam, width),
        *sections.red_flags(exam, assessment, width),
        *sections.assessment_section(assessment, width),
        # The plan and the signature stay together: a signature alone on a page reads as if
        # it could belong to anything.
        KeepTogether([*sections.impression(exam, width), Spacer(1, 6 * mm),
                      _SignatureFlowable(width, signature, box)]),
    ]
    doc.build(story, canvasmaker=_page_decorator(exam, draft=signature is None))
    return out.getvalue(), box
