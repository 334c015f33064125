from django.contrib import admin
from django.urls import include, path

from anzhi.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("anzhi.core.urls")),
    path("regions/", include("anzhi.regions.urls")),
    path("enterprises/", include("anzhi.registry.urls")),
    path("inspections/", include("anzhi.inspections.urls")),
    path("hazards/", include("anzhi.hazards.urls")),
    path("cases/", include("anzhi.cases.urls")),
    path("law/", include("anzhi.legalref.urls")),
    path("planning/", include("anzhi.planning.urls")),
    path("public/draws/", include("anzhi.planning.public_urls")),
]
