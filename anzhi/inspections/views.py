from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from anzhi.accounts.scoping import restrict
from anzhi.core.errors import NotAllowed, TransitionRefused, ValidationFailed
from anzhi.core.files import serve_stored
from anzhi.registry.models import Enterprise

from .checklists import version_items
from .choices import Mode, Result, SignatureKind, Status
from .forms import AnswerForm, ChecklistItemFormSet, FindingForm, SignForm, StartForm
from .models import Checklist
from .photos import MAX_PHOTO_BYTES, TOO_LARGE
from .presenters import available_documents
from .selectors import (
    InspectionFilters,
    checklists,
    get_inspection,
    get_photo,
    inspection_list,
    load_bundle,
)
from .services import (
    _on_team_or_admin,
    answer_save,
    checklist_publish,
    finding_add,
    inspection_create,
    inspection_submit,
    may_edit_checklists,
    may_inspect,
    photo_add,
)
from .signing import inspection_sign

PAGE_SIZE = 20


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def inspection_list_view(request):
    g = request.GET
    filters = InspectionFilters(enterprise=_int(g.get("enterprise")), mode=g.get("mode", ""),
                                status=g.get("status", ""), campaign=_int(g.get("campaign")))
    page = Paginator(inspection_list(request.user, filters), PAGE_SIZE).get_page(g.get("page"))
    return render(request, "inspections/list.html", {
        "page": page, "modes": Mode.choices, "statuses": Status.choices, "f": filters,
        "can_create": may_inspect(request.user)})


def _enterprise_choices(user, q: str):
    qs = restrict(Enterprise.objects.all(), user, "change")
    if q:
        qs = qs.filter(name__icontains=q) | qs.filter(uscc=q.upper())
    return list(qs.order_by("name")[:20]) if q else []


@login_required
def inspection_new_view(request):
    if not may_inspect(request.user):
        raise PermissionDenied
    q = request.GET.get("q", "").strip()
    if request.htmx and request.method == "GET":
        return render(request, "inspections/_enterprise_choices.html",
                      {"choices": _enterprise_choices(request.user, q)})
    chosen = None
    enterprise_id = _int(request.POST.get("enterprise") or request.GET.get("enterprise"))
    if enterprise_id:
        chosen = restrict(Enterprise.objects.all(), request.user, "change").filter(
            pk=enterprise_id).first()
    form = StartForm(request.POST or None, user=request.user,
                     initial={"enterprise": chosen.pk if chosen else None})
    if request.method == "POST" and form.is_valid():
        try:
            inspection = inspection_create(actor=request.user, data=form.service_data(),
                                           submit=False)
        except ValidationFailed as exc:
            form.show_errors(exc)
        except NotAllowed as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("inspections:detail", pk=inspection.pk)
    return render(request, "inspections/new.html", {
        "form": form, "chosen": chosen, "choices": _enterprise_choices(request.user, q),
        "q": q})


def _detail_context(request, inspection, finding_form=None):
    bundle = load_bundle(inspection)
    items = list(version_items(inspection.checklist_version_id).values()) \
        if inspection.checklist_version_id else []
    answers = {a.item_id: a for a in bundle.answers}
    photos: dict = {}
    for p in bundle.photos:
        photos.setdefault(p.item_id, []).append(p)
    rows = [{"item": i, "answer": answers.get(i.pk), "photos": photos.get(i.pk, [])}
            for i in items]
    on_team = _on_team_or_admin(request.user, inspection) and restrict(
        type(inspection).objects.filter(pk=inspection.pk), request.user, "change",
        enterprise_path="enterprise").exists()
    signed = {s.signer_id for s in bundle.signatures if s.kind == SignatureKind.OFFICER}
    return {
        "inspection": inspection, "bundle": bundle, "rows": rows,
        "answered": sum(1 for a in bundle.answers if a.result), "results": Result.choices,
        "can_edit": on_team and inspection.status == Status.DRAFT,
        "can_sign": on_team and inspection.status != Status.DRAFT,
        "unsigned_officers": [m for m in bundle.officers if m.user_id not in signed],
        "party_signed": any(s.kind != SignatureKind.OFFICER for s in bundle.signatures),
        "finding_form": finding_form or FindingForm(items=items, members=bundle.members),
        "documents": available_documents(inspection, bundle)
        if inspection.status != Status.DRAFT else [],
        "corrections": list(inspection.corrections.all()),
    }


@login_required
def inspection_detail_view(request, pk):
    inspection = get_inspection(request.user, pk)
    return render(request, "inspections/detail.html", _detail_context(request, inspection))


def _error_text(exc) -> str:
    if isinstance(exc, ValidationFailed):
        return "；".join(exc.errors.values())
    return exc.message


@login_required
@require_POST
def answer_view(request, pk, item_id):
    inspection = get_inspection(request.user, pk)
    form = AnswerForm(request.POST)
    form.is_valid()
    try:
        answer_save(actor=request.user, inspection=inspection, item_id=item_id,
                    result=form.cleaned_data.get("result", ""),
                    note=form.cleaned_data.get("note", ""))
    except (ValidationFailed, NotAllowed, TransitionRefused) as exc:
        status = 409 if isinstance(exc, TransitionRefused) else 400
        return HttpResponse(f'<span class="text-danger">{_error_text(exc)}</span>',
                            status=status)
    return HttpResponse(f'<span class="text-success">已保存 {timezone.localtime():%H:%M:%S}'
                        "</span>")


@login_required
@require_POST
def finding_view(request, pk):
    inspection = get_inspection(request.user, pk)
    bundle = load_bundle(inspection)
    items = list(version_items(inspection.checklist_version_id).values()) \
        if inspection.checklist_version_id else []
    form = FindingForm(request.POST, items=items, members=bundle.members)
    status = 200
    if form.is_valid():
        try:
            finding_add(actor=request.user, inspection=inspection, data=form.service_data())
        except ValidationFailed as exc:
            form.show_errors(exc)
            status = 400
        except (NotAllowed, TransitionRefused) as exc:
            form.add_error(None, exc.message)
            status = 409
        else:
            inspection = get_inspection(request.user, pk)
            form = None
    context = _detail_context(request, inspection, finding_form=form)
    if request.htmx:
        return render(request, "inspections/_findings.html", context, status=status)
    if form is None:
        messages.success(request, "已添加问题")
    return redirect("inspections:detail", pk=pk)


@login_required
@require_POST
def photo_view(request, pk):
    inspection = get_inspection(request.user, pk)
    upload = request.FILES.get("file")
    try:
        if upload is not None and upload.size > MAX_PHOTO_BYTES:
            raise ValidationFailed({"file": TOO_LARGE})
        photo = photo_add(actor=request.user, inspection=inspection,
                          content=upload.read() if upload else b"",
                          client_id=request.POST.get("client_id", ""),
                          item_id=_int(request.POST.get("item")),
                          finding_id=_int(request.POST.get("finding")))
    except (ValidationFailed, NotAllowed, TransitionRefused) as exc:
        return JsonResponse({"detail": _error_text(exc)}, status=400)
    return JsonResponse({"id": photo.pk, "sha256": photo.sha256,
                         "url": f"/inspections/{pk}/photos/{photo.pk}/"})


@login_required
def photo_file_view(request, pk, photo_id):
    photo = get_photo(request.user, pk, photo_id)
    return serve_stored(photo.file, fallback_type=photo.content_type)


def _flash(request, exc) -> None:
    if isinstance(exc, ValidationFailed):
        for message in exc.errors.values():
            messages.error(request, message)
    else:
        messages.error(request, exc.message)


@login_required
@require_POST
def submit_view(request, pk):
    inspection = get_inspection(request.user, pk)
    try:
        inspection_submit(actor=request.user, inspection=inspection)
    except (ValidationFailed, NotAllowed, TransitionRefused) as exc:
        _flash(request, exc)
    else:
        messages.success(request, "检查记录已提交，请执法人员和被检查单位签名")
    return redirect("inspections:detail", pk=pk)


@login_required
@require_POST
def sign_view(request, pk):
    inspection = get_inspection(request.user, pk)
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "签名类型：不正确")
        return redirect("inspections:detail", pk=pk)
    d = form.cleaned_data
    try:
        sig = inspection_sign(actor=request.user, inspection=inspection, kind=d["kind"],
                              signer_id=d["signer"], password=d["password"], name=d["name"],
                              statement=d["statement"], drawing=d["drawing"],
                              witness=d["witness"])
    except (ValidationFailed, NotAllowed, TransitionRefused) as exc:
        _flash(request, exc)
    else:
        messages.success(request, f"{sig.get_kind_display()}：{sig.name}")
    return redirect("inspections:detail", pk=pk)


# ---------------------------------------------------------------- checklists


@login_required
def checklist_list_view(request):
    return render(request, "inspections/checklists.html", {
        "checklists": checklists(active_only=False),
        "can_edit": may_edit_checklists(request.user)})


@login_required
def checklist_detail_view(request, pk):
    checklist = get_object_or_404(Checklist, pk=pk)
    versions = list(checklist.versions.order_by("-number"))
    number = _int(request.GET.get("version"))
    version = next((v for v in versions if v.number == number), versions[0] if versions else None)
    if version is None:
        raise Http404
    return render(request, "inspections/checklist_detail.html", {
        "checklist": checklist, "versions": versions, "version": version,
        "items": list(version_items(version.pk).values()),
        "can_edit": may_edit_checklists(request.user)})


@login_required
def checklist_edit_view(request, pk):
    if not may_edit_checklists(request.user):
        raise PermissionDenied
    checklist = get_object_or_404(Checklist, pk=pk)
    current = checklist.current_version
    initial = [{f: getattr(i, f) for f in ("section", "content", "legal_basis",
                                           "standard_basis", "is_major", "statute_entry")}
               for i in version_items(current.pk).values()] if current else []
    formset = ChecklistItemFormSet(request.POST or None, initial=initial)
    note_error = ""
    if request.method == "POST" and formset.is_valid():
        rows = [f.cleaned_data for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
                and (f.cleaned_data.get("content") or "").strip()]
        try:
            version = checklist_publish(actor=request.user, checklist=checklist, items=rows,
                                        note=request.POST.get("note", ""))
        except ValidationFailed as exc:
            note_error = "；".join(exc.errors.values())
        else:
            messages.success(request, f"已发布第{version.number}版")
            return redirect("inspections:checklist", pk=pk)
    return render(request, "inspections/checklist_edit.html", {
        "checklist": checklist, "formset": formset, "note_error": note_error,
        "note": request.POST.get("note", "")})
