"""Composite criteria: published clusters counted as their papers count them, and the overall
state of the neurological examination."""

from __future__ import annotations

from collections.abc import Sequence

from slrdesk.core.assessment.criteria import Criterion
from slrdesk.core.assessment.facts import (
    ExamView,
    Missing,
    Outcome,
    SideName,
    myotome_field,
    reflex_field,
    sensation_field,
)
from slrdesk.core.assessment.neuro import deficits
from slrdesk.core.catalog import catalog


def count_of(
    name: str, items: Sequence[Criterion], *, at_least: int | None = None,
    exactly: int | None = None, at_most: int | None = None,
) -> Criterion:
    """Counts the items that fire. The rule fires only when the count is certain to meet the
    condition whatever the unrecorded items would show, and does not fire when it is certain to
    miss it; otherwise the unrecorded items are what to examine next."""
    total = len(items)

    key = id(items)

    def criterion(view: ExamView) -> Outcome:
        outcomes: list[Outcome] | None = view.shared.get(key)
        if outcomes is None:
            outcomes = view.shared[key] = [item(view) for item in items]
        positive = [o for o in outcomes if o.fired]
        unknown = [o for o in outcomes if o.fired is None]
        low, high = len(positive), len(positive) + len(unknown)

        def meets(n: int) -> bool:
            return (
                (at_least is None or n >= at_least)
                and (exactly is None or n == exactly)
                and (at_most is None or n <= at_most)
            )

        possible = [meets(n) for n in range(low, high + 1)]
        if all(possible):
            found = "; ".join(o.finding for o in positive) or "none positive"
            return Outcome.yes(f"{name} {low} of {total} ({found})")
        if not any(possible):
            return Outcome.no()
        return Outcome.unknown(*(m for o in unknown for m in o.missing))

    return criterion


def _deficits(view: ExamView, side: SideName) -> tuple[list[str], list[Missing]]:
    """Objective neurological deficits on one side, and the motor, reflex and sensory items
    not graded there."""
    cat = catalog()
    missing: list[Missing] = []
    missing += [myotome_field(m, side) for m in cat.myotomes if view.motor(m, side) is None]
    missing += [reflex_field(r, side) for r in cat.reflexes if view.reflex(r, side) is None]
    missing += [sensation_field(d, side) for d in cat.dermatomes
                if view.sensation(d, side) is None]
    return [d.text for d in deficits(view, side)], missing


def _affected_deficits(view: ExamView) -> tuple[list[str], list[Missing]]:
    """Deficits and ungraded items over the affected sides; judged once per exam."""
    cached: tuple[list[str], list[Missing]] | None = view.shared.get(_affected_deficits)
    if cached is not None:
        return cached
    found: list[str] = []
    missing: list[Missing] = []
    for side in view.affected_sides:
        deficits, unexamined = _deficits(view, side)
        found += deficits
        missing += unexamined
    view.shared[_affected_deficits] = (found, missing)
    return found, missing


def neuro_deficit() -> Criterion:
    """Any true neurological deficit on an affected side (pain-limited weakness is not one)."""

    def criterion(view: ExamView) -> Outcome:
        found, missing = _affected_deficits(view)
        if found:
            return Outcome.yes(", ".join(found))
        return Outcome.unknown(*missing) if missing else Outcome.no()

    return criterion


def neuro_normal() -> Criterion:
    """Every myotome, reflex and dermatome graded on every affected side, and no deficit: a
    normal examination means a complete one (an ungraded item might hide the deficit)."""

    def criterion(view: ExamView) -> Outcome:
        found, missing = _affected_deficits(view)
        if found:
            return Outcome.no()
        if missing:
            return Outcome.unknown(*missing)
        return Outcome.yes("neurological examination complete and normal")

    return criterion
