"""Draw the pain-map figures (resources/body/{anterior,posterior}.svg).

    python tools/draw_body_map.py

The figures are generated, not hand-drawn, so that regions tile the body exactly: each limb and
the trunk are described by smooth width profiles (left and right edge as functions of height,
through anatomical control points), and each region is the band of a profile between two heights
and two fractions of its width. Neighbouring regions therefore share their borders point for
point. The SVGs are the geometry the application and the printed note both use; run this again
only to change the drawing, and commit its output.
"""

from __future__ import annotations

import math
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "resources" / "body"
WIDTH, HEIGHT = 400, 900
CX = WIDTH / 2
STEP = 6.0  # vertical sampling of the profiles, in figure units

# Half-widths of the trunk (from the midline) at heights, top of shoulders to the crotch.
TRUNK = [(150, 70), (165, 80), (220, 76), (300, 62), (340, 68), (380, 77), (405, 80)]
# One leg, patient's right shown on the viewer's left in the anterior view: centre of the leg
# (distance from the midline) and half-width, from the hip to the sole.
LEG = [(405, 46, 34), (440, 45, 36), (500, 46, 33), (560, 47, 28), (615, 48, 23), (645, 48, 22),
       (675, 48, 23), (720, 48, 25), (780, 48, 19), (830, 47, 13), (848, 47, 13), (860, 51, 17),
       (872, 55, 19)]
HIP, CROTCH = 405, 455


def smooth(points: list[tuple[float, ...]], y: float) -> tuple[float, ...]:
    """Catmull-Rom through the control points, sampled at height y."""
    ys = [p[0] for p in points]
    y = min(max(y, ys[0]), ys[-1])
    i = max(k for k in range(len(ys) - 1) if ys[k] <= y) if y < ys[-1] else len(ys) - 2
    p0, p1, p2, p3 = (points[max(i - 1, 0)], points[i], points[i + 1],
                      points[min(i + 2, len(points) - 1)])
    t = (y - p1[0]) / (p2[0] - p1[0])
    values = []
    for k in range(1, len(p1)):
        a, b, c, d = p0[k], p1[k], p2[k], p3[k]
        values.append(0.5 * ((2 * b) + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t * t
                             + (-a + 3 * b - 3 * c + d) * t ** 3))
    return tuple(values)


# Every height at which some region starts or ends. Each band is sampled at all of these that
# fall inside it (and on a regular grid), so two regions sharing a border share its vertices
# exactly, leaving neither gaps nor overlaps.
CUTS = (150, 230, 300, 320, 370, 405, 455, 470, 480, 500, 540, 620, 625, 672, 675, 805, 820, 845,
        872)


def heights(top: float, bottom: float) -> list[float]:
    grid = {STEP * k for k in range(math.ceil(top / STEP), math.floor(bottom / STEP) + 1)}
    return sorted({top, bottom} | {y for y in grid | set(CUTS) if top < y < bottom})


def trunk_edges(y: float) -> tuple[float, float]:
    (half,) = smooth(TRUNK, y)
    return CX - half, CX + half


def leg_edges(y: float, side: int) -> tuple[float, float]:
    """side -1: the leg on the viewer's left; +1: on the viewer's right."""
    centre, half = smooth(LEG, y)
    middle = CX + side * centre
    return middle - half, middle + half


def band(edges, top: float, bottom: float, f0: float, f1: float) -> list[tuple[float, float]]:  # type: ignore[no-untyped-def]
    """The region between heights top..bottom and width fractions f0..f1 of a profile."""
    down = [(a + (b - a) * f0, y) for y in heights(top, bottom) for a, b in [edges(y)]]
    up = [(a + (b - a) * f1, y) for y in reversed(heights(top, bottom)) for a, b in [edges(y)]]
    return down + up


def path(points: list[tuple[float, float]]) -> str:
    head, *rest = points
    return f"M{head[0]:.1f},{head[1]:.1f} " + " ".join(f"L{x:.1f},{y:.1f}" for x, y in rest) + " Z"


def silhouette() -> list[str]:
    """Head, neck, arms and the outline that gives the regions their context."""
    parts = [
        "M200,18 C228,18 244,40 244,68 C244,96 230,118 200,118 C170,118 156,96 156,68 "
        "C156,40 172,18 200,18 Z",  # head
        "M184,114 L216,114 L220,150 L180,150 Z",  # neck
    ]
    for side in (-1, 1):
        shoulder = CX + side * 80
        elbow, wrist = CX + side * 104, CX + side * 116
        inner = 18
        parts.append(
            f"M{shoulder:.0f},152 C{shoulder + side * 22:.0f},160 {elbow + side * 8:.0f},230 "
            f"{elbow + side * 6:.0f},300 L{wrist + side * 8:.0f},420 "
            f"C{wrist + side * 10:.0f},445 {wrist - side * 6:.0f},470 {wrist - side * 14:.0f},452 "
            f"L{wrist - side * inner:.0f},420 L{elbow - side * 14:.0f},300 "
            f"C{elbow - side * 16:.0f},250 {shoulder - side * 6:.0f},210 {shoulder:.0f},200 Z")
    top = heights(150, HIP)
    parts.append(path([(trunk_edges(y)[0], y) for y in top]
                      + [(trunk_edges(y)[1], y) for y in reversed(top)]))
    for side in (-1, 1):
        parts.append(path(band(lambda y, s=side: leg_edges(y, s), HIP, 872, 0.0, 1.0)))
    parts.append(path(between_legs(HIP, CROTCH)))
    return parts


def ellipse(cx: float, cy: float, rx: float, ry: float) -> str:
    """Four cubic Béziers, each approximating a quarter of the ellipse."""
    k = 0.5523
    quarters = [((k, -1), (1, -k), (1, 0)), ((1, k), (k, 1), (0, 1)),
                ((-k, 1), (-1, k), (-1, 0)), ((-1, -k), (-k, -1), (0, -1))]
    curves = " ".join("C" + " ".join(f"{cx + a * rx:.1f},{cy + b * ry:.1f}" for a, b in quarter)
                      for quarter in quarters)
    return f"M{cx:.1f},{cy - ry:.1f} {curves} Z"


def landmarks(view: str) -> list[str]:
    """Light anatomical cues a clinician orients by: clavicles, navel and kneecaps in front;
    spine, shoulder blades, gluteal cleft and folds, and knee creases behind."""
    marks: list[str] = []
    for side in (-1, 1):
        knee_x = CX + side * smooth(LEG, 648)[0]
        if view == "anterior":
            marks.append(f"M{CX + side * 72:.0f},160 C{CX + side * 50:.0f},168 "
                         f"{CX + side * 20:.0f},164 {CX + side * 6:.0f},157")  # clavicle
            marks.append(ellipse(knee_x, 646, 11, 14))  # kneecap
            marks.append(f"M{knee_x - 9:.0f},866 L{knee_x + 9:.0f},866")  # toes
        else:
            marks.append(f"M{CX + side * 18:.0f},178 C{CX + side * 40:.0f},172 "
                         f"{CX + side * 56:.0f},176 {CX + side * 58:.0f},184 "
                         f"L{CX + side * 30:.0f},232 C{CX + side * 24:.0f},220 "
                         f"{CX + side * 18:.0f},200 {CX + side * 18:.0f},178")  # shoulder blade
            fold_x = CX + side * smooth(LEG, 470)[0]
            marks.append(f"M{CX + side * 4:.0f},468 C{fold_x - side * 10:.0f},478 "
                         f"{fold_x + side * 14:.0f},476 {fold_x + side * 28:.0f},466")  # fold
            marks.append(f"M{knee_x - 12:.0f},650 C{knee_x - 4:.0f},654 {knee_x + 4:.0f},654 "
                         f"{knee_x + 12:.0f},650")  # knee crease
    if view == "anterior":
        marks.append(ellipse(CX, 338, 3.5, 4.5))  # navel
    else:
        marks.append(f"M{CX:.0f},150 L{CX:.0f},395")  # spine
        marks.append(f"M{CX:.0f},420 L{CX:.0f},452")  # gluteal cleft
    return marks


def between_legs(top: float, bottom: float) -> list[tuple[float, float]]:
    """The wedge between the thighs above the crotch (pubic region, or the perineum behind)."""
    ys = heights(top, bottom)
    return ([(leg_edges(y, -1)[1], y) for y in ys]
            + [(leg_edges(y, 1)[0], y) for y in reversed(ys)])


def regions(view: str) -> dict[str, list[tuple[float, float]]]:
    shapes: dict[str, list[tuple[float, float]]] = {}

    def leg(side_name: str, side: int) -> None:
        def edges(y: float, s: int = side) -> tuple[float, float]:
            return leg_edges(y, s)
        # Fractions across the leg run from the viewer's left to right; medial is towards the
        # midline, so it is on the right for the leg on the left of the figure and vice versa.
        def medial_lateral(medial_width: float) -> tuple[tuple[float, float], tuple[float, float]]:
            if side < 0:
                return (1 - medial_width, 1.0), (0.0, 1 - medial_width)
            return (0.0, medial_width), (medial_width, 1.0)

        if view == "anterior":
            (m0, m1), _ = medial_lateral(0.3)
            lat = (0.0, 0.22) if side < 0 else (0.78, 1.0)
            centre = (0.22, 0.7) if side < 0 else (0.3, 0.78)
            shapes[f"anterior_hip_{side_name}"] = band(edges, HIP, 470, *lat)
            shapes[f"groin_{side_name}"] = band(edges, HIP, 480, m0, m1)
            shapes[f"lateral_thigh_{side_name}"] = band(edges, 470, 620, *lat)
            shapes[f"medial_thigh_{side_name}"] = band(edges, 480, 620, m0, m1)
            shapes[f"anterior_thigh_upper_{side_name}"] = band(edges, HIP, 540, *centre)
            shapes[f"anterior_thigh_lower_{side_name}"] = band(edges, 540, 620, *centre)
            knee_medial, knee_front = medial_lateral(0.32)
            shapes[f"medial_knee_{side_name}"] = band(edges, 620, 675, *knee_medial)
            shapes[f"anterior_knee_{side_name}"] = band(edges, 620, 675, *knee_front)
            shin_medial, shin_lateral = medial_lateral(0.5)
            shapes[f"shin_medial_{side_name}"] = band(edges, 675, 820, *shin_medial)
            shapes[f"shin_lateral_{side_name}"] = band(edges, 675, 820, *shin_lateral)
            ankle_medial, foot = medial_lateral(0.4)
            shapes[f"ankle_medial_{side_name}"] = band(edges, 820, 872, *ankle_medial)
            shapes[f"foot_dorsum_{side_name}"] = band(edges, 820, 872, *foot)
        else:
            lat = (0.0, 0.24) if side < 0 else (0.76, 1.0)
            inner = (0.24, 1.0) if side < 0 else (0.0, 0.76)
            shapes[f"lateral_hip_{side_name}"] = band(edges, HIP, 500, *lat)
            shapes[f"buttock_{side_name}"] = band(edges, HIP, 500, *inner)
            shapes[f"posterior_thigh_{side_name}"] = band(edges, 500, 625, 0.0, 1.0)
            shapes[f"popliteal_{side_name}"] = band(edges, 625, 672, 0.0, 1.0)
            shapes[f"calf_{side_name}"] = band(edges, 672, 805, 0.0, 1.0)
            _, outer = medial_lateral(0.5)
            shapes[f"ankle_lateral_{side_name}"] = band(edges, 805, 845, *outer)
            shapes[f"heel_sole_{side_name}"] = band(edges, 845, 872, 0.0, 1.0)

    # Anterior: the patient's right is on the viewer's left; posterior: the patient's left is.
    left_side = 1 if view == "anterior" else -1
    leg("left", left_side)
    leg("right", -left_side)
    if view == "anterior":
        shapes["lower_abdomen"] = band(trunk_edges, 320, HIP, 0.18, 0.82)
        shapes["pubic"] = between_legs(HIP, CROTCH)
    else:
        shapes["thoracolumbar"] = band(trunk_edges, 230, 300, 0.3, 0.7)
        shapes["lumbar_central"] = band(trunk_edges, 300, 370, 0.42, 0.58)
        paraspinal_a, paraspinal_b = (0.22, 0.42), (0.58, 0.78)
        shapes[f"lumbar_paraspinal_{'left' if left_side < 0 else 'right'}"] = band(
            trunk_edges, 300, 370, *paraspinal_a)
        shapes[f"lumbar_paraspinal_{'right' if left_side < 0 else 'left'}"] = band(
            trunk_edges, 300, 370, *paraspinal_b)
        shapes["sacrum"] = band(trunk_edges, 370, HIP, 0.4, 0.6)
        shapes[f"sacroiliac_{'left' if left_side < 0 else 'right'}"] = band(
            trunk_edges, 370, HIP, 0.26, 0.4)
        shapes[f"sacroiliac_{'right' if left_side < 0 else 'left'}"] = band(
            trunk_edges, 370, HIP, 0.6, 0.74)
        shapes["perineum_saddle"] = between_legs(HIP, CROTCH)
    return {k: v for k, v in shapes.items() if not k.startswith("_")}


def svg(view: str) -> str:
    right_on_left = view == "anterior"
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}">',
        f"  <title>SLR Desk pain map, {view} view</title>",
        # The outline is stroked, then filled again without a stroke: the seams where trunk,
        # legs and arms meet disappear and only the outer edge stays drawn.
        '  <g id="outline" fill="#f3e9e1" stroke="#6b5a50" stroke-width="3">',
        *[f'    <path d="{d}"/>' for d in silhouette()],
        "  </g>",
        '  <g id="outline_fill" fill="#f3e9e1" stroke="none">',
        *[f'    <path d="{d}"/>' for d in silhouette()],
        "  </g>",
        '  <g id="landmarks" fill="none" stroke="#b59d8d" stroke-width="1.6" '
        'stroke-linecap="round">',
        *[f'    <path d="{d}"/>' for d in landmarks(view)],
        "  </g>",
        '  <g id="regions" fill="none" stroke="#8a776b" stroke-width="1" stroke-dasharray="3,2">',
        *[f'    <path id="{name}" d="{path(points)}"/>'
          for name, points in sorted(regions(view).items())],
        "  </g>",
        '  <g id="side_labels" font-family="DejaVu Sans" font-size="36" font-weight="bold" '
        'fill="#444">',
        f'    <text x="20" y="60">{"R" if right_on_left else "L"}</text>',
        f'    <text x="{WIDTH - 44}" y="60">{"L" if right_on_left else "R"}</text>',
        "  </g>",
        f'  <text x="{CX}" y="{HEIGHT - 8}" text-anchor="middle" font-family="DejaVu Sans" '
        f'font-size="20" fill="#444">{view.title()}</text>',
        "</svg>",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for name in ("anterior", "posterior"):
        (OUT / f"{name}.svg").write_text(svg(name), encoding="utf-8")
        print(OUT / f"{name}.svg")  # noqa: T201 - a command-line tool reports what it wrote
