"""A field of the exam document, named by its path: `goniometry.active_slr.left`.

The workstation binds each widget to one FieldPath and refreshes it only when an edit changed
that field, a field inside it, or the part of the document holding it. A path is parsed once
(a clinic's own id, `local.heel_walk`, holds a dot and stays one part), compared by value, and
said to the clinician by its label, never as a path.
"""

from __future__ import annotations

from dataclasses import dataclass

from slrdesk.core.errors import InputError

# The parts of the document keyed by catalog ids, where a clinic's id `local.<name>` is one key.
KEYED_SECTIONS = frozenset({
    ("neurology", "myotomes"), ("neurology", "reflexes"), ("neurology", "sensation"),
    ("special_tests",), ("red_flags",), ("history", "symptoms")})


@dataclass(frozen=True, slots=True, order=True)
class FieldPath:
    parts: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.parts or not all(self.parts):
            raise InputError(f"{'.'.join(self.parts)}: is not a field path")

    @classmethod
    def parse(cls, text: str | FieldPath) -> FieldPath:
        if isinstance(text, FieldPath):
            return text
        raw = text.split(".")
        parts: list[str] = []
        i = 0
        while i < len(raw):
            if (raw[i] == "local" and i + 1 < len(raw) and parts
                    and tuple(parts) in KEYED_SECTIONS):
                parts.append(f"local.{raw[i + 1]}")
                i += 2
            else:
                parts.append(raw[i])
                i += 1
        return cls(tuple(parts))

    def __str__(self) -> str:
        return ".".join(self.parts)

    def child(self, *parts: str) -> FieldPath:
        return FieldPath(self.parts + parts)

    def within(self, other: FieldPath) -> bool:
        """This field is `other` or lies inside it."""
        return self.parts[:len(other.parts)] == other.parts

    def overlaps(self, other: FieldPath) -> bool:
        """Either field holds the other: a change to one is a change to what the other shows."""
        return self.within(other) or other.within(self)

    @property
    def label(self) -> str:
        """What the clinician reads: "Active SLR, left"."""
        from slrdesk.core.document.field_labels import field_label

        return field_label(str(self))


# What an edit changed: the fields whose values differ, or None when the whole document was
# replaced (opened again, signed elsewhere): then everything shown must be read again.
Changed = frozenset[FieldPath] | None


def touches(path: FieldPath, changed: Changed) -> bool:
    """Whether a widget showing `path` must be read again after an edit that `changed`."""
    return changed is None or any(path.overlaps(c) for c in changed)

