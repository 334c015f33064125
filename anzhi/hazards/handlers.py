"""Follow-up handlers: an inspection finding's disposition becomes a ledger entry.

Registered in ``HazardsConfig.ready`` for 责令限期整改, 现场立即整改 and 现场紧急处置. They run in
the inspecting app's transaction; a ValidationFailed aborts the caller's write too.
"""

from django.urls import reverse

from anzhi.core import followups

from .choices import Level, Source
from .services import NewHazard, register_in_callers_transaction


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
                label=f"隐患台账 隐患{hazard.pk}（{hazard.get_status_display()}）",
                url=reverse("hazards:detail", args=[hazard.pk]))
    return results  # type: ignore[return-value]


def hazard_from_finding(req: followups.FollowupRequest) -> followups.FollowupResult:
    return hazards_from_findings([req])[0]
