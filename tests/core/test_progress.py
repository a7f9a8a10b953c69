"""The course across visits: one row per exam (as amended), changes only beyond measurement
error, the series on the command line, and the note's "Since the last visit"."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from slrdesk.core import progress
from slrdesk.core.assessment import classify
from slrdesk.core.document.editing import with_value
from slrdesk.core.document.exam import Addendum, ExamDocument, Signature
from slrdesk.core.examples import vignette
from slrdesk.core.note.render import render_note
from slrdesk.core.store import SqliteExamStore, open_store

from .note_helpers import page_texts

# (active SLR left, hip flexion left, pain now) at four weekly visits: recovering.
COURSE = [(40, 3, 7), (55, 4, 5), (58, 4, 4), (75, 5, 2)]


def _visit(base: ExamDocument, weeks_ago: int, slr: int, hip: int, pain: int) -> ExamDocument:
    exam = base.model_copy(update={"exam_id": uuid.uuid4(),
                                   "encounter_time": base.encounter_time
                                   - timedelta(weeks=weeks_ago)})
    exam = with_value(exam, "goniometry.active_slr.left", slr)
    exam = with_value(exam, "neurology.myotomes.hip_flexion.left",
                      {"grade": hip, "limited_by": "none"})
    return with_value(exam, "history.pain_now", pain)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteExamStore]:
    opened = open_store(tmp_path / "data")
    base = vignette("upper_lumbar_radiculopathy")
    opened.add_patient(base.patient)
    for weeks, values in zip(range(len(COURSE) - 1, -1, -1), COURSE, strict=True):
        opened.save_draft(_visit(base, weeks, *values))
    yield opened
    opened.close()


def test_one_visit_per_exam_oldest_first_each_assessed_against_the_one_before(
        store: SqliteExamStore) -> None:
    patient = vignette("upper_lumbar_radiculopathy").patient.patient_id
    series = progress.visits(store, patient)
    assert [(v.active_slr_left, v.hip_flexion_left, v.pain_now) for v in series] == COURSE
    assert [v.date for v in series] == sorted(v.date for v in series)
    assert series[0].urgency == "same_day"  # 3/5 hip flexion: a severe deficit
    assert series[-1].urgency == "routine"


def test_an_amended_exam_is_shown_as_its_addendum_says(store: SqliteExamStore) -> None:
    patient = vignette("upper_lumbar_radiculopathy").patient.patient_id
    first = sorted(store.list_exams(patient), key=lambda s: s.encounter_time)[0]
    original = store.get_exam(first.exam_id)
    signed = original.model_copy(update={"status": "signed", "signature": Signature(
        signed_at=original.encounter_time, signer="Dr Sam Okafor", ruleset_version="x")})
    store.save_draft(signed.model_copy(update={"status": "draft", "signature": None}))
    store.mark_signed(signed)
    addendum = with_value(signed.model_copy(update={
        "exam_id": uuid.uuid4(), "status": "draft", "signature": None,
        "encounter_time": original.encounter_time + timedelta(hours=1),
        "addendum": Addendum(amends_exam_id=original.exam_id,
                             amends_sha256=store.stored_sha256(original.exam_id),
                             text="Active SLR re-measured: 45°")}),
        "goniometry.active_slr.left", 45)
    store.save_draft(addendum)
    series = progress.visits(store, patient)
    assert len(series) == len(COURSE)  # the addendum corrects a visit, it is not one
    assert (series[0].active_slr_left, series[0].amended) == (45, True)


def test_a_change_counts_only_beyond_the_measurements_error() -> None:
    base = vignette("upper_lumbar_radiculopathy")
    before = progress.visit_of(_visit(base, 1, 50, 4, 5), "routine")
    small = progress.visit_of(_visit(base, 0, 55, 4, 4), "routine")  # 5°, 1 point: within error
    assert progress.changes(before, small) == []
    large = progress.visit_of(_visit(base, 0, 56, 3, 7), "routine")
    assert [c.text() for c in progress.changes(before, large)] == [
        "Active SLR left 50° → 56° (better)", "Hip flexion left 4/5 → 3/5 (worse)",
        "Pain now 5/10 → 7/10 (worse)"]


def test_the_command_line_prints_the_series_as_json_and_csv(store: SqliteExamStore,
                                                            tmp_path: Path) -> None:
    store.close()
    record = vignette("upper_lumbar_radiculopathy").patient.record_number
    base = [sys.executable, "-m", "slrdesk", "progress", "--patient", record,
            "--data-dir", str(tmp_path / "data")]
    as_json = subprocess.run([*base, "--format", "json"], capture_output=True, text=True,
                             timeout=60)
    assert as_json.returncode == 0, as_json.stderr
    rows = json.loads(as_json.stdout)
    assert [r["active_slr_left"] for r in rows] == [c[0] for c in COURSE]
    as_csv = subprocess.run([*base, "--format", "csv"], capture_output=True, text=True,
                            timeout=60)
    table = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [int(r["pain_now"]) for r in table] == [c[2] for c in COURSE]
    missing = subprocess.run([*base[:5], "NOPE", *base[6:]], capture_output=True, text=True,
                             timeout=60)
    assert missing.returncode == 2
    assert missing.stderr.strip() == "slrdesk: --patient NOPE: no patient has this record number"


def test_the_note_says_what_changed_since_the_last_visit_and_draws_the_course(
        store: SqliteExamStore) -> None:
    patient = vignette("upper_lumbar_radiculopathy").patient.patient_id
    exams = [store.get_exam(s.exam_id)
             for s in sorted(store.list_exams(patient), key=lambda s: s.encounter_time)]
    previous, exam = exams[-2], with_value(exams[-1], "history.pain_now", 6)  # worse today
    pdf, _ = render_note(exam, classify(exam, previous), previous=previous,
                         course=progress.visits(store, patient))
    first = " ".join(page_texts(pdf)[0].split())
    assert "Worse since the last visit: Pain now 4/10 → 6/10 (worse)" in first
    assert "Since the last visit" in first
    assert "Active SLR left 58° → 75° (better)" in first
    assert "Active SLR (°)" in first  # the chart's title: drawn, in the embedded font
