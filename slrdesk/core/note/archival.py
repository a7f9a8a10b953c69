"""Make a rendered note a PDF/A-3b file with its attachments, before it is signed.

Records systems archive notes as PDF/A; part 3 is the one that allows the exam document (and the
FHIR Bundle) to travel inside the note as associated files. reportlab writes neither PDF/A nor
attachments, so pikepdf does the archival part: the sRGB output intent (an ICC profile made by
LittleCMS through Pillow), XMP with the `pdfaid` declaration written from the Info dictionary
so that both agree, and every attachment with `/AFRelationship`, `/UF` and a place in the
catalog's `/AF`. It uses pikepdf's core only: its `pdfa` module loads a whole validator (about
0.2 s at every start of `slrdesk export`), so the tests run that validator instead, on every
worked example's note, independently of what wrote it.

The signature is then added as an incremental update by pyHanko, which keeps the file PDF 1.7
for an RSA key. An EC key makes pyHanko declare PDF 2.0 (ISO 32002), which PDF/A-3 forbids:
such a note is built without the PDF/A declaration rather than claiming what it is not.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pikepdf

FLAVOUR = "3b"
PART, CONFORMANCE = "3", "B"


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


@functools.cache
def srgb_profile() -> bytes:
    """An sRGB ICC profile (version 4, which PDF/A-2 and -3 accept), made by LittleCMS."""
    from PIL import ImageCms

    return bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())


def package(
    pdf: bytes, attachments: list[Attachment], when: datetime, *, archival: bool = True,
    producer: str | None = None,
) -> bytes:
    """`pdf` with `attachments` embedded and, when `archival`, made PDF/A-3b.

    `producer` is the Info /Producer to keep: the signer rewrites the XMP producer, and PDF/A
    needs Info and XMP to agree, so a note about to be signed names the signer's producer now.
    """
    import pikepdf

    document = pikepdf.open(BytesIO(pdf))
    # reportlab writes an empty page-transition dictionary on every page; it means nothing on
    # paper and is a key the PDF/A checker cannot vouch for.
    for page in document.pages:
        if "/Trans" in page.obj:
            del page.obj["/Trans"]
    stamp = _pdf_date(when)
    specs = []
    for item in attachments:
        spec = pikepdf.AttachedFileSpec(
            document, item.data, description=item.description, filename=item.name,
            mime_type=item.mime_type, creation_date=stamp, mod_date=stamp,
            relationship=pikepdf.Name("/" + item.relationship))
        document.attachments[item.name] = spec
        specs.append(document.attachments[item.name].obj)
    if producer is not None:
        document.docinfo["/Producer"] = producer
    if archival:
        _declare_pdfa(document, specs)
    out = BytesIO()
    # Object streams and xref streams are PDF 1.5 and allowed in PDF/A-2 and -3.
    document.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _declare_pdfa(document: pikepdf.Pdf, specs: list[pikepdf.Dictionary]) -> None:
    import pikepdf

    profile = pikepdf.Stream(document, srgb_profile())
    profile["/N"] = 3
    document.Root.OutputIntents = pikepdf.Array([document.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1,
        OutputConditionIdentifier=pikepdf.String("sRGB"),
        Info=pikepdf.String("sRGB IEC61966-2.1"), DestOutputProfile=profile))])
    if specs:
        document.Root.AF = pikepdf.Array(specs)
    # The XMP is written from the Info dictionary, so title, author, subject, producer and
    # dates say the same in both. reportlab's /Trapped /False says nothing a reader needs and
    # has no XMP twin, so it goes.
    if "/Trapped" in document.docinfo:
        del document.docinfo["/Trapped"]
    with document.open_metadata(set_pikepdf_as_editor=False) as xmp:
        xmp.load_from_docinfo(document.docinfo)
        xmp["pdfaid:part"] = PART
        xmp["pdfaid:conformance"] = CONFORMANCE
