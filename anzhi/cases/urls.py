from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("figures/", views.figures, name="figures"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/action/", views.case_action, name="action"),
    path("<int:pk>/decision/", views.case_decision, name="decision"),
    path("<int:pk>/payment/", views.case_payment, name="payment"),
    path("<int:pk>/evidence/", views.case_evidence, name="evidence"),
    path("<int:pk>/evidence/<int:evidence>/file", views.evidence_file, name="evidence_file"),
    path("<int:pk>/violations/", views.case_add_violation, name="add_violation"),
    path("<int:pk>/parties/", views.case_add_party, name="add_party"),
    path("<int:pk>/parties/<int:party>/income/", views.case_party_income, name="party_income"),
    path("<int:pk>/violations/<int:row>/void/", views.case_void, {"what": "violation"},
         name="void_violation"),
    path("<int:pk>/parties/<int:row>/void/", views.case_void, {"what": "party"},
         name="void_party"),
    path("<int:pk>/facts/", views.case_update_facts, name="facts"),
    path("<int:pk>/proceeding/", views.case_proceeding, name="proceeding"),
    path("<int:pk>/review/", views.case_file_review, name="file_review"),
    path("<int:pk>/documents/<str:kind>.<str:fmt>", views.case_document, name="document"),
    path("referrals/", views.referral_list, name="referrals"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral"),
    path("referrals/<int:pk>/action/", views.referral_action, name="referral_action"),
    path("referrals/<int:pk>/document.<str:fmt>", views.referral_document,
         name="referral_document"),
]
