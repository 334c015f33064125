"""Plain-dict shapes of inspections for the API (and stored idempotent responses)."""

from django.urls import reverse

from anzhi.core import followups

from .checklists import version_items
from .choices import MemberKind, Mode, Result, Status
from .models import Inspection, Photo
from .selectors import load_bundle

MODE_LABELS = dict(Mode.choices)
STATUS_LABELS = dict(Status.choices)
RESULT_LABELS = dict(Result.choices)


def list_item(i: Inspection) -> dict:
    return {
        "id": i.pk, "number": i.number, "status": i.status,
        "status_label": STATUS_LABELS[i.status],
        "enterprise": i.enterprise_id, "enterprise_name": i.enterprise.name,
        "agency": i.agency_id, "agency_name": str(i.agency),
        "mode": i.mode, "mode_label": MODE_LABELS.get(i.mode, i.mode),
        "started_at": i.started_at, "ended_at": i.ended_at, "campaign": i.campaign_id,
    }


def available_documents(i: Inspection, bundle) -> list[str]:
    kinds = ["record"]
    if any(d.kind == followups.RECTIFY_BY_DEADLINE for f in bundle.findings
           for d in f.disposition_list):
        kinds.append("rectification-order")
    if i.mode == Mode.REVIEW:
        kinds.append("review-opinion")
    if i.mode == Mode.CROSS_REGION:
        kinds.append("transfer-form")
    return kinds


def photo_item(p: Photo) -> dict:
    """A photo on the record's detail, from the row alone: a record with many photos must
    not open each stored file (a lost file shows when it is downloaded)."""
    return {"id": p.pk, "item": p.item_id, "finding": p.finding_id,
            "content_type": p.content_type, "size": p.size, "taken_at": p.taken_at,
            "uploaded_at": p.uploaded_at,
            "url": reverse("inspections:photo-file", args=[p.inspection_id, p.pk]),
            "api_url": reverse("api:inspection_photo_file",
                               kwargs={"inspection_id": p.inspection_id, "photo_id": p.pk})}


def detail(i: Inspection) -> dict:
    bundle = load_bundle(i)
    items = version_items(i.checklist_version_id) if i.checklist_version_id else {}
    out = list_item(i)
    out.update({
        "enterprise_uscc": i.enterprise.uscc,
        "agencies": [{"id": a.pk, "name": str(a)} for a in bundle.agencies],
        "latitude": i.latitude, "longitude": i.longitude, "place": i.place,
        "summary": i.summary, "draw_id": i.draw_id, "plan_id": i.plan_id,
        "checklist_version": i.checklist_version_id,
        "corrects": i.corrects_id, "correction_reason": i.correction_reason,
        "review_of": i.review_of_id,
        "officers": [{"user": m.user_id, "name": m.name,
                      "certificate_number": m.certificate_number}
                     for m in bundle.members if m.kind == MemberKind.OFFICER],
        "experts": [{"name": m.name, "organisation": m.organisation}
                    for m in bundle.members if m.kind == MemberKind.EXPERT],
        "auxiliaries": [{"name": m.name, "organisation": m.organisation}
                        for m in bundle.members if m.kind == MemberKind.AUXILIARY],
        "answers": sorted(({"item": a.item_id,
                            "seq": items[a.item_id].seq if a.item_id in items else None,
                            "result": a.result,
                            "result_label": RESULT_LABELS.get(a.result, ""), "note": a.note}
                           for a in bundle.answers), key=lambda r: r["seq"] or 0),
        "findings": [{
            "id": f.pk, "seq": f.seq, "item": f.item_id, "section": f.section,
            "description": f.description, "legal_basis": f.legal_basis,
            "standard_basis": f.standard_basis, "statute_entry": f.statute_entry,
            "is_major": f.is_major, "raised_by": f.raised_by_id,
            "raised_by_name": f.raised_by_name,
            "dispositions": [{
                "id": d.pk, "kind": d.kind, "kind_label": followups.KIND_LABELS[d.kind],
                "deadline": d.deadline, "note": d.note, "order_number": d.order_number,
                "followup": ({"type": d.followup_type, "id": d.followup_id,
                              "label": d.followup_label, "url": d.followup_url}
                             if d.followup_type else None),
            } for d in f.disposition_list],
        } for f in bundle.findings],
        "reinspections": [{"id": r.pk, "due_on": r.due_on, "status": r.status,
                           "disposition": r.disposition_id} for r in bundle.reinspections],
        "signatures": [{"seq": s.seq, "kind": s.kind, "kind_label": s.get_kind_display(),
                        "name": s.name, "witness": s.witness, "signed_at": s.signed_at,
                        "hash": s.hash} for s in bundle.signatures],
        "documents": available_documents(i, bundle),
        "photos": [photo_item(p) for p in bundle.photos],
    })
    return out
