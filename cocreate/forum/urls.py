from django.urls import path

from . import views

app_name = "forum"

urlpatterns = [
    path("", views.index, name="index"),
    path("b/<slug:slug>/", views.board, name="board"),
    path("b/<slug:slug>/new/", views.new_thread, name="new_thread"),
    path("b/<slug:slug>/watch/", views.watch_board, name="watch_board"),
    path("t/<int:thread_id>/", views.thread, name="thread"),
    path("t/<int:thread_id>/reply/", views.reply, name="reply"),
    path("t/<int:thread_id>/watch/", views.watch_thread, name="watch_thread"),
    path("p/<int:post_id>/edit/", views.edit_post, name="edit_post"),
    path("p/<int:post_id>/delete/", views.delete_post, name="delete_post"),
    path("p/<int:post_id>/like/", views.like, name="like"),
    path("p/<int:post_id>/revisions/", views.revisions, name="revisions"),
    path("images/", views.upload_image, name="upload_image"),
]
