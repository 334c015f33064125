from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from anzhi.accounts.scoping import may_change_enterprise, may_change_registry
from anzhi.core.errors import NotAllowed, TransitionRefused, ValidationFailed
from anzhi.core.urls_fixed import fixed_url

from .choices import FLAGS, RISK_GRADE_BADGES
from .forms import EnterpriseForm, FilterForm, StatusForm
from .selectors import enterprise_dossier, enterprise_pages, get_enterprise
from .services import enterprise_change_status, enterprise_create, enterprise_update
from .tabs import TABS, get_tab

PAGE_SIZE = 20


@login_required
def enterprise_list_view(request):
    form = FilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    page = enterprise_pages(request.user, filters, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    # Rows link to "<detail_base><pk>/": no reverse() per row.
    detail_base = fixed_url("registry:detail", 0).removesuffix("0/")
    context = {"form": form, "page": page, "query": query.urlencode(),
               "can_create": may_change_registry(request.user), "detail_base": detail_base,
               "GRADE_BADGES": RISK_GRADE_BADGES}
    # Jinja2 templates (anzhi/core/jinja.py says why).
    if request.htmx:
        return render(request, "registry/_results.jinja", context, using="jinja2")
    return render(request, "registry/list.jinja", context, using="jinja2")


def _can_change(user, enterprise) -> bool:
    return may_change_enterprise(user, enterprise)


@login_required
def enterprise_detail_view(request, pk):
    context = enterprise_dossier(request.user, pk)
    context["flags"] = [label for f, label in FLAGS.items() if getattr(context["enterprise"], f)]
    context["can_change"] = _can_change(request.user, context["enterprise"])
    context["status_form"] = StatusForm()
    tab = get_tab(request.GET.get("tab", "basic"))
    if tab.context is not None:
        context.update(tab.context(request.user, context["enterprise"]))
    context.update({"tab": tab, "tabs": TABS})
    return render(request, "registry/detail.html", context)


@login_required
def enterprise_create_view(request):
    form = EnterpriseForm(request.POST or None, user=request.user, initial={"risk_grade": "C"})
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = enterprise_create(actor=request.user, data=form.service_data())
        except ValidationFailed as exc:
            form.show_errors(exc)
        except NotAllowed as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已建档：{enterprise.name}")
            return redirect("registry:detail", pk=enterprise.pk)
    return render(request, "registry/form.html", {"form": form, "title": "新建企业档案"})


@login_required
def enterprise_edit_view(request, pk):
    enterprise = get_enterprise(request.user, pk)
    if not _can_change(request.user, enterprise):
        raise PermissionDenied
    form = EnterpriseForm(request.POST or None, user=request.user,
                          initial=EnterpriseForm.initial_for(enterprise))
    if request.method == "POST" and form.is_valid():
        try:
            enterprise_update(actor=request.user, enterprise=enterprise, data=form.service_data())
        except ValidationFailed as exc:
            form.show_errors(exc)
        else:
            messages.success(request, "已保存")
            return redirect("registry:detail", pk=enterprise.pk)
    return render(request, "registry/form.html",
                  {"form": form, "title": f"修改：{enterprise.name}", "enterprise": enterprise})


@login_required
def enterprise_status_view(request, pk):
    enterprise = get_enterprise(request.user, pk)
    form = StatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise_change_status(actor=request.user, enterprise=enterprise,
                                     **form.cleaned_data)
        except ValidationFailed as exc:
            for message in exc.errors.values():
                messages.error(request, message)
        except (TransitionRefused, NotAllowed) as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "经营状态已变更")
    else:
        for errors in form.errors.values():
            messages.error(request, "；".join(errors))
    return redirect("registry:detail", pk=enterprise.pk)
