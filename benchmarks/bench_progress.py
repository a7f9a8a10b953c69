"""A patient's course at 100 visits: reading and assessing every visit for the Progress tab and
`slrdesk progress`, and filling the tab's table and plot.

    .venv/bin/python benchmarks/bench_progress.py [--visits 100] [--runs 10]

Target (docs/architecture.md, "Quality bar"): the patient page stays responsive; the course of
100 visits is read, assessed and shown within 0.5 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

from slrdesk.core import progress
from slrdesk.core.document.editing import with_value
from slrdesk.core.examples import vignette
from slrdesk.core.store import open_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--visits", type=int, default=100)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "data")
        base = vignette("upper_lumbar_radiculopathy")
        store.add_patient(base.patient)
        for i in range(args.visits):
            exam = base.model_copy(update={
                "exam_id": uuid.uuid4(),
                "encounter_time": base.encounter_time - timedelta(hours=6 * (args.visits - i))})
            store.save_draft(with_value(exam, "goniometry.active_slr.left", 30 + i % 60))
        samples = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            series = progress.visits(store, base.patient.patient_id)
            samples.append((time.perf_counter() - t0) * 1000)
        print(f"read and assess {len(series)} visits: median {statistics.median(samples):.0f} "
              f"ms, max {max(samples):.0f} ms")
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from slrdesk.gui.app import application
        from slrdesk.gui.models.patient_models import ProgressModel
        from slrdesk.gui.widgets.course_plot import CoursePlot

        application()
        model, plot = ProgressModel(), CoursePlot()
        plot.resize(700, 220)
        shown = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            model.show(series)
            plot.set_visits(series)
            plot.grab()  # paints
            shown.append((time.perf_counter() - t0) * 1000)
        print(f"fill the table and paint the plot: median {statistics.median(shown):.0f} ms")
        store.close()


if __name__ == "__main__":
    main()
