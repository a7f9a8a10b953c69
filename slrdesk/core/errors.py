"""Errors a user can act on, and the one-sentence wording of validation failures.

Every message names the field as a dotted path into the exam document and says what is wrong with
it, e.g. `goniometry.passive_slr.left: 190° is outside 0–110°`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError
    from pydantic_core import ErrorDetails


class SlrDeskError(Exception):
    """A problem the user can fix; its text is one sentence, shown as it is."""


class InputError(SlrDeskError):
    """Bad input: a file, a document or a field the user supplied."""


# pydantic's wording for the common cases, said the way a clinician reads a form.
_PLAIN_WORDING = {
    "missing": "is required",
    "extra_forbidden": "is not a field of this document",
    "string_too_short": "must not be empty",
}
_DATE = "is not a date: write it as YYYY-MM-DD, e.g. 2002-03-14"
_TIME = ("is not a date and time: write it as YYYY-MM-DDTHH:MM with its time zone, e.g. "
         "2026-11-20T09:30+01:00")
# ...and for a value of the wrong form, followed by what was given. pydantic's own words here
# ("input should be a valid date or datetime, invalid character in year") are a library's.
_PLAIN_WITH_INPUT = {
    **dict.fromkeys(("date_type", "date_parsing", "date_from_datetime_parsing",
                     "date_from_datetime_inexact"), _DATE),
    **dict.fromkeys(("datetime_type", "datetime_parsing", "datetime_from_date_parsing"),
                    _TIME),
    "timezone_aware": "needs its time zone, e.g. 2026-11-20T09:30+01:00",
    **dict.fromkeys(("uuid_type", "uuid_parsing"),
                    "is not an identifier (a UUID, e.g. 1b4e28ba-2fa1-11d2-883f-0016d3cca427)"),
    **dict.fromkeys(("int_type", "int_parsing", "int_from_float"), "is not a whole number"),
    **dict.fromkeys(("float_type", "float_parsing"), "is not a number"),
}


def field_path(loc: tuple[int | str, ...]) -> str:
    """`('pain_map', 2, 'region')` -> `pain_map[2].region`."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "document"


def _message(error: ErrorDetails) -> str:
    plain = _PLAIN_WORDING.get(error["type"])
    if plain:
        return plain
    msg = _PLAIN_WITH_INPUT.get(error["type"], error["msg"])
    # pydantic prefixes messages raised from our own validators with "Value error, ".
    for prefix in ("Value error, ", "Assertion failed, "):
        msg = msg.removeprefix(prefix)
    if error["type"] not in {"value_error", "assertion_error"} and "input" in error:
        shown = repr(error["input"])
        if len(shown) <= 40:
            msg = f"{msg} (got {shown})"
    return msg[:1].lower() + msg[1:]


# A whole-model validator names the field it objects to at the start of its message
# (`passive_slr_onset.left: ...`); that path is joined onto the model's own location.
_NAMED_FIELD = re.compile(r"^([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+|\[\d+\])*): (.+)$", re.DOTALL)


def _sentence(error: ErrorDetails) -> str:
    # `[key]` marks a problem with a dict key itself, which the key already names.
    loc = tuple(part for part in error["loc"] if part != "[key]")
    message = _message(error)
    named = _NAMED_FIELD.match(message) if error["type"] == "value_error" else None
    if named:
        inner, message = named.groups()
        prefix = field_path(loc)
        return f"{inner if prefix == 'document' else prefix + '.' + inner}: {message}"
    return f"{field_path(loc)}: {message}"


def describe_errors(exc: ValidationError) -> list[str]:
    """One sentence per problem, each naming its field."""
    return [_sentence(e) for e in exc.errors()]


def describe_validation_error(exc: ValidationError) -> str:
    """The first problem as one sentence, and how many more there are."""
    sentences = describe_errors(exc)
    more = len(sentences) - 1
    return sentences[0] + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")
