"""The `slrdesk` command: the application by default, sub-commands for headless work.

Every sub-command reports bad input as one sentence on stderr and a non-zero exit code, never a
traceback. Qt is imported only when the application itself is started.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from slrdesk import __version__
from slrdesk.core.errors import InputError, SlrDeskError

if TYPE_CHECKING:
    from slrdesk.core.document.exam import ExamDocument
    from slrdesk.core.note.trust import TrustStore
    from slrdesk.core.store.sql_store import SqlExamStore

EXIT_OK = 0
EXIT_FAILED_CHECK = 1
EXIT_BAD_INPUT = 2
EXIT_UNTRUSTED = 3  # verify: intact, but nobody has vouched for the signer

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


def _database_option(parser: argparse.ArgumentParser, *, top_level: bool = False) -> None:
    parser.add_argument(
        "--database", metavar="URL", default=None if top_level else argparse.SUPPRESS,
        help="the clinic's PostgreSQL database, postgresql://USER@HOST/NAME (default: the one "
        "chosen in File → Clinic database…, else this workstation's own file); the password "
        "comes from ~/.pgpass, never from the command line",
    )


def _open_for_reading(args: argparse.Namespace, why: str, *, check: bool = True) -> SqlExamStore:
    from slrdesk.core.paths import resolve_data_dir
    from slrdesk.core.store.choice import open_repository

    return open_repository(resolve_data_dir(args.data_dir), getattr(args, "database", None),
                           read_only=why, check=check)


def _cmd_schema(args: argparse.Namespace) -> int:
    from slrdesk.core.document.exam import exam_json_schema

    print(json.dumps(exam_json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


def _cmd_example(args: argparse.Namespace) -> int:
    from slrdesk.core.examples import VIGNETTES, vignette_json

    print(vignette_json(args.vignette or VIGNETTES[0]), end="")
    return EXIT_OK


def _read_exam(path: str) -> ExamDocument:
    from slrdesk.core.document.exam import parse_exam
    from slrdesk.core.files import read_input

    return parse_exam(read_input(path), source=path)


def _read_previous(path: str | None, exam: ExamDocument) -> ExamDocument | None:
    """The patient's previous exam (--previous), checked to be the same patient and earlier."""
    if path is None:
        return None
    previous = _read_exam(path)
    if previous.patient.record_number != exam.patient.record_number:
        raise InputError(f"--previous: {path} is an exam of another patient (record number "
                         f"{previous.patient.record_number}, not {exam.patient.record_number})")
    if previous.encounter_time >= exam.encounter_time:
        raise InputError(f"--previous: {path} is not earlier than the exam")
    return previous


def _cmd_classify(args: argparse.Namespace) -> int:
    from slrdesk.core.assessment import classify
    from slrdesk.core.assessment.report import render_text

    exam = _read_exam(args.exam)
    assessment = classify(exam, _read_previous(args.previous, exam))
    if args.format == "json":
        print(assessment.model_dump_json(indent=2))
    else:
        print(render_text(assessment), end="")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from slrdesk.core.note.export import archival_notice, export_fhir, export_note
    from slrdesk.core.note.identity import load_identity, read_passphrase

    if args.output is None and args.fhir is None:
        raise InputError("-o NOTE.pdf or --fhir OUT.json: say what to write")
    exam = _read_exam(args.exam)
    previous = _read_previous(args.previous, exam)
    if args.output is None:
        # The Bundle alone: of the document as it is (final if signed, preliminary if not).
        path = export_fhir(exam, args.fhir, previous=previous)
        state = "final" if exam.status == "signed" else "preliminary"
        print(f"{path}: FHIR document Bundle ({state})")
        return EXIT_OK
    identity = None
    if not args.draft:
        if not args.identity or not args.passphrase_file:
            raise InputError("--identity and --passphrase-file are needed to sign (or --draft)")
        identity = load_identity(args.identity, read_passphrase(args.passphrase_file))
    note = export_note(exam, args.output, identity=identity, page_size=args.page_size,
                       previous=previous)
    state = "draft (unsigned)" if identity is None else f"signed by {identity.common_name}"
    print(f"{note.path}: {state}, {note.pages_bytes:,} bytes, sha256 {note.sha256}")
    notice = archival_notice(identity)
    if notice:
        print(f"Note: {notice}.", file=sys.stderr)
    if args.fhir is not None:
        # The Bundle of the document the note embeds (signed, when it was signed).
        path = export_fhir(note.document, args.fhir, previous=previous)
        print(f"{path}: FHIR document Bundle, the one embedded in the note")
    return EXIT_OK


def _trust_store(args: argparse.Namespace) -> TrustStore:
    from slrdesk.core.note.trust import TRUST_FOLDER, TrustStore
    from slrdesk.core.paths import resolve_data_dir

    return TrustStore(resolve_data_dir(getattr(args, "data_dir", None)) / TRUST_FOLDER)


_VERDICT = {"valid": "VALID", "untrusted": "INTACT BUT UNTRUSTED", "not_intact": "NOT VALID"}


def _cmd_verify(args: argparse.Namespace) -> int:
    from slrdesk.core.files import read_input
    from slrdesk.core.note.verify import read_attachment, verify_note

    pdf = read_input(args.note, limit=64 * 1024 * 1024)
    store = _trust_store(args)
    result = verify_note(pdf, [*(args.trust or []), *store.ca_paths()], source=args.note,
                         pinned=[*(args.pin or []), *store.pinned_paths()])
    if args.format == "json":
        print(json.dumps(result.as_dict(), indent=2))
    else:
        verdict = _VERDICT[result.outcome]
        print(f"{args.note}: {verdict}" + (f": {result.problem}" if result.problem else ""))
        print(f"  signer: {result.signer or '-'}; signed at: {result.signing_time or '-'}")
        print(f"  certificate fingerprint (SHA-256): {result.fingerprint or '-'}")
        print(f"  vouched for by: {result.vouched_by or 'nobody'}; certificate fit for "
              f"signing: {result.certificate_fit}")
        print(f"  intact: {result.intact}; signature valid: {result.signature_valid}; "
              f"unchanged since signing: {result.unchanged_since_signing} "
              f"({result.modification or '-'})")
        print(f"  embedded exam document sha256: {result.attachment_sha256 or 'none'}")
        for warning in result.warnings:
            print(f"  note: {warning}")
    code = {"valid": EXIT_OK, "untrusted": EXIT_UNTRUSTED}.get(result.outcome, EXIT_FAILED_CHECK)
    if args.extract and not result.ok:
        print(f"slrdesk: --extract: {args.note} did not verify; nothing extracted",
              file=sys.stderr)
        return code
    if args.extract:
        data = read_attachment(pdf)
        if data is None:
            raise InputError(f"--extract: {args.note} carries no exam document")
        from slrdesk.core.files import write_output

        write_output(args.extract, data, what="--extract")
    return code


def _cmd_trust_add(args: argparse.Namespace) -> int:
    entry = _trust_store(args).add(args.certificate)
    print(f"trusted ({entry.kind}): {entry.subject}, valid until {entry.valid_until}; "
          f"fingerprint {entry.fingerprint}")
    return EXIT_OK


def _cmd_trust_list(args: argparse.Namespace) -> int:
    entries = _trust_store(args).entries()
    if not entries:
        print("no trusted certificates: signed notes verify as intact but untrusted")
    for entry in entries:
        print(f"{entry.fingerprint}  {entry.kind}: {entry.subject} (until {entry.valid_until})")
    return EXIT_OK


def _cmd_trust_remove(args: argparse.Namespace) -> int:
    entry = _trust_store(args).remove(args.fingerprint)
    print(f"no longer trusted: {entry.subject} ({entry.fingerprint})")
    return EXIT_OK


def _cmd_identity_export_cert(args: argparse.Namespace) -> int:
    from cryptography.hazmat.primitives import serialization

    from slrdesk.core.files import write_output
    from slrdesk.core.note.identity import load_identity, read_passphrase
    from slrdesk.core.note.verify import fingerprint

    identity = load_identity(args.identity, read_passphrase(args.passphrase_file))
    cert = identity.certificate
    write_output(args.out, cert.public_bytes(serialization.Encoding.PEM), what="--out")
    print(f"{args.out}: certificate of {identity.common_name}; fingerprint "
          f"{fingerprint(cert.public_bytes(serialization.Encoding.DER))}")
    return EXIT_OK


def _cmd_identity_create(args: argparse.Namespace) -> int:
    from slrdesk.core.note.identity import create_identity, read_passphrase

    cert = create_identity(args.out, args.name, read_passphrase(args.passphrase_file),
                           credentials=args.credentials,
                           registration_number=args.registration_number, overwrite=args.force)
    print(f"{args.out}: identity for {args.name}, certificate valid until "
          f"{cert.not_valid_after_utc.date().isoformat()}")
    return EXIT_OK


def _cmd_progress(args: argparse.Namespace) -> int:
    from slrdesk.core import progress

    with _open_for_reading(args, "progress only reads", check=False) as store:
        found = [p for p in store.search_patients(args.patient, limit=1000)
                 if p.record_number == args.patient]
        if not found:
            raise InputError(f"--patient {args.patient}: no patient has this record number")
        series = progress.visits(store, found[0].patient_id)
    if args.format == "csv":
        sys.stdout.write(progress.to_csv(series))
    elif args.format == "json":
        print(progress.to_json(series))
    else:
        for visit in series:
            print(f"{visit.date} {visit.status}{' (amended)' if visit.amended else ''}: "
                  f"urgency {visit.urgency}; active SLR {visit.active_slr_left}/"
                  f"{visit.active_slr_right}°; pain {visit.pain_now}")
        for before, after in itertools.pairwise(series):
            for change in progress.changes(before, after):
                print(f"  {after.date}: {change.text()}")
    return EXIT_OK


def _cmd_audit_verify(args: argparse.Namespace) -> int:
    from slrdesk.core.note.trust import TRUST_FOLDER, TrustStore, vouches
    from slrdesk.core.paths import resolve_data_dir

    folder = resolve_data_dir(args.data_dir)
    with _open_for_reading(args, "audit verify only reads") as store:
        report = store.verify_audit(vouches(TrustStore(folder / TRUST_FOLDER)))
    if report.intact:
        print(f"audit log intact: {report.entries_checked} entries, {report.exams_checked} "
              f"exams, {report.patients_checked} patients, {report.checkpoints} signed "
              "checkpoints")
        print(f"  {report.protection}")
        return EXIT_OK
    print(f"audit log broken: {report.problem}", file=sys.stderr)
    return EXIT_FAILED_CHECK


def _cmd_db_upgrade(args: argparse.Namespace) -> int:
    from slrdesk.core.paths import resolve_data_dir
    from slrdesk.core.store.choice import check_address, configured_database
    from slrdesk.core.store.migrations import LATEST_VERSION

    folder = resolve_data_dir(args.data_dir)
    url = getattr(args, "database", None) or configured_database(folder)
    if url:
        from slrdesk.core.store.postgres import describe, upgrade

        applied = upgrade(check_address(url))
        where = describe(url)
    else:
        from slrdesk.core.store import open_store

        with open_store(folder) as store:  # opening the file migrates it
            applied, where = 0, str(store.path)
    print(f"{where}: schema version {LATEST_VERSION}" +
          (f" ({applied} migrations applied)" if applied else ""))
    return EXIT_OK


def _cmd_db_copy(args: argparse.Namespace) -> int:
    from pathlib import Path

    from slrdesk.core.paths import DATABASE_FILE
    from slrdesk.core.store.choice import check_address
    from slrdesk.core.store.copy import copy_to_server

    source = Path(args.source).expanduser().resolve()
    if not (source / DATABASE_FILE).is_file():
        raise InputError(f"--from {source}: holds no SLR Desk database")
    report = copy_to_server(source, check_address(args.to, "--to"))
    print(f"copied and verified: {report.patients} patients, {report.exams} exams, "
          f"{report.audit_entries} audit entries, {report.ledger_entries} ledger entries, "
          f"{report.checkpoints} signed checkpoints")
    print(f"  {report.protection}")
    return EXIT_OK


def _refuse_on_clinic_database(args: argparse.Namespace, what: str) -> None:
    """backup and restore copy the workstation's own file; with a clinic server they would
    copy a file nobody uses, so they say where the data is instead."""
    from slrdesk.core.paths import resolve_data_dir
    from slrdesk.core.store.choice import configured_database

    url = configured_database(resolve_data_dir(args.data_dir))
    if url:
        from slrdesk.core.store.postgres import describe

        raise InputError(f"{what}: this workstation keeps its data in {describe(url)}; back "
                         "that up on the server (pg_dump), not here")


def _cmd_backup(args: argparse.Namespace) -> int:
    from slrdesk.core.paths import resolve_data_dir
    from slrdesk.core.store.backup import backup

    _refuse_on_clinic_database(args, "backup")
    report = backup(resolve_data_dir(args.data_dir), args.destination, overwrite=args.force)
    print(f"{report.path}: backup verified, {report.exams} exams, {report.audit_entries} audit "
          "entries")
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace) -> int:
    from slrdesk.core.paths import resolve_data_dir
    from slrdesk.core.store.backup import restore

    _refuse_on_clinic_database(args, "restore")
    report, kept = restore(resolve_data_dir(args.data_dir), args.backup)
    print(f"{report.path}: restored and verified, {report.exams} exams, {report.audit_entries} "
          "audit entries" + (f"; the database it replaced is kept as {kept}" if kept else ""))
    return EXIT_OK


def _cmd_gui(args: argparse.Namespace) -> int:
    # What the first window needs that never uses Qt is imported before Qt: once PySide6 is
    # loaded it reads the source of every module imported after it (its __feature__ check).
    # Measured turn by turn, the patient list showed about 15 ms later without the store and
    # its lock, 5-15 ms later without the lock's holder, the integrity check's thread and the
    # recovery, and the demo exam 30–60 ms later without its model.
    import concurrent.futures.thread  # noqa: F401 - the integrity check beside the window
    import getpass  # noqa: F401 - who holds the data folder
    import socket  # noqa: F401

    import filelock  # noqa: F401 - the data folder's writer lock, taken first thing

    import slrdesk.core.store.choice
    import slrdesk.core.store.instance
    import slrdesk.core.store.recovery  # edits an earlier run could not save

    if args.demo:  # an exam opens at once
        import slrdesk.core.assessment
        import slrdesk.core.document.exam  # noqa: F401
    from slrdesk.gui.app import run

    return run(data_dir=args.data_dir, demo=args.demo, database=args.database,
               quit_when_shown=args.quit_when_shown)


def _cmd_self_test(args: argparse.Namespace) -> int:
    from slrdesk.gui.self_test import run_self_test

    return run_self_test(keep=args.keep)


def build_parser() -> argparse.ArgumentParser:
    from slrdesk.core.examples import VIGNETTES

    parser = _Parser(
        prog="slrdesk",
        description="SLR Desk: examine, classify and document an active straight-leg-raise "
        "deficit. Without a sub-command, opens the application.",
    )
    parser.add_argument("--version", action="version", version=f"SLR Desk {__version__}")
    _data_dir_option(parser, top_level=True)
    _database_option(parser, top_level=True)
    parser.add_argument("--demo", action="store_true", help="open a demo patient with an exam")
    # benchmarks/bench_startup.py times the real command from start to the first frame.
    parser.add_argument("--quit-when-shown", action="store_true", help=argparse.SUPPRESS)
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
    classify.add_argument("--previous", metavar="PREVIOUS.json",
                          help="the patient's previous exam: lasting red-flag answers carry from "
                          "it and a worse deficit is progressive")
    _data_dir_option(classify)
    classify.set_defaults(run=_cmd_classify)

    export = commands.add_parser("export", help="render the exam note as PDF and sign it")
    export.add_argument("exam", metavar="EXAM.json")
    export.add_argument("-o", "--output", metavar="NOTE.pdf", help="the PDF note to write")
    export.add_argument("--fhir", metavar="OUT.json",
                        help="also (or only) write the exam as an HL7 FHIR R4 document Bundle")
    export.add_argument("--identity", metavar="ID.p12", help="the clinician's PKCS#12 identity")
    export.add_argument("--passphrase-file", metavar="F", help="file holding its passphrase")
    export.add_argument("--draft", action="store_true",
                        help="render an unsigned note marked DRAFT on every page")
    export.add_argument("--page-size", choices=("a4", "letter"), default="a4")
    export.add_argument("--previous", metavar="PREVIOUS.json",
                        help="the patient's previous exam, which the assessment compares with")
    _data_dir_option(export)
    export.set_defaults(run=_cmd_export)

    verify_note = commands.add_parser(
        "verify", help="check a signed note; exit 0 only when intact and signed by someone the "
        "clinic trusts, 3 when intact but nobody has vouched for the signer, 1 when not intact"
    )
    verify_note.add_argument("note", metavar="NOTE.pdf")
    verify_note.add_argument("--trust", metavar="CA.pem", action="append",
                             help="a trusted clinic CA certificate (repeatable)")
    verify_note.add_argument("--pin", metavar="CERT.pem", action="append",
                             help="a clinician certificate to trust for itself (repeatable)")
    _data_dir_option(verify_note)
    verify_note.add_argument("--format", choices=("json", "text"), default="text")
    verify_note.add_argument("--extract", metavar="OUT.json",
                             help="write the embedded exam document (only if the note verifies)")
    verify_note.set_defaults(run=_cmd_verify)

    identity = commands.add_parser("identity", help="clinician signing identities")
    identity_commands = identity.add_subparsers(title="commands", metavar="COMMAND",
                                                required=True)
    create = identity_commands.add_parser("create", help="make a self-signed PKCS#12 identity")
    create.add_argument("--name", required=True, help="the clinician's name, as signed")
    create.add_argument("--credentials", help="e.g. MSc Physiotherapy")
    create.add_argument("--registration-number", help="professional registration number")
    create.add_argument("--out", metavar="ID.p12", required=True)
    create.add_argument("--passphrase-file", metavar="F", required=True)
    create.add_argument("--force", action="store_true",
                        help="replace an identity already at --out")
    create.set_defaults(run=_cmd_identity_create)
    export_cert = identity_commands.add_parser(
        "export-cert", help="write an identity's certificate (PEM) for others to pin")
    export_cert.add_argument("--identity", metavar="ID.p12", required=True)
    export_cert.add_argument("--passphrase-file", metavar="F", required=True)
    export_cert.add_argument("--out", metavar="CERT.pem", required=True)
    export_cert.set_defaults(run=_cmd_identity_export_cert)

    trust = commands.add_parser("trust", help="who may vouch for the signer of a note")
    trust_commands = trust.add_subparsers(title="commands", metavar="COMMAND", required=True)
    trust_add = trust_commands.add_parser(
        "add", help="trust a clinic CA, or pin one clinician's certificate (compare its "
        "fingerprint with the clinician first)")
    trust_add.add_argument("certificate", metavar="CERT.pem")
    _data_dir_option(trust_add)
    trust_add.set_defaults(run=_cmd_trust_add)
    trust_list = trust_commands.add_parser("list", help="list trusted certificates")
    _data_dir_option(trust_list)
    trust_list.set_defaults(run=_cmd_trust_list)
    trust_remove = trust_commands.add_parser("remove", help="stop trusting a certificate")
    trust_remove.add_argument("fingerprint", help="its SHA-256 fingerprint (8 hex digits or more)")
    _data_dir_option(trust_remove)
    trust_remove.set_defaults(run=_cmd_trust_remove)

    progress_parser = commands.add_parser(
        "progress", help="print a patient's course across visits (one row per exam)")
    progress_parser.add_argument("--patient", metavar="RECORD_NUMBER", required=True)
    progress_parser.add_argument("--format", choices=("text", "json", "csv"), default="text")
    _data_dir_option(progress_parser)
    _database_option(progress_parser)
    progress_parser.set_defaults(run=_cmd_progress)

    audit = commands.add_parser("audit", help="check the audit log")
    audit_commands = audit.add_subparsers(title="commands", metavar="COMMAND", required=True)
    verify = audit_commands.add_parser(
        "verify", help="check every exam's audit chain; exit 1 at the first broken link"
    )
    _data_dir_option(verify)
    _database_option(verify)
    verify.set_defaults(run=_cmd_audit_verify)

    db = commands.add_parser("db", help="the database itself: schema upgrades, moving to a "
                             "clinic server")
    db_commands = db.add_subparsers(title="commands", metavar="COMMAND", required=True)
    db_upgrade = db_commands.add_parser(
        "upgrade", help="create or migrate the schema (on a clinic server: run once, as the "
        "database's owner, before workstations connect); refuses a newer schema")
    _data_dir_option(db_upgrade)
    _database_option(db_upgrade)
    db_upgrade.set_defaults(run=_cmd_db_upgrade)
    db_copy = db_commands.add_parser(
        "copy", help="copy a workstation's data to an empty clinic database with every audit "
        "chain intact, and verify it there")
    db_copy.add_argument("--from", dest="source", metavar="DATA_DIR", required=True,
                         help="the workstation's data folder")
    db_copy.add_argument("--to", metavar="URL", required=True,
                         help="postgresql://slrdesk_owner@HOST/NAME (the database's owner)")
    db_copy.set_defaults(run=_cmd_db_copy)

    backup = commands.add_parser(
        "backup", help="copy the database with SQLite's online backup (everything committed, "
        "even while SLR Desk runs) and verify the copy")
    backup.add_argument("destination", metavar="DEST", help="the backup file to write")
    backup.add_argument("--force", action="store_true", help="replace a file already at DEST")
    _data_dir_option(backup)
    backup.set_defaults(run=_cmd_backup)
    restore = commands.add_parser(
        "restore", help="replace the database by a verified backup (SLR Desk must be closed); "
        "the replaced database is kept beside it")
    restore.add_argument("backup", metavar="BACKUP")
    _data_dir_option(restore)
    restore.set_defaults(run=_cmd_restore)

    self_test = commands.add_parser(
        "self-test", help="open the demo exam, preview, sign and verify a note in a throw-away "
        "folder, and quit; exit 0 when all of it works (checks an installation)")
    self_test.add_argument("--keep", action="store_true", help="keep the throw-away folder")
    self_test.set_defaults(run=_cmd_self_test)
    return parser


def _use_clinic_forms(args: argparse.Namespace) -> None:
    """The data folder's clinic forms, when it has any, label their items in notes and
    Bundles (a broken one is refused when first used, naming its file and line)."""
    from slrdesk.core.paths import CLINIC_FORMS_FOLDER, resolve_data_dir

    if args.run is _cmd_gui:
        return  # the window loads them itself, and says in a dialog when one is broken
    folder = resolve_data_dir(getattr(args, "data_dir", None)) / CLINIC_FORMS_FOLDER
    if folder.is_dir():
        from slrdesk.core.catalog import use_clinic_forms

        use_clinic_forms(folder)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        _use_clinic_forms(args)
        result: int = args.run(args)
    except SlrDeskError as exc:
        print(f"slrdesk: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    return result
