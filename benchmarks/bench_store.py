"""Store figures at scale: insert rate, autosave latency, listing and searching with 100,000 exams.

    .venv/bin/python benchmarks/bench_store.py [--exams 100000] [--patients 20000]

Builds a fresh database in a temporary folder (about 0.6 GB at 100,000 exams) and prints figures;
targets are in docs/architecture.md, "Quality bar" (patient list with 100,000 exams under 200 ms).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from slrdesk.core.document.exam import ExamDocument, Patient
from slrdesk.core.examples import VIGNETTES, vignette
from slrdesk.core.store import open_store

GIVEN = ["Ana", "Jordan", "Helen", "Walter", "Sofia", "Priya", "Oleksandr", "Zoë", "Kwame", "Mei",
         "Dmitri", "Aoife", "Lars", "Fatima", "Jonas", "Élodie", "Tomás", "Ngozi", "Ravi", "Ines"]
FAMILY = ["Mbeki", "Kowalczyk", "Brenner", "Marín", "Raman", "Okafor", "Nguyen", "Schmidt",
          "García", "Papadopoulos", "Ivanova", "O'Brien", "Haddad", "Lindqvist", "Sato",
          "Moreau", "Costa", "Novak", "Adeyemi", "Fischer"]


def _patients(count: int, rng: random.Random) -> list[Patient]:
    return [
        Patient(
            name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}-{i % 997}",
            date_of_birth=datetime(1930, 1, 1).date() + timedelta(days=rng.randrange(32000)),
            sex=rng.choice(["female", "male"]),
            record_number=f"MRN-{i:07d}",
        )
        for i in range(count)
    ]


def _exams(patients: list[Patient], total: int, rng: random.Random) -> Iterator[ExamDocument]:
    templates = [vignette(name) for name in VIGNETTES]
    start = datetime(2020, 1, 1, tzinfo=UTC)
    for i in range(total):
        template = templates[i % len(templates)]
        yield template.model_copy(update={
            "exam_id": uuid.uuid4(),
            "history": template.history.model_copy(update={"onset_date": None}),
            "patient": patients[i % len(patients)],
            "encounter_time": start + timedelta(minutes=rng.randrange(3_000_000)),
        })


def _timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.99))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--exams", type=int, default=100_000)
    parser.add_argument("--patients", type=int, default=20_000)
    args = parser.parse_args()
    rng = random.Random(7)
    patients = _patients(args.patients, rng)

    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        with open_store(data_dir) as store:
            t0 = time.perf_counter()
            batch: list[ExamDocument] = []
            for exam in _exams(patients, args.exams, rng):
                batch.append(exam)
                if len(batch) == 5000:
                    store.save_drafts(batch)
                    batch.clear()
            store.save_drafts(batch)
            elapsed = time.perf_counter() - t0
        size_mb = sum(p.stat().st_size for p in data_dir.iterdir()) / 1e6
        print(f"exams stored:                 {args.exams:,} for {args.patients:,} patients "
              f"({size_mb:,.0f} MB on disk)")
        print(f"bulk insert rate:             {args.exams / elapsed:,.0f} exams/s "
              f"(batches of 5,000 per transaction)")

        t0 = time.perf_counter()
        store = open_store(data_dir)
        print(f"open store:                   {(time.perf_counter() - t0) * 1000:.1f} ms")

        exam = store.get_exam(store.list_exams(patients[0].patient_id)[0].exam_id)
        counter = iter(range(10**9))

        def autosave() -> None:
            exam.history.notes = f"edit {next(counter)}"
            store.save_draft(exam)

        med, p99 = _timed(autosave, 300)
        print(f"autosave one draft:           median {med:.2f} ms, p99 {p99:.2f} ms "
              "(own transaction, synchronous=FULL)")

        med, p99 = _timed(lambda: store.list_exams(rng.choice(patients).patient_id), 1000)
        print(f"list one patient's exams:     median {med:.3f} ms, p99 {p99:.3f} ms")

        med, p99 = _timed(lambda: store.search_patients(""), 100)
        print(f"patient list (first 100):     median {med:.2f} ms, p99 {p99:.2f} ms")
        queries = ["kowal", "marin", "zoë sa", "okafor-12", "o'brien"]
        med, p99 = _timed(lambda: store.search_patients(rng.choice(queries)), 200)
        print(f"search patients by name:      median {med:.2f} ms, p99 {p99:.2f} ms "
              "(substring, accent-insensitive)")
        med, p99 = _timed(lambda: store.search_patients(f"MRN-{rng.randrange(10**7):07d}"), 200)
        print(f"search by record number:      median {med:.2f} ms, p99 {p99:.2f} ms")
        med, p99 = _timed(
            lambda: store.search_patients(rng.choice(patients).date_of_birth.isoformat()), 200
        )
        print(f"search by date of birth:      median {med:.2f} ms, p99 {p99:.2f} ms")
        store.close()


if __name__ == "__main__":
    main()
