from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("", views.inspection_list_view, name="list"),
    path("new/", views.inspection_new_view, name="new"),
    path("<int:pk>/", views.inspection_detail_view, name="detail"),
    path("<int:pk>/answers/<int:item_id>/", views.answer_view, name="answer"),
    path("<int:pk>/findings/", views.finding_view, name="finding"),
    path("<int:pk>/photos/", views.photo_view, name="photo"),
    path("<int:pk>/photos/<int:photo_id>/", views.photo_file_view, name="photo-file"),
    path("<int:pk>/submit/", views.submit_view, name="submit"),
    path("<int:pk>/sign/", views.sign_view, name="sign"),
    path("checklists/", views.checklist_list_view, name="checklists"),
    path("checklists/<int:pk>/", views.checklist_detail_view, name="checklist"),
    path("checklists/<int:pk>/edit/", views.checklist_edit_view, name="checklist-edit"),
]
