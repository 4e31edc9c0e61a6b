from django.urls import path

from . import feeds
from .views import releases as views
from .views import reports

app_name = "releases"

urlpatterns = [
    path("", views.index, name="index"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/credits/", views.credits, name="credits"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/entries/new/", views.entry_new, name="entry_new"),
    path("<int:pk>/entries/ideas", views.idea_search, name="idea_search"),
    path("<int:pk>/entries/<int:entry_id>/", views.entry_edit, name="entry_edit"),
    path("<int:pk>/entries/<int:entry_id>/remove/", views.entry_remove, name="entry_remove"),
    path("<int:pk>/entries/<int:entry_id>/move/", views.entry_move, name="entry_move"),
    path("<int:pk>/schedule/", views.schedule, name="schedule"),
    path("<int:pk>/unschedule/", views.unschedule, name="unschedule"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<slug:product>/feed.rss", feeds.rss, name="feed_rss"),
    path("<slug:product>/feed.atom", feeds.atom, name="feed_atom"),
    path("<int:pk>/report/", reports.report, name="report"),
    path("<int:pk>/summary/", reports.summary, name="summary"),
    path("<int:pk>/reports.csv", reports.reports_csv, name="reports_csv"),
]
