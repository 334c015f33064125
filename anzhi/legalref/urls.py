from django.urls import path

from . import views

app_name = "legalref"
urlpatterns = [
    path("", views.index, name="index"),
    path("v/<str:entry_id>/", views.entry, name="entry"),
    path("v/<str:entry_id>/recommend/", views.recommend, name="recommend"),
    path("crimes/", views.crimes, name="crimes"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("accident/", views.accident, name="accident"),
    path("calendar/", views.calendar_page, name="calendar"),
]
