"""Bad input to every command: one sentence on stderr naming the thing and the problem, exit 2,
no traceback, no output file, nothing half-written — the cases an independent test found
breaking that contract, kept here so they stay fixed."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from slrdesk.cli import main
from slrdesk.core.examples import vignette_json
from tests.core.note_helpers import PASSPHRASE, make_identity

Setup = Callable[[Path], list[str]]


def _exam(folder: Path, change: Callable[[dict], None] | None = None) -> str:  # type: ignore[type-arg]
    data = json.loads(vignette_json("sprinter_strain"))
    if change:
        change(data)
    path = folder / "exam.json"
    path.write_text(json.dumps(data))
    return str(path)


def _passphrase(folder: Path, content: bytes = PASSPHRASE + b"\n") -> str:
    path = folder / "pass.txt"
    path.write_bytes(content)
    return str(path)


def _identity(folder: Path) -> str:
    path, _ = make_identity(folder)
    return str(path)


def _fifo(folder: Path) -> str:
    path = folder / "fifo"
    os.mkfifo(path)
    return str(path)


def _export(folder: Path, out: str, *, passphrase: bytes = PASSPHRASE + b"\n") -> list[str]:
    return ["export", _exam(folder), "-o", out, "--identity", _identity(folder),
            "--passphrase-file", _passphrase(folder, passphrase)]


def _foreign_sqlite(folder: Path) -> list[str]:
    with sqlite3.connect(folder / "slrdesk.sqlite3") as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    return ["audit", "verify", "--data-dir", str(folder)]


def _set(path: str, value: object) -> Callable[[dict], None]:  # type: ignore[type-arg]
    def change(data: dict) -> None:  # type: ignore[type-arg]
        *parents, last = path.split(".")
        node = data
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = value
    return change


CASES: dict[str, tuple[Setup, str]] = {
    "classify: missing file": (lambda d: ["classify", str(d / "none.json")], "cannot be read"),
    "classify: a folder": (lambda d: ["classify", str(d)], "is a folder, not a file"),
    "classify: empty path": (lambda d: ["classify", ""], "the path is empty"),
    "classify: /dev/zero": (lambda d: ["classify", "/dev/zero"], "is not a regular file"),
    "classify: a FIFO": (lambda d: ["classify", _fifo(d)], "is not a regular file"),
    "classify: garbage bytes": (
        lambda d: ["classify", str(_write(d / "x.json", b"\x00\xff\xfe"))], "not valid JSON"),
    "classify: a JSON list": (
        lambda d: ["classify", str(_write(d / "x.json", b"[1, 2]"))], "should be an object"),
    "classify: true as a grade": (
        lambda d: ["classify", _exam(d, _set("history.pain_now", True))], "history.pain_now"),
    "classify: '8_0' as a grade": (
        lambda d: ["classify", _exam(d, _set("history.pain_now", "8_0"))], "history.pain_now"),
    "classify: 8.0 as an angle": (
        lambda d: ["classify", _exam(d, _set("goniometry.active_slr.left", 8.0))],
        "goniometry.active_slr.left"),
    "classify: 20 MB": (
        lambda d: ["classify", str(_write(d / "big.json", b" " * (17 * 1024 * 1024)))],
        "is larger than 16 MB"),
    "classify: --previous of another patient": (
        lambda d: ["classify", _exam(d), "--previous",
                   str(_write(d / "p.json", vignette_json("hip_osteoarthritis").encode()))],
        "--previous"),
    "example: unknown vignette": (lambda d: ["example", "--vignette", "nope"], "--vignette"),
    "export: output is a folder": (lambda d: _export(d, str(d)), "is a folder"),
    "export: output path empty": (lambda d: _export(d, ""), "the path is empty"),
    "export: output is a FIFO": (lambda d: _export(d, _fifo(d)), "is not a regular file"),
    "export: output is a symlink": (
        lambda d: _export(d, str(_link(d))), "is a symbolic link"),
    "export: output folder missing": (
        lambda d: _export(d, str(d / "no" / "note.pdf")), "does not exist"),
    "export: passphrase with NUL": (
        lambda d: _export(d, str(d / "n.pdf"), passphrase=b"correct\x00horse"), "NUL"),
    "export: passphrase not UTF-8": (
        lambda d: _export(d, str(d / "n.pdf"), passphrase=b"\xff\xfe\xfd-battery"),
        "is not UTF-8"),
    "export: wrong passphrase": (
        lambda d: _export(d, str(d / "n.pdf"), passphrase=b"wrong horse battery"),
        "the passphrase is wrong"),
    "export: empty passphrase file": (
        lambda d: _export(d, str(d / "n.pdf"), passphrase=b"\n"), "is empty"),
    "export: identity is not PKCS#12": (
        lambda d: ["export", _exam(d), "-o", str(d / "n.pdf"), "--identity", _exam(d),
                   "--passphrase-file", _passphrase(d)], "not a PKCS#12 identity"),
    "export: identity of another clinician": (
        lambda d: ["export", _exam(d), "-o", str(d / "n.pdf"), "--identity",
                   str(make_identity(_sub(d), "Dr Someone Else")[0]),
                   "--passphrase-file", _passphrase(d)], "the signing identity is"),
    "export: no identity": (
        lambda d: ["export", _exam(d), "-o", str(d / "n.pdf")], "--identity"),
    "verify: missing": (lambda d: ["verify", str(d / "none.pdf")], "cannot be read"),
    "verify: a folder": (lambda d: ["verify", str(d)], "is a folder"),
    "verify: empty file": (
        lambda d: ["verify", str(_write(d / "e.pdf", b""))], "not a readable signed PDF"),
    "verify: not a PDF": (
        lambda d: ["verify", str(_write(d / "e.pdf", b"hello"))], "not a readable signed PDF"),
    "verify: /dev/zero": (lambda d: ["verify", "/dev/zero"], "is not a regular file"),
    "verify: --trust is not a certificate": (
        lambda d: ["verify", str(_write(d / "e.pdf", b"%PDF-1.4")), "--trust", _exam(d)],
        "is not a PEM certificate"),
    "identity create: name over 64": (
        lambda d: ["identity", "create", "--name", "D" * 65, "--out", str(d / "i.p12"),
                   "--passphrase-file", _passphrase(d)], "at most 64 characters"),
    "identity create: name with a newline": (
        lambda d: ["identity", "create", "--name", "Dr A\nVALID", "--out", str(d / "i.p12"),
                   "--passphrase-file", _passphrase(d)], "control characters"),
    "identity create: short passphrase": (
        lambda d: ["identity", "create", "--name", "Dr A", "--out", str(d / "i.p12"),
                   "--passphrase-file", _passphrase(d, b"short\n")], "at least 8"),
    "identity create: would replace an identity": (
        lambda d: ["identity", "create", "--name", "Dr A", "--out", _identity(d),
                   "--passphrase-file", _passphrase(d)], "is not replaced"),
    "identity create: out is a folder": (
        lambda d: ["identity", "create", "--name", "Dr A", "--out", str(d),
                   "--passphrase-file", _passphrase(d)], "is a folder"),
    "identity export-cert: wrong passphrase": (
        lambda d: ["identity", "export-cert", "--identity", _identity(d), "--passphrase-file",
                   _passphrase(d, b"wrong horse battery"), "--out", str(d / "c.pem")],
        "the passphrase is wrong"),
    "trust add: not a certificate": (
        lambda d: ["trust", "add", _exam(d), "--data-dir", str(d)], "not a PEM certificate"),
    "trust remove: unknown": (
        lambda d: ["trust", "remove", "ABCDEF0123", "--data-dir", str(d)],
        "no trusted certificate"),
    "audit verify: missing folder": (
        lambda d: ["audit", "verify", "--data-dir", str(d / "none")], "holds no SLR Desk"),
    "audit verify: another program's SQLite file": (_foreign_sqlite, "another program"),
    "audit verify: garbage database": (
        lambda d: (_write(d / "slrdesk.sqlite3", b"not a database at all" * 100),
                   ["audit", "verify", "--data-dir", str(d)])[1], "not a usable"),
    "unknown command": (lambda d: ["frobnicate"], "invalid choice"),
}


def _sub(folder: Path) -> Path:
    (folder / "other").mkdir()
    return folder / "other"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _link(folder: Path) -> Path:
    target = folder / "elsewhere.pdf"
    target.write_bytes(b"keep me")
    link = folder / "link.pdf"
    link.symlink_to(target)
    return link


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_one_sentence_and_exit_2(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    setup, words = CASES[case]
    args = setup(tmp_path)
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if not p.is_fifo()}
    capsys.readouterr()
    try:
        code = main(args)
    except SystemExit as exc:  # argparse's own usage errors
        code = int(exc.code or 0)
    err = capsys.readouterr().err
    assert code == 2, f"{case}: exit {code}; {err}"
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("slrdesk"), err
    assert words in lines[0], err
    assert "Traceback" not in err
    after = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if not p.is_fifo()}
    assert {p for p in after if p not in before} == set(), "an output file was written"
    assert all(after[p] == before[p] for p in before if p in after), "a file was changed"
    assert not list(tmp_path.rglob("*.part"))


@pytest.mark.parametrize(("field", "value", "said"), [
    (("exam_id",), "x", "exam_id: is not an identifier (a UUID"),
    (("patient", "date_of_birth"), "14/03/2002",
     "patient.date_of_birth: is not a date: write it as YYYY-MM-DD"),
    (("encounter_time",), "yesterday", "encounter_time: is not a date and time: write it as"),
    (("encounter_time",), "2026-11-20T09:30:00", "encounter_time: needs its time zone"),
    (("goniometry", "passive_slr", "left"), "abc", "goniometry.passive_slr.left: is not a "
     "whole number (got 'abc')"),
])
def test_a_value_of_the_wrong_form_is_said_in_plain_words(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], field: tuple[str, ...],
        value: str, said: str) -> None:
    """Never pydantic's own words ("input should be a valid date or datetime, invalid
    character in year"): what the field needs, with an example, and what was given."""
    def change(data: dict) -> None:  # type: ignore[type-arg]
        node = data
        for part in field[:-1]:
            node = node[part]
        node[field[-1]] = value

    assert main(["classify", _exam(tmp_path, change)]) == 2
    err = capsys.readouterr().err
    assert said in err, err
    assert "should" not in err
    assert len(err.strip().splitlines()) == 1
