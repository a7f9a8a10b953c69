"""Store figures at scale, SQLite and PostgreSQL side by side.

    .venv/bin/python benchmarks/bench_store.py [--exams 100000] [--patients 20000]
        [--workstations 5] [--seconds 60] [--database sqlite|postgresql|postgresql://…]

For each store: a fresh database with `--exams` exams for `--patients` patients (bulk insert
rate), autosave latency of one draft, listing one patient's exams, patient search by name,
record number and birth date; then `--workstations` processes, each a workstation with its own
draft open, autosaving every 0.5 s for `--seconds` while searching the patient list once per
save: autosave and search latency under load, and every write checked afterwards (none lost,
none refused as conflicting, the audit chain intact).

PostgreSQL: a throw-away cluster from the distribution's package (tests/postgres_cluster.py,
fsync on, Unix socket), or an empty database you name with an address (run `slrdesk db upgrade`
on it first). Targets (docs/architecture.md, "Quality bar"): patient list under 200 ms at
100,000 exams; autosave p99 under 20 ms and search p99 under 10 ms with 5 workstations.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.postgres_cluster

from slrdesk.core.document.exam import ExamDocument, Patient
from slrdesk.core.examples import VIGNETTES, vignette
from slrdesk.core.store import StaleExamError, StoreError, open_store
from slrdesk.core.store.sql_store import SqlExamStore

GIVEN = ["Ana", "Jordan", "Helen", "Walter", "Sofia", "Priya", "Oleksandr", "Zoë", "Kwame", "Mei",
         "Dmitri", "Aoife", "Lars", "Fatima", "Jonas", "Élodie", "Tomás", "Ngozi", "Ravi", "Ines"]
FAMILY = ["Mbeki", "Kowalczyk", "Brenner", "Marín", "Raman", "Okafor", "Nguyen", "Schmidt",
          "García", "Papadopoulos", "Ivanova", "O'Brien", "Haddad", "Lindqvist", "Sato",
          "Moreau", "Costa", "Novak", "Adeyemi", "Fischer"]
QUERIES = ["kowal", "marin", "zoë sa", "okafor-12", "o'brien"]
AUTOSAVE_EVERY_S = 0.5


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


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def _timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return _percentiles(samples)


@dataclass(frozen=True)
class Target:
    """Where a store lives: a data folder (SQLite) or an address (PostgreSQL)."""

    name: str
    folder: Path
    url: str | None = None

    def open(self, folder: Path | None = None) -> SqlExamStore:
        if self.url is None:
            return open_store(self.folder)
        from slrdesk.core.store.postgres import open_postgres_store

        return open_postgres_store(self.url, folder or self.folder)


@dataclass
class Figures:
    rows: dict[str, str] = field(default_factory=dict)

    def add(self, label: str, value: str) -> None:
        print(f"  {label:<44}{value}", flush=True)
        self.rows[label] = value


def _workstation(target: Target, exam_id: str, seconds: float, number: int,
                 results: multiprocessing.Queue[dict[str, object]]) -> None:
    """One exam room: its own draft open, a save every 0.5 s, the patient list searched once per
    save (as a colleague at the next desk would)."""
    store = target.open(Path(tempfile.mkdtemp(prefix=f"room{number}-")))
    store.workstation = f"room {number}"
    exam = store.get_exam(uuid.UUID(exam_id))
    store.claim(exam.exam_id)
    # Opening an exam loads the classifier on a workstation; a first save does it here.
    exam.history.notes = f"room {number} opened it"
    store.save_draft(exam)
    entries_before = len(store.audit_entries(exam.exam_id))
    rng = random.Random(number)
    saves: list[float] = []
    searches: list[float] = []
    stale = failed = 0
    last = ""
    deadline = time.monotonic() + seconds
    tick = time.monotonic()
    i = 0
    while time.monotonic() < deadline:
        i += 1
        text = f"room {number}, edit {i}"
        exam.history.notes = text
        t0 = time.perf_counter()
        try:
            store.save_draft(exam)
            last = text
        except StaleExamError:
            stale += 1
        except StoreError:
            failed += 1
        saves.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        store.search_patients(rng.choice(QUERIES))
        searches.append((time.perf_counter() - t0) * 1000)
        tick += AUTOSAVE_EVERY_S
        time.sleep(max(0.0, tick - time.monotonic()))
    store.release(exam.exam_id)
    store.close()
    results.put({"number": number, "exam_id": exam_id, "saves": saves, "searches": searches,
                 "stale": stale, "failed": failed, "last": last,
                 "entries_before": entries_before})


def _concurrency(target: Target, exam_ids: list[str], seconds: float, figures: Figures) -> None:
    context = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue[dict[str, object]] = context.Queue()
    workers = [context.Process(target=_workstation, args=(target, eid, seconds, n + 1, results))
               for n, eid in enumerate(exam_ids)]
    for worker in workers:
        worker.start()
    done = [results.get(timeout=seconds + 120) for _ in workers]
    for worker in workers:
        worker.join()
    saves = [s for r in done for s in r["saves"]]  # type: ignore[attr-defined]
    searches = [s for r in done for s in r["searches"]]  # type: ignore[attr-defined]
    stale = sum(int(r["stale"]) for r in done)  # type: ignore[call-overload]
    failed = sum(int(r["failed"]) for r in done)  # type: ignore[call-overload]
    lost = 0
    with target.open() as store:
        for r in done:
            eid = uuid.UUID(str(r["exam_id"]))
            if store.get_exam(eid).history.notes != r["last"]:
                lost += 1
            written = len(store.audit_entries(eid)) - int(r["entries_before"])  # type: ignore[call-overload]
            lost += len(r["saves"]) - int(r["stale"]) - int(r["failed"]) - written  # type: ignore[arg-type, call-overload]
        t0 = time.perf_counter()
        intact = store.verify_audit().intact
        verify_s = time.perf_counter() - t0
    med, p99 = _percentiles(saves)
    figures.add(f"autosave, {len(workers)} workstations every 0.5 s",
                f"median {med:.2f} ms, p99 {p99:.2f} ms ({len(saves):,} saves)")
    med, p99 = _percentiles(searches)
    figures.add("search while they autosave", f"median {med:.2f} ms, p99 {p99:.2f} ms")
    figures.add("lost / conflicting / failed writes", f"{lost} / {stale} / {failed}")
    figures.add("audit verify afterwards", f"{'intact' if intact else 'BROKEN'} "
                f"({verify_s:.1f} s over every exam)")


def bench(target: Target, args: argparse.Namespace) -> Figures:
    print(f"\n{target.name}", flush=True)
    figures = Figures()
    rng = random.Random(7)
    patients = _patients(args.patients, rng)
    with target.open() as store:
        t0 = time.perf_counter()
        batch: list[ExamDocument] = []
        for exam in _exams(patients, args.exams, rng):
            batch.append(exam)
            if len(batch) == 5000:
                store.save_drafts(batch)
                batch.clear()
        store.save_drafts(batch)
        elapsed = time.perf_counter() - t0
    figures.add("exams stored", f"{args.exams:,} for {args.patients:,} patients")
    figures.add("bulk insert rate", f"{args.exams / elapsed:,.0f} exams/s (5,000 per "
                "transaction)")
    t0 = time.perf_counter()
    store = target.open()
    figures.add("open store", f"{(time.perf_counter() - t0) * 1000:.1f} ms")
    exam = store.get_exam(store.list_exams(patients[0].patient_id)[0].exam_id)
    counter = iter(range(10**9))

    def autosave() -> None:
        exam.history.notes = f"edit {next(counter)}"
        store.save_draft(exam)

    med, p99 = _timed(autosave, 300)
    figures.add("autosave one draft, alone", f"median {med:.2f} ms, p99 {p99:.2f} ms")
    med, p99 = _timed(lambda: store.list_exams(rng.choice(patients).patient_id), 1000)
    figures.add("list one patient's exams", f"median {med:.3f} ms, p99 {p99:.3f} ms")
    med, p99 = _timed(lambda: store.search_patients(""), 100)
    figures.add("patient list (first 100)", f"median {med:.2f} ms, p99 {p99:.2f} ms")
    med, p99 = _timed(lambda: store.search_patients(rng.choice(QUERIES)), 200)
    figures.add("search by name (substring, no accents)", f"median {med:.2f} ms, p99 "
                f"{p99:.2f} ms")
    med, p99 = _timed(lambda: store.search_patients(f"MRN-{rng.randrange(10**7):07d}"), 200)
    figures.add("search by record number", f"median {med:.2f} ms, p99 {p99:.2f} ms")
    med, p99 = _timed(
        lambda: store.search_patients(rng.choice(patients).date_of_birth.isoformat()), 200)
    figures.add("search by date of birth", f"median {med:.2f} ms, p99 {p99:.2f} ms")
    drafts = [str(store.list_exams(p.patient_id)[0].exam_id)
              for p in patients[1:args.workstations + 1]]
    store.close()
    _concurrency(target, drafts, args.seconds, figures)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--exams", type=int, default=100_000)
    parser.add_argument("--patients", type=int, default=20_000)
    parser.add_argument("--workstations", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--database", default="both",
                        help="sqlite, postgresql (a throw-away cluster), both (default), or "
                        "the address of an empty, upgraded PostgreSQL database")
    args = parser.parse_args()
    results: dict[str, Figures] = {}
    with tempfile.TemporaryDirectory() as folder:
        if args.database in ("sqlite", "both"):
            results["SQLite"] = bench(Target("SQLite (one file, WAL, synchronous=FULL)",
                                             Path(folder) / "sqlite"), args)
        if args.database.startswith(("postgresql:", "postgres:")):
            results["PostgreSQL"] = bench(Target("PostgreSQL (your server)", Path(folder),
                                                 args.database), args)
        if args.database in ("postgresql", "both"):
            from tests.postgres_cluster import Cluster

            cluster = Cluster(fsync=True)
            try:
                database = cluster.new_database()
                results["PostgreSQL"] = bench(Target(
                    "PostgreSQL (throw-away cluster, fsync on, Unix socket)", Path(folder),
                    database.url()), args)
            finally:
                cluster.close()
    if len(results) == 2:
        print("\nside by side")
        sqlite, server = results["SQLite"], results["PostgreSQL"]
        print(f"  {'':<44}{'SQLite':<44}PostgreSQL")
        for label, value in sqlite.rows.items():
            print(f"  {label:<44}{value:<44}{server.rows.get(label, '')}")


if __name__ == "__main__":
    main()
