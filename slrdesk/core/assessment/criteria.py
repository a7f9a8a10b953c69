"""The small named questions the rules ask of an exam.

Each factory returns a criterion: a function from `ExamView` to an `Outcome`. A criterion fires
on a finding present on an affected side, does not fire when what it needs was recorded and is
otherwise, and is undecidable (listing what to record) when it was not examined. Missing data is
never read as a negative finding.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from slrdesk.core.assessment.facts import (
    ExamView,
    Missing,
    Outcome,
    SideName,
    angle_field,
    as_finding,
    history_field,
    label,
    motor_text,
    myotome_field,
    reflex_field,
    reflex_text,
    region_text,
    sensation_field,
    test_field,
)

Criterion = Callable[[ExamView], Outcome]

# Grades that show a deficit. A reflex of 0 or 1+ is reduced; MRC below 5 is weak.
REDUCED_REFLEX = 1
FULL_STRENGTH = 5


def _per_side(view: ExamView, check: Callable[[SideName], Outcome]) -> Outcome:
    """Fires if any affected side fires; does not fire only if every affected side was judged
    and none fired (an unexamined side might still show the finding)."""
    outcomes = [check(side) for side in view.affected_sides]
    fired = [o for o in outcomes if o.fired]
    if fired:
        return Outcome.yes("; ".join(o.finding for o in fired))
    if all(o.fired is False for o in outcomes):
        return Outcome.no()
    return Outcome.unknown(*(m for o in outcomes if o.fired is None for m in o.missing))


def test_positive(test_id: str, locations: Sequence[str] = ()) -> Criterion:  # noqa: PT028
    """The special test is positive on an affected side (and felt in `locations`, if given)."""

    def check_side(view: ExamView, side: SideName) -> Outcome:
        found = view.test(test_id, side)
        if found is None:
            return Outcome.unknown(test_field(test_id, side))
        if found.result != "positive":
            return Outcome.no()
        if locations and found.location not in locations:
            return Outcome.no()
        where = (f" ({label('symptom_locations', found.location).lower()})"
                 if found.location else "")
        name = as_finding(label("special_tests", test_id))
        return Outcome.yes(f"{name} positive {side}{where}")

    return lambda view: _per_side(view, lambda side: check_side(view, side))


def test_negative(test_id: str) -> Criterion:
    """The special test was done and negative on every affected side."""

    def criterion(view: ExamView) -> Outcome:
        results = {side: view.test(test_id, side) for side in view.affected_sides}
        missing = [test_field(test_id, s) for s, found in results.items() if found is None]
        if any(f is not None and f.result == "positive" for f in results.values()):
            return Outcome.no()
        if missing:
            return Outcome.unknown(*missing)
        sides = " and ".join(view.affected_sides)
        return Outcome.yes(f"{as_finding(label('special_tests', test_id))} negative {sides}")

    return criterion


def weakness(myotomes: Sequence[str], *, limited_by_pain: bool) -> Criterion:
    """A myotome on an affected side with objective weakness (docs/clinical.md §1: graded 4 or less
    and not limited by pain or guarding, or 0 whatever limited it), or with pain-limited
    weakness when `limited_by_pain`."""

    def check_side(view: ExamView, side: SideName) -> Outcome:
        found, missing = [], []
        for myotome in myotomes:
            grade = view.motor(myotome, side)
            if grade is None:
                missing.append(myotome_field(myotome, side))
            elif grade.pain_limited if limited_by_pain else grade.objective_weakness:
                found.append(motor_text(myotome, side, grade))
        if found:
            return Outcome.yes(", ".join(found))
        return Outcome.unknown(*missing) if missing else Outcome.no()

    return lambda view: _per_side(view, lambda side: check_side(view, side))


def reflex_reduced(reflex: str) -> Criterion:
    def check_side(view: ExamView, side: SideName) -> Outcome:
        grade = view.reflex(reflex, side)
        if grade is None:
            return Outcome.unknown(reflex_field(reflex, side))
        if grade.grade is not None and grade.grade <= REDUCED_REFLEX:
            return Outcome.yes(reflex_text(reflex, side, grade))
        return Outcome.no()

    return lambda view: _per_side(view, lambda side: check_side(view, side))


def all_of(*criteria: Criterion, joiner: str = " with ") -> Criterion:
    """Fires when every criterion fires; does not fire when any does not."""

    def criterion(view: ExamView) -> Outcome:
        outcomes = [c(view) for c in criteria]
        if all(o.fired for o in outcomes):
            return Outcome.yes(joiner.join(o.finding for o in outcomes))
        if any(o.fired is False for o in outcomes):
            return Outcome.no()
        return Outcome.unknown(*(m for o in outcomes if o.fired is None for m in o.missing))

    return criterion


def once(criterion: Criterion) -> Criterion:
    """The criterion judged once per exam however many rules ask it (a shared finding)."""

    def judged(view: ExamView) -> Outcome:
        outcome: Outcome | None = view.shared.get(judged)
        if outcome is None:
            outcome = view.shared[judged] = criterion(view)
        return outcome

    return judged


def any_of(*criteria: Criterion, joiner: str = "; ") -> Criterion:
    """Fires when any criterion fires; does not fire only when every one was judged and none
    fired."""

    def criterion(view: ExamView) -> Outcome:
        outcomes = [c(view) for c in criteria]
        fired = [o for o in outcomes if o.fired]
        if fired:
            return Outcome.yes(joiner.join(o.finding for o in fired))
        if all(o.fired is False for o in outcomes):
            return Outcome.no()
        return Outcome.unknown(*(m for o in outcomes if o.fired is None for m in o.missing))

    return criterion


def on_one_leg(*criteria: Criterion, joiner: str = " with ") -> Criterion:
    """Every criterion fires on the same leg: a paired rule ("FNST positive and patellar reflex
    reduced") needs both findings on one leg, not one on each."""
    paired = all_of(*criteria, joiner=joiner)

    def criterion(view: ExamView) -> Outcome:
        return _per_side(view, lambda side: paired(view.on_leg(side)))

    return criterion


def unless(criterion: Criterion, condition: Criterion) -> Criterion:
    """`criterion`, counted only when `condition` is not established (not fired, or not
    recorded): the weaker reading of a finding whose published figure needs `condition`."""

    def judged(view: ExamView) -> Outcome:
        outcome = criterion(view)
        if outcome.fired and condition(view).fired:
            return Outcome.no()
        return outcome

    return judged


def without(criterion: Criterion, finding: str) -> Criterion:
    """Fires when `criterion` was judged and did not fire; `finding` names that absence."""

    def negated(view: ExamView) -> Outcome:
        outcome = criterion(view)
        if outcome.fired is None:
            return outcome
        return Outcome.no() if outcome.fired else Outcome.yes(finding)

    return negated


def sensation_altered(dermatomes: Sequence[str]) -> Criterion:
    def check_side(view: ExamView, side: SideName) -> Outcome:
        found, missing = [], []
        for dermatome in dermatomes:
            grade = view.sensation(dermatome, side)
            if grade is None:
                missing.append(sensation_field(dermatome, side))
            elif grade.grade in ("altered", "absent"):
                found.append(f"{dermatome} sensation {grade.grade} {side}")
        if found:
            return Outcome.yes(", ".join(found))
        return Outcome.unknown(*missing) if missing else Outcome.no()

    return lambda view: _per_side(view, lambda side: check_side(view, side))


def history_yes(item: str, finding: str | None = None) -> Criterion:
    def criterion(view: ExamView) -> Outcome:
        answer = True if view.history_yes(item) else view.symptom(item)
        if answer is None:
            return Outcome.unknown(history_field(item))
        return Outcome.yes(finding or label("history_items", item).lower()) if answer else (
            Outcome.no()
        )

    return criterion


def onset(kind: str, mechanisms: Iterable[str] = ()) -> Criterion:
    """History: onset of `kind`, and (if given) one of these mechanisms."""
    allowed = tuple(mechanisms)

    def criterion(view: ExamView) -> Outcome:
        history = view.exam.history
        if history.onset is None:
            return Outcome.unknown(Missing("history.onset", "Onset"))
        if history.onset != kind:
            return Outcome.no()
        if not allowed:
            return Outcome.yes(f"{kind} onset")
        if history.mechanism is None:
            return Outcome.unknown(Missing("history.mechanism", "Mechanism"))
        if history.mechanism not in allowed:
            return Outcome.no()
        return Outcome.yes(f"{kind} onset while {label('mechanisms', history.mechanism).lower()}")

    return criterion


def age_over(years: int) -> Criterion:
    return lambda view: (
        Outcome.yes(f"age {view.exam.age}") if view.exam.age > years else Outcome.no()
    )


def age_between(low: int, high: int) -> Criterion:
    return lambda view: (
        Outcome.yes(f"age {view.exam.age}") if low <= view.exam.age <= high else Outcome.no()
    )


def age_under(years: int) -> Criterion:
    return lambda view: (
        Outcome.yes(f"age {view.exam.age}") if view.exam.age < years else Outcome.no()
    )


def marked(regions: Sequence[str], qualities: Sequence[str] = ()) -> Criterion:
    """A pain-map mark on one of `regions` (base ids) on an affected side, with a quality."""

    def criterion(view: ExamView) -> Outcome:
        if not view.has_pain_map:
            return Outcome.unknown(Missing("pain_map", "Pain map"))
        found = []
        for side in view.affected_sides:
            for region in regions:
                mark = view.mark(region, side)
                if mark is None or (qualities and not set(qualities) & set(mark.qualities)):
                    continue
                what = ", ".join(q for q in mark.qualities if not qualities or q in qualities)
                found.append(f"{what or 'pain'} in {region_text(mark.region)}")
        return Outcome.yes("; ".join(dict.fromkeys(found))) if found else Outcome.no()

    return criterion


def angle_at_most(angle_id: str, limit: int) -> Criterion:
    def check_side(view: ExamView, side: SideName) -> Outcome:
        value = view.angle(angle_id, side)
        if value is None:
            return Outcome.unknown(angle_field(angle_id, side))
        if value <= limit:
            return Outcome.yes(f"{label('angles', angle_id).lower()} {value}° {side}")
        return Outcome.no()

    return lambda view: _per_side(view, lambda side: check_side(view, side))


def angle_at_least(angle_id: str, limit: int) -> Criterion:
    def criterion(view: ExamView) -> Outcome:
        values = {s: view.angle(angle_id, s) for s in view.affected_sides}
        missing = [angle_field(angle_id, s) for s, v in values.items() if v is None]
        if any(v is not None and v < limit for v in values.values()):
            return Outcome.no()
        if missing:
            return Outcome.unknown(*missing)
        shown = ", ".join(f"{v}° {s}" for s, v in values.items())
        return Outcome.yes(f"{label('angles', angle_id).lower()} {shown}")

    return criterion


def slr_onset_below(angle: int, locations: Sequence[str]) -> Criterion:
    """Passive SLR: symptoms start below `angle` degrees, felt in one of `locations`."""

    def check_side(view: ExamView, side: SideName) -> Outcome:
        onset_angle = view.angle("passive_slr_onset", side)
        where = getattr(view.exam.goniometry.passive_slr_onset_location, side)
        if onset_angle is None or where is None:
            return Outcome.unknown(angle_field("passive_slr_onset", side))
        if onset_angle < angle and where in locations:
            place = label("symptom_locations", where).lower()
            return Outcome.yes(f"passive SLR symptoms from {onset_angle}° {side}, felt in {place}")
        return Outcome.no()

    return lambda view: _per_side(view, lambda side: check_side(view, side))


def test_positive_any_side(test_id: str) -> Criterion:
    """A midline test recorded per side (SIJ distraction, compression, sacral thrust): positive
    on either side counts once; negative only when every recorded side is negative."""

    def criterion(view: ExamView) -> Outcome:
        results = {side: view.test(test_id, side) for side in ("left", "right")}
        hits = [side for side, found in results.items()
                if found is not None and found.result == "positive"]
        if hits:
            return Outcome.yes(f"{as_finding(label('special_tests', test_id))} positive")
        if any(found is not None for found in results.values()):
            return Outcome.no()
        return Outcome.unknown(test_field(test_id, view.affected_sides[0]))

    return criterion


def test_positive_on(test_id: str, side: SideName) -> Criterion:
    """The test positive on one named side, affected or not (Gaenslen counts left and right)."""

    def criterion(view: ExamView) -> Outcome:
        found = view.test(test_id, side)
        if found is None:
            return Outcome.unknown(test_field(test_id, side))
        if found.result == "positive":
            return Outcome.yes(f"{as_finding(label('special_tests', test_id))} positive {side}")
        return Outcome.no()

    return criterion


def mens_improves_with_compression(improves: bool) -> Criterion:
    """Mens active SLR sum >=1 that falls (or does not fall) with pelvic compression."""

    def criterion(view: ExamView) -> Outcome:
        mens = view.exam.mens_aslr
        plain, compressed = mens.total(), mens.total(with_compression=True)
        if plain is None:
            return Outcome.unknown(Missing("mens_aslr.without_compression", "Mens active SLR"))
        if plain == 0:
            return Outcome.no()
        if compressed is None:
            return Outcome.unknown(
                Missing("mens_aslr.with_compression", "Mens active SLR with compression")
            )
        if (compressed < plain) != improves:
            return Outcome.no()
        verb = "falls" if improves else "does not fall"
        return Outcome.yes(f"Mens active SLR {plain}/10, {verb} with compression ({compressed}/10)")

    return criterion
