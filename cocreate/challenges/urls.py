from django.urls import path

from .views import challenges, entries, judging, royalties

app_name = "challenges"

# Paths of one fixed segment come before `<slug:slug>/`, which would catch
# them; those words are reserved as slugs (actions.challenges.RESERVED_SLUGS).
urlpatterns = [
    # Challenges: index, detail, staff management.
    path("", challenges.index, name="index"),
    path("new/", challenges.create, name="create"),
    path("ledger/", royalties.ledger, name="ledger"),
    path("ledger/export.csv", royalties.ledger_csv, name="ledger_csv"),
    path("earnings/", royalties.earnings, name="earnings"),
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
    # Judging and results.
    path("<slug:slug>/judging/", judging.judging, name="judging"),
    path("entries/<int:pk>/judge/", judging.judge_entry, name="judge_entry"),
    path("<slug:slug>/ranking/", judging.ranking, name="ranking"),
    path("<slug:slug>/results/", judging.results, name="results"),
    # Adoptions and royalties.
    path("entries/<int:pk>/adopt/", royalties.adopt, name="adopt"),
    path("adoptions/<int:pk>/", royalties.adoption, name="adoption"),
]
