import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from cocreate.accounts import actions, queries
from cocreate.accounts.tokens import create_api_token
from cocreate.core.activity import record

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def test_profiles_visible_to_hides_deactivated_members_but_keeps_deleted_ones(member):
    deactivated = UserFactory(is_active=False)
    deleted = UserFactory()
    actions.delete_account(deleted, actor=deleted)

    visible = set(queries.profiles_visible_to(None))

    assert member in visible and deleted in visible
    assert deactivated not in visible


def test_public_activities_of_lists_only_the_members_public_ones(member, other_member):
    mine = record(actor=member, verb="idea.created", public=True)
    record(actor=member, verb="account.exported")
    record(actor=other_member, verb="idea.created", public=True)

    assert list(queries.public_activities_of(member)) == [mine]


def test_public_activities_of_a_deleted_member_is_empty(member):
    record(actor=member, verb="idea.created", public=True)
    actions.delete_account(member, actor=member)

    assert list(queries.public_activities_of(member)) == []


def test_export_account_data_holds_profile_addresses_tokens_and_activities(member):
    # given
    create_api_token(member, actor=member, name="laptop")
    actions.update_profile(member, actor=member, bio="Counting engines.")

    # when
    data = queries.export_account_data(member)

    # then
    assert data["profile"] | {"date_joined": None, "last_login": None} == {
        "username": "ada",
        "display_name": "Ada Lovelace",
        "email": "ada@example.com",
        "bio": "Counting engines.",
        "city": "London",
        "language": "",
        "avatar": None,
        "date_joined": None,
        "last_login": None,
    }
    assert data["email_addresses"] == [
        {"email": "ada@example.com", "verified": True, "primary": True}
    ]
    assert [t["name"] for t in data["api_tokens"]] == ["laptop"]
    assert set(data["api_tokens"][0]) == {"name", "created_at", "revoked_at"}
    assert [a["verb"] for a in data["activities"]] == [
        "api_token.created",
        "account.profile_updated",
    ]


def test_export_account_data_never_contains_token_secrets(member):
    token, key = create_api_token(member, actor=member, name="laptop")

    text = json.dumps(queries.export_account_data(member), cls=DjangoJSONEncoder)

    assert key not in text
    assert token.key_hash not in text
    assert token.hint not in text
