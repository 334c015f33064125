"""Reads for the inspection pages and API, always through jurisdiction scoping."""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from anzhi.accounts.models import Role, User
from anzhi.accounts.scoping import restrict

from .choices import Status
from .models import (
    Answer,
    Checklist,
    Disposition,
    Finding,
    Inspection,
    InspectionAgency,
    Member,
    Photo,
    ReInspection,
    Signature,
)


@dataclass
class InspectionFilters:
    enterprise: int | None = None
    agency: int | None = None
    mode: str = ""
    campaign: int | None = None
    status: str = ""
    date_from: date | None = None
    date_to: date | None = None


def visible_inspections(user: User, action: str = "view") -> QuerySet[Inspection]:
    qs = restrict(Inspection.objects.all(), user, action, enterprise_path="enterprise")
    if not user.is_superuser and user.role == Role.ENTERPRISE:
        # The enterprise sees its records once submitted, never the officers' drafts.
        qs = qs.exclude(status=Status.DRAFT)
    return qs


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def inspection_list(user: User, filters: InspectionFilters) -> QuerySet[Inspection]:
    qs = visible_inspections(user)
    if filters.enterprise:
        qs = qs.filter(enterprise_id=filters.enterprise)
    if filters.agency:
        qs = qs.filter(pk__in=InspectionAgency.objects.filter(agency_id=filters.agency)
                       .values("inspection_id"))
    if filters.mode:
        qs = qs.filter(mode=filters.mode)
    if filters.campaign:
        qs = qs.filter(campaign_id=filters.campaign)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.date_from:
        qs = qs.filter(started_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        qs = qs.filter(started_at__lt=_day_start(filters.date_to) + timezone.timedelta(days=1))
    return qs.select_related("enterprise", "agency").order_by("-started_at", "-id")


def get_inspection(user: User, pk: int, action: str = "view") -> Inspection:
    """404 alike for missing and forbidden."""
    inspection = (visible_inspections(user, action).filter(pk=pk)
                  .select_related("enterprise", "agency", "campaign", "checklist_version",
                                  "checklist_version__checklist", "corrects").first())
    if inspection is None:
        raise Http404("未找到该检查记录")
    return inspection


def get_photo(user: User, inspection_id: int, photo_id: int) -> Photo:
    """A photo of an inspection the user may see; 404 alike for missing and forbidden."""
    inspection = get_inspection(user, inspection_id)
    photo = Photo.objects.filter(pk=photo_id, inspection=inspection).first()
    if photo is None:
        raise Http404("未找到该照片")
    return photo


@dataclass
class Bundle:
    """An inspection with everything a page, API response or document shows."""

    inspection: Inspection
    agencies: list = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)   # each with .disposition_list
    photos: list[Photo] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    reinspections: list[ReInspection] = field(default_factory=list)

    @property
    def officers(self) -> list[Member]:
        return [m for m in self.members if m.kind == "officer"]


def load_bundle(inspection: Inspection) -> Bundle:
    cached = getattr(inspection, "_bundle", None)
    if cached is not None:
        return cached
    findings = list(Finding.objects.filter(inspection=inspection).select_related("raised_by")
                    .prefetch_related(Prefetch("dispositions",
                                               queryset=Disposition.objects.order_by("id"))))
    for f in findings:
        f.disposition_list = list(f.dispositions.all())
    bundle = Bundle(
        inspection=inspection,
        agencies=[link.agency for link in InspectionAgency.objects.filter(
            inspection=inspection).select_related("agency").order_by("id")],
        members=list(Member.objects.filter(inspection=inspection).order_by("kind", "id")),
        answers=list(Answer.objects.filter(inspection=inspection).select_related("item")
                     .order_by("item__seq")),
        findings=findings,
        photos=list(Photo.objects.filter(inspection=inspection).order_by("id")),
        signatures=list(Signature.objects.filter(inspection=inspection).order_by("seq")),
        reinspections=list(ReInspection.objects.filter(source=inspection).order_by("due_on")
                           .prefetch_related("reviews")),
    )
    inspection._bundle = bundle
    return bundle


def checklists(active_only: bool = True) -> QuerySet[Checklist]:
    qs = Checklist.objects.all()
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.prefetch_related("versions").order_by("code")


def dossier_tab_context(user: User, enterprise) -> dict:
    qs = visible_inspections(user).filter(enterprise=enterprise).select_related("agency")
    inspections = list(qs.order_by("-started_at")[:50])
    findings = list(Finding.objects.filter(inspection__in=[i.pk for i in inspections])
                    .select_related("inspection").prefetch_related("dispositions")
                    .order_by("-inspection__started_at", "seq"))
    due = list(ReInspection.objects.filter(enterprise=enterprise, status="scheduled")
               .filter(Q(source__in=[i.pk for i in inspections])).order_by("due_on"))
    return {"inspections": inspections, "inspection_findings": findings,
            "reinspections_due": due}
