"""Issue 4 target: ``POST /api/v1/inspections`` with 30 items and 5 findings, ≥ 100 per
second sustained at 16 concurrent clients, p95 ≤ 200 ms.

Runs against the server at ``report["base_url"]`` (loopback only) with the bearer token in
``report["token"]``. Bounded: at most ``MAX_REQUESTS`` requests and ``MAX_SECONDS`` seconds.
Each request carries its own Idempotency-Key, as a phone would.
"""

import statistics
import threading
import time
import uuid
from datetime import date, timedelta

from bench.client import Api
from bench.harness import percentile

SCENARIO = "执法检查 POST /api/v1/inspections（30项+5问题，16并发）"
CLIENTS = 16
MAX_REQUESTS = 3200
MAX_SECONDS = 60.0
WARMUP = 32
ALONE = 40


def _ensure_team() -> None:
    """The harness runs in-process with Django set up: make sure one township agency has two
    certified officers (the generator makes one)."""
    try:
        from anzhi.accounts.models import Certificate, User
    except Exception:  # no Django here: rely on what the API shows
        return
    first = User.objects.filter(username="bench_officer").select_related("agency").first()
    if first is None or first.agency is None:
        return
    second, created = User.objects.get_or_create(
        username="bench_officer2", defaults={"role": first.role, "agency": first.agency,
                                             "full_name": "基准执法员二"})
    if created:
        second.set_password("bench-pass")
        second.save()
    if not Certificate.objects.filter(holder=second).exists():
        Certificate.objects.create(holder=second, number="BENCH-0002",
                                   issuing_authority="福建省人民政府",
                                   valid_until=date(2030, 12, 31))


def _payload(api: Api) -> dict:
    checklist = next(c for c in api.json("/api/v1/checklists")
                     if c["code"] == "main-responsibility")
    officers = [o for o in api.json("/api/v1/officers") if o["certificate_valid_today"]]
    by_agency: dict[int, list[dict]] = {}
    for o in officers:
        by_agency.setdefault(o["agency_id"], []).append(o)
    agency_id, team = next((a, t) for a, t in by_agency.items() if len(t) >= 2)
    page = api.json(f"/api/v1/enterprises?agency={agency_id}&page_size=1")
    enterprise = page["items"][0]["id"]
    items = checklist["items"]
    deadline = (date.today() + timedelta(days=30)).isoformat()
    kinds = ["rectify_by_deadline", "on_site_rectified", "rectify_by_deadline", "other",
             "on_site_rectified"]
    return {
        "enterprise": enterprise, "agencies": [agency_id], "mode": "random",
        "officers": [team[0]["id"], team[1]["id"]],
        "checklist_version": checklist["version_id"],
        "answers": [{"item": i["id"], "result": "noncompliant" if n < 5 else "compliant",
                     "note": "现场查看" if n < 5 else ""} for n, i in enumerate(items[:30])],
        "findings": [{
            "description": f"基准测试问题{n + 1}：{items[n]['content'][:30]}",
            "item": items[n]["id"], "raised_by": team[0]["id"],
            "dispositions": [{"kind": kind, **({"deadline": deadline}
                                               if kind == "rectify_by_deadline" else {})}],
        } for n, kind in enumerate(kinds)],
    }


def run(report) -> None:
    rows = report["rows"]
    base_url, token = report["base_url"], report["token"]
    _ensure_team()
    payload = _payload(Api(base_url, token))

    latencies: list[float] = []
    errors: list[str] = []  # the first few messages
    failed = {"n": 0}
    lock = threading.Lock()
    budget = {"left": WARMUP + MAX_REQUESTS}
    deadline = {"at": 0.0}

    def take() -> bool:
        with lock:
            if budget["left"] <= 0 or (deadline["at"] and time.perf_counter() > deadline["at"]):
                return False
            budget["left"] -= 1
            return True

    def client(measure: bool, count: int | None = None) -> None:
        api = Api(base_url, token)
        done = 0
        while (count is None or done < count) and take():
            started = time.perf_counter()
            try:
                status, body = api.call("POST", "/api/v1/inspections", payload,
                                        {"Idempotency-Key": str(uuid.uuid4())})
            except Exception as exc:  # counted as an error row
                status, body = 0, repr(exc).encode()
            elapsed = (time.perf_counter() - started) * 1000
            done += 1
            with lock:
                if status == 201:
                    if measure:
                        latencies.append(elapsed)
                    continue
                failed["n"] += 1
                if len(errors) < 5:
                    errors.append(f"{status}: {body[:200]!r}")

    warm = [threading.Thread(target=client, args=(False, WARMUP // CLIENTS))
            for _ in range(CLIENTS)]
    for t in warm:
        t.start()
    for t in warm:
        t.join()
    # One client alone: the cost of a record without queueing behind others.
    budget["left"] = ALONE
    client(True, ALONE)
    alone, latencies[:] = sorted(latencies), []
    budget["left"] = MAX_REQUESTS
    started = time.perf_counter()
    deadline["at"] = started + MAX_SECONDS
    threads = [threading.Thread(target=client, args=(True,)) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started

    def add(metric, value, unit, target="", note=""):
        row = {"scenario": SCENARIO, "metric": metric, "value": value, "unit": unit,
               "target": target, "note": note}
        rows.append(row)
        print(f"  {SCENARIO:<42} {metric:<18} {value:>10.1f} {unit:<6} {target}", flush=True)

    if alone:
        add("1 client p50", statistics.median(alone), "ms", "", f"{len(alone)} 次顺序执行")
    ok = len(latencies)
    add("throughput", ok / wall if wall else 0.0, "次/秒", "≥ 100",
        f"{ok} requests in {wall:.1f} s")
    add("p50", statistics.median(latencies) if latencies else float("nan"), "ms")
    add("p95", percentile(latencies, 0.95), "ms", "p95 ≤ 200")
    add("errors", float(failed["n"]), "次", "0", "; ".join(errors)[:300])
