"""The clinical catalog: every identifier of the examination form with its label and attributes
(docs/clinical.md lists them all).

The catalog is data: the form's parts in `forms/` (read by `slrdesk.core.forms`), and any clinic
forms in the data folder. It is validated when loaded, including every cross-reference, so a
broken entry stops the program at start-up, naming its file and line, instead of surfacing as a
wrong note later. `catalog()` loads it once per process.
"""

from __future__ import annotations

import functools
from collections import Counter
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from slrdesk.core.errors import describe_validation_error
from slrdesk.core.forms import (
    FormError,
    FormSection,
    LocalForm,
    Manifest,
    local_sha256,
    read_form,
)

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable
    from pathlib import Path

View = Literal["anterior", "posterior"]
RegionSide = Literal["left", "right", "midline"]
SIDES: tuple[Literal["left"], Literal["right"]] = ("left", "right")


# A form file is unreadable or inconsistent (the message names the file and the line).
CatalogError = FormError


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.]+$")
    label: str = Field(min_length=1)


class HistoryItem(_Entry):
    detail: str = ""  # what the question covers, shown beside or under the label


class Dermatome(_Entry):
    area: str


class Myotome(_Entry):
    muscle: str
    roots: tuple[str, ...] = Field(min_length=1)
    accessory_roots: tuple[str, ...] = ()


class Reflex(_Entry):
    roots: tuple[str, ...] = Field(min_length=1)


class RegionEntry(_Entry):
    """A region as written in the catalog file; paired ones expand to one region per side."""

    view: View
    paired: bool
    dermatomes: tuple[str, ...] = ()


class Region(BaseModel):
    """A clickable pain-map region as the exam document refers to it (`groin_left`)."""

    model_config = ConfigDict(frozen=True)

    id: str
    base: str
    label: str
    view: View
    side: RegionSide
    dermatomes: tuple[str, ...]


class AngleEntry(_Entry):
    """`minimum`–`maximum` is what can be recorded at all; above `plausible_maximum` the
    assessment asks the clinician to check the value (hypermobile patients exceed it)."""

    minimum: int
    plausible_maximum: int
    maximum: int

    @model_validator(mode="after")
    def _ordered(self) -> AngleEntry:
        if not self.minimum < self.plausible_maximum <= self.maximum:
            raise ValueError(f"angle {self.id}: needs minimum < plausible_maximum <= maximum")
        return self


class Instrument(_Entry):
    measurement_error_deg: float = Field(gt=0)


class SpecialTest(_Entry):
    group: Literal["neurodynamic", "hip", "muscle", "pelvic", "knee", "functional", "serious"]


class UrgencyTier(_Entry):
    rank: int = Field(ge=0)
    action: str


class RedFlag(_Entry):
    detail: str
    tier: str  # an urgency tier, or "warning": shown, raising no tier by itself
    lasting: bool = False  # a "yes" carries into later exams of the patient until re-answered
    screen: bool = False  # part of the cauda equina screen
    action: str = ""  # what to do, when it differs from its tier's action


CODE_SYSTEMS = {"loinc": "http://loinc.org", "snomed": "http://snomed.info/sct"}
# What a coding may be attached to: the note as a whole, a section of it, a side, a recorded
# value of the history (the exam document's path).
CodedItem = Literal["document", "section.history", "section.findings", "section.plan",
                    "history.pain_now", "history.temperature_c", "side.left", "side.right"]


class Coding(BaseModel):
    """A standard code for one item, for the FHIR export, with the published source it was
    checked against. An item without an entry stays uncoded: a wrong code is worse than none."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    item: CodedItem
    system: Literal["loinc", "snomed"]
    code: str = Field(min_length=1, pattern=r"^[0-9A-Za-z.-]+$")
    display: str = Field(min_length=1)
    source: str = Field(min_length=10)

    @property
    def system_uri(self) -> str:
        return CODE_SYSTEMS[self.system]


class CatalogFile(BaseModel):
    """The catalog exactly as the TOML file holds it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    catalog_version: str
    sides: tuple[_Entry, ...]
    dermatomes: tuple[Dermatome, ...]
    myotomes: tuple[Myotome, ...]
    reflexes: tuple[Reflex, ...]
    regions: tuple[RegionEntry, ...]
    qualities: tuple[_Entry, ...]
    symptom_locations: tuple[_Entry, ...]
    angles: tuple[AngleEntry, ...]
    instruments: tuple[Instrument, ...]
    special_tests: tuple[SpecialTest, ...]
    history_items: tuple[HistoryItem, ...]
    onsets: tuple[_Entry, ...]
    mechanisms: tuple[_Entry, ...]
    courses: tuple[_Entry, ...]
    urgency_tiers: tuple[UrgencyTier, ...]
    red_flags: tuple[RedFlag, ...]
    codes: tuple[_Entry, ...]
    codings: tuple[Coding, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> CatalogFile:
        for name in type(self).model_fields:
            entries = getattr(self, name)
            if isinstance(entries, tuple) and name != "codings":
                _require_unique(name, [e.id for e in entries])
        _require_unique("codings", [c.item for c in self.codings])
        if {s.id for s in self.sides} != set(SIDES):
            raise ValueError("sides must be exactly left and right")
        dermatomes = {d.id for d in self.dermatomes}
        for m in self.myotomes:
            _require_known(f"myotome {m.id}", m.roots + m.accessory_roots, dermatomes)
        for r in self.reflexes:
            _require_known(f"reflex {r.id}", r.roots, dermatomes)
        for g in self.regions:
            _require_known(f"region {g.id}", g.dermatomes, dermatomes)
        tiers = {t.id for t in self.urgency_tiers} | {"warning"}
        for f in self.red_flags:
            _require_known(f"red flag {f.id}", (f.tier,), tiers)
        _require_unique("urgency tier ranks", [str(t.rank) for t in self.urgency_tiers])
        return self


def _require_unique(what: str, ids: list[str]) -> None:
    repeated = sorted(i for i, n in Counter(ids).items() if n > 1)
    if repeated:
        raise ValueError(f"{what}: {', '.join(repeated)} listed more than once")


def _require_known(owner: str, refs: tuple[str, ...], known: set[str]) -> None:
    unknown = sorted(set(refs) - known)
    if unknown:
        raise ValueError(f"{owner} refers to unknown {', '.join(unknown)}")


class Catalog:
    """The validated catalog with the look-ups the rest of the program needs."""

    def __init__(self, data: CatalogFile, manifest: Manifest | None = None,
                 local: tuple[LocalForm, ...] = ()) -> None:
        self.data = data
        self.version = data.catalog_version
        self.manifest = manifest
        self.local_forms = local
        self.local_sha256 = local_sha256(local)
        self.regions: dict[str, Region] = {r.id: r for r in _expand_regions(data.regions)}
        self.dermatomes = {d.id: d for d in data.dermatomes}
        self.myotomes = {m.id: m for m in data.myotomes}
        self.reflexes = {r.id: r for r in data.reflexes}
        self.qualities = {q.id: q for q in data.qualities}
        self.symptom_locations = {s.id: s for s in data.symptom_locations}
        self.angles = {a.id: a for a in data.angles}
        self.instruments = {i.id: i for i in data.instruments}
        self.special_tests = {t.id: t for t in data.special_tests}
        self.history_items = {h.id: h for h in data.history_items}
        self.onsets = {o.id: o for o in data.onsets}
        self.mechanisms = {m.id: m for m in data.mechanisms}
        self.courses = {c.id: c for c in data.courses}
        self.urgency_tiers = {t.id: t for t in sorted(data.urgency_tiers, key=lambda t: t.rank)}
        self.red_flags = {f.id: f for f in data.red_flags}
        self.codes = {c.id: c for c in data.codes}
        self.codings: dict[str, Coding] = {c.item: c for c in data.codings}

    @property
    def form_stamp(self) -> dict[str, object]:
        """The exam document's `form` for this catalog (see exam.FormStamp)."""
        return {"version": self.version,
                "clinic_forms": [form.name for form in self.local_forms],
                "clinic_forms_sha256": self.local_sha256}

    @property
    def screen_items(self) -> list[str]:
        """The cauda equina screen: every item must be answered before anyone is reassured."""
        return [f.id for f in self.red_flags.values() if f.screen]

    def tier_label(self, tier: str) -> str:
        """How a tier reads; a red flag's "warning" raises no tier and reads as a warning."""
        return "Warning" if tier == "warning" else self.urgency_tiers[tier].label

    def tier_rank(self, tier: str) -> int:
        """0 for the most urgent tier; larger is less urgent."""
        return self.urgency_tiers[tier].rank


def _expand_regions(entries: tuple[RegionEntry, ...]) -> list[Region]:
    regions: list[Region] = []
    for e in entries:
        if not e.paired:
            regions.append(
                Region(id=e.id, base=e.id, label=e.label, view=e.view, side="midline",
                       dermatomes=e.dermatomes)
            )
            continue
        for side in SIDES:
            regions.append(
                Region(id=f"{e.id}_{side}", base=e.id, label=f"{e.label}, {side}", view=e.view,
                       side=side, dermatomes=e.dermatomes)
            )
    return regions


def load_catalog(folder: Traversable | Path | None = None, *,
                 local_folder: Path | None = None) -> Catalog:
    """Read and validate a form (the shipped one when `folder` is None) and the clinic forms in
    `local_folder`; any problem is a CatalogError naming the file and the line."""
    form = read_form(folder, local_folder=local_folder)
    try:
        return Catalog(CatalogFile.model_validate(form.entries), form.manifest, form.local)
    except ValidationError as exc:
        # A cross-reference problem belongs to the form as a whole, not to "document".
        problem = describe_validation_error(exc).removeprefix("document: ")
        raise CatalogError(f"{form.locate(exc)}{problem}") from exc


_clinic_forms: Path | None = None


def use_clinic_forms(folder: Path | None) -> None:
    """Read clinic forms from `folder` (the data folder's forms/) from now on; the catalog is
    loaded again at its next use."""
    global _clinic_forms
    _clinic_forms = folder
    catalog.cache_clear()


def form_sections() -> tuple[FormSection, ...]:
    """The exam editor's sections (key and title), in the form manifest's order."""
    manifest = catalog().manifest
    assert manifest is not None  # the shipped form always has one
    return manifest.sections


@functools.cache
def catalog() -> Catalog:
    """The shipped form with this workstation's clinic forms, loaded and validated once."""
    return load_catalog(local_folder=_clinic_forms)
