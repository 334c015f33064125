from django.urls import path

from . import views, views_transfer

app_name = "registry"
urlpatterns = [
    path("", views.enterprise_list_view, name="list"),
    path("import/", views_transfer.import_view, name="import"),
    path("import/template.xlsx", views_transfer.import_template_view, name="import-template"),
    path("import/<uuid:job_id>/", views_transfer.import_job_view, name="import-job"),
    path("import/<uuid:job_id>/confirm/", views_transfer.import_confirm_view,
         name="import-confirm"),
    path("import/<uuid:job_id>/abandon/", views_transfer.import_abandon_view,
         name="import-abandon"),
    path("import/<uuid:job_id>/status/", views_transfer.import_status_view,
         name="import-status"),
    path("import/<uuid:job_id>/errors.xlsx", views_transfer.import_errors_view,
         name="import-errors"),
    path("export/", views_transfer.export_view, name="export"),
    path("new/", views.enterprise_create_view, name="create"),
    path("<int:pk>/", views.enterprise_detail_view, name="detail"),
    path("<int:pk>/edit/", views.enterprise_edit_view, name="edit"),
    path("<int:pk>/status/", views.enterprise_status_view, name="status"),
]
