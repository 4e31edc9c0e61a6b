import pytest
from django.urls import reverse

from cocreate.accounts.models import ApiToken
from cocreate.accounts.tokens import create_api_token

pytestmark = pytest.mark.django_db

URL = "/accounts/settings/tokens/"


def test_tokens_page_lives_at_its_url_name():
    assert reverse("api_tokens") == URL


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_tokens_page_lists_the_members_tokens_but_not_others(member_client, member, other_member):
    create_api_token(member, actor=member, name="laptop")
    create_api_token(other_member, actor=other_member, name="their server")

    response = member_client.get(URL)

    text = response.content.decode()
    assert response.status_code == 200
    assert "laptop" in text and "their server" not in text
    assert 'class="settings-layout"' in text


def test_tokens_page_runs_a_fixed_number_of_queries(
    member_client, member, django_assert_max_num_queries
):
    for number in range(20):
        create_api_token(member, actor=member, name=f"token {number}")

    with django_assert_max_num_queries(12):
        member_client.get(URL)


def test_member_creates_a_token_and_sees_the_key_once(member_client, member):
    response = member_client.post(URL, {"name": "deploy"})

    token = ApiToken.objects.get(user=member)
    text = response.content.decode()
    assert token.name == "deploy"
    assert 'id="new-token"' in text and token.hint in text
    assert "no-store" in response["Cache-Control"]
    assert 'id="new-token"' not in member_client.get(URL).content.decode()


def test_creating_a_token_without_a_name_shows_the_error(member_client, member):
    response = member_client.post(URL, {"name": "  "})

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_creating_a_token_over_htmx_returns_the_partial(member_client, member):
    response = member_client.post(URL, {"name": "deploy"}, headers={"HX-Request": "true"})

    text = response.content.decode()
    assert text.lstrip().startswith('<div id="api-tokens"')
    assert "<html" not in text


def test_member_revokes_a_token_without_javascript(member_client, member):
    token, _key = create_api_token(member, actor=member, name="old")

    response = member_client.post(reverse("api_token_revoke", args=[token.pk]))

    assert response.status_code == 302
    assert response["Location"] == URL
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_member_revokes_a_token_over_htmx(member_client, member):
    token, _key = create_api_token(member, actor=member, name="old")

    response = member_client.post(
        reverse("api_token_revoke", args=[token.pk]), headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert "Revoked" in response.content.decode()
    assert "<html" not in response.content.decode()


def test_member_cannot_revoke_another_members_token(member_client, other_member):
    theirs, _key = create_api_token(other_member, actor=other_member, name="theirs")

    response = member_client.post(reverse("api_token_revoke", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_revoking_needs_a_post(member_client, member):
    token, _key = create_api_token(member, actor=member, name="old")

    assert member_client.get(reverse("api_token_revoke", args=[token.pk])).status_code == 405


def test_anonymous_visitor_cannot_revoke(client, member):
    token, _key = create_api_token(member, actor=member, name="old")

    response = client.post(reverse("api_token_revoke", args=[token.pk]))

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is None
