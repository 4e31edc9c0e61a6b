import pytest
from django.core.exceptions import PermissionDenied

from cocreate.accounts.models import ApiToken
from cocreate.accounts.tokens import (
    active_token,
    authenticate_token,
    check_create_api_token,
    create_api_token,
    revoke_api_token,
    tokens_for,
)
from cocreate.core.models import Activity

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def test_create_api_token_stores_only_the_hash_and_records_activity(member):
    token, key = create_api_token(member, actor=member, name="ci")

    assert key.startswith("cct_")
    assert token.key_hash == ApiToken.hash(key)
    assert key.startswith(token.hint)
    activity = Activity.objects.get(verb="api_token.created")
    assert (activity.actor, activity.target, activity.data["name"]) == (member, member, "ci")


def test_creating_a_token_emails_a_security_notice(member, commit_and_work, mailoutbox):
    with commit_and_work():
        create_api_token(member, actor=member, name="deploy script")

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [member.email]
    assert "deploy script" in mailoutbox[0].body


def test_authenticate_token_finds_the_member_of_an_active_key(member):
    _token, key = create_api_token(member, actor=member, name="ci")

    assert authenticate_token(key) == member
    assert authenticate_token(key + "x") is None
    assert authenticate_token("not-a-token") is None


def test_revoke_api_token_revokes_once_and_records_activity(member):
    token, key = create_api_token(member, actor=member, name="ci")

    assert revoke_api_token(token, actor=member) is True
    assert revoke_api_token(token, actor=member) is False

    assert token.revoked_at is not None
    assert authenticate_token(key) is None
    assert Activity.objects.filter(verb="api_token.revoked").count() == 1


def test_tokens_of_deactivated_or_deleted_members_do_not_authenticate(member):
    from django.utils import timezone

    _token, key = create_api_token(member, actor=member, name="ci")

    member.deleted_at = timezone.now()
    member.save()

    assert active_token(key) is None


def test_tokens_for_lists_only_the_members_tokens_newest_first(member, other_member):
    first, _ = create_api_token(member, actor=member, name="first")
    second, _ = create_api_token(member, actor=member, name="second")
    create_api_token(other_member, actor=other_member, name="theirs")

    assert list(tokens_for(member)) == [second, first]


def test_check_create_api_token_refuses_an_unverified_member(db):
    with pytest.raises(PermissionDenied, match="e-mail"):
        check_create_api_token(UserFactory(username="newbie", verified=False))


def test_check_create_api_token_allows_a_verified_member(member):
    check_create_api_token(member)
