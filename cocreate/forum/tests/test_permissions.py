import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from cocreate.forum import actions, permissions
from cocreate.reputation.models import MemberStats

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "member", "other_member", "staff")


@pytest.fixture
def users(member, other_member, staff):
    return {
        "anonymous": AnonymousUser(),
        "member": member,
        "other_member": other_member,
        "staff": staff,
    }


@pytest.fixture
def locked_thread(board, member, staff):
    thread = actions.create_thread(board, author=member, title="Locked", body="...")
    actions.lock_thread(thread, actor=staff)
    thread.refresh_from_db()
    return thread


# Each row: what is tried, then whether anonymous, member (the author of
# `first_post`), another member and staff may do it.
MATRIX = [
    ("create thread", lambda f: permissions.can_create_thread(f.user, f.board), (0, 1, 1, 1)),
    (
        "create thread on a staff-only board",
        lambda f: permissions.can_create_thread(f.user, f.staff_board),
        (0, 0, 0, 1),
    ),
    ("reply", lambda f: permissions.can_reply(f.user, f.thread), (0, 1, 1, 1)),
    ("reply to a locked thread", lambda f: permissions.can_reply(f.user, f.locked), (0, 0, 0, 1)),
    ("edit the member's post", lambda f: permissions.can_edit_post(f.user, f.post), (0, 1, 0, 1)),
    (
        "delete the member's post",
        lambda f: permissions.can_delete_post(f.user, f.post),
        (0, 1, 0, 1),
    ),
    ("like the member's post", lambda f: permissions.can_react(f.user, f.post), (0, 0, 1, 1)),
]


@pytest.mark.parametrize(("action", "allowed", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_who_may_do_what(
    role, action, allowed, expected, users, board, staff_board, thread, first_post, locked_thread
):
    class Fixture:
        user = users[role]

    Fixture.board, Fixture.staff_board, Fixture.thread = board, staff_board, thread
    Fixture.post, Fixture.locked = first_post, locked_thread

    assert allowed(Fixture) is bool(expected[ROLES.index(role)])


@pytest.mark.parametrize("role", ROLES)
def test_a_page_of_posts_gets_the_same_answers_as_one_post_at_a_time(
    role, users, thread, first_post, locked_thread, other_member
):
    reply = actions.reply_to_thread(thread, author=other_member, body="Mine")
    locked_post = locked_thread.posts.get()
    posts = [first_post, reply, locked_post]
    user = users[role]

    rights = permissions.post_rights(user, posts)

    assert rights == {
        post.pk: (
            permissions.can_edit_post(user, post),
            permissions.can_delete_post(user, post),
            permissions.can_react(user, post),
        )
        for post in posts
    }


def test_refusals_explain_themselves(board, staff_board, thread, other_member, locked_thread):
    with pytest.raises(PermissionDenied, match="Log in"):
        permissions.check_reply(AnonymousUser(), thread)
    with pytest.raises(PermissionDenied, match="Only the team starts threads"):
        permissions.check_create_thread(other_member, staff_board)
    with pytest.raises(PermissionDenied, match="locked"):
        permissions.check_reply(other_member, locked_thread)


def test_a_new_member_cannot_post_links_or_images_yet(member):
    with pytest.raises(PermissionDenied, match="post links"):
        permissions.check_post_content(member, "[x](https://x.test)")
    with pytest.raises(PermissionDenied, match="post images"):
        permissions.check_post_content(member, "![a](https://x.test/a.png)")
    permissions.check_post_content(member, "plain")


def test_a_higher_level_member_may_post_links(member):
    MemberStats.objects.create(member=member, level=2)

    permissions.check_post_content(member, "[x](https://x.test)")


def test_the_hourly_post_limit_refuses_with_the_limit(
    board, member, django_capture_on_commit_callbacks
):
    from cocreate.reputation.privileges import hourly_post_limit

    limit = hourly_post_limit(member)
    with django_capture_on_commit_callbacks(execute=True):
        for index in range(limit):
            actions.create_thread(board, author=member, title=f"T{index}", body="B")

    with pytest.raises(PermissionDenied, match=f"limit of {limit} posts an hour"):
        permissions.check_create_thread(member, board)


# --- Image uploads ---------------------------------------------------------------


def test_a_new_member_cannot_upload_images_and_is_told_the_level(member):
    with pytest.raises(PermissionDenied) as refusal:
        permissions.check_upload_image(member)

    assert str(refusal.value) == "You can post images from Lv.3 — you are Lv.1, Member."
    assert not permissions.can_upload_image(member)
    assert permissions.reason_cannot_upload_image(member) == str(refusal.value)


@pytest.mark.parametrize("level", [3, 5])
def test_a_member_from_level_3_may_upload_images(member, level):
    MemberStats.objects.create(member=member, level=level)

    permissions.check_upload_image(member)
    assert permissions.reason_cannot_upload_image(member) == ""


def test_staff_may_upload_images(staff):
    assert permissions.can_upload_image(staff)


def test_anonymous_and_inactive_members_cannot_upload_images(member):
    with pytest.raises(PermissionDenied, match="Log in"):
        permissions.check_upload_image(AnonymousUser())
    member.is_active = False
    assert not permissions.can_upload_image(member)


def test_uploads_are_limited_per_hour(image_poster):
    from cocreate.core import ratelimit

    for _ in range(permissions.UPLOADS_PER_HOUR):
        ratelimit.hit(permissions.UPLOAD_RATE_SCOPE, str(image_poster.pk), permissions.UPLOAD_RATE)

    with pytest.raises(PermissionDenied, match="uploaded 30 images in the last hour"):
        permissions.check_upload_image(image_poster)
