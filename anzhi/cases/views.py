"""Case pages. Thin: parse the request, call the service, show its errors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from anzhi.accounts import scoping
from anzhi.core.documents import to_docx, to_pdf
from anzhi.core.errors import NotAllowed, TransitionRefused, ValidationFailed
from anzhi.core.files import serve_stored
from anzhi.law import discretion
from anzhi.registry.models import Enterprise

from . import documents, privacy, selectors, services, voids
from . import evidence as evidence_files
from . import forms as case_forms
from .choices import EvidenceKind, Procedure, ProceedingKind, Source, Status
from .review_sheet import SHEET

PAGE_SIZE = 20


def _errors(request, exc) -> None:
    if isinstance(exc, ValidationFailed):
        for msg in exc.errors.values():
            messages.error(request, msg)
    else:
        messages.error(request, exc.message)


def _filters(request) -> selectors.CaseFilters:
    g = request.GET
    pre = {"1": True, "0": False}.get(g.get("pre_accident", ""))
    return selectors.CaseFilters(q=g.get("q", "").strip(), status=g.get("status", ""),
                                 procedure=g.get("procedure", ""),
                                 source_type=g.get("source_type", ""), pre_accident=pre,
                                 clock=g.get("clock", ""))


@login_required
def case_list(request):
    qs = selectors.case_list(request.user, _filters(request))
    try:
        page = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        page = 1
    rows = list(qs[(page - 1) * PAGE_SIZE: page * PAGE_SIZE + 1])
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cases/list.html", {
        "rows": rows[:PAGE_SIZE], "has_next": len(rows) > PAGE_SIZE, "page": page,
        "query": query.urlencode(), "statuses": Status.choices, "sources": Source.choices,
        "procedures": Procedure.choices, "g": request.GET,
        "figures": selectors.case_figures(request.user) if request.GET.get("figures") else None,
    })


@login_required
def case_create(request):
    enterprises = scoping.restrict(Enterprise.objects.all(), request.user, "change")
    if request.method == "POST":
        p = request.POST
        enterprise = enterprises.filter(pk=p.get("enterprise") or 0).first()
        if enterprise is None:
            messages.error(request, "企业：请选择辖区内的企业")
        else:
            try:
                case = services.case_create(
                    actor=request.user, enterprise=enterprise, title=p.get("title", ""),
                    procedure_kind=p.get("procedure", Procedure.ORDINARY),
                    source_type=p.get("source_type", Source.OTHER),
                    source_label=p.get("source_label", ""), facts=p.get("facts", ""),
                    officers=[int(x) for x in p.getlist("officers") if x.isdecimal()],
                    violations=[{"entry_id": p.get("entry_id", "").strip(),
                                 "facts": p.get("facts", ""), "overdue": bool(p.get("overdue")),
                                 "circumstances": p.getlist("circumstances")}]
                    if p.get("entry_id") else [])
            except (ValidationFailed, NotAllowed, TransitionRefused) as exc:
                _errors(request, exc)
            else:
                messages.success(request, "已登记案件")
                return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/form.html", {
        "enterprises": enterprises.order_by("name")[:500], "sources": Source.choices,
        "procedures": Procedure.choices, "circumstances": discretion.CIRCUMSTANCES,
        "p": request.POST})


def _editable(user, case) -> dict:
    """Which completing forms to offer: the states case_add_violation, case_add_party,
    the voids and case_update_facts accept, for the officers they accept. The services still
    decide."""
    member = selectors.can_act(user, case)
    open_ = member and case.status in services.PRE_DECISION
    charges = open_ and case.status != Status.HEARING  # services._not_in_hearing
    return {"can_add_violation": charges and case.status != Status.FILING,
            "can_add_party": charges, "can_void": charges, "can_set_income": open_,
            "can_edit_facts": open_, "after_notice": case.status in services.AFTER_NOTICE}


def _edit_forms(request, case, bound: str | None = None) -> dict:
    data = request.POST if bound else None
    return {
        "violation_form": case_forms.ViolationForm(data if bound == "violation" else None,
                                                   prefix="violation"),
        "party_form": case_forms.PartyForm(data if bound == "party" else None,
                                           enterprise=case.enterprise, prefix="party",
                                           initial={"kind": "principal"}),
        "facts_form": case_forms.FactsForm(data if bound == "facts" else None, prefix="facts",
                                           initial={"facts": case.facts,
                                                    "is_serious": case.is_serious}),
        "open_form": bound,
    }


def _detail(request, pk, forms: dict | None = None, status: int = 200):
    context = selectors.case_page(request.user, pk)
    case = context["case"]
    for v in context["violations"]:
        v.circumstance_labels = [discretion.CIRCUMSTANCES.get(c, c) for c in v.circumstances]
    context.update({"evidence_kinds": EvidenceKind.choices,
                    "evidence_max_mb": evidence_files.MAX_BYTES // (1024 * 1024),
                    "proceeding_kinds": ProceedingKind.choices,
                    "outcomes": [c for c in services.Outcome.choices if c[0]]})
    context.update(_editable(request.user, case))
    context.update(forms or _edit_forms(request, case))
    return render(request, "cases/detail.html", context, status=status)


@login_required
def case_detail(request, pk):
    return _detail(request, pk)


def _complete(request, pk, which: str, call, done: str):
    """POST of one completing form: call the service; on bad input show the page again with
    its messages on the form (nothing written); a refused state goes back as a message."""
    case = selectors.get_case(request.user, pk)
    forms = _edit_forms(request, case, which)
    form = forms[f"{which}_form"]
    if form.is_valid():
        try:
            call(case, form)
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from None
        except TransitionRefused as exc:
            messages.error(request, exc.message)
            return redirect("cases:detail", pk=pk)
        except ValidationFailed as exc:
            form.show_errors(exc)
        else:
            messages.success(request, done)
            return redirect("cases:detail", pk=pk)
    return _detail(request, pk, forms, status=400)


@login_required
@require_POST
def case_add_violation(request, pk):
    return _complete(request, pk, "violation", lambda case, form: services.case_add_violation(
        actor=request.user, case=case, data=form.service_data()), "已补充违法行为")


@login_required
@require_POST
def case_add_party(request, pk):
    return _complete(request, pk, "party", lambda case, form: services.case_add_party(
        actor=request.user, case=case, data=form.service_data()), "已追加当事人")


@login_required
@require_POST
def case_party_income(request, pk, party):
    """A person's income of the previous year, the base of the fines of 安全生产法 Art 95, 96,
    110: recorded or corrected from the party list."""
    case = selectors.get_case(request.user, pk)
    if party > 2**31 - 1:
        raise Http404("未找到该当事人")
    try:
        services.case_set_party_income(actor=request.user, case=case, party=party,
                                       last_year_income=request.POST.get("last_year_income"))
    except NotAllowed as exc:
        raise PermissionDenied(exc.message) from None
    except (ValidationFailed, TransitionRefused) as exc:
        _errors(request, exc)
    else:
        messages.success(request, "已登记当事人上一年年收入")
    return redirect(f"{reverse('cases:detail', args=[pk])}#party-{party}")


@login_required
@require_POST
def case_void(request, pk, row, what):
    """作废 a violation or a party from its line on the case page; the reason is required."""
    case = selectors.get_case(request.user, pk)
    if row > 2**31 - 1:
        raise Http404("未找到该记录")
    reason = request.POST.get("reason", "")
    try:
        if what == "violation":
            voids.violation_void(actor=request.user, case=case, violation=row, reason=reason)
        else:
            voids.party_void(actor=request.user, case=case, party=row, reason=reason)
    except NotAllowed as exc:
        raise PermissionDenied(exc.message) from None
    except (ValidationFailed, TransitionRefused) as exc:
        _errors(request, exc)
    else:
        messages.success(request, "已作废违法行为" if what == "violation" else "已作废当事人")
    return redirect(f"{reverse('cases:detail', args=[pk])}#{what}-{row}")


@login_required
@require_POST
def case_update_facts(request, pk):
    return _complete(request, pk, "facts", lambda case, form: services.case_update_facts(
        actor=request.user, case=case, facts=form.cleaned_data["facts"],
        is_serious=form.cleaned_data["is_serious"]), "已修改案件事实")


def _action_data(post) -> dict:
    data = {k: v for k, v in post.items() if k not in ("csrfmiddlewaretoken", "action")}
    data["officers"] = [int(x) for x in post.getlist("officers") if x.isdecimal()]
    data["measures"] = [m.strip() for m in post.get("measures", "").split("；") if m.strip()]
    proposal = []
    for key, value in post.items():
        if key.startswith("proposal-") and value.strip():
            _, v, party = key.split("-")
            proposal.append({"violation": v, "party": party, "amount": value})
    data["proposal"] = proposal
    if "refer" in post:
        data["refer"] = post.get("refer") == "1"
    return data


@login_required
@require_POST
def case_action(request, pk):
    case = selectors.get_case(request.user, pk)
    action = request.POST.get("action", "")
    try:
        services.case_transition(actor=request.user, case=case, action=action,
                                 data=_action_data(request.POST))
    except (ValidationFailed, NotAllowed, TransitionRefused) as exc:
        _errors(request, exc)
    else:
        label = services.ACTIONS.get(action, ("",))[0]
        messages.success(request, f"已办理：{label}")
    return redirect("cases:detail", pk=pk)


@login_required
def case_decision(request, pk):
    case = selectors.get_case(request.user, pk)
    if not selectors.can_act(request.user, case):
        # The page computes the fines on the persons' incomes (privacy.py): the case team's.
        raise PermissionDenied("只有承办机关的执法人员和负责人可以办理处罚决定")
    rows = selectors.decision_context(request.user, case)
    errors: dict[str, str] = {}
    if request.method == "POST":
        p = request.POST
        lines = []
        for i, row in enumerate(rows):
            lines.append({"violation": row["violation"].pk, "party": row["party"].pk,
                          "amount": p.get(f"amount-{i}", "0") or "0",
                          "level": p.get(f"level-{i}", ""),
                          "deviation_reason": p.get(f"reason-{i}", "")})
        try:
            services.case_decide(actor=request.user, case=case, kind=p.get("kind", "penalty"),
                                 lines=lines, measures=p.get("measures", case.measures))
        except ValidationFailed as exc:
            errors = exc.errors
        except (NotAllowed, TransitionRefused) as exc:
            errors = {"__all__": exc.message}
        else:
            messages.success(request, "处罚决定已作出")
            return redirect("cases:detail", pk=pk)
    for i, row in enumerate(rows):
        row["index"] = i
        row["errors"] = [m for k, m in errors.items() if k.startswith(f"lines.{i}")]
        rec = row["rec"]  # None while a person's income (Art 95, 96, 110) is not recorded
        row["value"] = request.POST.get(f"amount-{i}", rec.amount if rec else "")
        row["level_value"] = request.POST.get(f"level-{i}", rec.level if rec else "")
        row["reason_value"] = request.POST.get(f"reason-{i}", "")
    general = [m for k, m in errors.items() if not k.startswith("lines.")
               or (k.count(".") == 1 and not k.split(".")[1].isdecimal())]
    general += [m for k, m in errors.items() if k == "lines"]
    return render(request, "cases/decision.html", {
        "case": case, "rows": rows, "errors": list(dict.fromkeys(general)),
        "levels": [lv for lv in discretion.LEVELS if lv != discretion.NO_PENALTY],
        "is_head": selectors.is_head(request.user, case)}, status=400 if errors else 200)


@login_required
@require_POST
def case_payment(request, pk):
    case = selectors.get_case(request.user, pk)
    try:
        services.case_record_payment(actor=request.user, case=case,
                                     amount=request.POST.get("amount", ""),
                                     paid_on=request.POST.get("paid_on") or None,
                                     receipt_number=request.POST.get("receipt_number", ""))
    except (ValidationFailed, NotAllowed, TransitionRefused) as exc:
        _errors(request, exc)
    else:
        messages.success(request, "已登记缴款")
    return redirect("cases:detail", pk=pk)


@login_required
@require_POST
def case_evidence(request, pk):
    case = selectors.get_case(request.user, pk)
    p = request.POST
    try:
        services.case_add_evidence(actor=request.user, case=case, kind=p.get("kind", ""),
                                   title=p.get("title", ""), content=p.get("content", ""),
                                   collected_on=p.get("collected_on") or None,
                                   file=request.FILES.get("file"))
    except (ValidationFailed, NotAllowed, TransitionRefused) as exc:
        _errors(request, exc)
    else:
        messages.success(request, "已登记证据")
    return redirect("cases:detail", pk=pk)


@login_required
@require_POST
def case_proceeding(request, pk):
    case = selectors.get_case(request.user, pk)
    p = request.POST
    try:
        if p.get("proceeding"):
            proceeding = case.proceedings.filter(pk=p["proceeding"]).first()
            if proceeding is None:
                raise Http404
            services.proceeding_outcome(actor=request.user, proceeding=proceeding,
                                        outcome=p.get("outcome", ""),
                                        decided_on=p.get("decided_on") or None,
                                        note=p.get("note", ""))
        else:
            services.case_record_proceeding(actor=request.user, case=case, kind=p.get("kind", ""),
                                            body=p.get("body", ""),
                                            filed_on=p.get("filed_on") or None)
    except (ValidationFailed, NotAllowed, TransitionRefused) as exc:
        _errors(request, exc)
    else:
        messages.success(request, "已登记")
    return redirect("cases:detail", pk=pk)


def _send(spec, fmt: str, filename: str) -> HttpResponse:
    if fmt not in ("docx", "pdf"):
        raise Http404("只提供 .docx 和 .pdf")
    if fmt == "pdf":
        resp = HttpResponse(to_pdf(spec), content_type="application/pdf")
    else:
        resp = HttpResponse(to_docx(spec), content_type=(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    from urllib.parse import quote

    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}.{fmt}"
    return resp


@login_required
def evidence_file(request, pk, evidence):
    """An evidence item's file, to those who may open the evidence (privacy.evidence_access)."""
    if max(pk, evidence) > 2**31 - 1:
        raise Http404("未找到该文件")
    item = selectors.get_evidence_file(request.user, pk, evidence)
    return serve_stored(item.file)


@login_required
def case_document(request, pk, kind, fmt):
    case = selectors.get_case(request.user, pk)
    if (kind.startswith("evidence-") or kind == "case_file") and (
            privacy.evidence_access(request.user, case) != privacy.FILES):
        # The records' text and the 案卷 are the evidence itself (privacy.py).
        raise Http404("该文书尚未制作")
    if kind.startswith("evidence-"):
        ev = case.evidence.filter(pk=kind.split("-", 1)[1],
                                  kind__in=[EvidenceKind.INQUIRY, EvidenceKind.SCENE]).first()
        spec = documents.record(ev) if ev else None
    elif kind == "case_transfer":
        referral = case.referrals.filter(pk=request.GET.get("referral") or 0).first()
        spec = documents.transfer(referral) if referral else None
    elif kind == "case_file":
        spec = documents.case_file(case)
    else:
        spec = documents.build(case, kind)
    if spec is None:
        raise Http404("该文书尚未制作")
    return _send(spec, fmt, f"{spec.title}-{case.number or case.pk}")


@login_required
def case_file_review(request, pk):
    case = selectors.get_case(request.user, pk)
    if request.method == "POST":
        scores = {i.key: request.POST.get(f"score-{i.key}", i.points) for i in SHEET}
        try:
            services.case_file_review(actor=request.user, case=case, scores=scores,
                                      comment=request.POST.get("comment", ""))
        except (ValidationFailed, NotAllowed, TransitionRefused) as exc:
            _errors(request, exc)
        else:
            messages.success(request, "评查结果已保存")
            return redirect("cases:detail", pk=pk)
    return render(request, "cases/file_review.html", {"case": case, "sheet": SHEET})


@login_required
def figures(request):
    return render(request, "cases/figures.html", {
        "figures": selectors.case_figures(request.user),
        "reviews": selectors.file_review_summary(request.user)})


@login_required
def referral_detail(request, pk):
    referral = selectors.get_referral(request.user, pk)
    return render(request, "cases/referral.html", {
        "referral": referral, "events": list(referral.events.select_related("actor")),
        "next": services.FLOWS.get(referral.kind, [])})


@login_required
def referral_list(request):
    return render(request, "cases/referrals.html",
                  {"rows": selectors.referral_list(request.user)[:100]})


@login_required
@require_POST
def referral_action(request, pk):
    referral = selectors.get_referral(request.user, pk)
    p = request.POST
    try:
        if p.get("open") in ("case", "inspection"):
            services.referral_open_case(actor=request.user, referral=referral,
                                        inspection=p["open"] == "inspection")
        else:
            services.referral_advance(actor=request.user, referral=referral,
                                      status=p.get("status", ""), on=p.get("on") or None,
                                      document=p.get("document", ""), note=p.get("note", ""))
    except (ValidationFailed, NotAllowed, TransitionRefused) as exc:
        _errors(request, exc)
    else:
        messages.success(request, "已登记")
    return redirect("cases:referral", pk=pk)


@login_required
def referral_document(request, pk, fmt):
    referral = selectors.get_referral(request.user, pk)
    if not referral.number:
        raise Http404
    return _send(documents.transfer(referral), fmt, f"案件移送书-{referral.number}")
