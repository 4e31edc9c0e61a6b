import pytest
from django.urls import reverse

from cocreate.accounts.tests.factories import UserFactory
from cocreate.core.models import Activity

pytestmark = [pytest.mark.django_db, pytest.mark.urls("bench.urls")]


def test_minimal_json(client):
    response = client.get(reverse("bench_minimal_json"))
    assert response.status_code == 200
    assert response.json() == {"ok": True}


def test_minimal_read_reads_one_row(client, django_assert_num_queries):
    user = UserFactory(pk=1)
    with django_assert_num_queries(1):
        response = client.get(reverse("bench_minimal_read"))
    assert response.json() == {"username": user.username}


def test_minimal_insert_needs_post_and_no_csrf_token(client):
    client.handler.enforce_csrf_checks = True
    assert client.get(reverse("bench_minimal_insert")).status_code == 405
    response = client.post(reverse("bench_minimal_insert"))
    assert response.status_code == 201
    assert Activity.objects.get(pk=response.json()["id"]).verb == "bench.insert"


def test_views_are_mounted_only_in_benchmark_mode(settings):
    from config import urls

    mounted = any(str(p.pattern) == "bench/" for p in urls.urlpatterns)
    assert mounted == settings.BENCHMARK
