"""Issue 4 targets (planning): drawing 5% with officer pairing over all enterprises ≤ 2 s,
verifying that draw ≤ 2 s; generating a year's plan for all enterprises ≤ 60 s.

``run(ctx)`` takes the harness context (``ctx["report"]`` with ``.add(...)``) or any dict,
to whose ``rows`` list it appends {"scenario", "metric", "value", "unit", "target"}.
Re-runnable on the same database: plans of the bench year are regenerated, draws are new.
"""

import json
import os
import tempfile
import time
from datetime import date

from django.db import connection

from anzhi.accounts.models import Agency, Certificate, Conflict, Role, User
from anzhi.planning import drawalgo, selectors, services
from anzhi.planning.models import EnforcementPlan
from anzhi.regions.models import Region
from anzhi.registry.models import Enterprise

SCENARIO_DRAW = "双随机抽取（全部企业，5%，每户2名执法人员）"
SCENARIO_PLAN = "年度执法计划（全部企业）"
BENCH_YEAR = 2099
OFFICERS = 300
CONFLICTS = 2000


def _add(ctx, scenario: str, metric: str, value: float, unit: str, target: str = "",
         note: str = "") -> None:
    report = ctx.get("report") if hasattr(ctx, "get") else None
    if report is not None and hasattr(report, "add"):
        report.add(scenario, metric, value, unit, target, note)
        return
    ctx.setdefault("rows", []).append({"scenario": scenario, "metric": metric, "value": value,
                                       "unit": unit, "target": target, "note": note})


def _province_agency() -> tuple[Agency, User]:
    """A province-level enforcing agency with OFFICERS certified officers (bulk-created)."""
    some = Enterprise.objects.order_by("pk").values_list("region_id", flat=True).first()
    province = Region.objects.get(code=f"{some[:2]}0000")
    agency, _ = Agency.objects.get_or_create(
        name="省应急管理厅执法总队（基准测试）", region=province,
        defaults={"kind": Agency.Kind.EMERGENCY, "has_enforcement_power": True})
    head, _ = User.objects.get_or_create(
        username=f"bench_planning_head{province.code}",
        defaults={"role": Role.AGENCY_HEAD, "agency": agency, "full_name": "基准测试负责人"})
    prefix = f"bench_pl{agency.pk}_"
    have = User.objects.filter(agency=agency, username__startswith=prefix).count()
    if have < OFFICERS:
        users = User.objects.bulk_create(
            User(username=f"{prefix}{i:04d}", role=Role.OFFICER, agency=agency,
                 full_name=f"执法员{i:04d}", password="!")
            for i in range(have, OFFICERS))
        if not Certificate.objects.filter(holder=head).exists():
            users.append(head)
        Certificate.objects.bulk_create(
            Certificate(holder=u, number=f"BENCH-PL-{u.username}",
                        issuing_authority="福建省人民政府", valid_until=date(2100, 12, 31))
            for u in users)
        officer_ids = list(User.objects.filter(agency=agency).values_list("pk", flat=True))
        enterprise_ids = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True)
                              [:CONFLICTS])
        Conflict.objects.bulk_create(
            (Conflict(officer_id=officer_ids[i % len(officer_ids)], enterprise_id=e,
                      reason="基准测试回避") for i, e in enumerate(enterprise_ids)),
            ignore_conflicts=True)
    return agency, head


def _timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def _timed_cpu(fn):
    """Result, wall seconds and this process's CPU seconds (the database's work is in the
    wall time only: on a shared machine the CPU figure says what the code itself costs)."""
    cpu = time.process_time()
    result, seconds = _timed(fn)
    return result, seconds, time.process_time() - cpu


def run_draw(ctx) -> None:
    agency, head = _province_agency()
    pool_size = Enterprise.objects.filter(status__in=services.ACTIVE_STATUSES).count()
    draw, create_s, cpu = _timed_cpu(lambda: services.draw_create(
        actor=head, agency=agency, title=f"基准测试抽取 {time.strftime('%H:%M:%S')}",
        ratio="0.05", draw_date=date.today()))
    _add(ctx, SCENARIO_DRAW, "创建（名录库快照+承诺）", create_s * 1000, "ms", "≤ 2 s",
         f"{pool_size:,} 家、{draw.officer_pool_size} 名执法人员；Python CPU {cpu * 1000:,.0f} ms")
    draw, execute_s, cpu = _timed_cpu(lambda: services.draw_execute(
        actor=head, draw=draw, witness_entropy=["纪委见证 bench", "群众代表 42"]))
    _add(ctx, SCENARIO_DRAW, "抽取（企业+人员配对）", execute_s * 1000, "ms", "≤ 2 s",
         f"抽中 {draw.count:,} 家；Python CPU {cpu * 1000:,.0f} ms")
    result, verify_s, cpu = _timed_cpu(lambda: selectors.verify_draw(draw))
    assert result["valid"], result
    _add(ctx, SCENARIO_DRAW, "核验（接口，读库重算）", verify_s * 1000, "ms", "≤ 2 s",
         f"Python CPU {cpu * 1000:,.0f} ms")
    doc = selectors.published_document(draw)
    fd, path = tempfile.mkstemp(suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False)
        size_mb = os.path.getsize(path) / 1e6
        result, offline_s, cpu = _timed_cpu(lambda: drawalgo.verify_file(path))
        assert result["valid"], result
        _add(ctx, SCENARIO_DRAW, "核验（公示文件，离线，无数据库）", offline_s * 1000, "ms",
             "≤ 2 s", f"文件 {size_mb:.1f} MB；CPU {cpu * 1000:,.0f} ms")
    finally:
        os.unlink(path)


def run_plan(ctx) -> None:
    admin = User.objects.filter(is_superuser=True).first()
    if admin is None:
        admin = User.objects.create(username="bench_planning_root", is_superuser=True,
                                    is_staff=True, password="!")
    started = time.perf_counter()
    plans = services.plan_generate_year(actor=admin, year=BENCH_YEAR)
    items = sum(p.key_count + p.grade_count + p.random_pool_count for p in plans)
    seconds = time.perf_counter() - started
    _add(ctx, SCENARIO_PLAN, "生成", seconds, "s", "≤ 60 s",
         f"{len(plans):,} 个机构、{items:,} 家企业")
    # Regenerating the year replaced a million plan items; production's autovacuum would
    # clear the old versions (this machine's server runs without it) before the plan page
    # is read.
    with connection.cursor() as cur:
        cur.execute("VACUUM (ANALYZE) planning_planitem")
        cur.execute("VACUUM (ANALYZE) planning_enforcementplan")
    sample = EnforcementPlan.objects.filter(year=BENCH_YEAR).order_by("-planned_total").first()
    if sample is not None:
        _, stats_s = _timed(lambda: selectors.plan_stats(sample))
        _add(ctx, SCENARIO_PLAN, "计划页统计（最大的机构）", stats_s * 1000, "ms", "",
             f"{sample.planned_total:,} 户次")


def run(ctx) -> None:
    if not Enterprise.objects.exists():
        raise RuntimeError("bench/scenarios/planning.py needs enterprises (run via make bench)")
    run_draw(ctx)
    run_plan(ctx)
