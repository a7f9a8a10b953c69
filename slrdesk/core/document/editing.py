"""Editing an exam document one field at a time, by path, without ever holding an invalid one.

`with_value(exam, "goniometry.passive_slr.left", 45)` returns a new, validated document or raises
InputError with the sentence the clinician sees beside the field. `None` means "not examined":
the value is removed, and containers left empty are removed with it, so clearing a cell really
returns the document to "not examined" rather than leaving an empty shell behind.
"""

from __future__ import annotations

import copy
from typing import Any

from slrdesk.core.document.exam import ExamDocument, parse_exam
from slrdesk.core.errors import InputError


def split_path(path: str) -> list[str]:
    """The parts of a field path. A clinic's own id (`local.heel_walk`) holds a dot itself, so
    inside a section keyed by ids `local` and the name after it are one part."""
    raw = path.split(".")
    parts: list[str] = []
    i = 0
    while i < len(raw):
        if raw[i] == "local" and i + 1 < len(raw) and parts and _is_keyed_section(parts):
            parts.append(f"local.{raw[i + 1]}")
            i += 2
        else:
            parts.append(raw[i])
            i += 1
    return parts


def _parts(path: str) -> list[str]:
    parts = split_path(path)
    if not all(parts):
        raise InputError(f"{path}: is not a field path")
    return parts


def value_at(exam: ExamDocument | dict[str, Any], path: str) -> Any:
    """The JSON value at `path`, or None when it is not recorded."""
    node: Any = exam.model_dump(mode="json") if isinstance(exam, ExamDocument) else exam
    for part in _parts(path):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def _prune(data: dict[str, Any], parts: list[str]) -> None:
    """Remove empty dicts left along `parts` inside the free-form sections (dicts keyed by
    catalog ids), deepest first; fixed sections keep their shape."""
    for depth in range(len(parts) - 1, 0, -1):
        parent = value_at(data, ".".join(parts[: depth - 1])) if depth > 1 else data
        key = parts[depth - 1]
        child = parent.get(key) if isinstance(parent, dict) else None
        if (isinstance(child, dict) and all(v is None for v in child.values())
                and _is_keyed_section(parts[: depth - 1])):
            del parent[key]


def _is_keyed_section(parent_parts: list[str]) -> bool:
    joined = ".".join(parent_parts)
    return joined in {"neurology.myotomes", "neurology.reflexes", "neurology.sensation",
                      "special_tests", "red_flags", "history.symptoms"}


def _apply(data: dict[str, Any], path: str, value: Any) -> None:
    parts = _parts(path)
    node: Any = data
    for part in parts[:-1]:
        if not isinstance(node, dict):
            raise InputError(f"{path}: is not a field path")
        if node.get(part) is None:
            node[part] = {}
        node = node[part]
    if not isinstance(node, dict):
        raise InputError(f"{path}: is not a field path")
    if value is not None:
        node[parts[-1]] = copy.deepcopy(value)
        return
    if parts[-1] in node:
        if _is_keyed_section(parts[:-1]) or isinstance(node.get(parts[-1]), dict):
            del node[parts[-1]]
        else:
            node[parts[-1]] = None
    _prune(data, parts)


def with_value(exam: ExamDocument, path: str, value: Any) -> ExamDocument:
    """A copy of `exam` with `path` set to `value` (None: not examined), validated."""
    return with_values(exam, {path: value})


def with_values(exam: ExamDocument, changes: dict[str, Any]) -> ExamDocument:
    """Several fields at once (a multi-cell edit, "all normal"), validated together: all or
    none."""
    from slrdesk.core.document.carry import confirmed

    data = exam.model_dump(mode="json")
    for path, value in changes.items():
        _apply(data, path, value)
    # Entering a value again is confirming it today: it is no longer carried.
    return confirmed(parse_exam(data, source="exam"), list(changes))


def changed_paths(before: Any, after: Any, prefix: str = "") -> frozenset[str]:
    """The field paths whose values differ between two JSON forms of a document: the deepest
    path that differs (a subtree added or removed whole is one path). What the screen must
    show again after an edit, and nothing else."""
    if before == after:
        return frozenset()
    if isinstance(before, dict) and isinstance(after, dict):
        found: set[str] = set()
        for key in before.keys() | after.keys():
            path = f"{prefix}.{key}" if prefix else str(key)
            if key not in before or key not in after:
                found.add(path)
            else:
                found |= changed_paths(before[key], after[key], path)
        return frozenset(found)
    return frozenset({prefix})


def affects(path: str, changed: frozenset[str] | None) -> bool:
    """Whether a field shown at `path` must be read again after `changed` (None: anything)."""
    if changed is None:
        return True
    return any(c == path or c.startswith(path + ".") or path.startswith(c + ".") or not c
               for c in changed)
