"""Pages of the legal quick reference (法规速查). Thin: reference.py answers, services.py writes."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse

from anzhi.core.errors import NotAllowed, ValidationFailed
from anzhi.law import discretion, statutes, workdays

from . import reference
from .calendar import format_days
from .choices import DayKind
from .forms import CalendarYearForm, flag, start_of
from .models import CalendarYear
from .services import calendar_year_save, may_edit_calendar, may_read_reference


def reader_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_read_reference(request.user):
            raise PermissionDenied("法规速查仅供执法和监管人员使用")
        return view(request, *args, **kwargs)

    return wrapper


def _partial(request, full: str, part: str, context: dict, status: int = 200):
    """The fragment for htmx (always 200: htmx swaps only successful responses, and the
    fragment shows the error message), the whole page otherwise (400 on bad input)."""
    if request.htmx:
        return render(request, part, context)
    return render(request, full, context, status=status)


@reader_required
def index(request):
    q = request.GET.get("q", "").strip()
    rows = [reference.entry_summary(e) for e in reference.search(q)]
    context = {"q": q, "entries": rows if q else [], "all_entries": [] if q else rows}
    return _partial(request, "legalref/index.html", "legalref/_results.html", context)


def _discretion_context(request, entry) -> dict:
    """The discretion form state from the query string, and its recommendation."""
    stages = [s for s in statutes.STAGES if entry.fines.get(s)]
    if not stages:
        return {"discretion_available": False}
    stage = request.GET.get("stage") or stages[0]
    parties_here = list(dict.fromkeys(p for s in stages for p in entry.fines[s]))
    party = request.GET.get("party") or parties_here[0]
    chosen = [c for v in request.GET.getlist("circumstances") for c in v.split(",") if c]
    context = {
        "discretion_available": True, "stage": stage, "party": party, "chosen": chosen,
        "stage_choices": [(s, reference.stage_labels()[s]) for s in stages],
        "party_choices": [(p, statutes.parties().get(p, p)) for p in parties_here],
        "circumstance_groups": [
            (title, [(n, discretion.CIRCUMSTANCES[n]) for n in names])
            for title, names in reference.CIRCUMSTANCE_GROUPS],
        "locality": request.GET.get("locality") or "national",
        "localities": reference.localities(),
    }
    if stage not in statutes.STAGES:
        context["discretion_errors"] = {"stage": "阶段：应为首次发现、逾期未改正或导致事故"}
        return context
    try:
        context["rec"] = reference.recommendation(
            entry, party=party, overdue=stage == "overdue", accident=stage == "accident",
            circumstances=chosen, locality=context["locality"])
    except ValidationFailed as exc:
        context["discretion_errors"] = exc.errors
    return context


def _crime_context(request) -> dict:
    labels = reference.fact_labels()
    facts = {"deaths": request.GET.get("deaths", ""),
             "serious_injuries": request.GET.get("serious_injuries", ""),
             "direct_loss_yuan": request.GET.get("direct_loss_yuan", "")}
    ticked = [f for f in labels if flag(request.GET.get(f))]
    context = {"facts": facts, "fact_flags": [(f, labels[f], f in ticked) for f in labels],
               "crime_asked": "facts" in request.GET}
    if context["crime_asked"]:
        try:
            context["crime_result"] = reference.possible_crimes(
                {**facts, **{f: True for f in ticked}})
        except ValidationFailed as exc:
            context["crime_errors"] = exc.errors
    return context


@reader_required
def entry(request, entry_id):
    e = reference.get_entry(entry_id)
    context = {"entry": reference.entry_detail(e), **_discretion_context(request, e),
               **_crime_context(request)}
    return render(request, "legalref/entry.html", context)


@reader_required
def recommend(request, entry_id):
    """htmx: the recommendation panel for the circumstances ticked."""
    e = reference.get_entry(entry_id)
    context = {"entry": reference.entry_detail(e), **_discretion_context(request, e)}
    status = 400 if context.get("discretion_errors") else 200
    return _partial(request, "legalref/entry.html", "legalref/_recommendation.html", context,
                    status)


@reader_required
def crimes(request):
    context = _crime_context(request)
    status = 400 if context.get("crime_errors") else 200
    return _partial(request, "legalref/crimes.html", "legalref/_crimes.html", context, status)


@reader_required
def deadlines(request):
    period = request.GET.get("period", "")
    date_text, time_text = request.GET.get("start", ""), request.GET.get("time", "")
    context = {"period_choices": reference.period_choices(), "period": period,
               "start": date_text, "time": time_text, "errors": {}}
    status = 200
    if date_text or "period" in request.GET:
        try:
            begin = reference.parse_start(start_of(date_text, time_text))
            context["rows"] = ([reference.deadline(period, begin)] if period
                               else reference.all_deadlines(begin))
        except ValidationFailed as exc:
            context["errors"] = exc.errors
            status = 400
    return _partial(request, "legalref/deadlines.html", "legalref/_deadlines.html", context,
                    status)


@reader_required
def accident(request):
    values = {k: request.GET.get(k, "") for k in ("deaths", "serious_injuries",
                                                  "direct_loss_yuan")}
    context = {"values": values, "errors": {}}
    status = 200
    if any(values.values()):
        try:
            context["result"] = reference.accident_grade(**values)
        except ValidationFailed as exc:
            context["errors"] = exc.errors
            status = 400
    return _partial(request, "legalref/accident.html", "legalref/_accident.html", context,
                    status)


def _calendar_context(request, form=None) -> dict:
    can_edit = may_edit_calendar(request.user)
    active = Q(days__voided_at__isnull=True)
    rows = list(CalendarYear.objects.select_related("updated_by").annotate(
        n_holidays=Count("days", filter=active & Q(days__kind=DayKind.HOLIDAY)),
        n_workdays=Count("days", filter=active & Q(days__kind=DayKind.WORKDAY))))
    years = {r.year for r in rows}
    if can_edit and form is None:
        initial = {}
        year = request.GET.get("year", "")
        row = next((r for r in rows if str(r.year) == year), None)
        if row is not None:
            days = row.days.filter(voided_at__isnull=True)
            initial = {
                "year": row.year, "source": row.source, "note": row.note,
                "holidays": format_days([(d.date, d.note) for d in days
                                         if d.kind == DayKind.HOLIDAY]),
                "workdays": format_days([(d.date, d.note) for d in days
                                         if d.kind == DayKind.WORKDAY]),
            }
        elif year.isdecimal():
            initial = {"year": int(year)}
        else:
            initial = {"year": workdays.known_years()[-1] + 1}  # the next year to enter
        form = CalendarYearForm(initial=initial)
    package = [y for y in workdays.known_years() if y not in years]
    return {"rows": rows, "package_years": package, "can_edit": can_edit, "form": form}


@reader_required
def calendar_page(request):
    if request.method == "POST":
        if not may_edit_calendar(request.user):
            raise PermissionDenied("只有系统管理员和安委办管理员可以录入节假日安排")
        form = CalendarYearForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                row = calendar_year_save(
                    actor=request.user, year=data["year"], holidays=data["holidays"],
                    workdays=data["workdays"], source=data["source"], note=data["note"],
                    reason=data["reason"])
            except ValidationFailed as exc:
                form.show_errors(exc)
            except NotAllowed as exc:
                raise PermissionDenied(exc.message) from exc
            else:
                messages.success(request, f"已保存{row.year}年节假日安排（第{row.revision}次）")
                return redirect(reverse("legalref:calendar"))
        return render(request, "legalref/calendar.html", _calendar_context(request, form),
                      status=400)
    return render(request, "legalref/calendar.html", _calendar_context(request))
