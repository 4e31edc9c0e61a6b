import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from cocreate.ideas import actions, permissions
from cocreate.ideas.enums import IdeaStatus

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "member", "author", "moderator", "other_moderator", "staff")
# What each role may do with an idea that is new: submit (another), edit it,
# support it, change its status, merge it into another, see who supports it
# (the demand by tier, level and city).
MATRIX = {
    "anonymous": dict(
        submit=False, edit=False, support=False, status=False, merge=False, demand=False
    ),
    "member": dict(submit=True, edit=False, support=True, status=False, merge=False, demand=False),
    "author": dict(submit=True, edit=True, support=True, status=False, merge=False, demand=False),
    "moderator": dict(
        submit=True, edit=False, support=True, status=False, merge=True, demand=False
    ),
    "other_moderator": dict(
        submit=True, edit=False, support=True, status=False, merge=False, demand=False
    ),
    "staff": dict(submit=True, edit=True, support=True, status=True, merge=True, demand=True),
}


@pytest.fixture
def users(member, other_member, idea_moderator, other_moderator, staff):
    return {
        "anonymous": AnonymousUser(),
        "member": other_member,
        "author": member,
        "moderator": idea_moderator,
        "other_moderator": other_moderator,
        "staff": staff,
    }


@pytest.mark.parametrize("role", ROLES)
def test_who_may_do_what_with_an_idea(role, users, idea, product, other_idea):
    user = users[role]
    allowed = {
        "submit": permissions.can_submit_idea(user, product, idea.thread.board),
        "edit": permissions.can_edit_idea(user, idea),
        "support": permissions.can_support_idea(user, idea),
        "status": permissions.can_change_status(user, idea),
        "merge": permissions.can_merge_idea(user, idea),
        "demand": permissions.can_see_demand(user),
    }
    assert allowed == MATRIX[role]
    if MATRIX[role]["merge"]:
        permissions.check_merge_idea(user, idea, other_idea)


def test_refusals_say_why(idea, product, other_member):
    anonymous = AnonymousUser()
    assert permissions.reason_cannot_submit_idea(anonymous, product) == "Log in to propose an idea."
    with pytest.raises(permissions.PermissionDenied, match="Only the product team sees"):
        permissions.check_see_demand(other_member)
    assert permissions.reason_cannot_support_idea(anonymous, idea) == "Log in to support ideas."
    product.is_active = False
    assert permissions.reason_cannot_submit_idea(other_member, product) == (
        "This product no longer takes ideas."
    )


def test_the_author_edits_only_until_the_team_takes_the_idea_up(idea, member, staff):
    actions.change_status(idea, actor=staff, status="planned", response="Yes")

    assert not permissions.can_edit_idea(member, idea)
    with pytest.raises(permissions.PermissionDenied, match="Planned"):
        permissions.check_edit_idea(member, idea)
    assert permissions.can_edit_idea(staff, idea)


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (IdeaStatus.SHIPPED, "“Shipped”: supports are closed"),
        (IdeaStatus.DECLINED, "“Declined”: supports are closed"),
        (IdeaStatus.ARCHIVED, "“Archived”: supports are closed"),
        (IdeaStatus.DUPLICATE, "support that one instead"),
    ],
)
def test_closed_ideas_refuse_supports(idea, other_member, status, message):
    idea.status = status

    assert message in permissions.reason_cannot_support_idea(other_member, idea)


def test_suspended_members_cannot_submit_or_support(idea, product, other_member):
    other_member.suspended_until = timezone.now() + timezone.timedelta(days=1)

    assert not permissions.can_submit_idea(other_member, product)
    assert "suspended" in permissions.reason_cannot_support_idea(other_member, idea)


def test_a_moderator_merges_only_within_boards_they_moderate(
    idea, other_moderator, idea_moderator, staff
):
    with pytest.raises(permissions.PermissionDenied, match="idea moderators and the team"):
        permissions.check_merge_idea(other_moderator, idea)
    idea_moderator.suspended_until = timezone.now() + timezone.timedelta(days=1)
    assert not permissions.can_merge_idea(idea_moderator, idea)
