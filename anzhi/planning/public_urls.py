"""一公开: public pages of 双随机 draws (no login), included at /public/draws/."""

from django.urls import path

from . import views

app_name = "public_draws"
urlpatterns = [
    path("<int:pk>/", views.public_draw, name="detail"),
    path("<int:pk>.json", views.public_draw_json, name="json"),
]
