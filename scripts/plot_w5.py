#!/usr/bin/env python3
"""W5 chart: ns per line from the first call until every line is in the file
(1 / sustained rate), spoolog's background writer against tracing-appender,
from ``benches/compare/target/spoolog-bench/w5.json`` (written by
``cargo bench --manifest-path benches/compare/Cargo.toml --bench w5``).

    python3 scripts/plot_w5.py      # writes docs/img/w5.svg
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from plot_bench import bar_chart  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main():
    data = json.loads((ROOT / "benches/compare/target/spoolog-bench/w5.json").read_text())
    rows = []
    mem = None
    for r in data:
        mem = r.get("mem_w2_ns") or mem
        if r["kind"] != "sustained":
            continue
        ns = 1e9 / r["lines_per_sec"]
        label = f'{r["destination"]}, {r["producers"]}p: {r["implementation"]}'
        wpl = r["writes_per_line"]
        # tracing-appender's rolling appender gives no write count (NaN).
        note = f"{wpl:.4f} writes/line" if wpl is not None else "writes not counted"
        rows.append((label, ns, note))
    subtitle = "W2 lines through a background writer into a file; in-memory W2 this run: "
    subtitle += f"{mem:.0f} ns" if mem else "n/a"
    svg = bar_chart("W5: ns per line until on disk", subtitle, rows, [])
    out = ROOT / "docs/img/w5.svg"
    out.write_text(svg)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
