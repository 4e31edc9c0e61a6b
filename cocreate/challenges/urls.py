app_name = "challenges"

urlpatterns = [
    # Challenges: index, detail, staff management.
    # Entries: entering, team, gallery, scoring.
    # Judging and results.
    # Adoptions and royalties.
]
