import pytest
from django.urls import reverse

from cocreate.accounts.models import ApiToken
from cocreate.accounts.tokens import create_api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff):
    client.force_login(staff)
    return client


@pytest.mark.parametrize("query", ["?q=ada", "?is_staff__exact=1", "?language__exact=zh-hans"])
def test_member_list_searches_and_filters(admin_client, member, query):
    response = admin_client.get(reverse("admin:accounts_user_changelist") + query)

    assert response.status_code == 200


def test_member_change_page_shows_the_profile_fields(admin_client, member):
    response = admin_client.get(reverse("admin:accounts_user_change", args=[member.pk]))

    assert response.status_code == 200
    assert "Ada Lovelace" in response.content.decode()


@pytest.mark.parametrize("query", ["", "?q=laptop", "?revoked=yes", "?revoked=no"])
def test_token_list_searches_and_filters(admin_client, member, query):
    create_api_token(member, actor=member, name="laptop")

    response = admin_client.get(reverse("admin:accounts_apitoken_changelist") + query)

    assert response.status_code == 200


def test_tokens_cannot_be_added_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:accounts_apitoken_add")).status_code == 403


def test_staff_revoke_tokens_with_an_admin_action(admin_client, member):
    token, _key = create_api_token(member, actor=member, name="laptop")

    admin_client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )

    assert not ApiToken.objects.active().exists()
