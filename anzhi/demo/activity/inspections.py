"""Two months of the township 应急办's inspections: planned visits of key units, 四不两直
visits, a joint visit with the 综合行政执法队, and the enterprises of the 双随机 draw visited
by the officers drawn with them. Some records are still drafts on the phone, most are
submitted, the latest two are signed by both sides.

Every record goes through ``inspection_create`` (and ``inspection_sign``), so a finding's
disposition becomes a hazard in the ledger and a deadline schedules its 复查, exactly as on
the phone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from anzhi.core import followups
from anzhi.core.acting_day import replaying
from anzhi.demo.loading import DEMO_PASSWORD
from anzhi.hazards.models import Hazard
from anzhi.hazards.services import hazard_submit_rectification
from anzhi.inspections import services, signing
from anzhi.inspections.checklists import version_items
from anzhi.inspections.choices import SignatureKind, Status
from anzhi.inspections.models import Checklist, Inspection, ReInspection
from anzhi.law import workdays
from anzhi.planning.choices import PlanItemKind
from anzhi.planning.models import DrawSelection, PlanItem
from anzhi.planning.services import certified_officers
from anzhi.registry.models import Enterprise, EnterprisePerson

from . import photos, planning
from .cast import DemoCast

RECTIFY, ON_SITE = followups.RECTIFY_BY_DEADLINE, followups.ON_SITE_RECTIFIED
MAIN, GONGMAO, HAZCHEM = "main-responsibility", "gongmao-major-hazard", "hazchem-major-hazard"
# Checklist items that only apply to some units (by sector), answered 不适用 elsewhere.
HIGH_RISK = {"hazchem", "gas", "fireworks", "non_coal_mine", "metallurgy", "construction",
             "transport", "civil_explosives"}
ONLY_FOR = {
    MAIN: {5: HIGH_RISK, 7: HIGH_RISK, 11: {"hazchem", "gas"},
           30: {"fire", "culture_tourism", "gas", "hazchem"}},
    GONGMAO: {3: {"metallurgy"}, **{s: {"dust_explosion"} for s in range(4, 14)},
              14: {"ammonia_refrigeration"}, 15: {"ammonia_refrigeration"}},
}
# A liquefied-gas filling station has no chemical process plant: these items do not apply.
NOT_FOR_STATION = {HAZCHEM: {4, 8, 10, 11, 13, 14, 19}}


@dataclass
class Problem:
    seq: int            # the checklist item it answers 不符合
    text: str
    kind: str = RECTIFY
    days: int = 0       # rectification period from the inspection day
    major: bool = False


@dataclass
class Visit:
    unit: tuple         # preferred sectors, then name words; "drawn" / "showcase"
    days_back: int
    checklist: str
    team: tuple = ("officer1", "officer2")  # the first records it
    problems: list = field(default_factory=list)
    mode: str = ""      # "" → 计划 for a plan's key unit, else 四不两直
    draft: bool = False
    summary: str = ""


VISITS = [
    Visit(("showcase",), 58, MAIN, problems=[Problem(
        29, "制茶车间东侧安全出口被成箱茶叶堵塞，通道宽度不足0.5米", ON_SITE)]),
    Visit(("drawn",), 38, MAIN, summary="按双随机抽查事项逐项检查，未发现违法违规行为。"),
    Visit((("commerce", "fire"), "超市"), 44, MAIN, ("officer2", "officer1"), [Problem(
        29, "超市后门安全出口上锁，仓库疏散通道堆放饮料纸箱", ON_SITE)]),
    Visit((("dust_explosion",), "木"), 34, GONGMAO, ("officer1", "officer3"), [
        Problem(6, "砂光工序的干式布袋除尘器未设置泄爆装置，也未采取惰化、抑爆措施", days=50,
                major=True),
        Problem(13, "砂光车间地面、设备表面积尘厚度明显超过1毫米，未落实每班清扫制度",
                ON_SITE),  # cleaned while the team was there: a major one could not be
        Problem(10, "除尘器旁配电箱、照明灯具为非防爆型", days=50, major=True)]),
    Visit((("building_materials",), "石"), 27, GONGMAO, ("officer2", "officer1"), [
        Problem(17, "9月下旬安排2名工人进入沉淀池清淤，未履行有限空间作业审批，未检测、"
                    "无专人监护（查阅记录并询问工人确认）", days=40, major=True),
        Problem(16, "厂区沉淀池、污水井未列入有限空间管理台账，未设置安全警示标志", days=40)]),
    Visit((("machinery", "special_equipment"), "机"), 16, MAIN, ("officer2", "officer3"), [
        Problem(26, "装配车间桥式起重机定期检验有效期已于{expired}届满，未申请检验仍在使用",
                days=20),
        Problem(10, "现场1名电焊作业人员未取得特种作业操作证", days=20)]),
    Visit((("culture_tourism", "fire"), "农家乐"), 12, MAIN, ("zhifa1", "officer2"), [
        Problem(30, "厨房使用瓶装液化石油气，未安装可燃气体报警装置", days=15),
        Problem(29, "二楼客房疏散楼梯堆放桌椅杂物", ON_SITE)], mode="joint"),
    Visit(("drawn",), 9, MAIN, problems=[
        Problem(9, "未建立从业人员安全生产教育和培训档案", days=15),
        Problem(16, "未制定生产安全事故应急救援预案", days=30)]),
    Visit((("gas", "hazchem"), "液化气"), 7, HAZCHEM, ("officer1", "head1"), [
        Problem(15, "2号液化石油气储罐安全阀校验有效期已过，未按期送检", days=10, major=True),
        Problem(12, "灌装间可燃气体检测报警仪超期未检定，其中1台报警仪故障", days=10)]),
    Visit((("hazchem",), "加油站"), 5, MAIN, problems=[
        Problem(26, "卸油口静电接地报警仪损坏（指示灯不亮），近期卸油作业未连接静电接地夹；"
                    "整改完成前不得卸油", days=7),
        Problem(17, "未按规定组织应急预案演练，无演练记录", days=30)]),
    Visit(("drawn",), 3, MAIN, summary="按双随机抽查事项逐项检查，未发现违法违规行为。"),
    Visit(("drawn",), 1, MAIN, draft=True),
    Visit((("dust_explosion",), "竹"), 0, GONGMAO, ("officer2", "officer1"), [
        Problem(9, "竹粉干式除尘系统未设置锁气卸灰装置", days=0, major=True)], draft=True),
]
SIGNED = 2  # each officer's signature checks a password (PBKDF2: ~0.4 s): the latest two


def workday_on_or_before(day: date) -> date:
    while not workdays.is_workday(day):
        day -= timedelta(days=1)
    return day


class Picker:
    """The township's enterprises for each visit, each visited once."""

    def __init__(self, cast: DemoCast, draw):
        self.cast, self.used = cast, set()
        self.drawn = []
        if draw is not None:
            operating = {e.pk: e for e in cast.enterprises}
            self.drawn = [(operating[s.enterprise_id], s.officer_ids) for s in
                          DrawSelection.objects.filter(draw=draw).order_by("position")
                          if s.enterprise_id in operating]

    def take(self, e: Enterprise) -> Enterprise:
        self.used.add(e.pk)
        return e

    def unit(self, spec: tuple) -> Enterprise:
        if spec[0] == "showcase" and self.cast.showcase.pk not in self.used:
            return self.take(self.cast.showcase)
        sectors, word = spec if len(spec) == 2 else ((), "")
        free = [e for e in self.cast.enterprises if e.pk not in self.used]
        fits = [e for e in free if set(sectors) <= set(e.sector_codes.split(","))]
        return self.take(next((e for e in fits if word in e.name), None)
                         or next(iter(fits), None) or free[0])

    def drawn_unit(self, day: date, agency) -> tuple[Enterprise, list[int]] | None:
        """A drawn enterprise not yet visited, with its drawn officers: preferably a pair
        with officer1 or officer2, both certified on the day. A drawn officer whose
        certificate has lapsed since is replaced, as the office would."""
        valid = list(certified_officers(agency, day).values_list("pk", flat=True))
        ours = {self.cast.users[u].pk for u in ("officer1", "officer2")}
        left = [(e, o) for e, o in self.drawn if e.pk not in self.used]
        if not left:
            return None
        e, officers = max(left, key=lambda r: (set(r[1]) <= set(valid), bool(ours & set(r[1]))))
        team = [o for o in officers if o in valid]
        spare = dict.fromkeys([*sorted(ours & set(valid)), *valid])
        team += [o for o in spare if o not in team][:max(0, 2 - len(team))]
        return self.take(e), team


def answers(items: dict, visit: Visit, e: Enterprise, draft: bool) -> list[dict]:
    sectors = set(e.sector_codes.split(","))
    bad = {p.seq: p.text for p in visit.problems}
    only = ONLY_FOR.get(visit.checklist, {})
    skip = NOT_FOR_STATION.get(visit.checklist, set())
    rows = []
    for item in items.values():
        if item.seq in bad:
            result = "noncompliant"
        elif item.seq in skip or (item.seq in only and not only[item.seq] & sectors):
            result = "na"
        else:
            result = "compliant"
        rows.append({"item": item.pk, "result": result, "note": bad.get(item.seq, "")[:100]})
    # A draft on the phone: the team is part-way through the list.
    return rows[:len(rows) * 2 // 5] if draft else rows


def findings(visit: Visit, items: dict, day: date, actor_id: int) -> list[dict]:
    by_seq = {i.seq: i for i in items.values()}
    clock_today = timezone.localdate()
    out = []
    for p in visit.problems:
        text = p.text.format(expired=f"{(day - timedelta(days=75)):%Y年%m月}")
        disposition = {"kind": p.kind}
        if p.kind == RECTIFY:
            due = workdays.roll_forward(day + timedelta(days=p.days))
            # The service refuses a deadline before its own today; the periods above are
            # longer than the visit is old, so this only moves a deadline a long holiday hit.
            disposition["deadline"] = max(due, workdays.roll_forward(clock_today))
        out.append({"item": by_seq[p.seq].pk, "description": text, "is_major": p.major,
                    "raised_by": actor_id,
                    "dispositions": [] if visit.draft else [disposition]})
    return out


def started(today: date, days_back: int, n: int) -> datetime:
    """Office hours of a working day ``days_back`` before ``today``; never in the future
    (the service refuses that): before the office opens, a visit 'today' is yesterday's."""
    day = workday_on_or_before(today - timedelta(days=days_back))
    at = time(9 + n % 3, 10 * (n % 5))
    now = timezone.localtime()
    while timezone.make_aware(datetime.combine(day, at)) > now - timedelta(minutes=30):
        day = workday_on_or_before(day - timedelta(days=1))
    return timezone.make_aware(datetime.combine(day, at))


def sign(inspection: Inspection, actor, team: list, e: Enterprise, problems: int) -> None:
    """Both officers sign with their passwords, then the enterprise's person on site."""
    for officer in team:
        signing.inspection_sign(actor=actor, inspection=inspection, kind=SignatureKind.OFFICER,
                                signer_id=officer, password=DEMO_PASSWORD)
    person = (EnterprisePerson.objects.filter(enterprise=e, is_current=True)
              .order_by("role", "pk").values_list("name", flat=True).first())
    signing.inspection_sign(actor=actor, inspection=inspection, kind=SignatureKind.ENTERPRISE,
                            name=person or "现场负责人",
                            statement="以上情况属实，我单位将按期整改。" if problems else
                            "以上情况属实。")


@transaction.atomic
def load(cast: DemoCast, today: date) -> int:
    if Inspection.objects.filter(created_by__is_demo=True).exists():
        return 0
    plan = planning.plan_of(cast, today.year)
    draw = planning.draw_of(plan)
    picker = Picker(cast, draw)
    emergency = cast.agencies["town_emergency"]
    key_units = set(PlanItem.objects.filter(plan=plan, kind__in=(
        PlanItemKind.KEY, PlanItemKind.GRADE)).values_list("enterprise_id", flat=True)) \
        if plan else set()
    versions = {c.code: c.current_version for c in Checklist.objects.filter(
        code__in={v.checklist for v in VISITS})}
    done = []
    for n, visit in enumerate(VISITS):
        at = started(today, visit.days_back, n)
        data = {"mode": visit.mode}
        drawn = picker.drawn_unit(max(at.date(), draw.draw_date), emergency) \
            if visit.unit[0] == "drawn" and draw else None
        if drawn:
            e, team = drawn
            # Not before the draw, nor (drawn this morning) in the future.
            at = min(max(at, timezone.make_aware(datetime.combine(draw.draw_date, at.time()))),
                     timezone.now() - timedelta(minutes=30))
            data.update(mode="random", draw_id=draw.pk, plan_id=plan.pk)
            by_pk = {u.pk: u for u in cast.users.values()}
            ours = [o for o in team if by_pk.get(o) and by_pk[o].username in ("officer1",
                                                                              "officer2")]
            actor = by_pk[(ours or team)[0]]
        else:
            e = picker.unit(visit.unit)
            team = [cast.users[u].pk for u in visit.team]
            actor = cast.users[visit.team[0]]
            if not visit.mode and e.pk in key_units:
                data.update(mode="planned", plan_id=plan.pk)
            data["mode"] = data["mode"] or "unannounced"
        if visit.mode == "joint":
            data["agencies"] = [actor.agency_id, emergency.pk]
        version = versions[visit.checklist]
        items = version_items(version.pk)
        data.update(
            enterprise=e.pk, officers=team, started_at=at, checklist_version=version.pk,
            ended_at=None if visit.draft else at + timedelta(minutes=70 + 15 * len(
                visit.problems)),
            place=e.address, latitude=e.latitude, longitude=e.longitude,
            answers=answers(items, visit, e, visit.draft),
            findings=findings(visit, items, at.date(), actor.pk),
            summary=visit.summary or ("" if visit.draft else
                                      f"检查发现问题{len(visit.problems)}项，已当场告知整改要求。"
                                      if visit.problems else "未发现违法违规行为。"))
        inspection = services.inspection_create(actor=actor, data=data, submit=not visit.draft)
        done.append((inspection, actor, team, e, len(visit.problems)))
    submitted = sorted((r for r in done if r[0].status == Status.SUBMITTED),
                       key=lambda r: r[0].started_at)
    for record in submitted[max(0, len(submitted) - SIGNED):]:
        sign(*record)
    return len(done) + review_one(cast, today, versions[MAIN])


def review_one(cast: DemoCast, today: date, version) -> int:
    """The 复查 of the earliest deadline among the signed records: the enterprise reported
    it rectified the next working day (its paper report, recorded by the officer), and the
    team re-checked it on site since. Completing the 复查 record closes the hazard
    (``inspections.review_results``); the record's other deadlines stay scheduled."""
    scheduled = (ReInspection.objects.filter(source__status=Status.SIGNED,
                                             source__created_by__is_demo=True)
                 .select_related("source", "disposition", "enterprise")
                 .order_by("disposition__deadline", "pk").first())
    if scheduled is None:
        return 0
    source = scheduled.source
    found = timezone.localdate(source.started_at)
    on = workday_on_or_before(today - timedelta(days=1))
    reported = workday_on_or_before(on - timedelta(days=1))
    if reported <= found:
        return 0  # signed too recently for a report and a 复查 before today
    team = list(source.members.filter(kind="officer").order_by("pk")
                .values_list("user_id", flat=True))
    by_pk = {u.pk: u for u in cast.users.values()}
    actor = by_pk[team[0]]
    hazard = Hazard.objects.get(pk=scheduled.disposition.followup_id)
    with replaying(reported):
        hazard_submit_rectification(
            actor=actor, hazard=hazard,
            description="已按责令限期整改指令书完成整改，整改后照片附后。",
            after=[SimpleUploadedFile("整改后.png", photos.AFTER_PNG, "image/png")])
    e = scheduled.enterprise
    at = timezone.make_aware(datetime.combine(on, time(15, 0)))
    review = services.inspection_create(actor=actor, submit=True, data={
        "enterprise": e.pk, "mode": "review", "review_of": scheduled.pk, "officers": team,
        "started_at": at, "ended_at": at + timedelta(minutes=40),
        "checklist_version": version.pk, "place": e.address,
        "answers": answers(version_items(version.pk), Visit(("review",), 0, MAIN), e, False),
        "findings": [],
        "summary": f"对{scheduled.disposition.finding.description[:40]}…的整改情况进行复查，"
                   "已整改到位。"})
    sign(review, actor, team, e, 0)
    return 1
