"""The demo's hazard ledger: about thirty hazards of the township's enterprises at every stage
of the closed loop (待整改 → 整改中 → 待复查 → 已销号, a failed review, a reopened one), major
ones with their 五落实 plans, two 挂牌督办, the showcase enterprise's portal and duties, and
the nightly sweep's 逾期 flags and reminders.

Every write goes through ``anzhi.hazards.services`` with the demo users as actors. The
services date each step by the acting day (``core.acting_day``) and refuse a deadline
before it; the demo replays the last two months, so each step runs on the day it happened
(``replaying``) — as an officer entering it that day would have. What the stories say is
in hazards_data.py.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from anzhi.core.acting_day import replaying
from anzhi.hazards import services
from anzhi.hazards.models import Hazard
from anzhi.registry.models import Enterprise, EnterprisePerson

from . import hazards_data as D
from .cast import DemoCast
from .photos import AFTER_PNG, BEFORE_PNG

# The mark of this step's hazards (their 来源记录类型, shown nowhere): a second run finds it
# and writes nothing; hazards the inspections step registered do not carry it.
MARKER = "demo.hazards"
REOPEN_DAYS = 10       # the new deadline of the reopened hazard
EXTEND_DAYS = 20       # the township listing's deadline, extended to today + this
# The 挂牌督办 notices' numbers (not issued by core.numbering: the service takes the number
# of the agency's own notice as typed).
LISTING_NUMBERS = {"township": "湖乡应急督〔{year}〕3号", "county": "安县应急督〔{year}〕7号"}


def load(cast: DemoCast, today: date) -> int:
    """Write the demo hazards; returns how many (0: they are already there)."""
    if Hazard.objects.filter(source_type=MARKER).exists():
        return 0
    with transaction.atomic():
        run = _Run(cast, today)
        for story in D.STORIES:
            run.tell(story)
        run.duties()
        run.sweep()
    return run.written








class _Run:
    def __init__(self, cast: DemoCast, today: date):
        self.cast, self.today = cast, today
        self.written = 0
        self.used: set[int] = {cast.showcase.pk}
        self.touched: list[Enterprise] = []
        self.overdue_days: set[date] = set()
        self.people = self._people()

    def _people(self) -> dict[int, tuple[str, str]]:
        """Each enterprise's principal (主要负责人): the plans' responsible person and the
        self-inspections' leader. One query for the township."""
        rows = EnterprisePerson.objects.filter(
            role="principal", is_current=True,
            enterprise_id__in=[e.pk for e in self.cast.enterprises]).values_list(
            "enterprise_id", "name", "phone")
        return {pk: (name, phone) for pk, name, phone in rows}

    def principal(self, enterprise: Enterprise) -> tuple[str, str]:
        return self.people.get(enterprise.pk, ("主要负责人", ""))

    def user(self, name: str):
        return self.cast.users[name]

    def pick(self, story: D.Story) -> Enterprise | None:
        """The story's enterprise: the first unused one of its sectors, preferring a name
        that fits (a 超市 for a blocked supermarket exit); None when the sector is absent."""
        if story.showcase:
            return self.cast.showcase
        candidates = [e for code in story.sectors for e in self.cast.by_sector.get(code, ())
                      if e.pk not in self.used]
        fitting = [e for e in candidates if any(w in e.name for w in story.names)]
        chosen = (fitting or candidates or [None])[0]
        if chosen is not None:
            self.used.add(chosen.pk)
            self.touched.append(chosen)
        return chosen

    def day(self, n: int) -> date:
        return self.today + timedelta(days=n)

    # --- one story ---------------------------------------------------------------------

    def tell(self, story: D.Story) -> None:
        enterprise = self.pick(story)
        if enterprise is None:
            return
        officer = self.user(story.officer)
        # The enterprise user takes the enterprise's own steps; elsewhere the officer records
        # them from the enterprise's paper report (the other enterprises have no account).
        company = self.user("enterprise1") if story.showcase else officer
        found, due = self.day(-story.found), self.day(story.due)
        with replaying(found):
            hazard = services.hazard_create(actor=company if story.source == "self_report"
                                            else officer, enterprise=enterprise,
                                            data=self._data(story, officer, found, due))
        self.written += 1
        if story.level == "major":
            with replaying(min(found + timedelta(days=1), self.today)):
                services.hazard_set_plan(actor=company, hazard=hazard,
                                         data=self._plan(story, enterprise, due))
        if story.listing:
            self._list(story, hazard, found)
        end = min(due, self.today)  # the last day the enterprise could still act in time
        span = max((end - found).days, 2)
        if story.stage == D.RECTIFYING:
            with replaying(min(found + timedelta(days=2), self.today)):
                services.hazard_start(actor=company, hazard=hazard)
        elif story.stage in (D.AWAITING, D.CLOSED, D.FAILED, D.REOPENED):
            submitted = found + timedelta(days=span * 2 // 3)
            self._submit(story, company, hazard, submitted)
            if story.stage != D.AWAITING:
                self._review(story, officer, hazard, min(submitted + timedelta(days=2),
                                                         self.today),
                             passed=story.stage != D.FAILED)
        elif story.stage == D.FAILED_TWICE:
            for part in (1, 2):
                submitted = found + timedelta(days=span * part // 3)
                self._submit(story, company, hazard, submitted)
                self._review(story, officer, hazard,
                             min(submitted + timedelta(days=2), self.today), passed=False)
        if story.stage == D.REOPENED:
            with replaying(self.day(-3)):
                services.hazard_reopen(actor=officer, hazard=hazard, reason=story.reopen,
                                       rectify_due=self.day(REOPEN_DAYS))
        hazard.refresh_from_db(fields=["status", "rectify_due"])
        if hazard.is_overdue(self.today):
            self.overdue_days.add(hazard.rectify_due + timedelta(days=1))

    def _data(self, story: D.Story, officer, found: date, due: date) -> dict:
        return {"level": story.level, "source": story.source, "criterion": story.criterion,
                "description": story.description, "place": story.place, "found_on": found,
                "rectify_due": due, "agency": officer.agency_id,
                "source_type": MARKER, "source_label": D.SOURCE_LABELS[story.source]}

    def _plan(self, story: D.Story, enterprise: Enterprise, deadline: date) -> dict:
        name, phone = self.principal(enterprise)
        return {"responsible_person": name, "responsible_phone": phone,
                "measures": story.measures, "funds": story.funds, "deadline": deadline,
                "emergency_plan": story.emergency}

    def _submit(self, story: D.Story, actor, hazard: Hazard, on: date) -> None:
        with replaying(on):
            services.hazard_submit_rectification(
                actor=actor, hazard=hazard, description=f"已整改：{story.measures}",
                money_spent=Decimal(story.funds or 500),
                before=[SimpleUploadedFile("整改前.png", BEFORE_PNG, "image/png")],
                after=[SimpleUploadedFile("整改后.png", AFTER_PNG, "image/png")])

    def _review(self, story: D.Story, officer, hazard: Hazard, on: date, *,
                passed: bool) -> None:
        major = story.level == "major"
        # A major hazard: two certified officers on site (行政处罚法 Art 42).
        others = [officer.pk, self.user("officer2" if officer.username != "officer2"
                                        else "officer1").pk] if major else None
        with replaying(on):
            services.hazard_review(actor=officer, hazard=hazard, passed=passed,
                                   opinion="" if passed else story.opinion, on_site=major,
                                   officer_ids=others)

    def _list(self, story: D.Story, hazard: Hazard, found: date) -> None:
        """挂牌督办 three days after it was found; the township's is extended a week ago."""
        listed = found + timedelta(days=3)
        county = story.listing == "county"
        # The county bureau lists its own: its officer names the bureau as supervising.
        actor = self.user("county1" if county else "officer1")
        number = LISTING_NUMBERS[story.listing].format(year=listed.year)
        with replaying(listed):
            listing = services.hazard_list_for_supervision(
                actor=actor, hazard=hazard, level=story.listing, document_number=number,
                deadline=self.day(story.due), listed_on=listed,
                agency=self.cast.agencies["county_emergency"] if county else None)
        if county:
            return
        with replaying(self.day(-6)):
            services.listing_extend(
                actor=self.user("head1"), listing=listing, to_due=self.day(EXTEND_DAYS),
                reason="定制锁气卸灰阀和泄爆片供货周期约30天，企业已停用相关工位并落实临时管控措施，"
                       "经现场核实同意延期")
            # The plan follows the new deadline.
            services.hazard_set_plan(actor=self.user(story.officer), hazard=hazard,
                                     data=self._plan(story, hazard.enterprise,
                                                     self.day(EXTEND_DAYS)))

    # --- duties and the nightly sweep --------------------------------------------------

    def duties(self) -> None:
        """The showcase enterprise on schedule; a few others on schedule or behind."""
        showcase = self.cast.showcase
        plans = [(showcase, self.user("enterprise1"), D.SHOWCASE_DUTIES)]
        plans += [(e, self.user("officer1"), D.ON_SCHEDULE_DUTIES) for e in self.touched[:3]]
        plans += [(e, self.user("officer2"), D.BEHIND_DUTIES) for e in self.touched[3:6]]
        with replaying(self.today):
            for enterprise, actor, records in plans:
                leader = self.principal(enterprise)[0]
                for duty, ago, title, participants in records:
                    services.duty_record_create(actor=actor, enterprise=enterprise, data={
                        "duty": duty, "held_on": self.day(-ago), "title": title,
                        "leader_name": leader, "participants": participants,
                        "summary": "检查（演练、培训）记录和照片已归档"})

    def sweep(self) -> None:
        """The nightly run as it would have gone: each overdue hazard flagged the day after
        its deadline, then today's reminders and digests."""
        for day in sorted(self.overdue_days):
            services.sweep_overdue(day=day)
        services.daily_run(day=self.today)
