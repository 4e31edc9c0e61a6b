from django.urls import path

from .views import challenges

app_name = "challenges"

urlpatterns = [
    # Challenges: index, detail, staff management.
    path("", challenges.index, name="index"),
    path("new/", challenges.create, name="create"),
    path("<slug:slug>/", challenges.detail, name="detail"),
    path("<slug:slug>/edit/", challenges.edit, name="edit"),
    path("<slug:slug>/status/", challenges.transition, name="transition"),
    path("<slug:slug>/prizes/", challenges.prize_add, name="prize_add"),
    path("<slug:slug>/prizes/<int:pk>/", challenges.prize_edit, name="prize_edit"),
    path("<slug:slug>/prizes/<int:pk>/remove/", challenges.prize_remove, name="prize_remove"),
    path("<slug:slug>/attachments/", challenges.attachment_add, name="attachment_add"),
    path(
        "<slug:slug>/attachments/<int:pk>/remove/",
        challenges.attachment_remove,
        name="attachment_remove",
    ),
    # Entries: entering, team, gallery, scoring.
    # Judging and results.
    # Adoptions and royalties.
]
