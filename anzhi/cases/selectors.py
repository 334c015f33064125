"""Reads shaped for the case pages and the API, always through jurisdiction scoping."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Avg, Count, Max, Min, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from anzhi.accounts.models import Role, User
from anzhi.core.models import IssuedDocument
from anzhi.law import discretion

from . import clocks, documents, fines, privacy, scope
from .choices import (
    ADVERSE_OUTCOMES,
    DeadlineState,
    DecisionKind,
    Outcome,
    Procedure,
    Status,
)
from .models import (
    CaseDeadline,
    CaseFileReview,
    Evidence,
    Payment,
    PenaltyCase,
    PenaltyLine,
    Referral,
    ReviewProceeding,
)
from .review_sheet import SHEET


@dataclass
class CaseFilters:
    q: str = ""
    status: str = ""
    procedure: str = ""
    source_type: str = ""
    agency: int | None = None
    enterprise: int | None = None
    pre_accident: bool | None = None
    clock: str = ""  # "missed" | "warning"
    filed_from: dt.date | None = None
    filed_to: dt.date | None = None


def case_list(user: User, f: CaseFilters | None = None) -> QuerySet[PenaltyCase]:
    f = f or CaseFilters()
    qs = scope.restrict(PenaltyCase.objects.all(), user)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.procedure:
        qs = qs.filter(procedure=f.procedure)
    if f.source_type:
        qs = qs.filter(source_type=f.source_type)
    if f.agency:
        qs = qs.filter(agency_id=f.agency)
    if f.enterprise:
        qs = qs.filter(enterprise_id=f.enterprise)
    if f.pre_accident is not None:
        qs = qs.filter(accident__isnull=f.pre_accident)
    if f.filed_from:
        qs = qs.filter(filed_on__gte=f.filed_from)
    if f.filed_to:
        qs = qs.filter(filed_on__lte=f.filed_to)
    if f.q:
        qs = qs.filter(Q(number__startswith=f.q) | Q(title__contains=f.q))
    if f.clock == "missed":
        qs = qs.filter(pk__in=CaseDeadline.objects.filter(
            state=DeadlineState.MISSED, obligor="agency").values("case_id"))
    elif f.clock == "warning":
        qs = qs.filter(pk__in=CaseDeadline.objects.filter(
            state=DeadlineState.RUNNING, warned__gte=70).values("case_id"))
    return qs.select_related("enterprise", "agency").order_by("-id")


def get_case(user: User, pk: int, action="view") -> PenaltyCase:
    """The case if the user may see (or change) it; 404 alike for missing and forbidden."""
    case = (scope.restrict(PenaltyCase.objects.all(), user, action).filter(pk=pk)
            .select_related("enterprise", "agency", "accident", "region").first())
    if case is None:
        raise Http404("未找到该案件")
    return case


def get_evidence_file(user: User, case_id: int, evidence_id: int) -> Evidence:
    """Evidence with a file the user may open (privacy.evidence_access); 404 alike for a
    missing or invisible case, evidence or file."""
    case = get_case(user, case_id)
    if privacy.evidence_access(user, case) != privacy.FILES:
        raise Http404("未找到该文件")
    evidence = case.evidence.exclude(file="").filter(pk=evidence_id).first()
    if evidence is None:
        raise Http404("未找到该文件")
    return evidence


def can_act(user: User, case: PenaltyCase) -> bool:
    if user.is_superuser:
        return True
    return user.agency_id == case.agency_id and user.role in (Role.OFFICER, Role.AGENCY_HEAD)


def is_head(user: User, case: PenaltyCase) -> bool:
    return user.role == Role.AGENCY_HEAD and user.agency_id == case.agency_id


# Buttons offered on the case page per state (the service still decides). The clock steps
# (suspend, resume) and 延长办案期限 are not listed: the page asks the service's own rules
# (services.clock_steps, services.EXTENDABLE), as the steps do.
PAGE_ACTIONS: dict[str, list[str]] = {
    Status.FILING: ["approve_filing", "reject_filing", "transfer"],
    Status.INVESTIGATING: ["submit_review", "revoke_filing", "transfer"],
    Status.REVIEW: ["notify", "return_investigation", "revoke_filing", "transfer"],
    Status.NOTIFIED: ["waive", "request_hearing", "discuss", "revoke_filing"],
    Status.HEARING: ["finish_hearing"],
    Status.HEARD: ["discuss", "revoke_filing"],
    Status.DISCUSSION: [],
    Status.DECIDED: ["serve", "publish"],
    Status.SERVED: ["close", "publish"],
    Status.EXECUTING: ["apply_enforcement", "close", "publish"],
    Status.ENFORCING: ["close", "publish"],
    Status.CLOSED: ["archive", "publish"],
}

DOCUMENT_TITLES = {
    "case_filing": "立案审批表",
    "penalty_notice": "行政处罚告知书",
    "hearing_notice": "听证告知书",
    "penalty_decision": "行政处罚决定书",
    "service_receipt": "送达回执",
    "case_closing": "结案审批表",
}


def available_documents(case: PenaltyCase) -> list[tuple[str, str]]:
    issued = set(IssuedDocument.objects.filter(
        object_type=case._meta.label_lower, object_id=str(case.pk)).values_list("kind",
                                                                                 flat=True))
    # Only the latest notice's documents: a fresh notice replaces the stale one's.
    issued = (issued - set(documents.NOTICE_KINDS)) | set(documents.current_notice(case))
    docs = []
    for kind, title in DOCUMENT_TITLES.items():
        if kind == "service_receipt":
            if case.decided_on:
                docs.append((kind, title))
        elif kind in issued:
            docs.append((kind, "当场行政处罚决定书" if kind == "penalty_decision"
                         and case.procedure == Procedure.SIMPLE else title))
    return docs


def crimes_of(case: PenaltyCase):
    from .services import possible_crimes

    return possible_crimes(case)


def case_page(user: User, pk: int) -> dict:
    from .services import ACTIONS, EXTENDABLE, clock_steps, owed

    case = get_case(user, pk)
    today = timezone.localdate()
    deadlines = [clocks.view(d, today) for d in case.deadlines.all().order_by("due", "id")]
    actions = []
    if can_act(user, case) and case.procedure == Procedure.ORDINARY:
        suspended = case.suspensions.filter(ended_on=None).exists()
        steps = [*PAGE_ACTIONS.get(case.status, []),
                 *(["extend"] if case.status in EXTENDABLE else []),
                 *clock_steps(case.status, suspended=suspended)]
        actions = [(a, ACTIONS[a][0]) for a in steps]
    elif can_act(user, case):
        actions = [(a, ACTIONS[a][0]) for a in
                   {Status.SERVED: ["close"], Status.EXECUTING: ["close"],
                    Status.CLOSED: ["archive"]}.get(case.status, [])]
    crimes = crimes_of(case)
    decided = case.decided_on is not None
    evidence_access = privacy.evidence_access(user, case)
    parties = list(case.parties.select_related("voided_by"))
    violations = list(case.violations.select_related("voided_by"))
    return {
        "case": case,
        "parties": parties,
        "violations": violations,
        "active_parties": [p for p in parties if not p.is_void],
        "active_violations": [v for v in violations if not v.is_void],
        "income_access": privacy.income_access(user, case),
        "evidence_access": evidence_access,
        # For the enterprise, only what existed at its latest 告知 (privacy.visible_evidence).
        "evidence": list(privacy.visible_evidence(user, case, evidence_access)
                         .select_related("collected_by")),
        "lines": list(case.lines.select_related("party", "violation")) if decided else [],
        "transitions": list(case.transitions.select_related("actor")),
        "deadlines": deadlines,
        "payments": list(case.payments.all()) if decided else [],
        "proceedings": list(case.proceedings.all()) if decided else [],
        "referrals": list(case.referrals.all()),
        "officers": list(case.officers.all()),
        "owed": owed(case) if case.status in (Status.EXECUTING, Status.ENFORCING) else None,
        "crimes": crimes,
        "needs_referral_decision": bool(crimes) and not case.referral_decision,
        "actions": actions,
        "can_act": can_act(user, case),
        "is_head": is_head(user, case),
        "can_decide": (case.status in (Status.NOTIFIED, Status.HEARD, Status.DISCUSSION)
                       and is_head(user, case)) or (case.status == Status.SIMPLE
                                                    and can_act(user, case)),
        "documents": available_documents(case),
        "file_reviews": (list(case.file_reviews.select_related("reviewer"))
                         if case.status in (Status.CLOSED, Status.ARCHIVED) else []),
    }


# --- discretion and 同案同罚 ---------------------------------------------------------------

def _median(values: list[Decimal]) -> Decimal | None:
    return Decimal(statistics.median(values)).quantize(Decimal("0.01")) if values else None


def same_case_stats(user: User, entry_id: str, party_kind: str = "unit") -> dict:
    """How this violation was fined across the user's jurisdiction (同案同罚)."""
    cases = scope.restrict(PenaltyCase.objects.all(), user).filter(
        decision_kind=DecisionKind.PENALTY, decision_revoked=False)
    qs = PenaltyLine.objects.filter(entry_id=entry_id, party_kind=party_kind,
                                    case__in=cases.values("pk"), amount__gt=0)
    agg = qs.aggregate(n=Count("id"), lo=Min("amount"), hi=Max("amount"), avg=Avg("amount"))
    median = None
    if agg["n"]:
        if connection.vendor == "postgresql":
            from django.db.models import Func

            median = qs.aggregate(m=Func("amount", function="percentile_cont",
                                         template="%(function)s(0.5) WITHIN GROUP (ORDER BY "
                                                  "%(expressions)s)"))["m"]
            median = Decimal(str(median)).quantize(Decimal("0.01"))
        else:
            median = _median(list(qs.values_list("amount", flat=True)))
    return {"count": agg["n"], "min": agg["lo"], "max": agg["hi"], "median": median}


def decision_context(user: User, case: PenaltyCase) -> list[dict]:
    """For every violation × party the law fines: the range, the recommendation, 同案同罚.
    A fine set as a share of a person's income (Art 95, 96, 110) shows the income and the
    range computed from it, or what is missing to compute it (``problems``)."""
    rows = []
    parties = list(case.parties.active())
    for v in case.violations.active():
        for p in parties:
            try:
                pf = fines.party_fine(case, v, p)
            except LookupError:
                continue
            rows.append({"violation": v, "party": p, "low": pf.low, "high": pf.high,
                         "rec": pf.rec, "by_income": pf.by_income, "income": pf.income,
                         "problems": list(pf.problems.values()),
                         "stats": same_case_stats(user, v.entry_id, p.kind),
                         "circumstances": [discretion.CIRCUMSTANCES.get(c, c)
                                           for c in v.circumstances]})
    return rows


# --- figures -----------------------------------------------------------------------------

def review_figures(user: User) -> dict:
    """零撤销零败诉: decided 复议/诉讼 and how many went against the agency."""
    cases = scope.restrict(PenaltyCase.objects.all(), user).values("pk")
    qs = ReviewProceeding.objects.filter(case__in=cases).exclude(outcome=Outcome.PENDING)
    by = dict(qs.values_list("outcome").annotate(n=Count("id")))
    adverse = sum(n for o, n in by.items() if o in ADVERSE_OUTCOMES)
    return {"decided": sum(by.values()), "adverse": adverse, "zero": adverse == 0,
            "by_outcome": {Outcome(o).label: n for o, n in by.items()}}


def case_figures(user: User) -> dict:
    qs = scope.restrict(PenaltyCase.objects.all(), user).exclude(
        status__in=[Status.NOT_FILED])
    total = qs.count()
    pre = qs.filter(accident__isnull=True).count()
    missed = CaseDeadline.objects.filter(case__in=qs.values("pk"), obligor="agency",
                                         state=DeadlineState.MISSED).values("case_id").distinct()
    return {"total": total, "pre_accident": pre,
            "pre_accident_share": round(pre * 100 / total, 1) if total else None,
            "missed_cases": missed.count(), "reviews": review_figures(user)}


def file_review_summary(user: User) -> list[dict]:
    """案卷评查: average score and the most common defects per agency."""
    cases = scope.restrict(PenaltyCase.objects.all(), user).values("pk")
    reviews = CaseFileReview.objects.filter(case__in=cases).select_related("agency")
    out: dict[int, dict] = {}
    labels = {i.key: i.defect for i in SHEET}
    for r in reviews:
        row = out.setdefault(r.agency_id, {"agency": r.agency, "count": 0, "sum": Decimal(0),
                                           "defects": {}})
        row["count"] += 1
        row["sum"] += r.total
        for d in r.defects:
            row["defects"][d] = row["defects"].get(d, 0) + 1
    result = []
    for row in out.values():
        common = sorted(row["defects"].items(), key=lambda kv: -kv[1])[:3]
        result.append({"agency": row["agency"], "count": row["count"],
                       "average": (row["sum"] / row["count"]).quantize(Decimal("0.1")),
                       "defects": [(labels.get(k, k), n) for k, n in common]})
    return sorted(result, key=lambda r: r["average"])


# --- referrals ---------------------------------------------------------------------------

def referral_list(user: User) -> QuerySet[Referral]:
    return scope.restrict(Referral.objects.all(), user).select_related("enterprise", "agency")


def get_referral(user: User, pk: int) -> Referral:
    referral = referral_list(user).filter(pk=pk).first()
    if referral is None:
        raise Http404("未找到该移送")
    return referral


# --- the enterprise dossier tab ----------------------------------------------------------

def dossier_tab_context(user: User, enterprise) -> dict:
    cases = list(case_list(user, CaseFilters(enterprise=enterprise.pk))[:50])
    ids = [c.pk for c in cases]
    return {
        "case_rows": cases,
        "decisions": [c for c in cases if c.decided_on],
        "case_payments": list(Payment.objects.filter(case_id__in=ids).select_related("case")),
        "case_referrals": list(referral_list(user).filter(enterprise=enterprise)[:50]),
    }
