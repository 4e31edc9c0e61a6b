import pytest
from django.urls import reverse

from cocreate.accounts.tests.factories import UserFactory
from cocreate.core.activity import record
from cocreate.core.models import Activity

pytestmark = pytest.mark.django_db

HOME = "/"


def _community(size: int) -> None:
    for _ in range(size):
        user = UserFactory(verified=False)
        record(actor=user, verb="account.joined", target=user, public=True)


def test_home_renders_for_anonymous_visitors(client):
    _community(2)

    response = client.get(HOME)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    assert 'class="hero"' in html
    assert "joined the community" in html
    assert reverse("account_signup") in html


def test_home_has_no_csrf_token_for_anonymous_visitors(client):
    _community(1)

    html = client.get(HOME).content.decode()

    assert "csrfmiddlewaretoken" not in html
    assert "X-CSRFToken" not in html


def test_home_renders_for_members(client):
    member = UserFactory(display_name="Ada Lovelace")
    client.force_login(member)

    response = client.get(HOME)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ada Lovelace" in html  # the user menu
    assert reverse("account_logout") in html
    assert "csrfmiddlewaretoken" in html  # the log-out and language forms


def test_home_shows_empty_states_without_data(client):
    response = client.get(HOME)

    assert response.status_code == 200
    assert 'class="empty"' in response.content.decode()


def test_home_renders_only_its_partial_for_htmx(client):
    _community(1)

    response = client.get(HOME, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'class="hero"' in html
    assert "joined the community" in html


def test_unknown_activity_verbs_fall_back_to_a_sentence(client):
    user = UserFactory(display_name="Zed")
    Activity.objects.create(actor=user, verb="something.new", public=True)
    Activity.objects.create(actor=None, verb="account.joined", public=True)

    html = client.get(HOME).content.decode()

    assert "Zed" in html
    assert "took part in the community" in html
    assert "A former member" in html


def test_private_activity_is_not_shown(client):
    user = UserFactory(display_name="Secretive")
    record(actor=user, verb="account.joined", target=user, public=False)

    html = client.get(HOME, HTTP_HX_REQUEST="true").content.decode()

    assert "joined the community" not in html  # no stream entry (still a newest member)
    assert 'class="empty"' in html


@pytest.mark.parametrize("size", [0, 30])
def test_home_query_count_does_not_grow_with_the_community(
    client, size, django_assert_max_num_queries
):
    _community(size)
    client.get(HOME)  # warm the site-settings cache

    with django_assert_max_num_queries(3):
        response = client.get(HOME)

    assert response.status_code == 200


@pytest.mark.parametrize("size", [0, 30])
def test_member_home_query_count_does_not_grow(client, size, django_assert_max_num_queries):
    _community(size)
    client.force_login(UserFactory())
    client.get(HOME)

    with django_assert_max_num_queries(5):
        response = client.get(HOME)

    assert response.status_code == 200


def test_home_is_cached_for_visitors_until_something_public_happens(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    client.get(HOME)
    with django_assert_num_queries(1):  # the version stamps only
        client.get(HOME)

    with django_capture_on_commit_callbacks(execute=True):
        newcomer = UserFactory(username="newcomer", display_name="Newcomer Nora")
        record(actor=newcomer, verb="account.joined", target=newcomer, public=True)

    assert "Newcomer Nora" in client.get(HOME).content.decode()
