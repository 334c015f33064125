"""作废: a violation or a person party entered by mistake is voided, never deleted.

The row stays on the case with who voided it, when and why; it no longer counts for the fines,
the discretion, the documents or the decision (``.active()``). Only the case team voids, and only
before the decision: after it, a wrong decision is corrected by its own procedure (复议, 诉讼,
撤销). A void after the notice makes the notice stale (services._charges_changed).
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from anzhi.accounts.models import User
from anzhi.core import audit
from anzhi.core.errors import TransitionRefused, ValidationFailed

from . import services
from .choices import PartyKind
from .models import CaseParty, PenaltyCase, Violation

FIELDS = ["voided_at", "voided_by", "void_reason"]


def _reason(reason) -> str:
    text = str(reason or "").strip()
    if not text:
        raise ValidationFailed({"reason": "作废理由：必填（说明录入错误的情况）"})
    return text


def _open(actor: User, case: PenaltyCase | int, what: str) -> PenaltyCase:
    case = services._lock(actor, case)
    services._member(actor, case)
    services._expect(case, services.PRE_DECISION, what)
    services._not_in_hearing(case, what)
    return case


def _void(row: Violation | CaseParty, actor: User, reason) -> str:
    if row.is_void:
        raise TransitionRefused(
            f"已于{timezone.localtime(row.voided_at):%Y-%m-%d %H:%M}作废，不能重复作废")
    text = _reason(reason)
    row.voided_at, row.voided_by, row.void_reason = timezone.now(), actor, text
    row.save(update_fields=FIELDS)
    return text


@transaction.atomic
def violation_void(*, actor: User, case: PenaltyCase | int, violation: int,
                   reason: str) -> Violation:
    case = _open(actor, case, "作废违法行为")
    v = Violation.objects.select_for_update().filter(pk=violation, case=case).first()
    if v is None:
        raise Http404("本案没有该违法行为")
    text = _void(v, actor, reason)
    audit.record(actor=actor, action="case.void_violation", obj=case,
                 changes={"violation": v.pk, "entry": v.entry_id}, reason=text)
    services._charges_changed(actor, case, f"作废违法行为（{v.citation}）")
    return v


@transaction.atomic
def party_void(*, actor: User, case: PenaltyCase | int, party: int, reason: str) -> CaseParty:
    case = _open(actor, case, "作废当事人")
    p = CaseParty.objects.select_for_update().filter(pk=party, case=case).first()
    if p is None:
        raise Http404("本案没有该当事人")
    if p.kind == PartyKind.UNIT:
        # The unit is the enterprise the case was filed against, not an entry of the team.
        raise ValidationFailed({"party": (
            "当事人：被立案的生产经营单位不能作废；立案对象有误的，应当撤销立案")})
    text = _void(p, actor, reason)
    audit.record(actor=actor, action="case.void_party", obj=case,
                 changes={"party": p.pk, "name": str(p)}, reason=text)
    services._charges_changed(actor, case, f"作废当事人（{p}）")
    return p
