from django.urls import path

from .views import judging

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
]
