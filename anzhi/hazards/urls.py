from django.urls import path

from . import views

app_name = "hazards"
urlpatterns = [
    path("", views.hazard_list_view, name="list"),
    path("new/", views.hazard_create_view, name="create"),
    path("<int:pk>/", views.hazard_detail_view, name="detail"),
    path("<int:pk>/files/<int:file_id>/", views.file_view, name="file"),
    path("<int:pk>/reviews/<int:review_id>/document.<str:fmt>", views.review_document_view,
         name="review-document"),
    path("clearance/", views.clearance_view, name="clearance"),
    path("clearance/export.xlsx", views.clearance_export_view, name="clearance-export"),
    path("clearance/quarterly.docx", views.quarterly_view, name="quarterly"),
    path("supervised/", views.supervised_view, name="supervised"),
    path("duties/", views.duties_view, name="duties"),
    path("portal/", views.portal_view, name="portal"),
]
