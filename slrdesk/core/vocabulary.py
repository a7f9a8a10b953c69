"""Field types tied to the clinical catalog: identifiers, grades and angle ranges.

Each identifier type accepts only ids the catalog holds and advertises them in the JSON Schema, so
an exam document cannot name a region, test or red flag that the program does not know.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    WithJsonSchema,
)
from pydantic_core import core_schema

from slrdesk.core.catalog import catalog

if TYPE_CHECKING:
    from collections.abc import Callable

    from pydantic import JsonValue
    from pydantic.json_schema import JsonSchemaValue

Side = Literal["left", "right"]
AffectedSide = Literal["left", "right", "both"]
YesNoNotAsked = Literal["yes", "no", "not_asked"]
LimitedBy = Literal["none", "pain", "guarding", "effort"]
NotTestableReason = Literal["pain", "immobilised", "contracture", "patient_declined", "other"]
TestResult = Literal["positive", "negative", "not_tested"]
PlantarResponse = Literal["flexor", "extensor", "equivocal"]
Sensation = Literal["normal", "altered", "absent"]
Sex = Literal["female", "male", "other", "unknown"]
# `hip_flexion` etc. are the catalog's sections; the names below say which one an id belongs to.
CatalogSection = Literal[
    "regions", "dermatomes", "myotomes", "reflexes", "qualities", "symptom_locations",
    "instruments", "special_tests", "history_items", "onsets", "mechanisms", "courses",
    "red_flags", "codes", "urgency_tiers",
]

_WHAT = {
    "regions": "pain-map region", "dermatomes": "dermatome", "myotomes": "myotome",
    "reflexes": "reflex", "qualities": "pain quality", "symptom_locations": "symptom location",
    "instruments": "instrument", "special_tests": "special test", "history_items": "history item",
    "onsets": "onset", "mechanisms": "mechanism", "courses": "course", "red_flags": "red flag",
    "codes": "code", "urgency_tiers": "urgency tier",
}


def catalog_ids(section: CatalogSection) -> list[str]:
    entries: dict[str, Any] = getattr(catalog(), section)
    return list(entries)


def _known_in(section: CatalogSection) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value not in getattr(catalog(), section):
            raise ValueError(f"{value!r} is not a known {_WHAT[section]}")
        return value

    return check


def _id_schema(section: CatalogSection) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "enum": catalog_ids(section)})


@dataclass(frozen=True)
class AngleRange:
    """Holds an angle in degrees to the catalog's plausible range for `angle_id`.

    Outside it is an input error, not a value: `190° is outside 0–110°`.
    """

    angle_id: str

    def _check(self, value: int) -> int:
        spec = catalog().angles[self.angle_id]
        if not spec.minimum <= value <= spec.maximum:
            raise ValueError(f"{value}° is outside {spec.minimum}–{spec.maximum}°")
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        spec = catalog().angles[self.angle_id]
        return {**handler(schema), "minimum": spec.minimum, "maximum": spec.maximum}


def keyed_by(section: CatalogSection) -> Any:
    """`Field` for a dict keyed by catalog ids, so the JSON Schema lists the allowed keys."""
    allowed: list[JsonValue] = list(catalog_ids(section))
    return Field(default_factory=dict, json_schema_extra={"propertyNames": {"enum": allowed}})


RegionId = Annotated[str, AfterValidator(_known_in("regions")), _id_schema("regions")]
DermatomeId = Annotated[str, AfterValidator(_known_in("dermatomes")), _id_schema("dermatomes")]
MyotomeId = Annotated[str, AfterValidator(_known_in("myotomes")), _id_schema("myotomes")]
ReflexId = Annotated[str, AfterValidator(_known_in("reflexes")), _id_schema("reflexes")]
QualityId = Annotated[str, AfterValidator(_known_in("qualities")), _id_schema("qualities")]
SymptomLocationId = Annotated[
    str, AfterValidator(_known_in("symptom_locations")), _id_schema("symptom_locations")
]
InstrumentId = Annotated[str, AfterValidator(_known_in("instruments")), _id_schema("instruments")]
SpecialTestId = Annotated[
    str, AfterValidator(_known_in("special_tests")), _id_schema("special_tests")
]
HistoryItemId = Annotated[
    str, AfterValidator(_known_in("history_items")), _id_schema("history_items")
]
OnsetId = Annotated[str, AfterValidator(_known_in("onsets")), _id_schema("onsets")]
MechanismId = Annotated[str, AfterValidator(_known_in("mechanisms")), _id_schema("mechanisms")]
CourseId = Annotated[str, AfterValidator(_known_in("courses")), _id_schema("courses")]
RedFlagId = Annotated[str, AfterValidator(_known_in("red_flags")), _id_schema("red_flags")]
CodeId = Annotated[str, AfterValidator(_known_in("codes")), _id_schema("codes")]

PainScore = Annotated[int, Field(ge=0, le=10)]
MrcGrade = Annotated[int, Field(ge=0, le=5)]
ReflexGradeValue = Annotated[int, Field(ge=0, le=4)]
MensScore = Annotated[int, Field(ge=0, le=5)]
ClonusBeats = Annotated[int, Field(ge=0, le=100)]
