from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from anzhi.accounts.models import Role
from anzhi.registry.summary import home_counts

from . import acting_day
from .models import Job
from .worklist import worklist


@login_required
def home(request):
    if request.user.role == Role.ENTERPRISE and request.user.enterprise_id:
        return redirect("registry:detail", pk=request.user.enterprise_id)
    return render(request, "core/home.jinja", {
        "counts": home_counts(request.user), "work": worklist(request.user, acting_day.today())},
        using="jinja2")


@login_required
def job_progress(request, job_id):
    """Progress of a background job; htmx polls this until the job finishes."""
    qs = Job.objects.all() if request.user.is_superuser else Job.objects.filter(
        created_by=request.user)
    job = get_object_or_404(qs, pk=job_id)
    return render(request, "core/job_progress.html", {"job": job})
