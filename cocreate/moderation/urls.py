from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("reviews/<int:review_id>/", views.resolve, name="resolve"),
    path("p/<int:post_id>/flag/", views.flag, name="flag"),
    path("p/<int:post_id>/", views.post_tools, name="post"),
    path("t/<int:thread_id>/", views.thread_tools, name="thread"),
    path("members/<str:username>/", views.member, name="member"),
    path("log/", views.log, name="log"),
    path("moderators/", views.moderators, name="moderators"),
]

# Mounted at the site root: /guidelines/ is linked from the footer and forms.
guidelines_urlpatterns = [
    path("guidelines/", views.guidelines, name="guidelines"),
    path("guidelines/v<int:version>/", views.guidelines_version, name="guidelines_version"),
]
