"""Issue 9: `workshop bench` runs end to end on the small demo and reports every figure. A smoke test of the
suite, never a timed test: the figures themselves are judged in benchmarks/README.md, not here."""

from __future__ import annotations

import json
from pathlib import Path

from workshop import bench
from workshop.queries import dashboards


def test_bench_reports_every_figure_on_the_small_demo(tmp_path: Path) -> None:
    result = bench.run(f"sqlite:///{tmp_path / 'bench-small.sqlite'}", "small", repeat=3, gui_runs=0,
                       with_labels=False, log=lambda _m: None)
    figures = json.loads(json.dumps(result))["figures"]   # what --json writes
    expected = {"scan_to_issue", "scan_to_issue_raw_sql", "plate_search", "customer_search",
                "work_order_list_first_page", "workshop_board", "label_1000", "gui_startup",
                *(f"dashboard_{name}" for name, _ in dashboards.BENCH_QUERIES)}
    assert set(figures) == expected
    assert figures["label_1000"] == {"skipped": "--no-labels"}
    assert figures["gui_startup"] == {"skipped": "--gui-runs 0"}
    for name in expected - {"label_1000", "gui_startup"}:
        assert figures[name]["p50_ms"] > 0 and figures[name]["p95_ms"] >= figures[name]["p50_ms"], name
    assert result["scale"] == "small" and result["database"] == "sqlite" and result["machine"]
    assert result["growth"] == {}  # growth is measured at large scale against the small companion
    assert "scan_to_issue p95 / floor p95" in result["targets"]
