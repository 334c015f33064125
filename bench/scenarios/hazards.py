"""Issue 5 targets (hazard ledger), at 10,000,000 hazards over 1,000,000 enterprises:

- the 动态清零 view and the filtered ledger p95 ≤ 150 ms;
- the daily overdue sweep ≤ 30 s;
- a transition (submitting a rectification) p95 ≤ 50 ms under 16 concurrent clients
  (API through the harness's granian at ``ctx["base_url"]``).

``run(ctx)`` takes the harness context (``ctx["report"]`` with ``.add``, ``ctx["dsn"]``,
``ctx["base_url"]``, ``ctx["token"]``) or a plain dict whose ``rows`` list receives
{"scenario", "metric", "value", "unit", "target"}. Django must already be set up on
``ctx["dsn"]``. The number of hazards is ``ctx["hazards"]``, else ANZHI_BENCH_HAZARDS, else
10,000,000. Re-runnable: only the missing hazards are generated (COPY, streamed).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from bench.client import Api
from bench.harness import percentile

CLIENTS = 16
HAZARDS = 10_000_000  # the size: 10M hazards over 1M enterprises
ROUNDS = 75  # rectifications per client measured: about 1,200 in all, a few seconds
REPEAT = 40
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 256

COLUMNS = ("enterprise_id", "region_id", "agency_id", "level", "status", "source",
           "source_type", "source_id", "source_label", "criterion", "description", "place",
           "found_by_name", "found_on", "rectify_due", "emergency_measures", "overdue_flagged",
           "overdue_flagged_on", "failed_reviews", "flag_overdue", "flag_failed_reviews",
           "flag_concealed", "case_object_type", "case_label", "case_url", "listed",
           "reopened_count", "closed_on", "created_by_id", "created_at", "updated_at")
CRITERIA = {
    "general": ("检查表：安全出口、疏散通道畅通", "检查表：配电箱前不得堆放物品",
                "检查表：灭火器定期检查", "检查表：特种作业人员持证上岗"),
    "major": ("工贸企业重大事故隐患判定标准第11条第1项", "工贸企业重大事故隐患判定标准第12条",
              "工贸企业重大事故隐患判定标准第13条第2项", "工贸企业重大事故隐患判定标准第14条"),
}


def _add(ctx, scenario, metric, value, unit, target="", note=""):
    report = ctx.get("report")
    if report is not None and hasattr(report, "add"):
        report.add(scenario, metric, value, unit, target, note)
        return
    ctx.setdefault("rows", []).append({"scenario": scenario, "metric": metric, "value": value,
                                       "unit": unit, "target": target, "note": note})




def _timed(fn, repeat: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def _latency(ctx, scenario: str, values: list[float], target: float) -> None:
    _add(ctx, scenario, "p50", statistics.median(values), "ms")
    _add(ctx, scenario, "p95", percentile(values, 0.95), "ms", f"p95 ≤ {target:g} ms")


# --- data ----------------------------------------------------------------------------------


def _row(rng: random.Random, ent: tuple, today: date, creator: int, now: str) -> list:
    """One plausible hazard of enterprise ``ent`` = (id, region_id, lead_agency_id)."""
    level = "major" if rng.random() < 0.03 else "general"
    open_ = rng.random() < 0.10
    if open_:
        found = today - timedelta(days=rng.randrange(0, 120))
        status = rng.choice(("pending", "rectifying", "rectifying", "awaiting_review"))
    else:
        found = today - timedelta(days=rng.randrange(30, 3 * 365))
        status = "closed"
    due = found + timedelta(days=rng.randrange(7, 61))
    closed_on = min(found + timedelta(days=rng.randrange(3, 60)), today) if not open_ else None
    # Past-due open hazards were flagged by earlier sweeps, except the last two days' worth:
    # those are what today's sweep has to find.
    overdue = open_ and due < today
    flagged = overdue and due < today - timedelta(days=2)
    source = rng.choice(("inspection", "inspection", "self_report", "complaint"))
    criterion = rng.choice(CRITERIA[level])
    return [
        ent[0], ent[1], ent[2], level, status, source, "", None,
        {"inspection": "执法检查发现", "self_report": "企业自查自报",
         "complaint": "举报投诉核查"}[source],
        criterion, f"【基准】{criterion}不符合要求", "生产车间", "基准", found,
        due, "", flagged, (due + timedelta(days=1)) if flagged else None, 0, flagged, False,
        level == "major" and source != "self_report", "", "", "",
        open_ and level == "major" and rng.random() < 0.1, 0, closed_on, creator, now, now,
    ]


def generate(n: int, creator_id: int, seed: int = 2026) -> float:
    """COPY ``n`` hazards spread over all enterprises (streamed; no per-row INSERT)."""
    rng = random.Random(seed)
    today = timezone.localdate()
    now = time.strftime("%Y-%m-%d %H:%M:%S+08")
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM registry_enterprise WHERE lead_agency_id IS NOT NULL")
        enterprises = cur.fetchone()[0]
    if not enterprises or n <= 0:
        return 0.0
    per, extra = divmod(n, enterprises)
    started = time.perf_counter()
    import psycopg

    settings = connection.settings_dict
    dsn = (f"host={settings['HOST'] or '127.0.0.1'} port={settings['PORT'] or 5432} "
           f"dbname={settings['NAME']} user={settings['USER'] or 'postgres'}")
    if settings.get("PASSWORD"):
        dsn += f" password={settings['PASSWORD']}"
    with psycopg.connect(dsn) as reader, transaction.atomic():
        pg = connection.cursor().connection
        # Rows point at existing enterprises, regions and agencies by construction; without
        # this, COMMIT runs ten million deferred foreign-key checks one by one (tens of
        # minutes). Needs a superuser, which the bench database's owner is.
        with pg.cursor() as cur:
            cur.execute("SET LOCAL session_replication_role = replica")
        with reader.cursor(name="hazard_bench_enterprises") as ents, pg.cursor() as cur, \
                cur.copy(f"COPY hazards_hazard ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            ents.itersize = 20_000
            ents.execute("SELECT id, region_id, lead_agency_id FROM registry_enterprise "
                         "WHERE lead_agency_id IS NOT NULL ORDER BY id")
            for i, ent in enumerate(ents):
                for _ in range(per + (1 if i < extra else 0)):
                    copy.write_row(_row(rng, ent, today, creator_id, now))
    with connection.cursor() as cur:
        cur.execute("ANALYZE hazards_hazard")
    return time.perf_counter() - started


# --- concurrency ---------------------------------------------------------------------------


def _multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                     f"{value}\r\n".encode())
    for name, (filename, content, ctype) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                     f'filename="{filename}"\r\nContent-Type: {ctype}\r\n\r\n'.encode()
                     + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


_clients = threading.local()


def _submit(base_url: str, token: str, hazard_id: int) -> tuple[float, int]:
    """One rectification with an after-photo, on this thread's kept-alive connection."""
    api = getattr(_clients, "api", None)
    if api is None:
        api = _clients.api = Api(base_url, token)
    body, ctype = _multipart({"description": "【基准】已整改", "money_spent": "100"},
                             {"after": ("after.png", PNG, "image/png")})
    t = time.perf_counter()
    status, _ = api.call("POST", f"/api/v1/hazards/{hazard_id}/rectifications", body,
                         {"Content-Type": ctype})
    return (time.perf_counter() - t) * 1000, status


# --- scenario ------------------------------------------------------------------------------


def run(ctx) -> None:
    from anzhi.accounts.models import User
    from anzhi.hazards.models import Hazard
    from anzhi.hazards.services import daily_run, sweep_overdue

    admin = User.objects.get(username="bench_admin")
    officer = User.objects.get(username="bench_officer")
    want = int(ctx.get("hazards") or os.environ.get("ANZHI_BENCH_HAZARDS") or HAZARDS)
    have = Hazard.objects.count()
    if have < want:
        print(f"   generating {want - have:,} hazards …", flush=True)
        seconds = generate(want - have, admin.pk)
        _add(ctx, "隐患数据生成（COPY）", "hazards/s", (want - have) / seconds, "行/秒")
    # This machine's server runs without autovacuum; production's would have cleaned up after
    # the previous run's sweep and transitions, so measure the same state every run.
    with connection.cursor() as cur:
        cur.execute("VACUUM (ANALYZE) hazards_hazard")
        if have < want:  # the generated rows flushed now, not by a checkpoint mid-measurement
            cur.execute("CHECKPOINT")
    total = Hazard.objects.count()
    _add(ctx, "隐患台账规模", "hazards", float(total), "项")

    township = officer.agency.region
    county = township.parent
    web = Client()
    web.force_login(officer)
    county_web = Client()
    county_web.force_login(admin)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {ctx['token']}")

    def get(client, url):
        def call():
            res = client.get(url)
            assert res.status_code == 200, (url, res.status_code)
        return call

    rows = [
        ("动态清零页（乡镇执法人员，本辖区）", get(web, "/hazards/clearance/")),
        (f"动态清零页（省安委办，按县 {county.code}）",
         get(county_web, f"/hazards/clearance/?region={county.code}")),
        ("动态清零接口（按乡镇）", get(api, f"/api/v1/hazards/clearance?region={township.code}")),
        ("隐患台账页（乡镇，未销号重大隐患）", get(web, "/hazards/?status=open&level=major")),
        ("隐患台账页（乡镇，逾期）", get(web, "/hazards/?overdue=true")),
        ("台账接口（按乡镇+状态）",
         get(api, f"/api/v1/hazards?region={township.code}&status=rectifying")),
        ("台账接口（按县+逾期+重大）",
         get(api, f"/api/v1/hazards?region={county.code}&overdue=true&level=major")),
        ("台账接口（按监管机构+待复查，第2页）",
         get(api, f"/api/v1/hazards?agency={officer.agency_id}&status=awaiting_review&page=2")),
        # The home page's 待办 counts overdue, awaiting-review and open major hazards.
        ("首页待办（乡镇执法人员）", get(web, "/")),
    ]
    for name, fn in rows:
        _latency(ctx, name, _timed(fn, REPEAT), 150)

    # The daily sweep: what became overdue since yesterday's run, then reminders and digests.
    # Each bench run is the next day's run (a second run on the same day finds nothing to do);
    # the first run over freshly generated data sweeps the whole backlog instead.
    from anzhi.hazards.models import Reminder

    last = Reminder.objects.order_by("-created_on").values_list("created_on", flat=True).first()
    day = max(timezone.localdate(), last + timedelta(days=1)) if last else timezone.localdate()
    started = time.perf_counter()
    flagged = sweep_overdue(day=day)
    sweep_s = time.perf_counter() - started
    _add(ctx, "每日逾期巡查（CAS 标记逾期）", "duration", sweep_s, "s", "≤ 30 s",
         f"{day} 的巡查，标记 {flagged:,} 项")
    started = time.perf_counter()
    result = daily_run(day=day)
    _add(ctx, "每日巡查全流程（逾期+到期提醒+摘要）", "duration", time.perf_counter() - started,
         "s", "≤ 30 s", f"提醒 {result['due_soon']:,} 条，摘要 {result['digests']:,} 份")

    # Transitions: 16 clients submit rectifications on distinct general hazards. The sweep
    # just wrote thousands of rows; in production it runs at night, and its checkpoint is
    # long over when the day's rectifications come. Right after it, the first 32 steps took
    # 6.6 ms each, not 3.9 ms, and the concurrent run 383/s, not 480/s.
    with connection.cursor() as cur:
        cur.execute("CHECKPOINT")
    base_url = ctx.get("base_url")
    if not base_url:
        return
    ids = list(Hazard.objects.filter(level="general", status__in=("pending", "rectifying"))
               .order_by().values_list("id", flat=True)[:CLIENTS * (ROUNDS + 4)])
    random.Random(5).shuffle(ids)
    warm, alone, ids = ids[:CLIENTS * 2], ids[CLIENTS * 2:CLIENTS * 4], ids[CLIENTS * 4:]
    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(lambda i: _submit(base_url, ctx["token"], i), warm))
        # One client alone: the cost of a step without queueing behind others.
        single = sorted(ms for ms, status in (_submit(base_url, ctx["token"], i)
                                              for i in alone) if status == 201)
        if single:
            _add(ctx, "提交整改情况（单客户端）", "p50", statistics.median(single), "ms", "",
                 f"{len(single)} 次顺序执行")
        started = time.perf_counter()
        results = list(pool.map(lambda i: _submit(base_url, ctx["token"], i), ids))
        elapsed = time.perf_counter() - started
    ok = [ms for ms, status in results if status == 201]
    bad = len(results) - len(ok)
    if ok:
        _latency(ctx, "提交整改情况（16 并发，接口经 granian）", ok, 50)
        _add(ctx, "提交整改情况（16 并发，接口经 granian）", "throughput", len(ok) / elapsed,
             "次/秒", "", f"{bad} 次失败" if bad else "")
    else:
        _add(ctx, "提交整改情况（16 并发，接口经 granian）", "failures", float(bad), "次",
             "", json.dumps(sorted({s for _, s in results})))
