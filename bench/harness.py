"""Timing helpers shared by the scenarios."""

import statistics
import time
from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timed(fn: Callable[[], object], repeat: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def capture_sql(fn: Callable[[], object]) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return [q["sql"] for q in ctx.captured_queries]


def raw_sql_ms(statements: list[str], repeat: int) -> list[float]:
    """Time the statements a request issued, run directly on the cursor (the floor)."""
    def run():
        with connection.cursor() as cur:
            for sql in statements:
                cur.execute(sql)
                if cur.description is not None:
                    cur.fetchall()
    return timed(run, repeat)


class Report:
    def __init__(self):
        self.rows: list[dict] = []

    def add(self, scenario: str, metric: str, value: float, unit: str, target: str = "",
            note: str = "") -> None:
        self.rows.append({"scenario": scenario, "metric": metric, "value": value,
                          "unit": unit, "target": target, "note": note})
        print(f"  {scenario:<42} {metric:<18} {value:>10.1f} {unit:<4} {target}", flush=True)

    def request_scenario(self, name: str, fn: Callable[[], object], *, repeat: int,
                         target_p95: float | None = None, ratio_target: bool = True) -> None:
        """p50/p95 of a request and the app/raw-SQL ratio (p50 over p50)."""
        app = timed(fn, repeat)
        statements = capture_sql(fn)
        raw = raw_sql_ms(statements, repeat)
        p50, p95 = statistics.median(app), percentile(app, 0.95)
        raw50 = statistics.median(raw)
        target = f"p95 ≤ {target_p95:g} ms" if target_p95 else ""
        self.add(name, "p50", p50, "ms")
        self.add(name, "p95", p95, "ms", target)
        self.add(name, "raw SQL p50", raw50, "ms", f"{len(statements)} queries")
        # Beside the ratio, the time the application adds: on a page whose statements take
        # 2 ms the ratio measures Django's fixed cost per request, not the queries.
        self.add(name, "app/raw", p50 / raw50 if raw50 else float("nan"), "×",
                 "≤ 2" if ratio_target else "",
                 f"应用自身 {p50 - raw50:.1f} ms")
