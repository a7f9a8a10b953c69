"""The exam document: one whole examination, the single source of truth.

Widgets edit it, the classifier reads it, the note renders it and the store saves it as JSON.
`schema_version` says which shape a stored document has; bump it (and add a migration in
`slrdesk.core.store.migrations`) whenever the shape changes.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from pydantic import AwareDatetime, Field, ValidationError, field_validator, model_validator

from slrdesk.core.document.findings import (
    Bilateral,
    Circulation,
    Goniometry,
    History,
    MensAslr,
    Neurology,
    PainMark,
    SpecialTestFinding,
    Strict,
)
from slrdesk.core.document.vocabulary import (
    CodeId,
    RedFlagId,
    Sex,
    SpecialTestId,
    YesNoNotAsked,
    keyed_by,
)
from slrdesk.core.errors import InputError, describe_validation_error

SCHEMA_VERSION: Literal[3] = 3
# Clocks on exam-room workstations drift; a few minutes ahead is not "in the future".
_CLOCK_SKEW = timedelta(minutes=5)
_EARLIEST_BIRTH = date(1900, 1, 1)


def _now() -> datetime:
    return datetime.now(UTC)


def _not_in_future(value: datetime) -> datetime:
    if value > _now() + _CLOCK_SKEW:
        raise ValueError(f"{value.isoformat(timespec='minutes')} is in the future")
    return value


class Patient(Strict):
    patient_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    name: str = Field(min_length=1, max_length=200)
    date_of_birth: date
    sex: Sex = "unknown"
    record_number: str = Field(min_length=1, max_length=64)

    @field_validator("name", "record_number")
    @classmethod
    def _stripped(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("must not be blank")
        return value

    @field_validator("date_of_birth")
    @classmethod
    def _plausible_birth(cls, value: date) -> date:
        if value > _now().date():
            raise ValueError(f"{value.isoformat()} is in the future")
        if value < _EARLIEST_BIRTH:
            raise ValueError(f"{value.isoformat()} is before {_EARLIEST_BIRTH.year}")
        return value

    def age_on(self, day: date) -> int:
        """Age in whole years on `day`."""
        before_birthday = (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day)
        return day.year - self.date_of_birth.year - int(before_birthday)


class Clinician(Strict):
    name: str = Field(min_length=1, max_length=200)
    credentials: str | None = Field(default=None, max_length=200)
    registration_number: str | None = Field(default=None, max_length=64)


class Clinic(Strict):
    """Where the exam took place: the note's letterhead, from the workstation's clinic profile."""

    name: str = Field(min_length=1, max_length=200)
    address: str | None = Field(default=None, max_length=1_000)  # lines as typed
    phone: str | None = Field(default=None, max_length=64)

    @field_validator("name")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()


class Correspondence(Strict):
    """Who sent the patient, and to whom the note is written."""

    referred_by: str | None = Field(default=None, max_length=500)
    addressed_to: str | None = Field(default=None, max_length=500)


class Impression(Strict):
    """The clinician's own conclusion; the program offers codes but never chooses them."""

    impression: str | None = Field(default=None, max_length=20_000)
    codes: list[CodeId] = Field(default_factory=list)
    plan: str | None = Field(default=None, max_length=20_000)
    referral: str | None = Field(default=None, max_length=5_000)

    @field_validator("codes")
    @classmethod
    def _unique_codes(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("a code is listed more than once")
        return value


class Signature(Strict):
    """Set when the note is signed; a signed exam never changes again."""

    signed_at: AwareDatetime
    signer: str = Field(min_length=1, max_length=200)
    ruleset_version: str = Field(min_length=1)
    # The store's audit ledger at signing (entry number and hash); the signature covers them,
    # so history before this point cannot be rewritten without the signer's key.
    audit_seq: int | None = Field(default=None, ge=0)
    audit_head: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")


class Carried(Strict):
    """Values copied from the patient's previous exam and not yet confirmed today (see
    document/carry.py): the field paths, the exam they came from and when it measured them."""

    from_exam_id: uuid.UUID
    measured_on: date
    paths: list[str] = Field(min_length=1)


class FormStamp(Strict):
    """Which examination form produced the note: the shipped form's version, and the clinic
    forms that were loaded (file names and one SHA-256 over them), if any."""

    version: str = Field(min_length=1, max_length=64)
    clinic_forms: list[str] = Field(default_factory=list)
    clinic_forms_sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")

    def text(self) -> str:
        """`form 2026.11.2 with clinic forms thigh.toml (sha256 1a2b3c4d…)`."""
        if not self.clinic_forms:
            return f"form {self.version}"
        return (f"form {self.version} with clinic forms {', '.join(self.clinic_forms)} "
                f"(sha256 {(self.clinic_forms_sha256 or '')[:16]}…)")


class Addendum(Strict):
    """What makes this document an addendum to an earlier, signed exam."""

    amends_exam_id: uuid.UUID
    amends_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    text: str = Field(min_length=1, max_length=20_000)


class ExamDocument(Strict):
    schema_version: Literal[3] = SCHEMA_VERSION
    exam_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    status: Literal["draft", "signed"] = "draft"
    patient: Patient
    clinician: Clinician
    clinic: Clinic | None = None
    correspondence: Correspondence = Field(default_factory=Correspondence)
    encounter_time: AwareDatetime
    entered_at: AwareDatetime = Field(default_factory=_now)
    history: History = Field(default_factory=History)
    pain_map: list[PainMark] = Field(default_factory=list)
    goniometry: Goniometry = Field(default_factory=Goniometry)
    mens_aslr: MensAslr = Field(default_factory=MensAslr)
    neurology: Neurology = Field(default_factory=Neurology)
    circulation: Circulation = Field(default_factory=Circulation)
    special_tests: dict[SpecialTestId, Bilateral[SpecialTestFinding]] = keyed_by("special_tests")
    # A red flag missing from this dict has not been asked, the same as "not_asked".
    red_flags: dict[RedFlagId, YesNoNotAsked] = keyed_by("red_flags")
    impression: Impression = Field(default_factory=Impression)
    signature: Signature | None = None
    addendum: Addendum | None = None
    # Set when signed: the form (shipped version and clinic forms) the note was produced with.
    form: FormStamp | None = None
    # Copied from the previous exam and not yet confirmed today; None when nothing is.
    carried: Carried | None = None

    @field_validator("encounter_time", "entered_at")
    @classmethod
    def _times_not_in_future(cls, value: datetime) -> datetime:
        return _not_in_future(value)

    @model_validator(mode="after")
    def _consistent(self) -> ExamDocument:
        encounter_day = self.encounter_time.date()
        if self.patient.date_of_birth > encounter_day:
            raise ValueError("patient.date_of_birth: the patient was not yet born at the encounter")
        onset = self.history.onset_date
        if onset is not None and onset > encounter_day:
            raise ValueError(f"history.onset_date: {onset.isoformat()} is after the encounter")
        if onset is not None and onset < self.patient.date_of_birth:
            raise ValueError(f"history.onset_date: {onset.isoformat()} is before birth")
        counts = Counter(m.region for m in self.pain_map)  # linear, however long the map
        repeated = sorted(r for r, n in counts.items() if n > 1)
        if repeated:
            raise ValueError(f"pain_map: region {repeated[0]} is marked more than once")
        if (self.status == "signed") != (self.signature is not None):
            raise ValueError("signature: a signed exam needs a signature and a draft has none")
        return self

    @property
    def age(self) -> int:
        """The patient's age on the day of the encounter."""
        return self.patient.age_on(self.encounter_time.date())

    def red_flag_answer(self, flag_id: str) -> str:
        return self.red_flags.get(flag_id, "not_asked")

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)

    def sha256(self) -> str:
        """Hash of the canonical JSON form: the identity an addendum or audit entry refers to."""
        return canonical_sha256(self.model_dump(mode="json"))


def canonical_sha256(document: dict[str, Any]) -> str:
    """SHA-256 of a document's canonical JSON (sorted keys, no spaces). For a stored document
    this is taken of the JSON as stored, so a document written under an earlier schema keeps
    the identity it was signed and audited with after it is migrated on read."""
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _upgrade_v1(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 -> 2. Version 2 adds fields only (hip adduction, the serious-cause tests, the
    new history items, temperature, circulation), each missing meaning "not recorded". One
    default changed: a motor grade's `limited_by` was "none" when left out in version 1 and is
    "not_recorded" in version 2, so version-1 grades without it get the "none" they meant."""
    upgraded = dict(data, schema_version=2)
    neurology = data.get("neurology")
    if not isinstance(neurology, dict):
        return upgraded
    myotomes = neurology.get("myotomes")
    if isinstance(myotomes, dict):
        new_myotomes: dict[str, Any] = {}
        for myotome, sides in myotomes.items():
            if isinstance(sides, dict):
                sides = {side: ({**grade, "limited_by": grade.get("limited_by", "none")}
                                if isinstance(grade, dict) and "grade" in grade
                                and grade.get("grade") is not None else grade)
                         for side, grade in sides.items()}
            new_myotomes[myotome] = sides
        upgraded["neurology"] = {**neurology, "myotomes": new_myotomes}
    return upgraded


def _upgrade_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 2 -> 3. Version 3 adds the clinic (the note's letterhead) and the correspondence
    (referrer, recipient); a version-2 document had neither."""
    return dict(data, schema_version=3)


# Each step takes a document of version N to N + 1; documents are upgraded on read, so every
# stored, exported or signed document of an earlier version still opens and classifies.
_UPGRADES = {1: _upgrade_v1, 2: _upgrade_v2}


def upgrade_document(data: dict[str, Any]) -> dict[str, Any]:
    """A document dict brought to the current schema version (unchanged if already there)."""
    version = data.get("schema_version")
    while isinstance(version, int) and not isinstance(version, bool) and version in _UPGRADES:
        data = _UPGRADES[version](data)
        version = data.get("schema_version")
    return data


def parse_exam(data: str | bytes | dict[str, Any], source: str = "exam document") -> ExamDocument:
    """Validate an exam document of any schema version (earlier ones are migrated on read);
    any problem is an InputError with one sentence."""
    try:
        if not isinstance(data, dict):
            try:
                loaded = json.loads(data)
            except (ValueError, RecursionError):
                return ExamDocument.model_validate_json(data)  # pydantic words the JSON error
            if not isinstance(loaded, dict):
                return ExamDocument.model_validate_json(data)
            data = loaded
        return ExamDocument.model_validate(upgrade_document(data))
    except ValidationError as exc:
        first = exc.errors()[0]
        if first["type"] == "json_invalid":
            raise InputError(f"{source}: is not valid JSON ({first['ctx']['error']})") from exc
        raise InputError(f"{source}: {describe_validation_error(exc)}") from exc


def exam_json_schema() -> dict[str, Any]:
    schema = ExamDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"SLR Desk exam document, schema version {SCHEMA_VERSION}"
    return schema
