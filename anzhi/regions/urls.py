from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("", views.region_index, name="index"),
    path("<str:code>/add/", views.region_add_view, name="add"),
    path("<str:code>/import/", views.division_import_view, name="import"),
    path("<str:code>/import/commit/", views.division_import_commit_view, name="import_commit"),
]
