from django.urls import path

from . import views

app_name = "reputation"

urlpatterns = [
    path("leaderboard/", views.leaderboard, name="leaderboard"),
    path("pyramid/", views.pyramid, name="pyramid"),
    path("pyramid/certification/", views.request_certification, name="request_certification"),
    path("privileges/", views.privileges, name="privileges"),
    path("medals/", views.medals, name="medals"),
    path("medals/<slug:slug>/", views.medal, name="medal"),
]
