"""`make bench`: build (or reuse) a PostgreSQL database at the issue's sizes and measure.

    python -m bench [--enterprises 1000000] [--db anzhi_bench] [--only registry,planning]
"""

import argparse
import importlib
import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ["registry", "registry_import", "planning", "inspections", "hazards", "cases"]


def parse() -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="make bench")
    p.add_argument("--enterprises", type=int, default=1_000_000)
    p.add_argument("--db", default="anzhi_bench")
    p.add_argument("--host", default=os.environ.get("PGHOST", "127.0.0.1"))
    p.add_argument("--only", default=",".join(SCENARIOS))
    p.add_argument("--results", default=str(ROOT / "bench" / "RESULTS.md"))
    return p.parse_args()


def ensure_database(host: str, name: str) -> str:
    import psycopg

    dsn = f"postgresql://postgres@{host}:5432/{name}"
    with psycopg.connect(f"postgresql://postgres@{host}:5432/postgres", autocommit=True) as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            c.execute(f'CREATE DATABASE "{name}"')
    return dsn


def machine() -> list[str]:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    pg = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "SHOW server_version"],
        capture_output=True, text=True).stdout.strip()
    import django

    return [f"CPU: {cpu}, {os.cpu_count()} cores; memory {mem_kb / 1024 / 1024:.0f} GiB",
            f"PostgreSQL {pg}; Python {platform.python_version()}; Django {django.get_version()}",
            f"Measured {datetime.now():%Y-%m-%d %H:%M}; requests through Django's test client "
            "in-process unless a row says otherwise (concurrency rows use granian on loopback); "
            "every table and index read into the OS cache before each scenario"]


def write_results(path: str, runs: dict[str, dict]) -> None:
    """Render every module's latest run; ``runs`` is kept beside as results.json so a
    later run of some modules keeps the others' figures."""
    Path(path).with_suffix(".json").write_text(
        json.dumps(runs, ensure_ascii=False, indent=1), encoding="utf-8")
    lines = ["# Benchmark results", "", "Written by `make bench` (bench/__main__.py) from "
             "bench/RESULTS.json. Do not edit by hand.", ""]
    for name, run in runs.items():
        lines += [f"## {name}", "", *[f"- {h}" for h in run["machine"]],
                  f"- Data: {run['data']}", "",
                  "| scenario | metric | value | unit | target / note |",
                  "|---|---|---:|---|---|"]
        for r in run["rows"]:
            value = r["value"]
            text = f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"
            note = " ".join(str(x) for x in (r.get("target", ""), r.get("note", "")) if x)
            lines.append(f"| {r['scenario']} | {r['metric']} | {text} | {r['unit']} | {note} |")
        lines.append("")
    Path(path).write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    args = parse()
    dsn = ensure_database(args.host, args.db)
    os.environ.update({"DATABASE_URL": dsn, "DEBUG": "0", "SECRET_KEY": "bench-" + "x" * 40,
                       "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver", "CONN_MAX_AGE": "600",
                       "DJANGO_SETTINGS_MODULE": "anzhi.settings"})
    import django

    django.setup()
    from django.core.management import call_command

    from anzhi.accounts.tokens import issue_token
    from anzhi.regions.models import Region
    from anzhi.registry.models import Enterprise
    from bench import generate
    from bench.harness import Report

    call_command("migrate", verbosity=0)
    call_command("load_regions", verbosity=0)
    townships = generate.ensure_townships("35")
    agencies = generate.ensure_agencies(townships)
    province = Region.objects.get(code="350000")
    admin, _ = generate.ensure_users(province, townships[0], agencies[townships[0].code])
    have = Enterprise.objects.count()
    report = Report()
    if have < args.enterprises:
        print(f"generating {args.enterprises - have:,} enterprises …", flush=True)
        seconds = generate.load_enterprises(args.enterprises - have, townships, agencies)
        rate = (args.enterprises - have) / seconds
        report.add("数据生成（COPY）", "enterprises/s", rate, "行/秒")
    # Migrations that rewrite every enterprise (a backfilled column) leave dead rows that
    # would slow every scan measured below.
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("VACUUM (ANALYZE) registry_enterprise")
    server = start_server()
    ctx = {"report": report, "rows": report.rows, "dsn": dsn, "token": issue_token(admin),
           "enterprises": args.enterprises, "base_url": BASE_URL}
    results_json = Path(args.results).with_suffix(".json")
    runs = json.loads(results_json.read_text(encoding="utf-8")) if results_json.exists() else {}
    try:
        for name in args.only.split(","):
            start = len(report.rows)
            if run_scenario(name, ctx):
                runs[name] = {"machine": machine(), "rows": report.rows[start:],
                              "data": f"{Enterprise.objects.count():,} enterprises"}
                write_results(args.results, runs)
    finally:
        stop_server(server)
    print(f"wrote {args.results}")


PORT = int(os.environ.get("ANZHI_BENCH_PORT", "8765"))
BASE_URL = f"http://127.0.0.1:{PORT}"


def start_server() -> subprocess.Popen:
    """granian on loopback for the concurrency scenarios: one worker process per core, with
    2 threads each. On these two cores, 16 clients got 254 case steps/s from it (p95 75 ms)
    against 228/s (p95 117–129 ms) with 3 workers and 195/s (p95 130 ms) from gunicorn's 4 × 4
    gthread workers, which also spent 7.1 ms of CPU on a step where granian spent 5.1."""
    import socket
    import urllib.request

    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", PORT)) == 0:
            sys.exit(f"port {PORT} already has a server (a stale granian?): stop it first, "
                     "or set ANZHI_BENCH_PORT")
    workers = os.environ.get("ANZHI_BENCH_WORKERS",
                             "--workers 2 --blocking-threads 2").split()
    proc = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "granian"), "--interface", "wsgi", "--host", "127.0.0.1",
         "--port", str(PORT), *workers, "--log-level", "warning", "anzhi.wsgi:application"],
        cwd=ROOT, env=os.environ.copy())
    for _ in range(60):
        try:
            urllib.request.urlopen(BASE_URL + "/login/", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    return proc


def stop_server(proc: subprocess.Popen) -> None:
    """Wait for granian and its workers to go: a worker left listening on the port (granian
    binds it with SO_REUSEPORT) would take a share of the next run's requests with the code
    and settings it was started with."""
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def warm_cache(cur) -> None:
    """Read every table and index once, into the OS page cache (8.3 GiB at 1M enterprises
    takes 2–20 s). On a new machine only half the bench database was in the cache after
    generating it, so a run measured the disk for whichever rows it happened to touch."""
    from django.db import DatabaseError

    try:
        cur.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
    except DatabaseError as exc:  # not a superuser, or the contrib module is missing
        print(f"   (cache not warmed: {exc})".rstrip())
        return
    started = time.perf_counter()
    cur.execute("SELECT coalesce(sum(pg_prewarm(c.oid, 'read')), 0) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i', 'm')")
    blocks = cur.fetchone()[0]
    print(f"   (read {blocks * 8 / 1024 / 1024:.1f} GiB into the cache in "
          f"{time.perf_counter() - started:.0f} s)", flush=True)


def run_scenario(name: str, ctx: dict) -> bool:
    try:
        module = importlib.import_module(f"bench.scenarios.{name}")
    except ModuleNotFoundError:
        print(f"(no scenario module bench/scenarios/{name}.py)")
        return False
    print(f"== {name}", flush=True)
    # The previous scenario's writes (a year's plan is 1.1M rows) flushed now rather than
    # by a checkpoint in the middle of this one's measurements.
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("CHECKPOINT")
        warm_cache(cur)
    started = time.perf_counter()
    module.run(ctx)
    print(f"   ({time.perf_counter() - started:.0f} s)")
    return True


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
