import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from cocreate.accounts import actions, permissions

from .factories import UserFactory

pytestmark = pytest.mark.django_db

ACCOUNT_CHECKS = [
    (permissions.can_edit_profile, permissions.check_edit_profile),
    (permissions.can_export_account, permissions.check_export_account),
    (permissions.can_delete_account, permissions.check_delete_account),
]


@pytest.fixture
def users(member, other_member, staff):
    return {
        "anonymous": AnonymousUser(),
        "member": member,
        "other member": other_member,
        "staff": staff,
    }


@pytest.mark.parametrize("role", ["anonymous", "member", "other member", "staff"])
def test_anyone_may_view_an_active_members_profile(users, member, role):
    assert permissions.can_view_profile(users[role], member)


@pytest.mark.parametrize("can, check", ACCOUNT_CHECKS)
@pytest.mark.parametrize(
    "role, allowed",
    [("anonymous", False), ("member", True), ("other member", False), ("staff", False)],
)
def test_only_the_member_may_edit_export_or_delete_their_account(
    users, member, role, allowed, can, check
):
    assert can(users[role], member) is allowed
    if allowed:
        check(users[role], member)
    else:
        with pytest.raises(PermissionDenied):
            check(users[role], member)


def test_nobody_may_view_a_deactivated_members_profile(staff):
    assert not permissions.can_view_profile(staff, UserFactory(is_active=False))


def test_a_deleted_members_placeholder_may_be_viewed(member, other_member):
    actions.delete_account(member, actor=member)

    assert permissions.can_view_profile(other_member, member)
    assert not permissions.can_edit_profile(member, member)
