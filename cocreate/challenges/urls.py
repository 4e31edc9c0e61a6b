from django.urls import path

from .views import judging, royalties

app_name = "challenges"

urlpatterns = [
    # Challenges: index, detail, staff management.
    # Entries: entering, team, gallery, scoring.
    # Judging and results.
    path("<slug:slug>/judging/", judging.judging, name="judging"),
    path("entries/<int:pk>/judge/", judging.judge_entry, name="judge_entry"),
    path("<slug:slug>/ranking/", judging.ranking, name="ranking"),
    path("<slug:slug>/results/", judging.results, name="results"),
    # Adoptions and royalties.
    path("entries/<int:pk>/adopt/", royalties.adopt, name="adopt"),
    path("adoptions/<int:pk>/", royalties.adoption, name="adoption"),
    path("ledger/", royalties.ledger, name="ledger"),
    path("ledger/export.csv", royalties.ledger_csv, name="ledger_csv"),
    path("earnings/", royalties.earnings, name="earnings"),
]
