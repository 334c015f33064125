"""The township 应急办's year: its annual enforcement plan (年度执法计划), published, and one
双随机 draw from the plan's random pool, witnessed by the township 纪委 and executed.

The inspections step reads the draw's selections to inspect the drawn enterprises with
the drawn officers.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from anzhi.law import workdays
from anzhi.planning import services
from anzhi.planning.models import EnforcementPlan, RandomDraw

from .cast import DemoCast

# The draw was held about six weeks ago, so its inspections spread over the weeks since.
DRAW_DAYS_BACK = 45


def plan_of(cast: DemoCast, year: int) -> EnforcementPlan | None:
    return EnforcementPlan.objects.filter(agency=cast.agencies["town_emergency"],
                                          year=year).first()


def draw_of(plan: EnforcementPlan | None) -> RandomDraw | None:
    """The demo draw: the plan's first executed one."""
    if plan is None:
        return None
    return RandomDraw.objects.filter(plan=plan, status="executed").order_by("pk").first()


def draw_day(today: date) -> date:
    """A working day about six weeks back, but inside the plan's year (a January demo
    draws in the first days of the year rather than from last year's plan)."""
    day = max(today - timedelta(days=DRAW_DAYS_BACK), date(today.year, 1, 1))
    while not workdays.is_workday(day) and day < today:
        day += timedelta(days=1)
    return day


@transaction.atomic
def load(cast: DemoCast, today: date) -> int:
    agency = cast.agencies["town_emergency"]
    if plan_of(cast, today.year) is not None:
        return 0
    head = cast.users["head1"]  # the office's head signs off the plan and runs the draw
    plan = services.plan_create(actor=head, agency=agency, year=today.year)  # default rules
    plan = services.plan_publish(actor=head, plan=plan, reason="经乡安委会审议通过")
    day = draw_day(today)
    draw = services.draw_create(
        actor=head, agency=agency, plan=plan, draw_date=day,
        title=f"{today.year}年“双随机、一公开”抽查（{day.month}月）",
        ratio=plan.rules["random_ratio"], officers_per_enterprise=2)
    # The 纪委 witness adds a string of their own before the seed is revealed.
    services.draw_add_witness(actor=cast.users["jiwei"], draw=draw,
                              entropy=f"湖上乡纪委现场见证 {day:%Y%m%d}")
    services.draw_execute(actor=head, draw=draw)
    return 2  # the plan and the draw
