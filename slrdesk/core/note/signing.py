"""Sign a rendered note: the exam document embedded as an attachment, then a PAdES baseline B-B
signature whose field sits over the signature block drawn on the page. Nothing here touches the
network: no timestamp server, no revocation fetching."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

from pyhanko.pdf_utils import embed
from pyhanko.pdf_utils.generic import NameObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.stamp import NoOpStampStyle

from slrdesk.core.note.identity import SigningIdentity
from slrdesk.core.note.render import SignatureBox

FIELD_NAME = "ClinicianSignature"
ATTACHMENT_NAME = "exam.json"


def _embed_exam(writer: IncrementalPdfFileWriter, exam_json: bytes, when: datetime) -> None:
    data = embed.EmbeddedFileObject.from_file_data(
        writer, data=exam_json, mime_type="application/json",
        params=embed.EmbeddedFileParams(creation_date=when, modification_date=when),
    )
    spec = embed.FileSpec(
        file_spec_string=ATTACHMENT_NAME, embedded_data=data,
        description="SLR Desk exam document (JSON) this note was rendered from",
        af_relationship=NameObject("/Data"),
    )
    embed.embed_file(writer, spec)


def attach_exam(pdf: bytes, exam_json: bytes, when: datetime) -> bytes:
    """An unsigned (draft) note with its exam document attached."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    _embed_exam(writer, exam_json, when)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def sign_note(
    pdf: bytes, exam_json: bytes, box: SignatureBox, identity: SigningIdentity, when: datetime,
) -> bytes:
    """The signed note. The attachment is written in the same revision the signature covers,
    so replacing it afterwards breaks the signature's integrity check."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    _embed_exam(writer, exam_json, when)
    x1, y1, x2, y2 = box.rect
    fields.append_signature_field(writer, fields.SigFieldSpec(
        FIELD_NAME, on_page=box.page_index, box=(int(x1), int(y1), int(x2), int(y2)),
    ))
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        reason="Examination note attestation", name=identity.common_name,
    )
    out = BytesIO()
    # The visible block is part of the page itself (drawn by the renderer), so the field needs
    # no appearance of its own; this also avoids pyHanko's stamp-font pitfalls.
    signers.PdfSigner(meta, signer=identity.signer, stamp_style=NoOpStampStyle()).sign_pdf(
        writer, output=out,
    )
    return out.getvalue()
