"""Who may manage challenges: staff only, for every tool; who sees one: a
draft is staff's."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from cocreate.accounts.tests.factories import UserFactory
from cocreate.challenges.permissions.challenges import (
    can_manage_challenge,
    check_manage_challenge,
)
from cocreate.challenges.permissions.visibility import can_see_challenge
from cocreate.challenges.tests.fixtures import make_challenge

pytestmark = pytest.mark.django_db

# create, edit, publish, close, prizes and attachments all ask the same question.
TOOLS = ["create", "edit", "publish", "close", "prizes", "attachments"]


def user_of(role, member, staff):
    if role == "visitor":
        return AnonymousUser()
    if role == "member":
        return member
    if role == "inactive staff":
        return UserFactory(username="gone", is_staff=True, is_active=False)
    return staff


@pytest.mark.parametrize("tool", TOOLS)
@pytest.mark.parametrize(
    ("role", "allowed"),
    [("visitor", False), ("member", False), ("inactive staff", False), ("staff", True)],
)
def test_only_active_staff_manage_challenges(role, allowed, tool, member, staff, contest):
    user = user_of(role, member, staff)
    assert can_manage_challenge(user, contest) is allowed
    if allowed:
        check_manage_challenge(user, contest)
    else:
        with pytest.raises(PermissionDenied, match="Only the product team manages challenges"):
            check_manage_challenge(user, contest)


@pytest.mark.parametrize(
    ("role", "sees_draft"), [("visitor", False), ("member", False), ("staff", True)]
)
def test_a_draft_is_seen_by_staff_only(role, sees_draft, member, staff, product):
    draft = make_challenge(product, phase="draft")
    published = make_challenge(product, slug="live")
    user = user_of(role, member, staff)
    assert can_see_challenge(user, draft) is sees_draft
    assert can_see_challenge(user, published)
