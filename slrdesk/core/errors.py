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
    msg = error["msg"]
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
