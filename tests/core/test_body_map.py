"""The pain-map figures: every catalog region drawn once, closed, not overlapping, and a click
finds the region under it — near shared borders too — and nothing outside the body."""

from __future__ import annotations

import pytest

from slrdesk.core.catalog import catalog
from slrdesk.core.errors import SlrDeskError
from slrdesk.core.painmap.body_map import (
    VIEWS,
    contains,
    figure,
    hatch,
    inside_point,
    path_commands,
)


@pytest.mark.parametrize("view", VIEWS)
def test_every_catalog_region_is_drawn_exactly_once_in_its_view(view: str) -> None:
    drawn = set(figure(view).regions)  # type: ignore[arg-type]
    expected = {r.id for r in catalog().regions.values() if r.view == view}
    assert drawn == expected


@pytest.mark.parametrize("view", VIEWS)
def test_a_point_inside_each_region_finds_that_region(view: str) -> None:
    fig = figure(view)  # type: ignore[arg-type]
    for region, polygon in fig.regions.items():
        x, y = inside_point(polygon)
        assert fig.region_at(x, y) == region, region


@pytest.mark.parametrize("view", VIEWS)
def test_regions_do_not_overlap(view: str) -> None:
    """Sampled every 2 units over the whole figure, no point lies in two regions (shared
    borders are exact, so only points on a border could, and the grid avoids them)."""
    fig = figure(view)  # type: ignore[arg-type]
    boxes = {r: (min(p[0] for p in poly), min(p[1] for p in poly), max(p[0] for p in poly),
                 max(p[1] for p in poly)) for r, poly in fig.regions.items()}
    overlaps = []
    for yi in range(0, int(fig.height), 2):
        for xi in range(0, int(fig.width), 2):
            x, y = xi + 0.37, yi + 0.41
            hits = [r for r, (x0, y0, x1, y1) in boxes.items()
                    if x0 <= x <= x1 and y0 <= y <= y1 and contains(fig.regions[r], x, y)]
            if len(hits) > 1:
                overlaps.append((x, y, hits))
    assert overlaps == []


def test_points_near_a_shared_border_go_to_the_right_side() -> None:
    fig = figure("anterior")
    upper = fig.regions["anterior_thigh_upper_right"]
    x, _ = inside_point(upper)
    border_y = max(y for _, y in upper)  # the upper thigh meets the lower thigh here
    assert fig.region_at(x, border_y - 0.5) == "anterior_thigh_upper_right"
    assert fig.region_at(x, border_y + 0.5) == "anterior_thigh_lower_right"


def test_left_and_right_as_the_clinician_sees_them() -> None:
    """Anterior: facing the patient, their right is on the viewer's left; posterior: from
    behind, their left is on the viewer's left."""
    front, back = figure("anterior"), figure("posterior")
    assert inside_point(front.regions["groin_right"])[0] < front.width / 2
    assert inside_point(front.regions["groin_left"])[0] > front.width / 2
    assert inside_point(back.regions["buttock_left"])[0] < back.width / 2
    assert inside_point(back.regions["buttock_right"])[0] > back.width / 2


def test_clicks_outside_the_body_or_on_unmapped_parts_find_nothing() -> None:
    fig = figure("anterior")
    for x, y in ((5, 5), (fig.width - 5, 450), (200, 60), (200, 880)):  # corners, head, below
        assert fig.region_at(x, y) is None


def test_hatch_lines_stay_inside_the_region_and_cover_it() -> None:
    polygon = figure("posterior").regions["buttock_left"]
    for angle in (-45.0, 0.0, 45.0):
        segments = hatch(polygon, angle, 7.0)
        assert len(segments) >= 5
        for (x0, y0), (x1, y1) in segments:
            for t in (0.02, 0.5, 0.98):  # along each segment, never outside the region
                assert contains(polygon, x0 + (x1 - x0) * t, y0 + (y1 - y0) * t)


def test_outline_and_landmark_paths_read_back_as_drawing_steps() -> None:
    for view in VIEWS:
        fig = figure(view)
        assert fig.outline
        assert fig.landmarks
        for data in fig.outline + fig.landmarks:
            steps = path_commands(data)
            assert steps[0][0] == "M"
            assert all(len(n) == {"M": 2, "L": 2, "C": 6, "Z": 0}[op] for op, n in steps)
    assert path_commands("M1,2 C3,4 5,6 7,8 Z") == [
        ("M", (1.0, 2.0)), ("C", (3.0, 4.0, 5.0, 6.0, 7.0, 8.0)), ("Z", ())]


def test_a_malformed_path_is_refused_with_a_sentence() -> None:
    with pytest.raises(SlrDeskError, match="malformed"):
        path_commands("M1,2 C3,4 Z")


ARROWS = {"left": (-1, 0), "right": (1, 0), "up": (0, -1), "down": (0, 1)}


@pytest.mark.parametrize(("view", "start", "arrow", "expected"), [
    ("anterior", "anterior_thigh_upper_right", "down", "anterior_thigh_lower_right"),
    ("anterior", "anterior_thigh_lower_right", "down", "anterior_knee_right"),
    ("anterior", "groin_right", "left", "anterior_hip_right"),  # viewer's left: patient's right
    ("anterior", "lower_abdomen", "up", None),  # the top edge: the cursor stays
    ("posterior", "sacrum", "up", "lumbar_central"),
    ("posterior", "sacrum", "down", "perineum_saddle"),
    ("posterior", "calf_left", "up", "popliteal_left"),
    ("posterior", "lumbar_paraspinal_left", "right", "lumbar_central"),
])
def test_arrows_move_to_the_region_that_way_on_the_same_view(
        view: str, start: str, arrow: str, expected: str | None) -> None:
    assert figure(view).neighbour(start, *ARROWS[arrow]) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("view", VIEWS)
def test_every_region_of_a_view_is_reachable_by_arrows(view: str) -> None:
    fig = figure(view)  # type: ignore[arg-type]
    seen, todo = set(), [next(iter(fig.regions))]
    while todo:
        region = todo.pop()
        if region in seen:
            continue
        seen.add(region)
        todo += [n for dx, dy in ARROWS.values() if (n := fig.neighbour(region, dx, dy))]
    assert seen == set(fig.regions)
