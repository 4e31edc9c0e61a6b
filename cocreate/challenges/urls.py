from django.urls import path

from .views import royalties  # Adoptions and royalties.

app_name = "challenges"

urlpatterns = [
    # Challenges: index, detail, staff management.
    # Entries: entering, team, gallery, scoring.
    # Judging and results.
    # Adoptions and royalties.
    path("entries/<int:pk>/adopt/", royalties.adopt, name="adopt"),
    path("adoptions/<int:pk>/", royalties.adoption, name="adoption"),
    path("ledger/", royalties.ledger, name="ledger"),
    path("ledger/export.csv", royalties.ledger_csv, name="ledger_csv"),
    path("earnings/", royalties.earnings, name="earnings"),
]
