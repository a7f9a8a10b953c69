"""`slrdesk self-test`: prove an installed copy works, without a person at the screen.

It opens the real main window (offscreen when there is no display) on a throw-away data folder
with the demo exam, draws the note preview through PDFium, signs the note with a fresh
identity through the same workflow as the Sign button, verifies what was written, and quits.
Packaging runs it against the built bundle; a clinic can run it after installing. Prints one
line per step and a JSON summary; exit status 0 only when every step passed.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

from slrdesk.core.note.identity import create_identity, load_identity

STEPS = ("window", "demo exam", "preview", "sign", "verify")


class SelfTestFailure(Exception):
    pass


def _check(condition: bool, problem: str) -> None:
    if not condition:
        raise SelfTestFailure(problem)


def _log(message: str) -> None:
    print(message, flush=True)  # noqa: T201 - this command reports to its terminal


def run_self_test(data_dir: Path | None = None, keep: bool = False) -> int:
    started = time.perf_counter()
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") and (
            sys.platform.startswith("linux")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    folder = data_dir or Path(tempfile.mkdtemp(prefix="slrdesk-self-test-"))
    summary: dict[str, object] = {"data_dir": str(folder), "passed": []}
    passed: list[str] = summary["passed"]  # type: ignore[assignment]

    from slrdesk.gui.app import application, build_main_window
    from slrdesk.gui.note_dialogs import page_images
    from slrdesk.gui.note_workflow import IDENTITY_FILE

    app = application()
    window = build_main_window(folder, demo=True)
    try:
        window.show()
        app.processEvents()
        summary["window_shown_ms"] = round((time.perf_counter() - started) * 1000)
        _check(window.isVisible() and window.windowTitle().endswith("SLR Desk"),
               "the main window did not appear")
        passed.append("window")
        _log(f"ok   window shown after {summary['window_shown_ms']} ms "
             f"(platform {app.platformName()})")

        session = window.session
        if session is None:
            raise SelfTestFailure("the demo exam did not open")
        _check(bool(session.assessment.hypotheses), "the demo exam has no assessment")
        passed.append("demo exam")
        _log(f"ok   demo exam open: {session.exam.patient.name}, leading hypothesis "
             f"{session.assessment.hypotheses[0].id}")

        from slrdesk.core.note.export import build_note

        pdf, _ = build_note(session.exam, identity=None)
        pages = page_images(pdf)
        _check(bool(pages) and not pages[0].isNull(), "the preview drew no page")
        passed.append("preview")
        _log(f"ok   preview drew {len(pages)} page(s) with PDFium")

        passphrase = secrets.token_urlsafe(12).encode()
        identity_path = folder / IDENTITY_FILE
        clinician = session.exam.clinician  # the signer must be the exam's clinician
        create_identity(identity_path, clinician.name, passphrase, credentials="(self-test)",
                        registration_number=clinician.registration_number)
        window.notes.identity = load_identity(identity_path, passphrase)
        window.notes.trust_store.add_certificate(window.notes.identity.certificate)
        note = window.notes.sign(session)  # the Sign button's path, minus its dialogs
        if note is None or not note.path.exists():
            raise SelfTestFailure("signing produced no note")
        passed.append("sign")
        _log(f"ok   signed note written: {note.path}")

        result = window.notes.verify(note.path)
        _check(result.ok, f"the note does not verify: {result.problem}")
        _check(session.exam.status == "signed", "the exam was not locked after signing")
        passed.append("verify")
        summary["note"] = str(note.path)
        _log("ok   note verified: signature intact, exam locked")
    except Exception as exc:  # a self-test reports any failure as a failed step, and goes on
        step = STEPS[len(passed)] if len(passed) < len(STEPS) else "finish"
        summary["failed"] = f"{step}: {exc}"
        _log(f"FAIL {step}: {exc}")
    finally:
        window.close()
        window.shutdown()
        app.processEvents()
    summary["total_ms"] = round((time.perf_counter() - started) * 1000)
    if not keep and data_dir is None and "failed" not in summary:
        _remove(folder)
    _log(json.dumps(summary))
    return 0 if len(passed) == len(STEPS) else 1


def _remove(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
