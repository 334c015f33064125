"""Follow-up handlers: an inspection finding's disposition becomes a ledger entry.

Registered in ``HazardsConfig.ready`` for 责令限期整改, 现场立即整改 and 现场紧急处置. They run in
the inspecting app's transaction; a ValidationFailed aborts the caller's write too. The
result of the 复查 of such a deadline comes back through ``review_from_inspection``.
"""

from django.urls import reverse

from anzhi.core import followups
from anzhi.core.errors import NotAllowed, TransitionRefused, ValidationFailed

from .choices import Level, Source, Status
from .models import Hazard
from .services import NewHazard, hazard_review, register_in_callers_transaction


def _entry(req: followups.FollowupRequest) -> NewHazard:
    extra = req.extra or {}
    data = {
        "level": Level.MAJOR if req.is_major else Level.GENERAL,
        "source": extra.get("source", Source.INSPECTION),
        "criterion": extra.get("criterion") or req.legal_basis or req.description[:500],
        "description": req.description,
        "place": extra.get("place", ""),
        "found_on": extra.get("found_on"),
        "rectify_due": req.deadline,
        "source_type": req.source_type,
        "source_id": req.source_id,
        "source_label": req.source_label,
    }
    if req.enterprise.lead_agency_id is None and req.agency is not None:
        data["agency"] = req.agency.pk
    entry = NewHazard(data=data, photos=extra.get("photos") or ())
    if req.kind == followups.ON_SITE_RECTIFIED:
        entry.on_site_rectified = (extra.get("rectification")
                                   or f"现场立即整改：{req.description}")
    elif req.kind == followups.EMERGENCY_MEASURES:
        data["emergency_measures"] = extra.get("measures") or req.description
        entry.deadline_optional = True
    return entry


def hazards_from_findings(requests: list[followups.FollowupRequest]
                          ) -> list[followups.FollowupResult]:
    """One ledger entry per request; the requests of one actor and enterprise (an
    inspection's findings) are registered together."""
    groups: dict[tuple[int, int], list[int]] = {}
    for n, req in enumerate(requests):
        groups.setdefault((req.actor.pk, req.enterprise.pk), []).append(n)
    results: list[followups.FollowupResult | None] = [None] * len(requests)
    for positions in groups.values():
        first = requests[positions[0]]
        hazards = register_in_callers_transaction(
            actor=first.actor, enterprise=first.enterprise,
            entries=[_entry(requests[n]) for n in positions])
        for n, hazard in zip(positions, hazards, strict=True):
            results[n] = followups.FollowupResult(
                object_type="hazards.hazard", object_id=hazard.pk,
                # No status in the label: it is kept on the disposition, and a status
                # frozen there read as current long after the hazard moved on.
                label=f"隐患台账 隐患{hazard.pk}",
                url=reverse("hazards:detail", args=[hazard.pk]))
    return results  # type: ignore[return-value]


def hazard_from_finding(req: followups.FollowupRequest) -> followups.FollowupResult:
    return hazards_from_findings([req])[0]


def review_from_inspection(report: followups.ReviewReport) -> str:
    """A completed 复查 inspection of the deadline that registered this hazard: its result is
    the hazard's review when the enterprise has reported its rectification (待复查). Any
    other state is left as it is and said why: the ledger's loop needs the enterprise's
    report before a review, and a refused step must not undo the signed record."""
    hazard = Hazard.objects.filter(pk=report.object_id).only("status").first()
    if hazard is None:
        return ""
    if hazard.status == Status.CLOSED:
        return "隐患此前已销号，台账未变"
    if hazard.status != Status.AWAITING_REVIEW:
        return (f"隐患台账未更新：隐患“{hazard.get_status_display()}”，"
                "须企业报告整改情况后再复查")
    try:
        review = hazard_review(
            actor=report.actor, hazard=hazard.pk, passed=report.passed,
            opinion=report.opinion, on_site=True, officer_ids=report.officer_ids,
            reviewed_on=report.reviewed_on, document_number=report.document_number)
    except (NotAllowed, TransitionRefused, ValidationFailed) as exc:
        return f"隐患台账未更新：{_reason(exc)}"
    if review.passed:
        return "复查合格，隐患已销号"
    return "复查不合格，隐患退回整改"


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationFailed):
        return "；".join(exc.errors.values())
    return getattr(exc, "message", str(exc))
