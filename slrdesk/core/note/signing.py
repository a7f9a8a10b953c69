"""Sign a packaged note (attachments embedded, PDF/A prepared: `archival.package`) with a
PAdES baseline B-B signature whose field sits over the signature block drawn on the page.
The signature covers the whole file, attachments included, so replacing the embedded exam
document afterwards breaks it. Nothing here touches the network: no timestamp server, no
revocation fetching."""

from __future__ import annotations

from io import BytesIO

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata.model import VENDOR
from pyhanko.sign import fields, signers
from pyhanko.stamp import NoOpStampStyle

from slrdesk.core.note.identity import SigningIdentity
from slrdesk.core.note.render import SignatureBox

FIELD_NAME = "ClinicianSignature"
ATTACHMENT_NAME = "exam.json"
FHIR_ATTACHMENT_NAME = "exam.fhir.json"
# What pyHanko writes as the XMP producer when it signs; the Info dictionary must say the same.
SIGNED_PRODUCER = VENDOR


def sign_note(pdf: bytes, box: SignatureBox, identity: SigningIdentity) -> bytes:
    """The signed note: one incremental revision holding the signature field and value."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
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
