"""What a clinician types into a grid cell, and how a recorded value reads back.

Spreadsheet-speed entry: `4+`, `3`, `3n` (nothing limited it), `2p` (limited by pain), `3g`
(guarding), `4-e` (effort) — a grade with no letter leaves what limited it not recorded;
`NT` (not testable), `NTp` / `NTi` / `NTc` / `NTd` for pain, immobilised, contracture, patient
declined, `NT: why` for another reason; reflexes `0`–`4` (a trailing `+` is accepted: `1+`);
sensation `n`/`a`/`x` (normal / altered / absent) or ISNCSCI's `2`/`1`/`0`; special tests
`+`/`-` (or `p`/`n`), `nt` for not tested. An empty cell is "not examined". Anything else is
refused with a sentence.

`format_cell` is the exact inverse of `parse_cell`: opening a recorded cell and pressing Enter
never changes what was recorded.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from slrdesk.core.errors import InputError

CellKind = Literal["motor", "reflex", "sensation", "test"]

_MOTOR = re.compile(r"^([0-5])\s*([+-]?)\s*([npge]?)$")
_LIMITED = {"": "not_recorded", "n": "none", "p": "pain", "g": "guarding", "e": "effort"}
_LIMITED_CODE = {v: k for k, v in _LIMITED.items()}
_SENSATION = {"n": "normal", "2": "normal", "a": "altered", "1": "altered", "x": "absent",
              "0": "absent"}
_SENSATION_CODE = {"normal": "n", "altered": "a", "absent": "x"}
_TEST = {"+": "positive", "p": "positive", "pos": "positive", "-": "negative", "n": "negative",
         "neg": "negative", "nt": "not_tested"}
_NT_REASON = {"p": "pain", "i": "immobilised", "c": "contracture", "d": "patient_declined"}
_NT_CODE = {v: k for k, v in _NT_REASON.items()}
_NT = re.compile(r"^nt\s*(?:([picd])|:\s*(.+))?$", re.IGNORECASE | re.DOTALL)
HINTS = {
    "motor": "0–5, with + or - on 4, then n (nothing), p (pain), g (guarding) or e (effort) "
             "limited it; NT, NTp (pain), NTi, NTc, NTd, or NT: why",
    "reflex": "0, 1+, 2+, 3+, 4+; NT",
    "sensation": "n normal, a altered, x absent (or 2/1/0); NT",
    "test": "+ positive, - negative, nt not tested",
}
# What plain `NT` means: the grid does not ask why, and never invents a reason.
NOT_TESTABLE = {"not_testable": {"reason": "other", "detail": "not testable"}}


def _not_testable(text: str) -> dict[str, Any] | None:
    match = _NT.match(text.strip())
    if match is None:
        return None
    code, why = match.groups()
    if code:
        return {"not_testable": {"reason": _NT_REASON[code.lower()]}}
    if why and why.strip():
        return {"not_testable": {"reason": "other", "detail": why.strip()}}
    return {"not_testable": dict(NOT_TESTABLE["not_testable"])}


def parse_cell(kind: CellKind, text: str) -> dict[str, Any] | str | None:
    """The document value for what was typed; None for an empty cell."""
    entry = text.strip().lower()
    if not entry:
        return None
    if kind != "test":
        not_testable = _not_testable(text)
        if not_testable is not None:
            return not_testable
    if kind == "motor":
        match = _MOTOR.match(entry)
        if match:
            grade, modifier, limited = match.groups()
            if modifier and grade != "4":
                raise InputError(f"{text!r}: a + or - is only used with grade 4")
            limit = "none" if grade == "5" and not limited else _LIMITED[limited]
            value: dict[str, Any] = {"grade": int(grade), "limited_by": limit}
            if modifier:
                value["modifier"] = modifier
            return value
    elif kind == "reflex":
        stripped = entry.rstrip("+")
        if stripped in {"0", "1", "2", "3", "4"} and (entry == stripped or stripped != "0"):
            return {"grade": int(stripped)}
    elif kind == "sensation":
        if entry in _SENSATION:
            return {"grade": _SENSATION[entry]}
    elif entry in _TEST:
        return {"result": _TEST[entry]}
    raise InputError(f"{text!r} is not a {kind} entry ({HINTS[kind]})")


def _format_not_testable(value: dict[str, Any]) -> str:
    reason = value.get("reason", "other")
    if reason in _NT_CODE:
        return f"NT{_NT_CODE[reason]}"
    detail = value.get("detail")
    return "NT" if not detail or detail == "not testable" else f"NT: {detail}"


def format_cell(kind: CellKind, value: dict[str, Any] | None) -> str:
    """How a recorded value reads in its cell: the exact inverse of `parse_cell`."""
    if not value:
        return ""
    if value.get("not_testable"):
        return _format_not_testable(value["not_testable"])
    if kind == "motor":
        limit = value.get("limited_by", "not_recorded")
        # Full strength reads "5": nothing limited it (parse_cell gives "none" back for it).
        code = "" if value["grade"] == 5 and limit == "none" else _LIMITED_CODE[limit]
        return f"{value['grade']}{value.get('modifier') or ''}{code}"
    if kind == "reflex":
        return f"{value['grade']}+" if value["grade"] else "0"
    if kind == "sensation":
        return _SENSATION_CODE[value["grade"]]
    return {"positive": "+", "negative": "-", "not_tested": "NT"}[value["result"]]


NORMAL: dict[CellKind, dict[str, Any]] = {
    "motor": {"grade": 5, "limited_by": "none"},
    "reflex": {"grade": 2},
    "sensation": {"grade": "normal"},
    "test": {"result": "negative"},
}


# --- pain qualities, typed into the pain-map list -------------------------------------------

def quality_initials() -> dict[str, str]:
    """Each pain quality of the form by its initial (`a` ache, `n` numbness…). A quality whose
    initial another already has is typed by its name only."""
    from slrdesk.core.catalog import catalog

    initials: dict[str, str] = {}
    for quality in catalog().qualities:
        initials.setdefault(quality[0], quality)
    return initials


def quality_hint() -> str:
    return ", ".join(f"{initial} {name}" for initial, name in quality_initials().items())


def parse_qualities(text: str) -> list[str]:
    """The qualities typed as words or initials (`nt`, `ache, tingling`), in the order typed,
    each once; refused with a sentence when one is not a quality of the form."""
    from slrdesk.core.catalog import catalog

    known = list(catalog().qualities)
    initials = quality_initials()
    chosen: list[str] = []
    for word in text.strip().lower().replace(",", " ").split():
        names = [word] if word in known else [initials.get(c, "") for c in word]
        for name in names:
            if not name:
                raise InputError(f"{text!r}: qualities are {', '.join(known)} (or their "
                                 "initials)")
            if name not in chosen:
                chosen.append(name)
    return chosen


def format_qualities(qualities: list[str]) -> str:
    """How recorded qualities read in the list: the inverse of `parse_qualities`."""
    return ", ".join(qualities)
