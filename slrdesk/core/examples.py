"""Example exam documents: the worked examples of docs/clinical.md §9, shipped with the program.

They serve `slrdesk example`, the demo patient and the tests. Each is a complete, valid document.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from slrdesk.core.errors import InputError

# The names alone are read by every `slrdesk` start (the command line offers them); the exam
# model, and pydantic with it, is loaded only when a vignette is parsed.
if TYPE_CHECKING:
    from slrdesk.core.document.exam import ExamDocument

# In the order docs/clinical.md §9 lists them; the first is the default `slrdesk example`.
VIGNETTES = (
    "sprinter_strain",
    "upper_lumbar_radiculopathy",
    "radiculopathy_bladder",
    "hip_osteoarthritis",
    "postpartum_pelvic_girdle",
    "mild_weakness_only",
)


def vignette_json(name: str) -> str:
    """The stored text of a vignette."""
    if name not in VIGNETTES:
        raise InputError(f"--vignette: {name!r} is not one of {', '.join(VIGNETTES)}")
    path = resources.files("slrdesk.core") / "data" / "vignettes" / f"{name}.json"
    return path.read_text(encoding="utf-8")


def vignette(name: str) -> ExamDocument:
    from slrdesk.core.document.exam import parse_exam

    return parse_exam(vignette_json(name), source=f"vignette {name}")
