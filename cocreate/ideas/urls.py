from django.urls import path

from . import views

app_name = "ideas"

urlpatterns = [
    path("", views.index, name="index"),
    path("roadmap/", views.roadmap, name="roadmap"),
    path("demand/", views.demand, name="demand"),
    path("demand.csv", views.demand_csv, name="demand_csv"),
    path("demand/wanted/", views.wanted, name="wanted"),
    path("demand/wanted.csv", views.wanted_csv, name="wanted_csv"),
    path("new/", views.submit, name="submit"),
    path("similar", views.similar, name="similar"),
    path("<int:idea_id>/", views.detail, name="detail"),
    path("<int:idea_id>/edit/", views.edit, name="edit"),
    path("<int:idea_id>/support/", views.support, name="support"),
    path("<int:idea_id>/reply/", views.reply, name="reply"),
    path("<int:idea_id>/status/", views.change_status, name="status"),
    path("<int:idea_id>/merge/", views.merge, name="merge"),
    path("<int:idea_id>/demand/", views.idea_demand, name="idea_demand"),
    path("<int:idea_id>/demand.csv", views.idea_demand_csv, name="idea_demand_csv"),
]
