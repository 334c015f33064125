"""The framework's floor, for ``scenarios.registry``: two pages that do no work of their own
beside Anzhi's real URLs, so RESULTS.md shows what any signed-in page costs before its own
queries (the session and user lookups, the middleware, the layout)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from anzhi.urls import urlpatterns as anzhi_urlpatterns


@login_required
def signed_in(request):
    return HttpResponse("ok")


@login_required
def layout(request):
    return render(request, "base.html", {})


urlpatterns = [
    path("bench-floor/signed-in/", signed_in),
    path("bench-floor/layout/", layout),
    *anzhi_urlpatterns,
]
