"""What a clinician types into a grid cell, and how a recorded value reads back.

Spreadsheet-speed entry: `4+`, `3`, `2p` (limited by pain), `3g` (guarding), `4-e` (effort),
`NT` (not testable); reflexes `0`–`4` (a trailing `+` is accepted: `1+`); sensation `n`/`a`/`x`
(normal / altered / absent) or ISNCSCI's `2`/`1`/`0`; special tests `+`/`-` (or `p`/`n`), `nt`
for not tested. An empty cell is "not examined". Anything else is refused with a sentence.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from slrdesk.core.errors import InputError

CellKind = Literal["motor", "reflex", "sensation", "test"]

_MOTOR = re.compile(r"^([0-5])\s*([+-]?)\s*([pge]?)$")
_LIMITED = {"": "none", "p": "pain", "g": "guarding", "e": "effort"}
_LIMITED_CODE = {v: k for k, v in _LIMITED.items()}
_SENSATION = {"n": "normal", "2": "normal", "a": "altered", "1": "altered", "x": "absent",
              "0": "absent"}
_TEST = {"+": "positive", "p": "positive", "pos": "positive", "-": "negative", "n": "negative",
         "neg": "negative", "nt": "not_tested"}
HINTS = {
    "motor": "0–5, with + or - on 4, then p (pain), g (guarding) or e (effort); NT",
    "reflex": "0, 1+, 2+, 3+, 4+; NT",
    "sensation": "n normal, a altered, x absent (or 2/1/0); NT",
    "test": "+ positive, - negative, nt not tested",
}
NOT_TESTABLE = {"not_testable": {"reason": "other", "detail": "not testable"}}


def parse_cell(kind: CellKind, text: str) -> dict[str, Any] | str | None:
    """The document value for what was typed; None for an empty cell."""
    entry = text.strip().lower()
    if not entry:
        return None
    if entry == "nt" and kind != "test":
        # The grid does not ask why; the reason is refined in the cell's detail, never invented.
        return dict(NOT_TESTABLE)
    if kind == "motor":
        match = _MOTOR.match(entry)
        if match:
            grade, modifier, limited = match.groups()
            if modifier and grade != "4":
                raise InputError(f"{text!r}: a + or - is only used with grade 4")
            value: dict[str, Any] = {"grade": int(grade), "limited_by": _LIMITED[limited]}
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


def format_cell(kind: CellKind, value: dict[str, Any] | None) -> str:
    """How a recorded value reads in its cell; the inverse of `parse_cell`."""
    if not value:
        return ""
    if value.get("not_testable"):
        return "NT"
    if kind == "motor":
        code = _LIMITED_CODE[value.get("limited_by", "none")]
        return f"{value['grade']}{value.get('modifier') or ''}{code}"
    if kind == "reflex":
        return f"{value['grade']}+" if value["grade"] else "0"
    if kind == "sensation":
        return {"normal": "normal", "altered": "altered", "absent": "absent"}[value["grade"]]
    return {"positive": "+", "negative": "-", "not_tested": "NT"}[value["result"]]


NORMAL: dict[CellKind, dict[str, Any]] = {
    "motor": {"grade": 5, "limited_by": "none"},
    "reflex": {"grade": 2},
    "sensation": {"grade": "normal"},
    "test": {"result": "negative"},
}
