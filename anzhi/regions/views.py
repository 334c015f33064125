from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from anzhi.core.errors import NotAllowed, ValidationFailed

from .divisions import RawRow, allowed_child_level, read_division_file
from .forms import DivisionImportForm, RegionAddForm
from .models import Region
from .services import divisions_import, divisions_preview, may_manage_regions, region_add

PREVIEW_ROWS = 200


def _session_key(code: str) -> str:
    return f"regions.import.{code}"


def _index_context(request, region: Region | None) -> dict:
    children = (Region.objects.filter(parent=region) if region else
                Region.objects.filter(level=Region.Level.PROVINCE))
    ancestors = []
    node = region
    while node is not None:
        ancestors.insert(0, node)
        node = node.parent
    child_level = allowed_child_level(region) if region else None
    can_manage = bool(child_level) and may_manage_regions(request.user, region)
    return {"region": region, "children": children, "ancestors": ancestors,
            "can_manage": can_manage,
            "child_level_label": Region.Level(child_level).label if child_level else "",
            "add_form": RegionAddForm() if can_manage else None,
            "import_form": DivisionImportForm() if can_manage else None}


@login_required
def region_index(request):
    code = request.GET.get("code")
    region = get_object_or_404(Region, pk=code) if code else None
    context = _index_context(request, region)
    if region and context["can_manage"]:
        pending = request.session.get(_session_key(region.code))
        if pending:
            context["preview"] = _preview(request, region, pending)
    return render(request, "regions/index.html", context)


def _managed_region(request, code: str) -> Region:
    region = get_object_or_404(Region, pk=code)
    if not (allowed_child_level(region) and may_manage_regions(request.user, region)):
        raise PermissionDenied
    return region


def _back(region: Region):
    return redirect(f"{reverse('regions:index')}?code={region.code}")


@login_required
@require_POST
def region_add_view(request, code):
    region = _managed_region(request, code)
    form = RegionAddForm(request.POST)
    if form.is_valid():
        try:
            child = region_add(actor=request.user, parent=region, **form.cleaned_data)
        except ValidationFailed as exc:
            form.show_errors(exc)
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from exc
        else:
            messages.success(request, f"已添加：{child.code} {child.name}")
            return _back(region)
    context = _index_context(request, region)
    context["add_form"] = form
    return render(request, "regions/index.html", context, status=400)


def _preview(request, region: Region, pending: dict) -> dict:
    rows = [RawRow(**r) for r in pending["rows"]]
    report = divisions_preview(actor=request.user, parent=region, rows=rows,
                               headers=pending.get("headers"))
    return {"filename": pending.get("filename", ""), "report": report,
            "rows": report.rows[:PREVIEW_ROWS], "more": max(0, report.rows_valid - PREVIEW_ROWS)}


@login_required
@require_POST
def division_import_view(request, code):
    """Upload: read and check the file, keep its rows in the session, show the preview."""
    region = _managed_region(request, code)
    form = DivisionImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows, headers = read_division_file(upload.read(), upload.name)
        except ValidationFailed as exc:
            form.add_error("file", exc.errors.get("file") or "；".join(exc.errors.values()))
        else:
            request.session[_session_key(region.code)] = {
                "filename": upload.name, "headers": headers,
                "rows": [r.as_dict() for r in rows]}
            return _back(region)
    context = _index_context(request, region)
    context["import_form"] = form
    return render(request, "regions/index.html", context, status=400)


@login_required
@require_POST
def division_import_commit_view(request, code):
    region = _managed_region(request, code)
    key = _session_key(region.code)
    pending = request.session.get(key)
    if request.POST.get("cancel") or not pending:
        request.session.pop(key, None)
        return _back(region)
    try:
        report = divisions_import(actor=request.user, parent=region,
                                  rows=[RawRow(**r) for r in pending["rows"]],
                                  headers=pending.get("headers"))
    except NotAllowed as exc:
        raise PermissionDenied(exc.message) from exc
    request.session.pop(key, None)
    text = f"导入完成：新增{report.created}个，更新{report.updated}个"
    if report.errors:
        text += f"；{len(report.errors)}行有误未导入"
    messages.success(request, text)
    return _back(region)
