from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.accounts.tests.factories import UserFactory
from cocreate.core.models import SiteSettings
from cocreate.forum import actions as forum
from cocreate.forum.models import Post, Thread
from cocreate.moderation import actions
from cocreate.moderation.enums import Outcome, ReviewStatus
from cocreate.moderation.models import Flag, LogEntry, Review

pytestmark = pytest.mark.django_db


def hide_at_weight(weight: int) -> None:
    SiteSettings.objects.update_or_create(pk=1, defaults={"flag_hide_threshold": weight})
    SiteSettings.forget()


ROLES = ["anonymous", "member", "senior", "moderator", "other_moderator", "staff"]


@pytest.fixture
def token_of(request, token_for, member, senior, moderator, other_moderator, staff):
    """`token_of(role)` → a token for that role's member; None for a visitor."""
    users = {
        "member": member,
        "senior": senior,
        "moderator": moderator,
        "other_moderator": other_moderator,
        "staff": staff,
    }
    return lambda role: token_for(users[role]) if role in users else None


def flag(post, reporter, reason="spam"):
    return actions.flag_post(post, reporter=reporter, reason=reason)


def log_count() -> int:
    return LogEntry.objects.count()


# Flags -----------------------------------------------------------------------


def test_a_member_flags_a_post(api, reply, member, token_for):
    response = api.post("/flags", {"post": reply.pk, "reason": "spam"}, token=token_for(member))

    assert response.status_code == 201
    body = response.json()
    review = Review.objects.get()
    assert body == {
        "id": Flag.objects.get().pk,
        "post": reply.pk,
        "reason": "spam",
        "review": {"id": review.pk, "weight": 1, "flag_count": 1, "hidden": False},
    }


def test_flags_past_the_threshold_hide_the_post(api, reply, member, staff, token_for):
    hide_at_weight(2)
    flag(reply, member)

    response = api.post("/flags", {"post": reply.pk, "reason": "abusive"}, token=token_for(staff))

    assert response.json()["review"]["hidden"] is True
    reply.refresh_from_db()
    assert reply.hidden_at is not None and Review.objects.get().auto_hidden


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"post": 0, "reason": "spam"}, "post"),
        ({"reason": "spam"}, "post"),
        ({"post": 1, "reason": "boring"}, "reason"),
        ({"post": 1, "reason": "other"}, "body"),
        ({"post": 1, "reason": "other", "text": "   "}, "body"),
        ({"post": 1, "reason": "spam", "text": "x" * 501}, "text"),
    ],
)
def test_bad_flags_are_422_and_write_nothing(api, reply, member, token_for, payload, field):
    payload = {**payload, "post": reply.pk} if payload.get("post") == 1 else payload

    response = api.post("/flags", payload, token=token_for(member))

    assert response.status_code == 422, response.json()
    assert field in {error["field"] for error in response.json()["errors"]}
    assert not Flag.objects.exists() and not Review.objects.exists()


def test_flag_other_needs_a_text_and_says_so(api, reply, member, token_for):
    response = api.post("/flags", {"post": reply.pk, "reason": "other"}, token=token_for(member))

    assert "Say what is wrong" in response.json()["detail"]


def test_flag_with_other_and_a_text(api, reply, member, token_for):
    response = api.post(
        "/flags",
        {"post": reply.pk, "reason": "other", "text": " Copied from a shop "},
        token=token_for(member),
    )

    assert response.status_code == 201 and Flag.objects.get().text == "Copied from a shop"


def test_flag_refusals_are_403_with_the_reason(api, reply, member, other_member, token_for):
    flag(reply, member)

    twice = api.post("/flags", {"post": reply.pk, "reason": "spam"}, token=token_for(member))
    own = api.post("/flags", {"post": reply.pk, "reason": "spam"}, token=token_for(other_member))

    assert twice.status_code == 403 and "already flagged" in twice.json()["detail"]
    assert own.status_code == 403 and "your own post" in own.json()["detail"]
    assert Flag.objects.count() == 1


def test_a_suspended_member_cannot_flag(api, reply, member, staff, token_for):
    actions.suspend_member(member, actor=staff, reason="Trolling", days=2)

    response = api.post("/flags", {"post": reply.pk, "reason": "spam"}, token=token_for(member))

    assert response.status_code == 403 and "Trolling" in response.json()["detail"]
    assert not Flag.objects.exists()


def test_flagging_an_unknown_post_is_404(api, member, token_for):
    response = api.post("/flags", {"post": 999999, "reason": "spam"}, token=token_for(member))

    assert response.status_code == 404 and not Review.objects.exists()


# The review queue -------------------------------------------------------------


def test_the_queue_shows_pending_reviews_with_their_flags(
    api, reply, member, senior, moderator, token_for
):
    flag(reply, member)
    flag(reply, senior, reason="off_topic")

    body = api.get("/moderation/queue", token=token_for(moderator)).json()

    assert body["count"] == 1
    item = body["items"][0]
    assert item["board"] == "chat" and item["flag_count"] == 2 and item["can_resolve"]
    assert item["post"] == {
        "id": reply.pk,
        "number": 2,
        "thread": reply.thread_id,
        "title": "Night photos",
        "author": "grace",
        "body_html": "<p>Buy cheap watches!</p>\n",
        "hidden": False,
        "deleted": False,
    }
    assert [f["reason"] for f in item["flags"]] == ["spam", "off_topic"]
    assert all(f["reporter"] is None for f in item["flags"])


def test_staff_see_who_flagged(api, reply, member, staff, token_for):
    flag(reply, member)

    item = api.get("/moderation/queue", token=token_for(staff)).json()["items"][0]

    assert item["flags"][0]["reporter"] == "ada"


def test_seniors_see_the_queue_but_not_hidden_posts_and_cannot_resolve(
    api, reply, member, moderator, senior, token_for
):
    flag(reply, member)
    actions.hide_post(reply, actor=moderator, reason="Spam")
    flag(forum.reply_to_thread(reply.thread, author=member, body="Meh"), senior)

    items = api.get("/moderation/queue", token=token_for(senior)).json()["items"]

    assert len(items) == 1  # the hidden post's review was settled by hiding it
    assert items[0]["can_resolve"] is False

    flag(reply, senior)  # a new flag on the hidden post opens a new review
    hidden = next(
        i
        for i in api.get("/moderation/queue", token=token_for(senior)).json()["items"]
        if i["post"]["id"] == reply.pk
    )
    assert hidden["post"]["hidden"] and hidden["post"]["body_html"] == ""


def test_board_moderators_see_only_their_boards(
    api, reply, member, other_moderator, other_board, token_for
):
    flag(reply, member)
    camera = forum.create_thread(other_board, author=member, title="Lens", body="Blurry")
    flag(camera.posts.get(), UserFactory(username="zed"))

    boards = [
        i["board"]
        for i in api.get("/moderation/queue", token=token_for(other_moderator)).json()["items"]
    ]

    assert boards == ["camera"]


def test_the_queue_filters_by_board(api, reply, member, staff, token_for):
    flag(reply, member)
    token = token_for(staff)

    assert api.get("/moderation/queue?board=chat", token=token).json()["count"] == 1
    assert api.get("/moderation/queue?board=news", token=token).status_code == 404


@pytest.mark.parametrize("role", ["staff", "moderator"])
@pytest.mark.parametrize("count", [3, 15])
def test_the_queue_runs_a_fixed_number_of_queries(
    role, count, api, thread, member, token_of, django_assert_max_num_queries
):
    token = token_of(role)
    for index in range(count):
        author = UserFactory(username=f"author{index}")
        post = forum.reply_to_thread(thread, author=author, body=f"Ad {index}")
        flag(post, member)
        flag(post, UserFactory(username=f"flagger{index}"))

    with django_assert_max_num_queries(5):
        response = api.get("/moderation/queue", token=token)

    assert response.json()["count"] == count


# Deciding on flags -------------------------------------------------------------


def test_a_moderator_agrees_and_hides(api, reply, member, moderator, token_for):
    review = flag(reply, member).review

    response = api.post(
        f"/moderation/reviews/{review.pk}",
        {"outcome": "hide", "reason": "Advertising"},
        token=token_for(moderator),
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["outcome"], body["reason"]) == ("agreed", "hide", "Advertising")
    assert body["resolved_by"] == "mo"
    reply.refresh_from_db()
    assert reply.hidden_at is not None


def test_declining_flags_shows_an_auto_hidden_post_again(api, reply, member, staff, token_for):
    hide_at_weight(1)
    review = flag(reply, member).review

    response = api.post(
        f"/moderation/reviews/{review.pk}",
        {"outcome": "keep", "reason": "Not spam"},
        token=token_for(staff),
    )

    assert response.json()["status"] == ReviewStatus.DISAGREED
    reply.refresh_from_db()
    assert reply.hidden_at is None


def test_a_handled_review_is_409(api, reply, member, moderator, token_for):
    review = flag(reply, member).review
    actions.resolve_review(review, actor=moderator, outcome=Outcome.KEEP, reason="Fine")
    entries = log_count()

    response = api.post(
        f"/moderation/reviews/{review.pk}",
        {"outcome": "delete", "reason": "Changed my mind"},
        token=token_for(moderator),
    )

    assert response.status_code == 409
    assert response.json() == {
        "detail": "These flags were already handled.",
        "code": "already_handled",
    }
    assert log_count() == entries and not Post.objects.get(pk=reply.pk).deleted_at


@pytest.mark.parametrize(
    "payload",
    [{"outcome": "ban", "reason": "x"}, {"outcome": "hide"}, {"outcome": "hide", "reason": " "}],
)
def test_bad_decisions_are_422_and_leave_the_review_pending(
    api, reply, member, moderator, token_for, payload
):
    review = flag(reply, member).review

    response = api.post(f"/moderation/reviews/{review.pk}", payload, token=token_for(moderator))

    assert response.status_code == 422
    review.refresh_from_db()
    assert review.is_pending and log_count() == 1  # the appointment


def test_an_unknown_review_is_404(api, moderator, token_for):
    response = api.post(
        "/moderation/reviews/999", {"outcome": "hide", "reason": "x"}, token=token_for(moderator)
    )

    assert response.status_code == 404


# Post and thread tools ---------------------------------------------------------


def test_hide_restore_and_delete_a_post(api, reply, moderator, token_for):
    token = token_for(moderator)
    base = f"/moderation/posts/{reply.pk}"

    hidden = api.post(f"{base}/hide", {"reason": "Spam"}, token=token).json()
    again = api.post(f"{base}/hide", {"reason": "Spam"}, token=token).json()
    restored = api.post(f"{base}/restore", {"reason": "Appeal"}, token=token).json()
    deleted = api.post(f"{base}/delete", {"reason": "Spam after all"}, token=token).json()

    assert (hidden["hidden"], hidden["changed"]) == (True, True)
    assert again["changed"] is False
    assert (restored["hidden"], restored["changed"]) == (False, True)
    assert deleted["deleted"] is True
    assert list(LogEntry.objects.order_by("created_at", "id").values_list("action", "reason"))[
        1:
    ] == [
        ("hide", "Spam"),
        ("restore", "Appeal"),
        ("delete", "Spam after all"),
    ]


def test_a_tool_without_a_reason_is_422_and_changes_nothing(api, reply, moderator, token_for):
    response = api.post(f"/moderation/posts/{reply.pk}/hide", {}, token=token_for(moderator))

    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "reason"
    reply.refresh_from_db()
    assert reply.hidden_at is None


def test_an_unknown_tool_is_404(api, reply, moderator, token_for):
    response = api.post(
        f"/moderation/posts/{reply.pk}/burn", {"reason": "x"}, token=token_for(moderator)
    )

    assert response.status_code == 404


def test_a_moderator_of_another_board_is_told_why(api, reply, other_moderator, token_for):
    response = api.post(
        f"/moderation/posts/{reply.pk}/hide", {"reason": "Spam"}, token=token_for(other_moderator)
    )

    assert response.status_code == 403 and "other boards" in response.json()["detail"]


def test_pin_lock_and_their_opposites(api, thread, moderator, token_for):
    token = token_for(moderator)
    base = f"/moderation/threads/{thread.pk}"

    assert api.post(f"{base}/pin", {"reason": "FAQ"}, token=token).json()["is_pinned"]
    assert api.post(f"{base}/lock", {"reason": "Solved"}, token=token).json()["is_locked"]
    assert not api.post(f"{base}/unpin", {"reason": "Old"}, token=token).json()["is_pinned"]
    assert not api.post(f"{base}/unlock", {"reason": "Back"}, token=token).json()["is_locked"]
    assert list(LogEntry.objects.filter(thread=thread).values_list("action", flat=True)) == [
        "unlock",
        "unpin",
        "lock",
        "pin",
    ]


def test_moving_a_thread_needs_both_boards(api, thread, other_board, moderator, staff, token_for):
    payload = {"reason": "Camera talk", "board": "camera"}

    refused = api.post(f"/moderation/threads/{thread.pk}/move", payload, token=token_for(moderator))
    moved = api.post(f"/moderation/threads/{thread.pk}/move", payload, token=token_for(staff))

    assert refused.status_code == 403 and "camera" in refused.json()["detail"].lower()
    assert moved.status_code == 200 and moved.json()["board"] == "camera"
    assert Thread.objects.get(pk=thread.pk).board == other_board


def test_moving_to_an_unknown_board_is_422(api, thread, staff, token_for):
    response = api.post(
        f"/moderation/threads/{thread.pk}/move",
        {"reason": "x", "board": "nowhere"},
        token=token_for(staff),
    )

    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "board"
    assert Thread.objects.get(pk=thread.pk).board.slug == "chat"


def test_merging_threads(api, thread, board, member, moderator, token_for):
    duplicate = forum.create_thread(board, author=member, title="Night shots", body="Same")
    token = token_for(moderator)

    into_itself = api.post(
        f"/moderation/threads/{thread.pk}/merge", {"reason": "x", "into": thread.pk}, token=token
    )
    unknown = api.post(
        f"/moderation/threads/{thread.pk}/merge", {"reason": "x", "into": 999999}, token=token
    )
    merged = api.post(
        f"/moderation/threads/{duplicate.pk}/merge",
        {"reason": "Duplicate", "into": thread.pk},
        token=token,
    )

    assert into_itself.status_code == 403 and unknown.status_code == 422
    assert merged.status_code == 200 and merged.json()["id"] == thread.pk
    assert Thread.objects.get(pk=thread.pk).posts.count() == 2


# Members -------------------------------------------------------------------------


def test_a_moderator_warns_about_a_post_on_their_board(api, reply, moderator, token_for):
    response = api.post(
        "/moderation/members/grace/warn",
        {"reason": "No advertising", "post": reply.pk},
        token=token_for(moderator),
    )

    assert response.status_code == 201
    assert response.json() == {
        "username": "grace",
        "action": "warn",
        "reason": "No advertising",
        "suspended_until": None,
        "log_entry": LogEntry.objects.get(action="warn").pk,
    }


def test_a_moderator_suspends_for_a_week_at_most(api, reply, moderator, other_member, token_for):
    token = token_for(moderator)
    payload = {"reason": "Spam", "post": reply.pk}

    too_long = api.post("/moderation/members/grace/suspend", {**payload, "days": 8}, token=token)
    other_member.refresh_from_db()
    assert too_long.status_code == 403 and not other_member.is_suspended

    response = api.post("/moderation/members/grace/suspend", {**payload, "days": 3}, token=token)
    other_member.refresh_from_db()
    assert response.status_code == 201 and other_member.is_suspended
    assert response.json()["suspended_until"] is not None


def test_board_moderators_need_a_post_on_their_board(api, other_member, moderator, token_for):
    response = api.post(
        "/moderation/members/grace/warn", {"reason": "Rude"}, token=token_for(moderator)
    )

    assert response.status_code == 403 and not LogEntry.objects.filter(action="warn").exists()


def test_a_post_by_someone_else_is_422(api, first_post, other_member, staff, token_for):
    response = api.post(
        "/moderation/members/grace/warn",
        {"reason": "Rude", "post": first_post.pk},
        token=token_for(staff),
    )

    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "post"
    assert not LogEntry.objects.filter(action="warn").exists()


@pytest.mark.parametrize("days", [0, 3651, "week"])
def test_bad_suspension_days_are_422(api, other_member, staff, token_for, days):
    response = api.post(
        "/moderation/members/grace/suspend", {"reason": "x", "days": days}, token=token_for(staff)
    )

    assert response.status_code == 422
    other_member.refresh_from_db()
    assert not other_member.is_suspended


def test_unknown_members_are_404_and_staff_cannot_be_disciplined(api, staff, token_for):
    token = token_for(staff)
    other_staff = UserFactory(username="eve", is_staff=True)

    unknown = api.post("/moderation/members/nobody/warn", {"reason": "x"}, token=token)
    colleague = api.post(
        f"/moderation/members/{other_staff.username}/warn", {"reason": "x"}, token=token
    )

    assert unknown.status_code == 404
    assert colleague.status_code == 403 and "Team members" in colleague.json()["detail"]


def test_staff_lift_a_suspension(api, other_member, staff, token_for):
    actions.suspend_member(other_member, actor=staff, reason="Spam", days=30)
    token = token_for(staff)

    lifted = api.post("/moderation/members/grace/unsuspend", {"reason": "Appeal"}, token=token)
    again = api.post("/moderation/members/grace/unsuspend", {"reason": "Appeal"}, token=token)

    assert lifted.status_code == 200 and lifted.json()["suspended_until"] is None
    assert again.status_code == 403 and "not suspended" in again.json()["detail"]


# Roles × actions -------------------------------------------------------------------

ALLOWED = {"moderator", "staff"}


def _expect(allowed: set[str], ok: int) -> dict[str, int]:
    return {role: ok if role in allowed else 403 for role in ROLES} | {"anonymous": 401}


MATRIX = {
    "flag": _expect(set(ROLES), 201),
    "see_queue": _expect({"senior", "moderator", "other_moderator", "staff"}, 200),
    "resolve": _expect(ALLOWED, 200),
    "hide": _expect(ALLOWED, 200),
    "delete": _expect(ALLOWED, 200),
    "lock": _expect(ALLOWED, 200),
    "pin": _expect(ALLOWED, 200),
    "warn": _expect(ALLOWED, 201),
    "suspend": _expect(ALLOWED, 201),
    "unsuspend": _expect({"staff"}, 200),
    "log": {role: 200 for role in ROLES},
    "stats": {role: 200 for role in ROLES},
}


def _call(api, action, token, *, reply, thread, staff):
    if action == "flag":
        return api.post("/flags", {"post": reply.pk, "reason": "spam"}, token=token)
    if action == "see_queue":
        return api.get("/moderation/queue", token=token)
    if action == "resolve":
        review = flag(reply, UserFactory(username="flagger")).review
        return api.post(
            f"/moderation/reviews/{review.pk}", {"outcome": "hide", "reason": "x"}, token=token
        )
    if action in ("hide", "delete"):
        return api.post(f"/moderation/posts/{reply.pk}/{action}", {"reason": "x"}, token=token)
    if action in ("lock", "pin"):
        return api.post(f"/moderation/threads/{thread.pk}/{action}", {"reason": "x"}, token=token)
    if action == "warn":
        return api.post(
            "/moderation/members/grace/warn", {"reason": "x", "post": reply.pk}, token=token
        )
    if action == "suspend":
        return api.post(
            "/moderation/members/grace/suspend",
            {"reason": "x", "post": reply.pk, "days": 2},
            token=token,
        )
    if action == "unsuspend":
        actions.suspend_member(reply.author, actor=staff, reason="x", days=2)
        return api.post("/moderation/members/grace/unsuspend", {"reason": "x"}, token=token)
    if action == "log":
        return api.get("/moderation/log")
    return api.get("/moderation/stats")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(MATRIX))
def test_roles_and_actions(api, action, role, token_of, reply, thread, staff):
    token = token_of(role)
    entries, flags = log_count(), Flag.objects.count()

    response = _call(api, action, token, reply=reply, thread=thread, staff=staff)

    assert response.status_code == MATRIX[action][role], response.json()
    if response.status_code >= 400:
        assert response.json()["code"] in ("permission_denied", "not_authenticated")
        assert log_count() == entries + (action == "unsuspend")  # only the setup's own line
        assert Flag.objects.count() == flags + (action == "resolve")


# The public log and statistics -------------------------------------------------------


def test_the_log_is_public_and_never_names_reporters(api, reply, member, moderator):
    review = flag(reply, member).review
    actions.resolve_review(review, actor=moderator, outcome=Outcome.HIDE, reason="Advertising")

    body = api.get("/moderation/log").json()

    entry = body["items"][0]
    assert entry["action"] == "agree" and entry["description"] == "agreed with flags"
    assert (entry["actor"], entry["member"], entry["reason"]) == ("mo", "grace", "Advertising")
    assert entry["board"] == "chat" and entry["post"] == reply.pk
    assert entry["thread"] == {"id": reply.thread_id, "title": "Night photos", "deleted": False}
    assert "ada" not in str(body)


def test_the_log_filters_by_board(api, thread, other_board, member, staff):
    camera = forum.create_thread(other_board, author=member, title="Lens", body="x")
    actions.lock_thread(thread, actor=staff, reason="Solved")
    actions.lock_thread(camera, actor=staff, reason="Solved too")

    items = api.get("/moderation/log?board=camera").json()["items"]

    assert [(i["action"], i["reason"]) for i in items] == [("lock", "Solved too")]
    assert api.get("/moderation/log?board=nope").status_code == 404


def test_the_log_hides_deleted_thread_titles(api, thread, first_post, staff):
    actions.delete_post(first_post, actor=staff, reason="Spam thread")

    entry = api.get("/moderation/log").json()["items"][0]

    assert entry["thread"] == {"id": thread.pk, "title": "", "deleted": True}


@pytest.mark.parametrize("count", [3, 30])
def test_the_log_runs_a_fixed_number_of_queries(
    count, api, board, member, staff, django_assert_max_num_queries
):
    for index in range(count):
        found = forum.create_thread(board, author=member, title=f"T{index}", body="x")
        actions.lock_thread(found, actor=staff, reason=f"R{index}")

    with django_assert_max_num_queries(2):
        response = api.get("/moderation/log?limit=50")

    assert response.json()["count"] == count


def test_stats_count_decisions(api, reply, first_post, member, other_member, moderator):
    actions.resolve_review(
        flag(reply, member).review, actor=moderator, outcome=Outcome.HIDE, reason="x"
    )
    actions.resolve_review(
        flag(first_post, other_member).review, actor=moderator, outcome=Outcome.KEEP, reason="y"
    )

    stats = api.get("/moderation/stats").json()

    assert (stats["reviews"], stats["agreed"], stats["disagreed"], stats["pending"]) == (2, 1, 1, 0)
    assert stats["flags"] == 2 and stats["median_wait_seconds"] >= 0


# Guidelines ------------------------------------------------------------------------------


@pytest.fixture
def guidelines(staff):
    return actions.publish_guidelines(
        actor=staff, body="# Be kind", body_zh="# 友善", changes="First version"
    )


def test_no_guidelines_yet_is_404(api, db):
    assert api.get("/guidelines").status_code == 404


def test_guidelines_are_public_and_say_whether_you_accepted(api, guidelines, member, token_for):
    anonymous = api.get("/guidelines").json()
    mine = api.get("/guidelines", token=token_for(member)).json()

    assert anonymous["version"] == 1 and anonymous["body_zh"] == "# 友善"
    assert anonymous["accepted"] is None and mine["accepted"] is False


def test_a_wrong_token_on_the_guidelines_is_still_401(api, guidelines):
    assert api.get("/guidelines", token="cct_wrong").status_code == 401


def test_accepting_the_guidelines(api, guidelines, member, token_for):
    token = token_for(member)

    response = api.post("/guidelines/accept", {"version": 1}, token=token)

    assert response.json() == {"version": 1, "accepted": True}
    assert api.get("/guidelines", token=token).json()["accepted"] is True


def test_accepting_a_stale_version_is_400(api, guidelines, staff, member, token_for):
    actions.publish_guidelines(actor=staff, body="# Be kinder", changes="Kinder")

    response = api.post("/guidelines/accept", {"version": 1}, token=token_for(member))

    assert response.status_code == 400 and response.json()["code"] == "stale_guidelines"
    assert "version 2" in response.json()["detail"]
    member.refresh_from_db()
    assert member.guidelines_accepted == 0


def test_accepting_needs_a_version(api, guidelines, member, token_for):
    response = api.post("/guidelines/accept", {}, token=token_for(member))

    assert response.status_code == 422


# Posting through the forum API ---------------------------------------------------------


def test_posting_before_accepting_the_guidelines_is_403_guidelines_required(
    api, thread, guidelines, other_member, token_for
):
    token = token_for(other_member)

    reply = api.post(f"/threads/{thread.pk}/posts", {"body": "Hi"}, token=token)
    start = api.post("/boards/chat/threads", {"title": "T", "body": "B"}, token=token)

    for response in (reply, start):
        assert response.status_code == 403
        assert response.json()["code"] == "guidelines_required"
        assert "guidelines" in response.json()["detail"]
    assert Post.objects.count() == 1

    api.post("/guidelines/accept", {"version": 1}, token=token)
    assert api.post(f"/threads/{thread.pk}/posts", {"body": "Hi"}, token=token).status_code == 201


def test_a_suspended_member_cannot_post_and_is_told_why(
    api, thread, other_member, staff, token_for
):
    actions.suspend_member(other_member, actor=staff, reason="Advertising", days=3)
    token = token_for(other_member)

    reply = api.post(f"/threads/{thread.pk}/posts", {"body": "Hi"}, token=token)
    start = api.post("/boards/chat/threads", {"title": "T", "body": "B"}, token=token)

    for response in (reply, start):
        assert response.status_code == 403 and response.json()["code"] == "permission_denied"
        assert "suspended" in response.json()["detail"]
        assert "Advertising" in response.json()["detail"]
    assert Post.objects.count() == 1


# Hidden posts in a thread ------------------------------------------------------------------


@pytest.fixture
def hidden_reply(reply, moderator):
    actions.hide_post(reply, actor=moderator, reason="Spam")
    return reply


def _reply_as_seen(api, thread):
    return api.get(f"/threads/{thread.pk}").json()["posts"][1]


def test_visitors_see_a_hidden_post_without_its_text(api, thread, hidden_reply):
    post = _reply_as_seen(api, thread)

    assert post["hidden"] is True and post["body"] == "" and post["body_html"] == ""


def test_other_members_and_moderators_of_other_boards_do_not_read_it(
    api, client, thread, hidden_reply, member, other_moderator
):
    for user in (member, other_moderator):
        client.force_login(user)
        assert _reply_as_seen(api, thread)["body"] == ""


def test_the_author_and_the_boards_moderators_read_a_hidden_post(
    api, client, thread, hidden_reply, other_member, moderator, staff
):
    for user in (other_member, moderator, staff):
        client.force_login(user)
        post = _reply_as_seen(api, thread)
        assert post["hidden"] is True and post["body"] == "Buy cheap watches!"


def test_visible_posts_say_they_are_not_hidden(api, thread, reply):
    assert _reply_as_seen(api, thread)["hidden"] is False


def test_a_short_suspension_ends_by_itself(api, thread, other_member, staff, token_for):
    actions.suspend_member(other_member, actor=staff, reason="Cool down", days=1)
    type(other_member).objects.filter(pk=other_member.pk).update(
        suspended_until=timezone.now() - timedelta(minutes=1)
    )

    response = api.post(
        f"/threads/{thread.pk}/posts", {"body": "Back"}, token=token_for(other_member)
    )

    assert response.status_code == 201
