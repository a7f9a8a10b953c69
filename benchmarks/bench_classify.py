"""Classification time per exam, in-process, over many generated exams (target: under 1 ms).

    .venv/bin/python benchmarks/bench_classify.py [--exams 2000]

Exams are the golden vignettes (tests/data/vignettes) with findings re-drawn at random from the
catalog, so every rule is exercised with recorded, negative and missing findings.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import statistics
import time
from pathlib import Path
from typing import Any

from slrdesk.core.assessment import classify
from slrdesk.core.catalog import catalog
from slrdesk.core.document.exam import ExamDocument, parse_exam
from slrdesk.core.examples import vignette_json

VIGNETTES = Path(__file__).resolve().parents[1] / "tests" / "data" / "vignettes"


def _bases() -> list[dict[str, Any]]:
    bases = []
    for path in sorted(VIGNETTES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        bases.append(json.loads(vignette_json(data["vignette"])) if "vignette" in data
                     else data["exam"])
    return bases


def _redraw(base: dict[str, Any], rng: random.Random) -> ExamDocument:
    cat = catalog()
    data = copy.deepcopy(base)
    data["special_tests"] = {
        t: {s: {"result": rng.choice(["positive", "negative", "not_tested"])}
            for s in ("left", "right") if rng.random() < 0.6}
        for t in cat.special_tests if rng.random() < 0.5
    }
    data.setdefault("neurology", {})["myotomes"] = {
        m: {s: {"grade": rng.randint(0, 5), "limited_by": rng.choice(["none", "pain"])}
            for s in ("left", "right")}
        for m in cat.myotomes if rng.random() < 0.7
    }
    data["red_flags"] = {f: rng.choice(["yes", "no", "no", "no", "not_asked"])
                         for f in cat.red_flags}
    data["history"] = {**data.get("history", {}), "symptoms": {
        h: rng.random() < 0.5 for h in cat.history_items if rng.random() < 0.6}}
    return parse_exam(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--exams", type=int, default=2000)
    args = parser.parse_args()
    rng = random.Random(11)
    bases = _bases()
    exams = [_redraw(rng.choice(bases), rng) for _ in range(args.exams)]
    for exam in exams[:50]:
        classify(exam)  # warm up
    samples = []
    for exam in exams:
        t0 = time.perf_counter()
        classify(exam)
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    p99 = samples[int(len(samples) * 0.99)]
    print(f"classify, {len(samples)} generated exams: median {statistics.median(samples):.3f} ms, "
          f"p99 {p99:.3f} ms, max {samples[-1]:.3f} ms (target < 1 ms)")


if __name__ == "__main__":
    main()
