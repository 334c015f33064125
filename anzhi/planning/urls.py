from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("", views.index, name="index"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/publish/", views.plan_publish, name="plan_publish"),
    path("draws/new/", views.draw_create, name="draw_create"),
    path("draws/<int:pk>/", views.draw_detail, name="draw"),
    path("draws/<int:pk>/execute/", views.draw_execute, name="draw_execute"),
    path("draws/<int:pk>/witness/", views.draw_witness, name="draw_witness"),
    path("draws/<int:pk>/void/", views.draw_void, name="draw_void"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/progress/", views.campaign_progress_fragment,
         name="campaign_progress"),
    path("rotations/new/", views.rotation_create, name="rotation_create"),
    path("rotations/<int:pk>/", views.rotation_detail, name="rotation"),
    path("assignments/<int:pk>/handovers/", views.handover_record, name="handover_record"),
    path("assignments/<int:pk>/transfer-form.<str:fmt>", views.transfer_form,
         name="transfer_form"),
    path("handovers/<int:pk>/sign/", views.handover_sign, name="handover_sign"),
    path("handovers/<int:pk>/act/", views.handover_act, name="handover_act"),
    path("handovers/<int:pk>/close/", views.handover_close, name="handover_close"),
]
