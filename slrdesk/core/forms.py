"""The examination form as data: `forms/manifest.toml` names the parts, each part is one TOML
file, and a clinic may add its own items in `<data folder>/forms/` (README, "Clinic forms").

Reading is separate from meaning (`slrdesk.core.catalog` validates the merged entries): this
module finds the files, merges them, refuses a kind of entry spread over two parts, and turns a
validation error back into the file and line a person has to open to fix it.

Clinic forms may add special tests and history questions only, with ids in the `local.`
namespace: they can never collide with, or change the meaning of, a shipped id, and no rule of
the classifier names them, so they inform the clinician and the note but never the assessment.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from slrdesk.core.errors import SlrDeskError, describe_validation_error
from slrdesk.core.paths import CLINIC_FORMS_FOLDER

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

MANIFEST = "manifest.toml"
LOCAL_FOLDER = CLINIC_FORMS_FOLDER  # inside the data folder
# What a clinic form may add: a local special test, or a question its pathway requires.
LOCAL_KINDS = ("special_tests", "history_items")
LOCAL_ID = re.compile(r"^local\.[a-z][a-z0-9_]*$")
SectionKey = Literal["history", "pain_map", "goniometry", "mens_aslr", "neurology.myotomes",
                     "neurology", "special_tests", "red_flags", "impression"]


class FormError(SlrDeskError):
    """A form file is unreadable, or an entry in it is wrong; says the file and the line."""


class FormSection(BaseModel):
    """One section of the exam editor, in the manifest's order (Ctrl+1 for the first)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: SectionKey
    title: str = Field(min_length=1)


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    form_version: str = Field(min_length=1)
    parts: tuple[str, ...] = Field(min_length=1)
    sections: tuple[FormSection, ...]

    @model_validator(mode="after")
    def _every_section_once(self) -> Manifest:
        keys = [s.key for s in self.sections]
        expected = set(SectionKey.__args__)  # type: ignore[attr-defined]
        if len(keys) != len(set(keys)) or set(keys) != expected:
            raise ValueError(f"sections: list each of {', '.join(sorted(expected))} once")
        if len(keys) > 9:
            raise ValueError("sections: at most 9 (Ctrl+1 to Ctrl+9)")
        return self


@dataclass(frozen=True)
class LocalForm:
    """A clinic form file as it was loaded: its name and the SHA-256 of its bytes."""

    name: str
    sha256: str


@dataclass
class _Source:
    """Where a run of entries of one kind came from, to point an error at its line."""

    name: str
    text: str
    kind: str
    first_index: int  # index of this file's first entry of `kind` in the merged list


@dataclass
class FormData:
    """The form's entries merged from every part (and clinic form), ready for validation."""

    manifest: Manifest
    entries: dict[str, Any]
    local: tuple[LocalForm, ...] = ()
    sources: list[_Source] = field(default_factory=list)

    def locate(self, exc: ValidationError | ValueError) -> str:
        """`forms/special_tests.toml, line 412: ` for the first problem, when it can be found."""
        if isinstance(exc, ValidationError):
            location = exc.errors()[0]["loc"]
            if len(location) >= 2 and isinstance(location[1], int):
                return self._line_of_entry(str(location[0]), location[1])
        message = str(exc)
        for source in self.sources:
            for word in re.findall(r"[A-Za-z0-9_.]+", message):
                line = _line_matching(source.text, rf'^id\s*=\s*"{re.escape(word)}"')
                if line:
                    return f"{source.name}, line {line}: "
        return ""

    def _line_of_entry(self, kind: str, index: int) -> str:
        for source in reversed(self.sources):
            if source.kind == kind and index >= source.first_index:
                headers = [n for n, text in enumerate(source.text.splitlines(), 1)
                           if text.strip() == f"[[{kind}]]"]
                offset = index - source.first_index
                if offset < len(headers):
                    return f"{source.name}, line {headers[offset]}: "
                return f"{source.name}: "
        return ""


def _line_matching(text: str, pattern: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if re.search(pattern, line.strip()):
            return number
    return None


def _read_toml(item: Traversable | Path, name: str) -> tuple[str, dict[str, Any]]:
    try:
        text = item.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FormError(f"{name}: cannot be read ({exc})") from exc
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FormError(f"{name}: is not valid TOML ({exc})") from exc


def bundled_folder() -> Traversable:
    """The shipped form (`forms/` in the source tree, installed as `slrdesk.forms`)."""
    return resources.files("slrdesk.forms")


def read_form(folder: Traversable | Path | None = None, *, local_folder: Path | None = None,
              ) -> FormData:
    """The manifest and every part of the form in `folder` (the shipped one by default), then
    the clinic forms in `local_folder` if it exists."""
    root = folder if folder is not None else bundled_folder()
    label = "forms" if folder is None else str(folder)
    _, raw_manifest = _read_toml(root / MANIFEST, f"{label}/{MANIFEST}")
    try:
        manifest = Manifest.model_validate(raw_manifest)
    except ValidationError as exc:
        raise FormError(f"{label}/{MANIFEST}: {describe_validation_error(exc)}") from exc
    data = FormData(manifest, {"catalog_version": manifest.form_version})
    owner: dict[str, str] = {}
    for part in manifest.parts:
        name = f"{label}/{part}.toml"
        text, raw = _read_toml(root / f"{part}.toml", name)
        for kind, entries in raw.items():
            if kind in owner:
                raise FormError(f"{name}: {kind} are already listed in {owner[kind]}; keep each "
                                "kind of entry in one part")
            owner[kind] = name
            data.sources.append(_Source(name, text, kind, 0))
            data.entries[kind] = entries
    if local_folder is not None and local_folder.is_dir():
        _add_local_forms(data, local_folder)
    return data


def _add_local_forms(data: FormData, folder: Path) -> None:
    local = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.toml")):
        name = str(path)
        text, raw = _read_toml(path, name)
        local.append(LocalForm(path.name, hashlib.sha256(text.encode("utf-8")).hexdigest()))
        for kind, entries in raw.items():
            if kind not in LOCAL_KINDS:
                raise FormError(f"{name}: a clinic form may add {' and '.join(LOCAL_KINDS)}, "
                                f"not {kind}")
            if not isinstance(entries, list):
                raise FormError(f"{name}: {kind} must be written as [[{kind}]] entries")
            headers = [n for n, line in enumerate(text.splitlines(), 1)
                       if line.strip() == f"[[{kind}]]"]
            for position, entry in enumerate(entries):
                identifier = entry.get("id") if isinstance(entry, dict) else None
                line = f", line {headers[position]}" if position < len(headers) else ""
                if not isinstance(identifier, str) or not LOCAL_ID.match(identifier):
                    raise FormError(
                        f"{name}{line}: a clinic form's id must be local.<name> in lower case "
                        f"(for example local.{_suggest(identifier)}), not {identifier!r}")
                if identifier in seen:
                    raise FormError(f"{name}{line}: {identifier} is already defined in "
                                    f"{seen[identifier]}")
                seen[identifier] = name
            shipped = data.entries.setdefault(kind, [])
            data.sources.append(_Source(name, text, kind, len(shipped)))
            data.entries[kind] = [*shipped, *entries]
    data.local = tuple(local)


def _suggest(identifier: object) -> str:
    words = re.findall(r"[a-z0-9]+", str(identifier or "my_item").lower().removeprefix("local."))
    return "_".join(words) or "my_item"


def is_local(identifier: str) -> bool:
    """A clinic form's item, not a shipped one."""
    return identifier.startswith("local.")


CLINIC_MARK = " · clinic form"  # after the label of a clinic's own item, wherever it is listed


def local_sha256(forms: tuple[LocalForm, ...]) -> str | None:
    """One hash of every clinic form (name and content), or None when there are none."""
    if not forms:
        return None
    digest = hashlib.sha256()
    for form in forms:
        digest.update(f"{form.name}\0{form.sha256}\n".encode())
    return digest.hexdigest()
