"""Reference views, mounted at /bench/ only when settings.BENCHMARK is on."""

from django.urls import path

from . import views

urlpatterns = [
    path("minimal/json", views.minimal_json, name="bench_minimal_json"),
    path("minimal/read", views.minimal_read, name="bench_minimal_read"),
    path("minimal/insert", views.minimal_insert, name="bench_minimal_insert"),
]
