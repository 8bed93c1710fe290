#!/usr/bin/env python3
"""Bar charts of the benchmark results as hand-written SVG (standard library only).

Reads criterion's medians (``<target>/criterion/<group>/<id>/new/estimates.json``)
and the allocation tables the benches write (``<target>/spoolog-bench/*.json``),
then writes:

- ``docs/img/w2.svg``: W2 (JSON line), ns per call for each implementation;
- ``docs/img/journey.svg``: the journey stages on W1.

Each bar is labelled with its median, allocations per call and bytes per line.

    python3 scripts/plot_bench.py
    python3 scripts/plot_bench.py --pending spoolog spoolog-log d-spoolog b-pool c-pool-preparsed

``--pending NAME ...`` draws those rows without a bar, labelled
``TBD-after-merge`` (used while spoolog's own numbers come from stubs).
"""

import argparse
import json
import math
import sys
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def median_ns(criterion_dir, group, name):
    path = criterion_dir / group / name / "new" / "estimates.json"
    try:
        with open(path) as f:
            return float(json.load(f)["median"]["point_estimate"])
    except (OSError, KeyError, ValueError):
        return None


def load_table(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        print(f"plot_bench: no table at {path} (run the bench first)", file=sys.stderr)
        return []


def nice_step(top):
    """A round grid step giving about five lines up to `top`."""
    raw = top / 5
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def bar_chart(title, subtitle, rows, pending):
    """rows: [(label, ns or None, note)]; returns SVG text."""
    left, bar_w, right, row_h, top = 190, 380, 250, 30, 64
    width = left + bar_w + right
    height = top + row_h * len(rows) + 40
    values = [ns for name, ns, _ in rows if ns is not None and name not in pending]
    vmax = max(values) if values else 1.0
    step = nice_step(vmax)
    axis_max = step * math.ceil(vmax / step)
    scale = bar_w / axis_max

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{left}" y="22" font-size="15" font-weight="bold">{escape(title)}</text>',
        f'<text x="{left}" y="40" fill="#555">{escape(subtitle)}</text>',
    ]
    grid_bottom = top + row_h * len(rows)
    v = 0.0
    while v <= axis_max + 1e-9:
        x = left + v * scale
        out.append(
            f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{grid_bottom}" stroke="#ddd"/>'
        )
        out.append(
            f'<text x="{x:.1f}" y="{grid_bottom + 16}" text-anchor="middle" fill="#555">{v:g}</text>'
        )
        v += step
    out.append(
        f'<text x="{left + bar_w / 2}" y="{grid_bottom + 32}" text-anchor="middle" '
        f'fill="#555">ns per call (criterion median, lower is better)</text>'
    )
    for i, (name, ns, note) in enumerate(rows):
        y = top + i * row_h
        is_spoolog = "spoolog" in name or name in pending
        out.append(
            f'<text x="{left - 8}" y="{y + 18}" text-anchor="end">{escape(name)}</text>'
        )
        if name in pending:
            out.append(
                f'<text x="{left + 4}" y="{y + 18}" fill="#a33">TBD-after-merge</text>'
            )
            continue
        if ns is None:
            out.append(f'<text x="{left + 4}" y="{y + 18}" fill="#555">not run</text>')
            continue
        w = max(ns * scale, 1.0)
        color = "#d9822b" if is_spoolog else "#4a78b5"
        out.append(
            f'<rect x="{left}" y="{y + 5}" width="{w:.1f}" height="{row_h - 10}" fill="{color}"/>'
        )
        out.append(
            f'<text x="{left + w + 6:.1f}" y="{y + 18}">{ns:.0f} ns  {escape(note)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root-target", default=ROOT / "target", type=Path)
    ap.add_argument(
        "--compare-target", default=ROOT / "benches" / "compare" / "target", type=Path
    )
    ap.add_argument("--out", default=ROOT / "docs" / "img", type=Path)
    ap.add_argument("--pending", nargs="*", default=[], metavar="NAME")
    args = ap.parse_args()
    pending = set(args.pending)
    args.out.mkdir(parents=True, exist_ok=True)

    table = load_table(args.compare_target / "spoolog-bench" / "compare.json")
    rows = []
    for r in table:
        if r["workload"] != "W2":
            continue
        ns = median_ns(args.compare_target / "criterion", "W2", r["implementation"])
        note = f'{r["allocs_per_call"]:.1f} allocs, {r["bytes_per_line"]:.0f} B/line'
        rows.append((r["implementation"], ns, note))
    if rows:
        svg = bar_chart(
            "W2: one JSON line, five fields",
            "into a byte-counting writer; one thread",
            rows,
            pending,
        )
        (args.out / "w2.svg").write_text(svg)
        print(f"wrote {args.out / 'w2.svg'}")

    table = load_table(args.root_target / "spoolog-bench" / "journey.json")
    rows = []
    for r in table:
        ns = median_ns(args.root_target / "criterion", "journey", r["stage"])
        note = f'{r["allocs_per_call"]:.0f} allocs, {r["alloc_bytes_per_call"]:.0f} B alloc/call'
        rows.append((r["stage"], ns, note))
    if rows:
        svg = bar_chart(
            "W1 journey: the Go post's stages in Rust",
            "'14:23:32 : some log message' into a byte-counting sink",
            rows,
            pending,
        )
        (args.out / "journey.svg").write_text(svg)
        print(f"wrote {args.out / 'journey.svg'}")


if __name__ == "__main__":
    main()
