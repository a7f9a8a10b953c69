"""The pain-map figures: every catalog region drawn once, closed, not overlapping, and a click
finds the region under it — near shared borders too — and nothing outside the body."""

from __future__ import annotations

import pytest

from slrdesk.core.body_map import VIEWS, contains, figure
from slrdesk.core.catalog import catalog


def _inside_point(polygon: tuple[tuple[float, float], ...]) -> tuple[float, float]:
    """A point well inside: the middle of the horizontal chord through the polygon's middle."""
    ys = [y for _, y in polygon]
    y = (min(ys) + max(ys)) / 2
    crossings = []
    n = len(polygon)
    for i in range(n):
        (x1, y1), (x2, y2) = polygon[i], polygon[(i + 1) % n]
        if (y1 > y) != (y2 > y):
            crossings.append(x1 + (y - y1) * (x2 - x1) / (y2 - y1))
    crossings.sort()
    return (crossings[0] + crossings[1]) / 2, y


@pytest.mark.parametrize("view", VIEWS)
def test_every_catalog_region_is_drawn_exactly_once_in_its_view(view: str) -> None:
    drawn = set(figure(view).regions)  # type: ignore[arg-type]
    expected = {r.id for r in catalog().regions.values() if r.view == view}
    assert drawn == expected


@pytest.mark.parametrize("view", VIEWS)
def test_a_point_inside_each_region_finds_that_region(view: str) -> None:
    fig = figure(view)  # type: ignore[arg-type]
    for region, polygon in fig.regions.items():
        x, y = _inside_point(polygon)
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
    x, _ = _inside_point(upper)
    border_y = max(y for _, y in upper)  # the upper thigh meets the lower thigh here
    assert fig.region_at(x, border_y - 0.5) == "anterior_thigh_upper_right"
    assert fig.region_at(x, border_y + 0.5) == "anterior_thigh_lower_right"


def test_left_and_right_as_the_clinician_sees_them() -> None:
    """Anterior: facing the patient, their right is on the viewer's left; posterior: from
    behind, their left is on the viewer's left."""
    front, back = figure("anterior"), figure("posterior")
    assert _inside_point(front.regions["groin_right"])[0] < front.width / 2
    assert _inside_point(front.regions["groin_left"])[0] > front.width / 2
    assert _inside_point(back.regions["buttock_left"])[0] < back.width / 2
    assert _inside_point(back.regions["buttock_right"])[0] > back.width / 2


def test_clicks_outside_the_body_or_on_unmapped_parts_find_nothing() -> None:
    fig = figure("anterior")
    for x, y in ((5, 5), (fig.width - 5, 450), (200, 60), (200, 880)):  # corners, head, below
        assert fig.region_at(x, y) is None
