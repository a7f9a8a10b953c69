"""Make a rendered note a PDF/A-3b file with its attachments, before it is signed.

Records systems archive notes as PDF/A; part 3 is the one that allows the exam document (and the
FHIR Bundle) to travel inside the note as associated files. reportlab writes neither PDF/A nor
attachments, so pikepdf's `pdfa` module does the archival part: it installs the sRGB output
intent, writes XMP with the `pdfaid` declaration and makes the Info dictionary agree with it,
and gives every attachment `/AFRelationship`, `/UF` and a place in the catalog's `/AF`.

The signature is then added as an incremental update by pyHanko, which keeps the file PDF 1.7
for an RSA key. An EC key makes pyHanko declare PDF 2.0 (ISO 32002), which PDF/A-3 forbids:
such a note is built without the PDF/A declaration rather than claiming what it is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

FLAVOUR = "3b"


@dataclass(frozen=True)
class Attachment:
    """A file carried inside the note, with the relationship PDF/A-3 asks it to declare."""

    name: str
    data: bytes
    mime_type: str
    description: str
    relationship: str = "Data"  # the note is rendered from it (ISO 19005-3 §6.8)


def _pdf_date(when: datetime) -> str:
    stamp = when.strftime("D:%Y%m%d%H%M%S")
    offset = when.strftime("%z")
    return f"{stamp}{offset[:3]}'{offset[3:]}'" if offset else stamp


def package(
    pdf: bytes, attachments: list[Attachment], when: datetime, *, archival: bool = True,
    producer: str | None = None,
) -> bytes:
    """`pdf` with `attachments` embedded and, when `archival`, prepared as PDF/A-3b.

    `producer` is the Info /Producer to keep: the signer rewrites the XMP producer, and PDF/A
    needs Info and XMP to agree, so a note about to be signed names the signer's producer now.
    """
    import pikepdf
    from pikepdf import pdfa

    document = pikepdf.open(BytesIO(pdf))
    # reportlab writes an empty page-transition dictionary on every page; it means nothing on
    # paper and is a key the PDF/A checker cannot vouch for.
    for page in document.pages:
        if "/Trans" in page.obj:
            del page.obj["/Trans"]
    stamp = _pdf_date(when)
    for item in attachments:
        document.attachments[item.name] = pikepdf.AttachedFileSpec(
            document, item.data, description=item.description, filename=item.name,
            mime_type=item.mime_type, creation_date=stamp, mod_date=stamp,
            relationship=pikepdf.Name("/" + item.relationship))
    out = BytesIO()
    if archival:
        pdfa.prepare(document, FLAVOUR)
    if producer is not None:
        # Through the XMP, which writes the same value into the Info dictionary.
        with document.open_metadata(set_pikepdf_as_editor=False) as xmp:
            xmp["pdf:Producer"] = producer
    if archival:
        document.save(out, **pdfa.resolve_save_kwargs(FLAVOUR))
    else:
        document.save(out)
    return out.getvalue()
