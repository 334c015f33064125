"""Helpers for case tests: a settable "today" and a builder that walks a case through the
procedure with the services, so each test starts at the step it is about."""

from datetime import date
from decimal import Decimal

import pytest

from anzhi.cases import services
from anzhi.cases.choices import EvidenceKind, PartyKind, Procedure
from anzhi.cases.models import PenaltyCase
from tests.factories import add_person


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The cast's dozen users hash their passwords; MD5 keeps setup quick in these tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded evidence lands in the test's own directory, never in var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def today(monkeypatch):
    """Set the services' today: ``today(date(2026, 9, 1))``. Starts on 2026-09-01."""
    state = {}

    def set_today(day: date) -> date:
        state["day"] = day
        monkeypatch.setattr(services, "today", lambda: state["day"])
        return day

    set_today(date(2026, 9, 1))
    return set_today


class Flow:
    def __init__(self, cast, today):
        self.cast = cast
        self.today = today

    def new(self, *, entry="AQSCF-99-1", overdue=False, dual=False, procedure=Procedure.ORDINARY,
            circumstances=(), crime_facts=None, accident=None, is_serious=False,
            officer=None) -> PenaltyCase:
        c = self.cast
        parties = []
        if dual:
            person = add_person(c.enterprise_a, name="王五")
            parties = [{"kind": PartyKind.PERSON, "person": person.pk, "position": "车间主任"}]
        return services.case_create(
            actor=officer or c.officer_a, enterprise=c.enterprise_a, title="未设置安全警示标志",
            procedure_kind=procedure, source_type="inspection", source_id=7,
            source_label="现场检查记录 湖上应急检〔2026〕7号", facts="粉碎车间未设置警示标志",
            officers=[c.officer_a.pk, c.officer_a2.pk],
            violations=[{"entry_id": entry, "facts": "粉碎车间", "overdue": overdue,
                         "circumstances": list(circumstances)}],
            parties=parties, crime_facts=crime_facts, accident=accident, is_serious=is_serious)

    def act(self, case, action, user=None, **data):
        return services.case_transition(actor=user or self.cast.officer_a, case=case,
                                        action=action, data=data)

    def investigating(self, case, on=None):
        return self.act(case, "approve_filing", self.cast.head_a, on=on)

    def review(self, case):
        services.case_add_evidence(actor=self.cast.officer_a, case=case,
                                   kind=EvidenceKind.INQUIRY, title="询问张三",
                                   content="问：警示标志为何未设置？答：忘记了。")
        services.case_add_evidence(actor=self.cast.officer_a, case=case,
                                   kind=EvidenceKind.SCENE, title="粉碎车间勘验",
                                   content="车间入口无警示标志。")
        return self.act(case, "submit_review")

    def proposal(self, case, amounts):
        """amounts: {party kind: amount} for the first violation."""
        v = case.violations.first()
        return [{"violation": v.pk, "party": case.parties.get(kind=k).pk, "amount": str(a)}
                for k, a in amounts.items()]

    def notified(self, case, amounts, on=None, measures=()):
        return self.act(case, "notify", proposal=self.proposal(case, amounts), on=on,
                        measures=list(measures))

    def lines(self, case, amounts, level=None, reason=""):
        v = case.violations.first()
        out = []
        for k, a in amounts.items():
            line = {"violation": v.pk, "party": case.parties.get(kind=k).pk, "amount": str(a),
                    "deviation_reason": reason}
            if level:
                line["level"] = level
            out.append(line)
        return out

    def decide(self, case, amounts, user=None, **kw):
        return services.case_decide(actor=user or self.cast.head_a, case=case,
                                    lines=self.lines(case, amounts, kw.pop("level", None),
                                                     kw.pop("reason", "")), **kw)

    def to_decided(self, case, amount=Decimal("22500")):
        self.investigating(case)
        self.review(case)
        case = self.notified(case, {"unit": amount})
        case.refresh_from_db()
        return self.decide(case, {"unit": amount})


@pytest.fixture
def flow(cast, today):
    return Flow(cast, today)


@pytest.fixture
def investigating(flow):
    """A new case of agency_a, filed and under investigation."""
    case = flow.new()
    flow.investigating(case)
    return case
