"""anzhi's URLs under another prefix, for tests/core/test_urls_fixed.py."""

from django.urls import include, path

urlpatterns = [path("elsewhere/", include("anzhi.urls"))]
