"""The examination findings, section by section, as the exam document stores them.

Not examined is always distinct from normal: a missing side or a missing key means "not
examined", and a graded item the clinician tried but could not grade carries `not_testable` with a
reason (as ISNCSCI's NT does).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from slrdesk.core.document.vocabulary import (
    AffectedSide,
    AngleRange,
    ClonusBeats,
    CourseId,
    Degrees,
    DermatomeId,
    HistoryItemId,
    InstrumentId,
    LimitedBy,
    MechanismId,
    MensScore,
    MrcGrade,
    MyotomeId,
    NotTestableReason,
    OnsetId,
    PainScore,
    PlantarResponse,
    PulseGrade,
    QualityId,
    ReflexGradeValue,
    ReflexId,
    RegionId,
    Sensation,
    SymptomLocationId,
    TemperatureC,
    TestResult,
    YesNo,
    keyed_by,
)

T = TypeVar("T")


class Strict(BaseModel):
    """Base of every document model: unknown fields are errors, and a document never changes
    once made. An edit makes a new one (`core.document.editing.edit`), so the document a
    widget, the classifier or the undo stack holds is never changed behind its back."""

    # defer_build: the validators are built on first use, not at import, which keeps the
    # start-up of the application (its patient list validates nothing) quick.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Bilateral(Strict, Generic[T]):
    """One value per side; a missing side was not examined."""

    left: T | None = None
    right: T | None = None


class NotTestable(Strict):
    reason: NotTestableReason
    detail: str | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _detail_for_other(self) -> NotTestable:
        if self.reason == "other" and not (self.detail and self.detail.strip()):
            raise ValueError("a reason of 'other' needs a detail saying why")
        return self


class _Graded(Strict):
    """A graded finding: either a grade or `not_testable`, never both, never neither."""

    not_testable: NotTestable | None = None

    @model_validator(mode="after")
    def _grade_or_not_testable(self) -> _Graded:
        # Every subclass names its value `grade`; its type differs by finding.
        has_grade = getattr(self, "grade", None) is not None
        if has_grade == (self.not_testable is not None):
            raise ValueError("give either a grade or not_testable with a reason")
        return self


class MotorGrade(_Graded):
    """MRC 0–5 with an optional -/+ on grade 4, and what limited the effort."""

    grade: MrcGrade | None = None
    modifier: Literal["-", "+"] | None = None
    limited_by: LimitedBy = "not_recorded"

    @model_validator(mode="before")
    @classmethod
    def _full_strength_has_no_limit(cls, data: Any) -> Any:
        # Nothing limits a 5/5: "not recorded" would only ask a question with no answer.
        if isinstance(data, dict) and data.get("grade") == 5 and data.get(
                "limited_by", "not_recorded") == "not_recorded":
            return {**data, "limited_by": "none"}
        return data

    @model_validator(mode="after")
    def _modifier_on_four(self) -> MotorGrade:
        if self.modifier is not None and self.grade != 4:
            raise ValueError(f"a {self.modifier} modifier is only used with grade 4")
        return self

    def text(self) -> str:
        """As a clinician writes it: `4-`, `3*` (limited by pain or guarding, as ISNCSCI marks
        grades not due to a lesion), `NT (pain)`."""
        if self.not_testable is not None:
            return f"NT ({self.not_testable.reason})"
        mark = "*" if self.limited_by in ("pain", "guarding") else ""
        return f"{self.grade}{self.modifier or ''}{mark}"

    @property
    def objective_weakness(self) -> bool:
        """Graded 4 or less and not explained by pain or guarding; or 0 whatever limited it
        (no contraction at all is never pain inhibition) — docs/clinical.md §1."""
        if self.grade is None or self.grade >= 5:
            return False
        return self.grade == 0 or self.limited_by in ("none", "not_recorded", "effort")

    @property
    def pain_limited(self) -> bool:
        """Graded 1–4 and limited by pain or guarding: not evidence of a nerve-root lesion."""
        return (self.grade is not None and 1 <= self.grade < 5
                and self.limited_by in ("pain", "guarding"))


class ReflexGrade(_Graded):
    grade: ReflexGradeValue | None = None

    def text(self) -> str:
        if self.not_testable is not None:
            return f"NT ({self.not_testable.reason})"
        return f"{self.grade}+" if self.grade else "0"


class SensationGrade(_Graded):
    grade: Sensation | None = None


class PlantarGrade(_Graded):
    grade: PlantarResponse | None = None


class SpecialTestFinding(Strict):
    result: TestResult
    reproduced: str | None = Field(default=None, max_length=500)
    location: SymptomLocationId | None = None


class History(Strict):
    affected_side: AffectedSide | None = None
    onset: OnsetId | None = None
    onset_date: date | None = None
    mechanism: MechanismId | None = None
    mechanism_detail: str | None = Field(default=None, max_length=500)
    course: CourseId | None = None
    pain_now: PainScore | None = None
    pain_worst_24h: PainScore | None = None
    back_pain: PainScore | None = None
    leg_pain: PainScore | None = None
    # Measured; 38.0 or more is fever whatever the checklist says (docs/clinical.md §5).
    temperature_c: TemperatureC | None = None
    # A missing item was not asked; False is an answered "no".
    symptoms: dict[HistoryItemId, YesNo] = keyed_by("history_items")
    notes: str | None = Field(default=None, max_length=20_000)


class PainMark(Strict):
    region: RegionId
    qualities: list[QualityId] = Field(default_factory=list)
    intensity: PainScore | None = None

    @model_validator(mode="after")
    def _unique_qualities(self) -> PainMark:
        if len(set(self.qualities)) != len(self.qualities):
            raise ValueError("a quality is listed more than once")
        return self


class ActiveSlrAngles(Strict):
    left: Annotated[Degrees, AngleRange("active_slr")] | None = None
    right: Annotated[Degrees, AngleRange("active_slr")] | None = None


class PassiveSlrAngles(Strict):
    left: Annotated[Degrees, AngleRange("passive_slr")] | None = None
    right: Annotated[Degrees, AngleRange("passive_slr")] | None = None


class PassiveSlrOnsetAngles(Strict):
    left: Annotated[Degrees, AngleRange("passive_slr_onset")] | None = None
    right: Annotated[Degrees, AngleRange("passive_slr_onset")] | None = None


class HipFlexionAngles(Strict):
    left: Annotated[Degrees, AngleRange("hip_flexion")] | None = None
    right: Annotated[Degrees, AngleRange("hip_flexion")] | None = None


class HipInternalRotationAngles(Strict):
    left: Annotated[Degrees, AngleRange("hip_internal_rotation")] | None = None
    right: Annotated[Degrees, AngleRange("hip_internal_rotation")] | None = None


class HipExternalRotationAngles(Strict):
    left: Annotated[Degrees, AngleRange("hip_external_rotation")] | None = None
    right: Annotated[Degrees, AngleRange("hip_external_rotation")] | None = None


class ThomasAngles(Strict):
    left: Annotated[Degrees, AngleRange("thomas_thigh_angle")] | None = None
    right: Annotated[Degrees, AngleRange("thomas_thigh_angle")] | None = None


class Goniometry(Strict):
    instrument: InstrumentId | None = None
    active_slr: ActiveSlrAngles = Field(default_factory=ActiveSlrAngles)
    passive_slr: PassiveSlrAngles = Field(default_factory=PassiveSlrAngles)
    passive_slr_onset: PassiveSlrOnsetAngles = Field(default_factory=PassiveSlrOnsetAngles)
    passive_slr_onset_location: Bilateral[SymptomLocationId] = Field(default_factory=Bilateral)
    hip_flexion: HipFlexionAngles = Field(default_factory=HipFlexionAngles)
    hip_internal_rotation: HipInternalRotationAngles = Field(
        default_factory=HipInternalRotationAngles
    )
    hip_external_rotation: HipExternalRotationAngles = Field(
        default_factory=HipExternalRotationAngles
    )
    thomas_thigh_angle: ThomasAngles = Field(default_factory=ThomasAngles)

    @model_validator(mode="after")
    def _onset_within_range(self) -> Goniometry:
        for side in ("left", "right"):
            onset = getattr(self.passive_slr_onset, side)
            reached = getattr(self.passive_slr, side)
            if onset is not None and reached is not None and onset > reached:
                raise ValueError(
                    f"passive_slr_onset.{side}: symptoms at {onset}° cannot start beyond the "
                    f"{reached}° the leg reached"
                )
        return self


class MensAslr(Strict):
    """Mens active SLR, 0 (not difficult) to 5 (unable) per leg, then with pelvic compression."""

    without_compression: Bilateral[MensScore] = Field(default_factory=Bilateral)
    with_compression: Bilateral[MensScore] = Field(default_factory=Bilateral)
    lift_height_cm: Literal[5, 20] | None = None

    def total(self, with_compression: bool = False) -> int | None:
        """Sum of both legs (0–10), or None unless both legs were scored."""
        scores = self.with_compression if with_compression else self.without_compression
        if scores.left is None or scores.right is None:
            return None
        return scores.left + scores.right


class Circulation(Strict):
    """Distal pulses of the leg: a cold, pulseless weak leg is a vascular emergency."""

    distal_pulses: Bilateral[PulseGrade] = Field(default_factory=Bilateral)


class Neurology(Strict):
    myotomes: dict[MyotomeId, Bilateral[MotorGrade]] = keyed_by("myotomes")
    reflexes: dict[ReflexId, Bilateral[ReflexGrade]] = keyed_by("reflexes")
    plantar_response: Bilateral[PlantarGrade] = Field(default_factory=Bilateral)
    ankle_clonus_beats: Bilateral[ClonusBeats] = Field(default_factory=Bilateral)
    sensation: dict[DermatomeId, Bilateral[SensationGrade]] = keyed_by("dermatomes")
