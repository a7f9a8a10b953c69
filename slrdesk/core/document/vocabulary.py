"""Field types tied to the clinical catalog: identifiers, grades and angle ranges.

Each identifier type accepts only ids the catalog holds and advertises them in the JSON Schema, so
an exam document cannot name a region, test or red flag that the program does not know.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, GetCoreSchemaHandler, GetJsonSchemaHandler, Strict
from pydantic_core import core_schema

from slrdesk.core.catalog import catalog
from slrdesk.core.forms import LOCAL_ID, LOCAL_KINDS

if TYPE_CHECKING:

    from pydantic import JsonValue
    from pydantic.json_schema import JsonSchemaValue

Side = Literal["left", "right"]
AffectedSide = Literal["left", "right", "both"]
YesNoNotAsked = Literal["yes", "no", "not_asked"]
# `not_recorded` is the default: an unknown limit is not "nothing limited it" (docs/clinical.md §1).
LimitedBy = Literal["not_recorded", "none", "pain", "guarding", "effort"]
PulseGrade = Literal["present", "reduced", "absent"]
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


class _CheckedByCatalog:
    """An annotation that checks a value against the catalog after pydantic's own validation."""

    def _check(self, value: Any) -> Any:
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))


@dataclass(frozen=True)
class CatalogId(_CheckedByCatalog):
    """Accepts only ids the catalog holds in `section`, and lists them in the JSON Schema.

    The catalog is consulted when a value is validated or a schema generated, not at import,
    so importing the exam model stays cheap.
    """

    section: CatalogSection

    def _check(self, value: str) -> str:
        if value not in getattr(catalog(), self.section) and not (
                self.section in LOCAL_KINDS and LOCAL_ID.match(value)):
            # A clinic's own item (local.<name>) is kept even where that clinic's form is not
            # installed: the document came from there, and no rule reads it.
            raise ValueError(f"{value!r} is not a known {_WHAT[self.section]}")
        return value

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        known: JsonSchemaValue = {"type": "string", "enum": catalog_ids(self.section)}
        if self.section in LOCAL_KINDS:
            return {"anyOf": [known, {"type": "string", "pattern": LOCAL_ID.pattern}]}
        return known


@dataclass(frozen=True)
class AngleRange(_CheckedByCatalog):
    """Holds an angle in degrees to the catalog's plausible range for `angle_id`.

    Outside it is an input error, not a value; between the plausible and the hard maximum the
    assessment asks for a check instead (docs/clinical.md §4).
    """

    angle_id: str

    def _check(self, value: int) -> int:
        spec = catalog().angles[self.angle_id]
        if not spec.minimum <= value <= spec.maximum:
            raise ValueError(f"{value}° is outside the {spec.minimum}–{spec.maximum}° that can be "
                             f"recorded (usual range up to {spec.plausible_maximum}°)")
        return value

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        spec = catalog().angles[self.angle_id]
        return {**handler(schema), "minimum": spec.minimum, "maximum": spec.maximum}


def keyed_by(section: CatalogSection) -> Any:
    """`Field` for a dict keyed by catalog ids, so the JSON Schema lists the allowed keys (and
    the pattern of a clinic's own ids where clinic forms may add items)."""

    def allowed_keys(schema: dict[str, JsonValue]) -> None:
        known: JsonValue = {"enum": list(catalog_ids(section))}
        schema["propertyNames"] = ({"anyOf": [known, {"pattern": LOCAL_ID.pattern}]}
                                   if section in LOCAL_KINDS else known)

    return Field(default_factory=dict, json_schema_extra=allowed_keys)


RegionId = Annotated[str, CatalogId("regions")]
DermatomeId = Annotated[str, CatalogId("dermatomes")]
MyotomeId = Annotated[str, CatalogId("myotomes")]
ReflexId = Annotated[str, CatalogId("reflexes")]
QualityId = Annotated[str, CatalogId("qualities")]
SymptomLocationId = Annotated[str, CatalogId("symptom_locations")]
InstrumentId = Annotated[str, CatalogId("instruments")]
SpecialTestId = Annotated[str, CatalogId("special_tests")]
HistoryItemId = Annotated[str, CatalogId("history_items")]
OnsetId = Annotated[str, CatalogId("onsets")]
MechanismId = Annotated[str, CatalogId("mechanisms")]
CourseId = Annotated[str, CatalogId("courses")]
RedFlagId = Annotated[str, CatalogId("red_flags")]
CodeId = Annotated[str, CatalogId("codes")]

# Strict: `true`, `8.0` or "8_0" is not a grade; a number typed wrongly is an error, not a guess.
PainScore = Annotated[int, Strict(), Field(ge=0, le=10)]
MrcGrade = Annotated[int, Strict(), Field(ge=0, le=5)]
ReflexGradeValue = Annotated[int, Strict(), Field(ge=0, le=4)]
MensScore = Annotated[int, Strict(), Field(ge=0, le=5)]
ClonusBeats = Annotated[int, Strict(), Field(ge=0, le=100)]
Degrees = Annotated[int, Strict()]
YesNo = Annotated[bool, Strict()]
# Measured body temperature; outside 30–45 °C it is a typing error, not a patient.
TemperatureC = Annotated[float, Field(ge=30.0, le=45.0, allow_inf_nan=False)]
