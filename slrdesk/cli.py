"""The `slrdesk` command: the application by default, sub-commands for headless work.

Every sub-command reports bad input as one sentence on stderr and a non-zero exit code, never a
traceback. Qt is imported only when the application itself is started.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from slrdesk import __version__
from slrdesk.core.errors import InputError, SlrDeskError

if TYPE_CHECKING:
    from slrdesk.core.exam import ExamDocument

EXIT_OK = 0
EXIT_FAILED_CHECK = 1
EXIT_BAD_INPUT = 2

Command = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one sentence, like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _data_dir_option(parser: argparse.ArgumentParser, *, top_level: bool = False) -> None:
    # On sub-commands the option must not reset a value given before the sub-command.
    parser.add_argument(
        "--data-dir", metavar="DIR", default=None if top_level else argparse.SUPPRESS,
        help="folder holding the database (default: the platform's per-user data folder)",
    )


def _cmd_schema(args: argparse.Namespace) -> int:
    from slrdesk.core.exam import exam_json_schema

    print(json.dumps(exam_json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


def _cmd_example(args: argparse.Namespace) -> int:
    from slrdesk.core.examples import VIGNETTES, vignette_json

    print(vignette_json(args.vignette or VIGNETTES[0]), end="")
    return EXIT_OK


def _read_exam(path: str) -> ExamDocument:
    from slrdesk.core.exam import parse_exam

    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    return parse_exam(raw, source=path)


def _cmd_classify(args: argparse.Namespace) -> int:
    from slrdesk.core.assessment import classify
    from slrdesk.core.assessment.report import render_text

    assessment = classify(_read_exam(args.exam))
    if args.format == "json":
        print(assessment.model_dump_json(indent=2))
    else:
        print(render_text(assessment), end="")
    return EXIT_OK


def _cmd_audit_verify(args: argparse.Namespace) -> int:
    from slrdesk.core.paths import resolve_data_dir
    from slrdesk.core.store import open_store

    with open_store(resolve_data_dir(args.data_dir)) as store:
        report = store.verify_audit()
    if report.intact:
        print(f"audit log intact: {report.entries_checked} entries, {report.exams_checked} exams")
        return EXIT_OK
    print(f"audit log broken: {report.problem}", file=sys.stderr)
    return EXIT_FAILED_CHECK


def _cmd_gui(args: argparse.Namespace) -> int:
    from slrdesk.gui.app import run

    return run(data_dir=args.data_dir, demo=args.demo)


def build_parser() -> argparse.ArgumentParser:
    from slrdesk.core.examples import VIGNETTES

    parser = _Parser(
        prog="slrdesk",
        description="SLR Desk: examine, classify and document an active straight-leg-raise "
        "deficit. Without a sub-command, opens the application.",
    )
    parser.add_argument("--version", action="version", version=f"SLR Desk {__version__}")
    _data_dir_option(parser, top_level=True)
    parser.add_argument("--demo", action="store_true", help="open a demo patient with an exam")
    parser.set_defaults(run=_cmd_gui)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    schema = commands.add_parser("schema", help="print the JSON Schema of the exam document")
    schema.set_defaults(run=_cmd_schema)

    example = commands.add_parser("example", help="print a complete, valid exam document")
    example.add_argument("--vignette", metavar="NAME", choices=VIGNETTES,
                         help=f"one of: {', '.join(VIGNETTES)}")
    example.set_defaults(run=_cmd_example)

    classify = commands.add_parser(
        "classify", help="print the assessment of an exam document (decision support)"
    )
    classify.add_argument("exam", metavar="EXAM.json", help="an exam document")
    classify.add_argument("--format", choices=("json", "text"), default="text",
                          help="text for a clinician to read (default), json for programs")
    classify.set_defaults(run=_cmd_classify)

    audit = commands.add_parser("audit", help="check the audit log")
    audit_commands = audit.add_subparsers(title="commands", metavar="COMMAND", required=True)
    verify = audit_commands.add_parser(
        "verify", help="check every exam's audit chain; exit 1 at the first broken link"
    )
    _data_dir_option(verify)
    verify.set_defaults(run=_cmd_audit_verify)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.run(args)
    except SlrDeskError as exc:
        print(f"slrdesk: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    return result
