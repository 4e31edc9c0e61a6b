import pytest
from django.urls import reverse

from cocreate.challenges.tests.fixtures import add_prizes
from conftest import logged_in

pytestmark = pytest.mark.django_db


def test_staff_read_a_challenge_with_its_prizes_in_the_admin(client, staff, contest):
    add_prizes(contest)
    logged_in(client, staff)
    assert client.get(reverse("admin:challenges_challenge_changelist")).status_code == 200
    page = client.get(reverse("admin:challenges_challenge_change", args=[contest.pk]))
    assert page.status_code == 200 and "First prize" in page.text
