from django.urls import path

from . import views

app_name = "betas"

urlpatterns = [
    path("", views.index, name="index"),
    path("bugs/", views.bugs, name="bugs"),
    path("bugs/new/", views.file_bug, name="file_bug"),
    path("bugs/<int:pk>/", views.bug, name="bug"),
    path("bugs/<int:pk>/triage/", views.triage, name="triage"),
    path("applications/<int:pk>/decide/", views.decide, name="decide"),
    path("memberships/<int:pk>/remove/", views.remove, name="remove"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/apply/", views.apply, name="apply"),
    path("<slug:slug>/withdraw/", views.withdraw, name="withdraw"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/risk/", views.publish_risk, name="risk"),
    path("<slug:slug>/applications/", views.applications, name="applications"),
    path("<slug:slug>/members/", views.members, name="members"),
]
