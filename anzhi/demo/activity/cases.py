"""The demo's penalty cases: eight cases of the township 应急办 at the stages an officer meets
— a 简易程序 decided on the spot and closed, a 普通程序 case all the way to the archive, one in
执行 with its payment period running out, one decided and not yet served, one 告知 with the
hearing-request period running, one under investigation near its 30-day decision limit, one
received from the 综合行政执法队 awaiting 立案审批, and one transferred to the police.

Every write goes through ``anzhi.cases.services`` with the demo officers as actors; the head
(head1) approves, decides and closes. The services date each step by the acting day
(``core.acting_day``) and refuse a date after it, so each step is replayed on the day it
happened (``replaying``), as in the hazards step; the deadlines are therefore the law's,
computed by the services. Fines are the discretion recommendation
(``services.recommend_for``), so the law functions accept them. What the cases say is in
cases_data.py.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from anzhi.cases import clocks, services
from anzhi.cases.choices import (
    Direction,
    EvidenceKind,
    PartyKind,
    Procedure,
    ReferralKind,
    ReferralStatus,
    Source,
)
from anzhi.cases.models import PenaltyCase
from anzhi.core.acting_day import replaying
from anzhi.hazards.models import Hazard
from anzhi.registry.models import Enterprise, EnterprisePerson

from . import cases_data as D
from .cast import DemoCast
from .photos import png


def load(cast: DemoCast, today: date) -> int:
    """Write the demo cases; returns how many (0: they are already there)."""
    if PenaltyCase.objects.filter(title__in=D.TITLES,
                                  agency=cast.agencies["town_emergency"]).exists():
        return 0
    with transaction.atomic():
        run = _Run(cast, today)
        for story in D.STORIES:
            run.tell(story)
        # The nightly sweep as it runs tonight: the 70 % / 90 % warnings of the near clocks.
        clocks.sweep(today)
    return run.written






PHOTO = png((130, 110, 95))


class _Run:
    def __init__(self, cast: DemoCast, today: date):
        self.cast, self.today = cast, today
        self.written = 0
        self.used: set[int] = {cast.showcase.pk}  # the showcase's story is the hazards'
        self.head = cast.users["head1"]

    def day(self, story: D.Story, step: str) -> date:
        return self.today - timedelta(days=(story.days or {})[step])

    def pick(self, story: D.Story) -> Enterprise | None:
        """The first unused enterprise of the story's sectors, preferring a fitting name; any
        unused one where the sectors are absent (a small demo)."""
        candidates = [e for code in story.sectors for e in self.cast.by_sector.get(code, ())
                      if e.pk not in self.used]
        fitting = [e for e in candidates if any(w in e.name for w in story.names)]
        rest = [e for e in self.cast.enterprises if e.pk not in self.used]
        chosen = (fitting or candidates or rest or [None])[0]
        if chosen is not None:
            self.used.add(chosen.pk)
        return chosen

    def overdue_hazard(self, story: D.Story) -> Hazard | None:
        """A hazard the hazards step left overdue, if it ran, at an enterprise of the story's
        sectors (its texts are about that trade): the 102 case's source."""
        wanted = {e.pk for code in story.sectors[:1] for e in self.cast.by_sector.get(code, ())}
        return (Hazard.objects.filter(enterprise_id__in=wanted - self.used,
                                      overdue_flagged=True)
                .select_related("enterprise").order_by("id").first())

    # --- one story ---------------------------------------------------------------------

    def tell(self, story: D.Story) -> None:
        if story.stage == D.FILING:
            return self._referred(story)
        hazard = self.overdue_hazard(story) if story.source == Source.HAZARD else None
        enterprise = hazard.enterprise if hazard else self.pick(story)
        if enterprise is None:
            return
        self.used.add(enterprise.pk)
        officer = self.cast.users[story.officer]
        team = [officer.pk, self.cast.users["officer2" if story.officer == "officer1"
                                           else "officer1"].pk]
        simple = story.stage == D.SIMPLE_CLOSED
        source = dict(source_type=Source.INSPECTION, source_label=story.source_label)
        if hazard:
            source = dict(source_type=Source.HAZARD, source_id=hazard.pk,
                          source_label=f"隐患台账 隐患{hazard.pk}（逾期未整改）")
        with replaying(self.day(story, "created")):
            case = services.case_create(
                actor=officer, enterprise=enterprise, title=story.title,
                procedure_kind=Procedure.SIMPLE if simple else Procedure.ORDINARY,
                facts=f"{enterprise.name}{story.facts}。", officers=team,
                violations=[{"entry_id": story.entry, "facts": story.facts,
                             "circumstances": list(story.circumstances)}],
                parties=self._person(enterprise) if story.person else None,
                crime_facts=story.crime_facts, **source)
        self.written += 1
        if simple:
            self._evidence(story, officer, case)
            return self._simple(story, officer, case)
        self._step(story, "filed", self.head, case, "approve_filing", officers=team)
        self._evidence(story, officer, case)
        if story.stage == D.INVESTIGATING:
            return
        if story.stage == D.TRANSFERRED:
            return self._transfer(story, officer, case)
        self._step(story, "reviewed", officer, case, "submit_review")
        proposal = self._proposal(case)
        measures = sorted({m for line in proposal for m in line.pop("measures")})
        self._step(story, "notified", officer, case, "notify", proposal=proposal,
                   measures=measures)
        if story.stage == D.NOTIFIED:
            return
        self._step(story, "waived", officer, case, "waive", reason=D.WAIVE)
        with replaying(self.day(story, "decided")):
            services.case_decide(actor=self.head, case=case, lines=proposal,
                                 decided_on=self.day(story, "decided"))
        if story.stage == D.DECIDED:
            return
        self._step(story, "served", officer, case, "serve")
        self._step(story, "published", officer, case, "publish")
        if story.stage == D.EXECUTING:
            return
        self._pay(story, officer, case)
        self._step(story, "closed", self.head, case, "close")
        self._step(story, "archived", officer, case, "archive")

    def _step(self, story: D.Story, step: str, actor, case: PenaltyCase, action: str,
              **data) -> None:
        day = self.day(story, step)
        with replaying(day):
            services.case_transition(actor=actor, case=case, action=action,
                                     data={"on": day, **data})

    def _person(self, enterprise: Enterprise) -> list[dict]:
        """The enterprise's safety manager (else its principal) as the responsible person."""
        people = {p.role: p for p in EnterprisePerson.objects.filter(
            enterprise=enterprise, is_current=True, role__in=["safety_manager", "principal"])}
        person = people.get("safety_manager") or people.get("principal")
        if person is None:
            return []
        return [{"kind": PartyKind.PERSON, "person": person.pk,
                 "position": "安全管理人员" if person.role == "safety_manager" else "主要负责人"}]

    def _evidence(self, story: D.Story, officer, case: PenaltyCase) -> None:
        violation = case.violations.values_list("pk", flat=True).first()
        for kind, title, content, ago in story.evidence:
            day = self.today - timedelta(days=ago)
            photo = (SimpleUploadedFile(f"{title}.png", PHOTO, "image/png")
                     if kind == EvidenceKind.PHOTO else None)
            with replaying(day):
                services.case_add_evidence(actor=officer, case=case, kind=kind, title=title,
                                           content=content, collected_on=day,
                                           violation=violation, file=photo)

    def _proposal(self, case: PenaltyCase, amount: int | None = None) -> list[dict]:
        """One line per party the article fines: the recommended amount of the discretion
        benchmark (``amount`` for the unit where the story sets it)."""
        lines = []
        for v in case.violations.active():
            for p in case.parties.active():
                try:
                    rec = services.recommend_for(v, p.kind)
                except LookupError:  # the article fines no such party at this stage
                    continue
                fine = amount if amount is not None and p.kind == PartyKind.UNIT else rec.amount
                lines.append({"party": p.pk, "violation": v.pk, "amount": str(fine),
                              "measures": list(rec.measures)})
        return lines

    def _pay(self, story: D.Story, officer, case: PenaltyCase) -> None:
        day = self.day(story, "paid")
        case.refresh_from_db(fields=["fine_total", "decision_number"])
        with replaying(day):
            services.case_record_payment(actor=officer, case=case, amount=case.fine_total,
                                         paid_on=day,
                                         receipt_number=f"FJ{day:%Y%m%d}{case.pk:06d}")

    def _simple(self, story: D.Story, officer, case: PenaltyCase) -> None:
        """简易程序 (行政处罚法 Art 51, 52): decided and handed over on the spot, paid, closed."""
        lines = self._proposal(case, story.amount)
        measures = "；".join(sorted({m for line in lines for m in line.pop("measures")}))
        day = self.day(story, "decided")
        with replaying(day):
            services.case_decide(actor=officer, case=case, lines=lines, decided_on=day,
                                 measures=measures)
        self._pay(story, officer, case)
        self._step(story, "closed", officer, case, "close")

    def _transfer(self, story: D.Story, officer, case: PenaltyCase) -> None:
        """移送公安机关 (行政处罚法 Art 27): the head decides; the police accept it."""
        with replaying(self.day(story, "transferred")):
            services.case_transition(actor=self.head, case=case, action="transfer", data={
                "kind": ReferralKind.JUDICIAL, "counterpart": D.POLICE, "reason": D.TRANSFER})
        referral = case.referrals.get()
        day = self.day(story, "accepted")
        with replaying(day):
            services.referral_advance(actor=officer, referral=referral,
                                      status=ReferralStatus.ACCEPTED, on=day,
                                      document=D.COURT_DOC)

    def _referred(self, story: D.Story) -> None:
        """The 综合行政执法队 (zhifa1) hands a 液化气 storage it found on patrol to the 应急办,
        which records it received and opens a case awaiting 立案审批; the team's referral is
        answered. Two rows: each agency keeps its own (移出 and 移入)."""
        enterprise = self.pick(story)
        if enterprise is None:
            return
        zhifa, officer = self.cast.users["zhifa1"], self.cast.users[story.officer]
        enforcement = self.cast.agencies["town_enforcement"]
        sent, received = self.day(story, "sent"), self.day(story, "received")
        with replaying(sent):
            outgoing = services.referral_create(
                actor=zhifa, enterprise=enterprise, kind=ReferralKind.AGENCY,
                direction=Direction.OUTGOING, counterpart=D.REFERRAL_COUNTERPART,
                facts=story.facts, response_due=(sent + timedelta(days=15)).isoformat())
        with replaying(received):
            incoming = services.referral_create(
                actor=officer, enterprise=enterprise, kind=ReferralKind.AGENCY,
                direction=Direction.INCOMING, counterpart=enforcement.name, facts=story.facts,
                sent_on=sent)
            services.referral_advance(actor=zhifa, referral=outgoing,
                                      status=ReferralStatus.RECEIVED, on=received)
            services.referral_open_case(actor=officer, referral=incoming, title=story.title)
        self.written += 1
        day = self.day(story, "responded")
        with replaying(day):
            services.referral_advance(actor=zhifa, referral=outgoing,
                                      status=ReferralStatus.RESPONDED, on=day,
                                      note=D.REFERRAL_RESPONSE)
