"""Pages of the planning app. Thin: parse with a form, call the service, show its errors."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from anzhi.core.documents import to_docx, to_pdf
from anzhi.core.errors import NotAllowed, TransitionRefused, ValidationFailed

from . import selectors, services
from .access import may_act_for, may_witness
from .choices import HandoverStatus, PlanItemKind, PlanStatus
from .forms import (
    ActForm,
    CampaignForm,
    DrawForm,
    EntropyForm,
    HandoverForm,
    PlanCreateForm,
    RotationForm,
    RulesForm,
)


def _refused(request, exc) -> None:
    if isinstance(exc, ValidationFailed):
        for message in exc.errors.values():
            messages.error(request, message)
    else:
        messages.error(request, exc.message)


@login_required
def index(request):
    user = request.user
    year = timezone.localdate().year
    return render(request, "planning/index.html", {
        "year": year,
        "plans": selectors.plan_list(user)[:30],
        "draws": selectors.draw_list(user)[:20],
        "campaigns": selectors.campaign_list(user)[:20],
        "rotations": selectors.rotation_list(user).order_by("-starts_on")[:10],
        "can_change": user.is_superuser or user.role in ("committee_admin", "agency_head",
                                                         "officer"),
    })


# --- plans ------------------------------------------------------------------------------

@login_required
def plan_create(request):
    form = PlanCreateForm(request.POST or None, user=request.user,
                          initial={"year": timezone.localdate().year,
                                   "agency": request.user.agency_id})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(actor=request.user, **form.cleaned_data)
        except ValidationFailed as exc:
            form.show_errors(exc)
        except NotAllowed as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已生成：{plan}")
            return redirect("planning:plan", pk=plan.pk)
    return render(request, "planning/form.html", {"form": form, "title": "制定年度执法计划"})


@login_required
def plan_detail(request, pk):
    plan = selectors.get_plan(request.user, pk)
    can_change = may_act_for(request.user, plan.agency) and plan.status == PlanStatus.DRAFT
    form = RulesForm(request.POST or None, initial=RulesForm.initial_for(plan.rules))
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update_rules(actor=request.user, plan=plan, rules=form.rules(),
                                       reason=form.cleaned_data["reason"])
        except ValidationFailed as exc:
            form.show_errors(exc)
        except (NotAllowed, TransitionRefused) as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "规则已保存，计划已重新生成")
            return redirect("planning:plan", pk=plan.pk)
    kind = request.GET.get("kind", "")
    stats = selectors.plan_stats(plan)
    peak = max([1] + [max(m["planned"], m["done"]) for m in stats["months"]])
    return render(request, "planning/plan_detail.html", {
        "plan": plan, "stats": stats, "peak": peak, "form": form, "can_change": can_change,
        "items": selectors.plan_items(plan, kind=kind), "kind": kind,
        "kinds": PlanItemKind.choices, "counts": selectors.plan_counts_by_kind(plan),
        "random_kind": PlanItemKind.RANDOM,
        "transitions": selectors.transitions_of(plan),
    })


@login_required
@require_POST
def plan_publish(request, pk):
    plan = selectors.get_plan(request.user, pk)
    try:
        services.plan_publish(actor=request.user, plan=plan)
    except (NotAllowed, TransitionRefused) as exc:
        _refused(request, exc)
    else:
        messages.success(request, "计划已发布")
    return redirect("planning:plan", pk=plan.pk)


# --- draws ------------------------------------------------------------------------------

@login_required
def draw_create(request):
    campaigns = list(selectors.campaign_list(request.user))
    initial = {"agency": request.user.agency_id, "officers_per_enterprise": 2}
    plan_id = request.GET.get("plan")
    if plan_id and plan_id.isdecimal():
        plan = selectors.get_plan(request.user, int(plan_id))
        initial.update(plan=plan.pk, agency=plan.agency_id,
                       ratio=plan.rules.get("random_ratio"),
                       title=f"{plan.year}年度双随机抽查")
    form = DrawForm(request.POST or None, user=request.user, campaigns=campaigns,
                    initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            draw = services.draw_create(actor=request.user, **form.service_kwargs())
        except ValidationFailed as exc:
            form.show_errors(exc)
        except NotAllowed as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已创建抽取，名录库哈希和承诺值已公示")
            return redirect("planning:draw", pk=draw.pk)
    return render(request, "planning/form.html", {"form": form, "title": "双随机抽取"})


@login_required
def draw_detail(request, pk):
    draw = selectors.get_draw(request.user, pk)
    verification = selectors.verify_draw(draw) if request.GET.get("verify") else None
    page = selectors.selection_page(draw, request.GET.get("page"))
    return render(request, "planning/draw_detail.html", {
        "draw": draw, "rows": page["rows"], "page": page,
        "scope": selectors.pool_scope(draw), "ratio_percent": selectors.ratio_percent(draw),
        "entropy_form": EntropyForm(), "can_execute": may_act_for(request.user, draw.agency),
        "can_witness": may_witness(request.user, draw.agency),
        "verification": verification, "transitions": selectors.transitions_of(draw),
    })


@login_required
@require_POST
def draw_execute(request, pk):
    draw = selectors.get_draw(request.user, pk)
    form = EntropyForm(request.POST)
    form.is_valid()
    try:
        services.draw_execute(actor=request.user, draw=draw, witness_entropy=form.entropy())
    except (ValidationFailed, NotAllowed, TransitionRefused) as exc:
        _refused(request, exc)
    else:
        messages.success(request, "已抽取，种子已公开")
    return redirect("planning:draw", pk=draw.pk)


@login_required
@require_POST
def draw_witness(request, pk):
    draw = selectors.get_draw(request.user, pk)
    try:
        services.draw_add_witness(actor=request.user, draw=draw,
                                  entropy=request.POST.get("entropy", ""))
    except (ValidationFailed, NotAllowed, TransitionRefused) as exc:
        _refused(request, exc)
    else:
        messages.success(request, "见证人随机串已记录，抽取时参与种子计算")
    return redirect("planning:draw", pk=draw.pk)


@login_required
@require_POST
def draw_void(request, pk):
    draw = selectors.get_draw(request.user, pk)
    try:
        services.draw_void(actor=request.user, draw=draw, reason=request.POST.get("reason", ""))
    except (ValidationFailed, NotAllowed, TransitionRefused) as exc:
        _refused(request, exc)
    else:
        messages.success(request, "抽取已作废")
    return redirect("planning:draw", pk=draw.pk)


def public_draw(request, pk):
    """一公开: no login. The commitment before execution, the result after."""
    draw = selectors.get_public_draw(pk)
    page = selectors.selection_page(draw, request.GET.get("page"))
    return render(request, "planning/public_draw.html", {
        "draw": draw, "rows": page["rows"], "page": page, "scope": selectors.pool_scope(draw),
        "ratio_percent": selectors.ratio_percent(draw), "witnesses": draw.witness_entropy,
    })


def public_draw_json(request, pk):
    draw = selectors.get_public_draw(pk)
    body = json.dumps(selectors.published_document(draw), ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="draw-{draw.pk}.json"'
    return response


# --- campaigns --------------------------------------------------------------------------

@login_required
def campaign_create(request):
    form = CampaignForm(request.POST or None, user=request.user,
                        initial={"issuing_agency": request.user.agency_id})
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(actor=request.user, data=form.service_data())
        except ValidationFailed as exc:
            form.show_errors(exc)
        except NotAllowed as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已发布专项行动：{campaign.title}")
            return redirect("planning:campaign", pk=campaign.pk)
    return render(request, "planning/form.html", {"form": form, "title": "发布专项行动"})


@login_required
def campaign_detail(request, pk):
    campaign = selectors.get_campaign(request.user, pk)
    return render(request, "planning/campaign_detail.html", {
        "campaign": campaign, "progress": selectors.campaign_progress(campaign),
        "draws": campaign.draws.all()[:20],
    })


@login_required
def campaign_progress_fragment(request, pk):
    campaign = selectors.get_campaign(request.user, pk)
    return render(request, "planning/_campaign_progress.html",
                  {"campaign": campaign, "progress": selectors.campaign_progress(campaign)})


# --- 异地互查 ------------------------------------------------------------------------------

@login_required
def rotation_create(request):
    form = RotationForm(request.POST or None, user=request.user,
                        initial={"organiser": request.user.agency_id, "per_team": 3})
    if request.method == "POST" and form.is_valid():
        try:
            rotation = services.rotation_create(actor=request.user, **form.cleaned_data)
        except ValidationFailed as exc:
            form.show_errors(exc)
        except NotAllowed as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已生成异地互查轮换")
            return redirect("planning:rotation", pk=rotation.pk)
    return render(request, "planning/form.html", {"form": form, "title": "生成异地互查"})


@login_required
def rotation_detail(request, pk):
    rotation = selectors.get_rotation(request.user, pk)
    context = selectors.rotation_detail(rotation)
    user = request.user
    for block in context["assignments"]:
        a = block["assignment"]
        block["is_inspector"] = user.is_superuser or user.agency_id == a.inspecting_agency_id
        block["is_local"] = user.is_superuser or user.agency_id == a.local_agency_id
        block["form"] = HandoverForm(enterprises=block["enterprises"], prefix=f"a{a.pk}")
    context.update({"act_form": ActForm(), "statuses": HandoverStatus,
                    "is_organiser": may_act_for(user, rotation.organiser)})
    return render(request, "planning/rotation_detail.html", context)


@login_required
@require_POST
def handover_record(request, pk):
    assignment = selectors.get_assignment(request.user, pk)
    form = HandoverForm(request.POST, enterprises=list(assignment.enterprises.all()),
                        prefix=f"a{assignment.pk}")
    if form.is_valid():
        try:
            services.handover_record(actor=request.user, assignment=assignment,
                                     **form.cleaned_data)
        except (ValidationFailed, NotAllowed) as exc:
            _refused(request, exc)
        else:
            messages.success(request, "已登记，待检查组和当地对接人员签名")
    else:
        for errors in form.errors.values():
            messages.error(request, "；".join(errors))
    return redirect("planning:rotation", pk=assignment.rotation_id)


@login_required
@require_POST
def handover_sign(request, pk):
    item = selectors.get_handover(request.user, pk)
    try:
        services.handover_sign(actor=request.user, item=item,
                               password=request.POST.get("password", ""))
    except (ValidationFailed, NotAllowed, TransitionRefused) as exc:
        _refused(request, exc)
    else:
        messages.success(request, "已签名")
    return redirect("planning:rotation", pk=item.assignment.rotation_id)


@login_required
@require_POST
def handover_act(request, pk):
    item = selectors.get_handover(request.user, pk)
    form = ActForm(request.POST)
    if form.is_valid():
        try:
            services.handover_act(actor=request.user, item=item, **form.cleaned_data)
        except (ValidationFailed, NotAllowed, TransitionRefused) as exc:
            _refused(request, exc)
        else:
            messages.success(request, "处理情况已记录")
    else:
        for errors in form.errors.values():
            messages.error(request, "；".join(errors))
    return redirect("planning:rotation", pk=item.assignment.rotation_id)


@login_required
@require_POST
def handover_close(request, pk):
    item = selectors.get_handover(request.user, pk)
    try:
        services.handover_close(actor=request.user, item=item, note=request.POST.get("note", ""))
    except (ValidationFailed, NotAllowed, TransitionRefused) as exc:
        _refused(request, exc)
    else:
        messages.success(request, "已销号")
    return redirect("planning:rotation", pk=item.assignment.rotation_id)


@login_required
def transfer_form(request, pk, fmt):
    assignment = selectors.get_assignment(request.user, pk)
    doc = selectors.transfer_form_document(assignment)
    if fmt == "pdf":
        return HttpResponse(to_pdf(doc), content_type="application/pdf",
                            headers={"Content-Disposition":
                                     f'inline; filename="transfer-form-{assignment.pk}.pdf"'})
    return HttpResponse(
        to_docx(doc),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        headers={"Content-Disposition":
                 f'attachment; filename="transfer-form-{assignment.pk}.docx"'})

