"""Pages of the hazard ledger and the enterprise portal. Thin: parse, call, show errors."""

from collections import Counter
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from anzhi.accounts.models import Role
from anzhi.accounts.scoping import CHANGE_ROLES, restrict
from anzhi.core.errors import NotAllowed, TransitionRefused, ValidationFailed
from anzhi.core.files import serve_stored
from anzhi.regions.models import Region
from anzhi.registry.models import Enterprise
from anzhi.registry.selectors import get_enterprise

from . import forms as f
from .choices import OPEN_STATUSES
from .models import Digest, Hazard, Review
from .reports import clearance_xlsx, quarterly_docx, review_docx, review_pdf
from .scoping import is_enterprise_user
from .selectors import (
    SCAN_LIMIT,
    LedgerFilters,
    clearance,
    duties_behind,
    duty_status,
    get_hazard,
    get_hazard_file,
    hazard_detail,
    ledger,
    quarterly,
    reminders_for,
    supervised,
    visible_hazards,
)
from .services import (
    duty_record_create,
    hazard_create,
    hazard_list_for_supervision,
    hazard_offer_case,
    hazard_reopen,
    hazard_review,
    hazard_set_plan,
    hazard_start,
    hazard_submit_rectification,
    listing_extend,
    today,
)

PAGE_SIZE = 20
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _officer(user) -> bool:
    return user.is_superuser or user.role in CHANGE_ROLES


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    from urllib.parse import quote

    res = HttpResponse(content, content_type=content_type)
    res["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return res


@login_required
def hazard_list_view(request):
    if is_enterprise_user(request.user):
        return redirect("hazards:portal")
    form = f.LedgerFilterForm(request.GET or None, user=request.user)
    filters = LedgerFilters()
    if form.is_valid():
        d = form.cleaned_data
        filters = LedgerFilters(status=d["status"], level=d["level"], overdue=d["overdue"],
                                region=d["region"], agency=d["agency"], source=d["source"],
                                enterprise=d["enterprise"])
    page = Paginator(ledger(request.user, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "hazards/list.html", {
        "form": form, "page": page, "query": query.urlencode(), "today": today(),
        "can_create": _officer(request.user), "reminders": reminders_for(request.user, 10)})


@login_required
def hazard_create_view(request):
    if not _officer(request.user):
        raise PermissionDenied
    enterprise_id = request.GET.get("enterprise") or request.POST.get("enterprise")
    enterprise = get_enterprise(request.user, int(enterprise_id)) if (
        enterprise_id and str(enterprise_id).isdecimal()) else None
    form = f.HazardForm(request.POST or None, request.FILES or None,
                        initial={"enterprise": enterprise.pk if enterprise else None,
                                 "found_on": today()})
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        on_site = d.pop("on_site_rectified")
        d.pop("photos", None)
        try:
            hazard = hazard_create(actor=request.user, enterprise=d.pop("enterprise"), data=d,
                                   photos=request.FILES.getlist("photos"),
                                   on_site_rectified=on_site)
        except ValidationFailed as exc:
            form.show_errors(exc)
        except NotAllowed as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已登记隐患{hazard.pk}")
            return redirect("hazards:detail", pk=hazard.pk)
    return render(request, "hazards/form.html", {"form": form, "enterprise": enterprise,
                                                 "title": "登记隐患"})


ACTIONS = ("plan", "start", "evidence", "review", "reopen", "listing", "extend", "case")


def _detail_forms(request, hazard: Hazard, bound: str | None = None) -> dict:
    data = request.POST if bound else None
    files = request.FILES if bound else None
    plan = hazard.current_plan()
    plan_initial = ({k: getattr(plan, k) for k in ("responsible_person", "responsible_phone",
                                                   "measures", "funds", "deadline",
                                                   "emergency_plan")}
                    if plan else {"deadline": hazard.rectify_due})
    user = request.user
    return {
        "plan_form": f.PlanForm(data if bound == "plan" else None, initial=plan_initial),
        "evidence_form": f.EvidenceForm(data if bound == "evidence" else None,
                                        files if bound == "evidence" else None),
        "review_form": f.ReviewForm(data if bound == "review" else None, user=user,
                                    initial={"reviewed_on": today(), "officers": [user.pk],
                                             "on_site": hazard.is_major}),
        "reopen_form": f.ReopenForm(data if bound == "reopen" else None),
        "listing_form": f.ListingForm(data if bound == "listing" else None, user=user),
        "extension_form": f.ExtensionForm(data if bound == "extend" else None),
    }


def _run_action(request, hazard: Hazard, action: str, forms: dict) -> bool:
    """Call the service for ``action``; put its errors on the form. True when done."""
    user = request.user
    form = {"plan": forms["plan_form"], "evidence": forms["evidence_form"],
            "review": forms["review_form"], "reopen": forms["reopen_form"],
            "listing": forms["listing_form"], "extend": forms["extension_form"]}.get(action)
    try:
        if action == "start":
            hazard_start(actor=user, hazard=hazard.pk)
        elif action == "case":
            result = hazard_offer_case(actor=user, hazard=hazard.pk)
            messages.success(request, f"已提请立案：{result.label}")
            return True
        elif form is None or not form.is_valid():
            return False
        elif action == "plan":
            hazard_set_plan(actor=user, hazard=hazard.pk, data=form.cleaned_data)
        elif action == "evidence":
            hazard_submit_rectification(
                actor=user, hazard=hazard.pk, description=form.cleaned_data["description"],
                money_spent=form.cleaned_data["money_spent"],
                before=request.FILES.getlist("before"), after=request.FILES.getlist("after"))
        elif action == "review":
            d = form.cleaned_data
            hazard_review(actor=user, hazard=hazard.pk, passed=d["passed"], opinion=d["opinion"],
                          on_site=d["on_site"], officer_ids=d["officers"],
                          reviewed_on=d["reviewed_on"])
        elif action == "reopen":
            hazard_reopen(actor=user, hazard=hazard.pk, **form.cleaned_data)
        elif action == "listing":
            hazard_list_for_supervision(actor=user, hazard=hazard.pk, **form.cleaned_data)
        elif action == "extend":
            listing = hazard.listings.filter(is_active=True).first()
            if listing is None:
                raise TransitionRefused("该隐患不在挂牌督办中")
            listing_extend(actor=user, listing=listing, **form.cleaned_data)
    except ValidationFailed as exc:
        if form is not None:
            form.show_errors(exc)
        else:
            for message in exc.errors.values():
                messages.error(request, message)
        return False
    except (TransitionRefused, NotAllowed) as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, "已保存")
    return True


@login_required
def hazard_detail_view(request, pk):
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None and action not in ACTIONS:
        raise Http404
    context = hazard_detail(request.user, pk)
    hazard = context["hazard"]
    forms = _detail_forms(request, hazard, action)
    if action and _run_action(request, hazard, action, forms):
        return redirect("hazards:detail", pk=pk)
    user = request.user
    context.update(forms)
    context.update({
        "is_officer": _officer(user) and not is_enterprise_user(user)
        and restrict(Enterprise.objects.filter(pk=hazard.enterprise_id), user, "change").exists(),
        "is_enterprise": is_enterprise_user(user),
        "can_extend": user.is_superuser or user.role in (Role.AGENCY_HEAD,
                                                         Role.COMMITTEE_ADMIN),
        "active_listing": next((x for x in context["listings"] if x.is_active), None),
        "open_action": action,
    })
    context["can_act_for_enterprise"] = context["is_enterprise"] or context["is_officer"]
    return render(request, "hazards/detail.html", context)


@login_required
def review_document_view(request, pk, review_id, fmt):
    hazard = get_hazard(request.user, pk)
    review = Review.objects.filter(pk=review_id, hazard=hazard).first()
    if review is None or fmt not in ("docx", "pdf"):
        raise Http404
    name = f"整改复查意见书-{review.document_number or review.pk}.{fmt}"
    if fmt == "docx":
        return _download(review_docx(review), DOCX, name)
    return _download(review_pdf(review), "application/pdf", name)


CLEARANCE_PAGE_ROWS = 50
DUTIES_PAGE = 50


def _clearance_args(request) -> dict:
    agency = request.GET.get("agency")
    return {"region": request.GET.get("region", "").strip(),
            "agency": int(agency) if agency and agency.isdecimal() else None}


@login_required
def clearance_view(request):
    if is_enterprise_user(request.user):
        raise PermissionDenied
    args = _clearance_args(request)
    # The most urgent first; the whole list is one click away in the ledger (and in the
    # export), so a county's page does not render hundreds of rows.
    fig = clearance(request.user, list_limit=CLEARANCE_PAGE_ROWS, **args)
    year, quarter = fig["day"].year, (fig["day"].month - 1) // 3 + 1
    query = request.GET.urlencode()
    return render(request, "hazards/clearance.html", {
        "fig": fig, "filter_form": f.LedgerFilterForm(request.GET or None, user=request.user),
        "query": query, "year": year, "quarter": quarter})


@login_required
def clearance_export_view(request):
    if is_enterprise_user(request.user):
        raise PermissionDenied
    fig = clearance(request.user, list_limit=10_000, **_clearance_args(request))
    return _download(clearance_xlsx(fig), XLSX, f"动态清零-{fig['day']:%Y%m%d}.xlsx")


def _scope_name(user, region: str) -> tuple[str, str]:
    if region:
        r = Region.objects.filter(code=region).first()
        if r:
            return r.name, user.agency.name if user.agency_id else r.name
    if user.agency_id:
        return user.agency.region.name, user.agency.name
    if user.region_id:
        return user.region.name, user.region.name
    return "全辖区", "安全生产委员会办公室"


@login_required
def quarterly_view(request):
    if is_enterprise_user(request.user):
        raise PermissionDenied
    d = today()
    try:
        year = int(request.GET.get("year") or d.year)
        quarter = int(request.GET.get("quarter") or (d.month - 1) // 3 + 1)
        if not 1 <= quarter <= 4 or not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        raise Http404 from None
    args = _clearance_args(request)
    fig = quarterly(request.user, year=year, quarter=quarter, **args)
    scope, issuer = _scope_name(request.user, args["region"])
    return _download(quarterly_docx(fig, scope, issuer), DOCX,
                     f"隐患排查治理季度通报-{year}Q{quarter}.docx")


@login_required
def supervised_view(request):
    if is_enterprise_user(request.user):
        raise PermissionDenied
    return render(request, "hazards/supervised.html",
                  {"hazards": supervised(request.user), "today": today()})


@login_required
def duties_view(request):
    if is_enterprise_user(request.user):
        raise PermissionDenied
    region = request.GET.get("region", "").strip()
    found = duties_behind(request.user, region=region)
    page = Paginator(found.rows, DUTIES_PAGE).get_page(request.GET.get("page"))
    by_duty = Counter(s.label for row in found.rows for s in row["behind"])
    return render(request, "hazards/duties.html", {
        "page": page, "found": found, "by_duty": sorted(by_duty.items()), "region": region,
        "query": urlencode({"region": region}),
        "scan_limit": SCAN_LIMIT, "today": today()})


@login_required
def portal_view(request):
    """The enterprise's own page: open hazards and deadlines, self-report, duties."""
    user = request.user
    if not is_enterprise_user(user) or not user.enterprise_id:
        raise PermissionDenied
    enterprise = Enterprise.objects.select_related("region", "lead_agency").get(
        pk=user.enterprise_id)
    action = request.POST.get("action") if request.method == "POST" else None
    report_form = f.SelfReportForm(request.POST if action == "report" else None,
                                   request.FILES if action == "report" else None,
                                   initial={"found_on": today()})
    duty_form = f.DutyRecordForm(request.POST if action == "duty" else None,
                                 initial={"held_on": today()})
    if action == "report" and report_form.is_valid():
        d = dict(report_form.cleaned_data)
        d.pop("photos", None)
        try:
            hazard = hazard_create(actor=user, enterprise=enterprise, data=d,
                                   photos=request.FILES.getlist("photos"))
        except ValidationFailed as exc:
            report_form.show_errors(exc)
        else:
            messages.success(request, f"已自查上报隐患{hazard.pk}")
            return redirect("hazards:detail", pk=hazard.pk)
    elif action == "duty" and duty_form.is_valid():
        try:
            duty_record_create(actor=user, enterprise=enterprise, data=duty_form.cleaned_data)
        except ValidationFailed as exc:
            duty_form.show_errors(exc)
        else:
            messages.success(request, "已记录")
            return redirect(reverse("hazards:portal") + "#duties")
    hazards = visible_hazards(user)
    day = today()
    open_hazards = list(hazards.filter(status__in=OPEN_STATUSES)
                        .select_related("agency").order_by("rectify_due", "id"))
    for h in open_hazards:
        h.overdue_now = h.is_overdue(day)
    return render(request, "hazards/portal.html", {
        "enterprise": enterprise, "open_hazards": open_hazards,
        "closed_hazards": list(hazards.filter(status="closed").order_by("-closed_on")[:20]),
        "report_form": report_form, "duty_form": duty_form,
        "duties": duty_status(enterprise, day), "today": day,
        "records": list(enterprise.duty_records.all()[:20]),
        "reminders": reminders_for(user, 10),
        "digests": list(Digest.objects.filter(enterprise=enterprise)[:5]),
    })


@login_required
def file_view(request, pk, file_id):
    """An evidence file, only to those who may see the hazard."""
    item = get_hazard_file(request.user, pk, file_id)
    return serve_stored(item.file, filename=item.name, fallback_type=item.content_type)
