"""Editing an exam document by field path, without ever holding an invalid one.

`edit(exam, {"goniometry.passive_slr.left": 45})` returns the new, validated document and the
set of fields whose values changed, or raises InputError with the sentence the clinician sees
beside the field. It is the one way the document changes while it is edited: the workstation
shows again exactly the fields it reports changed. `None` means "not examined": the value is
removed, and containers left empty are removed with it, so clearing a cell really returns the
document to "not examined" rather than leaving an empty shell behind.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from slrdesk.core.document.exam import ExamDocument, parse_exam
from slrdesk.core.document.field_path import KEYED_SECTIONS, FieldPath
from slrdesk.core.errors import InputError

Path = FieldPath | str
# What an edit sets: field paths (typed or as text) and their new values.
Changes = Mapping[str, Any] | Mapping[FieldPath, Any] | Mapping[Path, Any]


@dataclass(frozen=True)
class Edited:
    """The outcome of an edit: the new document, its JSON form, and what changed in it."""

    document: ExamDocument
    json: dict[str, Any]
    changed: frozenset[FieldPath]


def value_at(exam: ExamDocument | dict[str, Any], path: Path) -> Any:
    """The JSON value at `path`, or None when it is not recorded."""
    node: Any = exam.model_dump(mode="json") if isinstance(exam, ExamDocument) else exam
    for part in FieldPath.parse(path).parts:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def _prune(data: dict[str, Any], parts: tuple[str, ...]) -> None:
    """Remove empty dicts left along `parts` inside the free-form sections (dicts keyed by
    catalog ids), deepest first; fixed sections keep their shape."""
    for depth in range(len(parts) - 1, 0, -1):
        parent = value_at(data, FieldPath(parts[: depth - 1])) if depth > 1 else data
        key = parts[depth - 1]
        child = parent.get(key) if isinstance(parent, dict) else None
        if (isinstance(child, dict) and all(v is None for v in child.values())
                and parts[: depth - 1] in KEYED_SECTIONS):
            del parent[key]


def _apply(data: dict[str, Any], path: FieldPath, value: Any) -> None:
    parts = path.parts
    node: Any = data
    for part in parts[:-1]:
        if not isinstance(node, dict):
            raise InputError(f"{path}: is not a field path")
        # Copy on write: only the containers along the path are new; the rest of the
        # document's JSON is shared with the form the edit started from, never changed.
        child = node.get(part)
        node[part] = {} if child is None else dict(child) if isinstance(child, dict) else child
        node = node[part]
    if not isinstance(node, dict):
        raise InputError(f"{path}: is not a field path")
    if value is not None:
        node[parts[-1]] = copy.deepcopy(value)
        return
    if parts[-1] in node:
        if parts[:-1] in KEYED_SECTIONS or isinstance(node.get(parts[-1]), dict):
            del node[parts[-1]]
        else:
            node[parts[-1]] = None
    _prune(data, parts)


def edit(exam: ExamDocument, changes: Changes,
         before: dict[str, Any] | None = None) -> Edited:
    """`exam` with every field in `changes` set (None: not examined), validated together: all
    or none. `before`, when the caller holds it, is `exam`'s JSON form (saves dumping it)."""
    from slrdesk.core.document.carry import confirmed

    paths = [FieldPath.parse(p) for p in changes]
    before = exam.model_dump(mode="json") if before is None else before
    data = dict(before)  # `_apply` copies what it changes: `before` stays as it was
    for path, value in zip(paths, changes.values(), strict=True):
        _apply(data, path, value)
    # Entering a value again is confirming it today: it is no longer carried.
    document = confirmed(parse_exam(data, source="exam"), [str(p) for p in paths])
    after = shared_with(before, document.model_dump(mode="json"))
    return Edited(document, after, changed_paths(before, after))


def shared_with(before: Any, after: Any) -> Any:
    """`after`, with every part equal to the same part of `before` taken from `before`: the
    JSON forms an undo history keeps then share all but what each edit changed. Neither is
    ever changed afterwards (an edit copies what it changes)."""
    if before == after:
        return before
    if isinstance(before, dict) and isinstance(after, dict):
        return {key: shared_with(before[key], value) if key in before else value
                for key, value in after.items()}
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [shared_with(b, a) for b, a in zip(before, after, strict=True)]
    return after


def with_value(exam: ExamDocument, path: Path, value: Any) -> ExamDocument:
    """A copy of `exam` with `path` set to `value` (None: not examined), validated."""
    return edit(exam, {path: value}).document


def with_values(exam: ExamDocument, changes: Changes) -> ExamDocument:
    """Several fields at once (a multi-cell edit, "all normal"): all or none."""
    return edit(exam, changes).document


def changed_paths(before: Any, after: Any,
                  prefix: tuple[str, ...] = ()) -> frozenset[FieldPath]:
    """The fields whose values differ between two JSON forms of a document: the deepest path
    that differs (a subtree added or removed whole is one path). What the screen must show
    again after an edit, and nothing else."""
    if before == after:
        return frozenset()
    if isinstance(before, dict) and isinstance(after, dict):
        return _changed_in(before, after, prefix)
    return frozenset({FieldPath(prefix)}) if prefix else frozenset()


def _changed_in(before: dict[str, Any], after: dict[str, Any],
                prefix: tuple[str, ...]) -> frozenset[FieldPath]:
    found: set[FieldPath] = set()
    for key in before.keys() | after.keys():
        path = (*prefix, str(key))
        if key not in before or key not in after:
            found.add(FieldPath(path))
        else:
            found |= changed_paths(before[key], after[key], path)
    return frozenset(found)
