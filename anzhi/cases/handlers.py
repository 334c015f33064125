"""Follow-ups of a finding's disposition (anzhi.core.followups): 立案处罚, 简易处罚, 移交其他部门.

They run in the caller's transaction and use the same services as pages and the API.
"""

from django.urls import reverse

from anzhi.core.errors import ValidationFailed
from anzhi.core.followups import FollowupRequest, FollowupResult
from anzhi.law import procedure, statutes

from .choices import Direction, Procedure, ReferralKind, Source

SOURCES = {"inspections": Source.INSPECTION, "hazards": Source.HAZARD,
           "complaints": Source.COMPLAINT, "referrals": Source.REFERRAL,
           "accidents": Source.ACCIDENT}


def _source(request: FollowupRequest) -> str:
    return SOURCES.get(request.source_type.split(".")[0], Source.OTHER)


def _violations(request: FollowupRequest) -> list[dict]:
    if not request.statute_entry:
        return []
    try:
        # A checklist item may still cite a superseded article: the case is charged on the
        # article that applies now (case_create refuses the superseded one).
        entry = statutes.current(request.statute_entry)
    except LookupError:
        return []
    return [{"entry_id": entry.id, "facts": request.description,
             "overdue": bool(request.extra.get("overdue")),
             "circumstances": request.extra.get("circumstances", [])}]


def _open(request: FollowupRequest, procedure: str) -> FollowupResult:
    from .services import case_create

    title = request.extra.get("title") or (request.description[:60] or "违法行为")
    case = case_create(
        actor=request.actor, enterprise=request.enterprise, agency=request.agency,
        title=title, procedure_kind=procedure, source_type=_source(request),
        source_id=request.source_id, source_label=request.source_label,
        facts=request.description, violations=_violations(request),
        officers=request.extra.get("officers"))
    # The kind of case, not its state: the label is kept where the case was opened from.
    label = ("简易程序案件" if procedure == Procedure.SIMPLE else "处罚案件") + f"：{case.title}"
    return FollowupResult("cases.penaltycase", case.pk, label,
                          reverse("cases:detail", args=[case.pk]))


def file_case(request: FollowupRequest) -> FollowupResult:
    """立案处罚: a case draft awaiting 立案审批 by the agency head."""
    return _open(request, Procedure.ORDINARY)


def simple_penalty(request: FollowupRequest) -> FollowupResult:
    """简易处罚: a 简易程序 case; the fine is decided on the spot within the Art 51 cap.
    A proposed fine in ``extra["fine"]`` above the cap is refused here already."""
    fine = request.extra.get("fine")
    if fine is not None and not procedure.simple_procedure_allowed("organization", fine):
        raise ValidationFailed({"fine": (
            "罚款金额：简易程序当场处罚对法人或者其他组织仅限3000元以下（行政处罚法第51条），"
            "请选择“立案处罚”")})
    return _open(request, Procedure.SIMPLE)


def transfer(request: FollowupRequest) -> FollowupResult:
    """移交其他部门: a referral with a receipt and a response deadline."""
    from .services import referral_create

    counterpart = request.extra.get("to_agency") or request.extra.get("counterpart")
    if not counterpart:
        raise ValidationFailed({"counterpart": "接收部门：移交其他部门须写明接收部门"})
    referral = referral_create(
        actor=request.actor, enterprise=request.enterprise, kind=ReferralKind.AGENCY,
        direction=Direction.OUTGOING, counterpart=str(counterpart), facts=request.description,
        response_due=request.deadline, source_type=request.source_type,
        source_id=request.source_id)
    return FollowupResult("cases.referral", referral.pk, f"已移交{referral.counterpart}",
                          reverse("cases:referral", args=[referral.pk]))
