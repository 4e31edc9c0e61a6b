from django.urls import path

from .views import entries  # Entries.

app_name = "challenges"

urlpatterns = [
    # Challenges: index, detail, staff management.
    # Entries: entering, team, gallery, scoring.
    path("<slug:slug>/enter/", entries.enter, name="enter"),
    path("<slug:slug>/entries/", entries.gallery, name="gallery"),
    path("<slug:slug>/flagged/", entries.flagged, name="flagged"),
    path("entries/<int:pk>/", entries.entry, name="entry"),
    path("entries/<int:pk>/edit/", entries.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/score/", entries.score, name="score"),
    path("entries/<int:pk>/withdraw/", entries.withdraw, name="entry_withdraw"),
    path("entries/<int:pk>/disqualify/", entries.disqualify, name="entry_disqualify"),
    path("entries/<int:pk>/team/", entries.invite, name="entry_invite"),
    path("entries/team/<int:pk>/remove/", entries.team_remove, name="team_remove"),
    path("entries/team/<int:pk>/answer/", entries.team_answer, name="team_answer"),
    path("entries/scores/<int:pk>/review/", entries.review_score, name="score_review"),
    # Entries end.
    # Judging and results.
    # Adoptions and royalties.
]
