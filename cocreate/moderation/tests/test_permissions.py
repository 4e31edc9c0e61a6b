from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cocreate.accounts.tests.factories import UserFactory
from cocreate.forum import permissions as forum
from cocreate.moderation import actions, permissions
from cocreate.moderation.enums import FlagReason
from cocreate.moderation.models import Review

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "member", "senior", "moderator", "other_moderator", "staff")


@pytest.fixture
def users(member, senior, moderator, other_moderator, staff):
    return {
        "anonymous": AnonymousUser(),
        "member": member,
        "senior": senior,
        "moderator": moderator,
        "other_moderator": other_moderator,
        "staff": staff,
    }


def _allowed(check, *args, **kwargs) -> bool:
    try:
        check(*args, **kwargs)
    except PermissionDenied:
        return False
    return True


# Each row: what is tried on `board` (which `moderator` moderates), then
# whether anonymous, a member, a senior, the board's moderator, another
# board's moderator and staff may do it.
MATRIX = [
    (
        "see the queue",
        lambda u, f: _allowed(permissions.check_see_review_queue, u),
        (0, 0, 1, 1, 1, 1),
    ),
    (
        "act on the board",
        lambda u, f: permissions.can_moderate_board(u, f.board),
        (0, 0, 0, 1, 0, 1),
    ),
    (
        "resolve a review",
        lambda u, f: _allowed(permissions.check_resolve_review, u, f.review),
        (0, 0, 0, 1, 0, 1),
    ),
    ("flag someone's post", lambda u, f: permissions.can_flag_post(u, f.reply), (0, 1, 1, 1, 1, 1)),
    (
        "warn from a post on the board",
        lambda u, f: _allowed(
            permissions.check_discipline_member, u, f.reply.author, board=f.board
        ),
        (0, 0, 0, 1, 0, 1),
    ),
    (
        "suspend for 7 days",
        lambda u, f: _allowed(
            permissions.check_discipline_member, u, f.reply.author, board=f.board, days=7
        ),
        (0, 0, 0, 1, 0, 1),
    ),
    (
        "suspend for 30 days",
        lambda u, f: _allowed(
            permissions.check_discipline_member, u, f.reply.author, board=f.board, days=30
        ),
        (0, 0, 0, 0, 0, 1),
    ),
    (
        "appoint moderators",
        lambda u, f: _allowed(permissions.check_manage_moderators, u),
        (0, 0, 0, 0, 0, 1),
    ),
    (
        "publish guidelines",
        lambda u, f: _allowed(permissions.check_publish_guidelines, u),
        (0, 0, 0, 0, 0, 1),
    ),
    (
        "move to another board",
        lambda u, f: _allowed(permissions.check_move_thread, u, f.thread, f.other_board),
        (0, 0, 0, 0, 0, 1),
    ),
]


@pytest.mark.parametrize(("action", "allowed", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_who_may_moderate_what(
    role, action, allowed, expected, users, board, other_board, thread, reply, staff
):
    actions.flag_post(reply, reporter=UserFactory(), reason=FlagReason.SPAM)

    class Fixture:
        pass

    Fixture.board, Fixture.other_board, Fixture.thread, Fixture.reply = (
        board,
        other_board,
        thread,
        reply,
    )
    Fixture.review = Review.objects.get()

    assert allowed(users[role], Fixture) is bool(expected[ROLES.index(role)])


def test_a_moderator_of_another_board_is_told_so(other_board, board, staff):
    elsewhere = UserFactory()
    actions.appoint_moderator(other_board, member=elsewhere, actor=staff)

    with pytest.raises(PermissionDenied, match="You moderate other boards, not Chat"):
        permissions.check_moderate_board(elsewhere, board)


def test_a_suspended_moderator_cannot_moderate(moderator, board, staff):
    actions.suspend_member(moderator, actor=staff, reason="Abuse of tools", days=2)

    assert not permissions.can_moderate_board(moderator, board)


def test_flag_refusals_explain_themselves(reply, member, other_member):
    with pytest.raises(PermissionDenied, match="your own post"):
        permissions.check_flag_post(other_member, reply)
    actions.flag_post(reply, reporter=member, reason=FlagReason.SPAM)
    with pytest.raises(PermissionDenied, match="already flagged"):
        permissions.check_flag_post(member, reply)
    assert permissions.flaggable_post_ids(member, [reply]) == set()
    assert permissions.flaggable_post_ids(AnonymousUser(), [reply]) == set()


def test_a_suspended_member_reads_but_cannot_write(member, thread, board, reply, staff):
    actions.suspend_member(member, actor=staff, reason="Insults", days=3)
    member.refresh_from_db()

    for check, args in [
        (forum.check_reply, (member, thread)),
        (forum.check_create_thread, (member, board)),
        (forum.check_react, (member, reply)),
        (permissions.check_flag_post, (member, reply)),
    ]:
        with pytest.raises(PermissionDenied, match=r"suspended until .*Reason: Insults"):
            check(*args)


def test_a_suspension_ends_by_itself(member, thread):
    member.suspended_until = timezone.now() - timedelta(minutes=1)

    forum.check_reply(member, thread)


def test_guidelines_are_accepted_before_the_first_post_and_after_each_change(
    member, thread, board, staff
):
    forum.check_reply(member, thread)  # nothing published: nothing to accept
    actions.publish_guidelines(actor=staff, body="Be kind.")

    with pytest.raises(permissions.GuidelinesRequired, match="accept the community guidelines"):
        forum.check_reply(member, thread)
    actions.accept_guidelines(member, version=1)
    forum.check_create_thread(member, board)

    actions.publish_guidelines(actor=staff, body="Be kind. No ads.")
    with pytest.raises(permissions.GuidelinesRequired, match="guidelines changed"):
        forum.check_create_thread(member, board)
