from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from cocreate.accounts.tests.factories import UserFactory
from cocreate.core.models import SiteSettings
from cocreate.forum import actions as forum_actions
from cocreate.forum.models import Board, Post, Thread
from cocreate.moderation import actions
from cocreate.moderation.enums import LogAction, Outcome, ReviewStatus
from cocreate.moderation.models import Flag, Guidelines, LogEntry, ModeratorAssignment, Review
from conftest import logged_in

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _text(response) -> str:
    return response.content.decode()


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and reverse("account_login") in response.url


# --- Fixtures ------------------------------------------------------------------------


@pytest.fixture
def author(db):
    return UserFactory(username="writer", display_name="Wendy Writer")


@pytest.fixture
def topic(board, author):
    return forum_actions.create_thread(board, author=author, title="Night photos", body="So sharp!")


@pytest.fixture
def opening(topic):
    return topic.posts.get(number=1)


@pytest.fixture
def reply(topic, author):
    return forum_actions.reply_to_thread(topic, author=author, body="Buy cheap **pills** here")


@pytest.fixture
def other_board(product):
    return Board.objects.create(slug="help", product=product, name="Help", name_zh="帮助")


@pytest.fixture
def moderator(board, staff):
    user = UserFactory(username="keeper", display_name="Kim Keeper")
    actions.appoint_moderator(board, member=user, actor=staff)
    return user


@pytest.fixture
def other_moderator(other_board, staff):
    user = UserFactory(username="warden")
    actions.appoint_moderator(other_board, member=user, actor=staff)
    return user


@pytest.fixture
def review(reply, member):
    """The reply, flagged as spam by Ada with a note."""
    return actions.flag_post(reply, reporter=member, reason="spam", text="Selling pills").review


def _client(user) -> Client:
    client = Client()
    return logged_in(client, user) if user is not None else client


@pytest.fixture
def moderator_client(moderator):
    return _client(moderator)


@pytest.fixture
def staff_client(staff):
    return _client(staff)


# --- Flag ----------------------------------------------------------------------------


def test_flag_form_offers_the_reasons(member_client, reply):
    response = member_client.get(reverse("moderation:flag", args=[reply.pk]))

    text = _text(response)
    assert response.status_code == 200
    assert "Spam" in text and "Off-topic" in text and "Something else" in text
    assert "<html" in text


def test_flag_form_is_a_partial_for_htmx(member_client, reply):
    response = member_client.get(reverse("moderation:flag", args=[reply.pk]), headers=HTMX)

    assert response.status_code == 200
    assert "<html" not in _text(response) and 'name="reason"' in _text(response)


def test_flagging_files_a_flag_and_returns_to_the_post(member_client, member, reply):
    response = member_client.post(
        reverse("moderation:flag", args=[reply.pk]), {"reason": "spam", "text": "Pills"}
    )

    flag = Flag.objects.get()
    assert (flag.post, flag.reporter, flag.reason, flag.text) == (reply, member, "spam", "Pills")
    assert response.status_code == 302 and response.url == reply.get_absolute_url()
    assert "moderators will look at it" in _text(member_client.get(response.url))


def test_flagging_with_htmx_thanks_in_place(member_client, reply):
    response = member_client.post(
        reverse("moderation:flag", args=[reply.pk]), {"reason": "off_topic"}, headers=HTMX
    )

    assert response.status_code == 200
    assert "Thanks — moderators will look at it." in _text(response)
    assert Flag.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "other", "text": ""}, "Tell the moderators what is wrong"),
        ({"reason": "nonsense"}, "Select a valid choice"),
        ({"reason": "spam", "text": "x" * 501}, "at most 500 characters"),
        ({}, "This field is required"),
    ],
)
def test_flag_with_bad_input_writes_nothing(member_client, reply, data, message):
    response = member_client.post(reverse("moderation:flag", args=[reply.pk]), data)

    assert response.status_code == 400
    assert message in _text(response)
    assert not Flag.objects.exists() and not Review.objects.exists()


def test_flagging_twice_is_refused_with_the_reason(member_client, review, reply):
    response = member_client.post(reverse("moderation:flag", args=[reply.pk]), {"reason": "spam"})

    assert response.status_code == 403
    assert "You already flagged this post" in _text(response)
    assert Flag.objects.count() == 1


def test_flagging_your_own_post_is_refused(reply, author):
    response = _client(author).get(reverse("moderation:flag", args=[reply.pk]))

    assert response.status_code == 403 and "You cannot flag your own post" in _text(response)


def test_flagging_needs_a_login(client, reply):
    response = client.post(reverse("moderation:flag", args=[reply.pk]), {"reason": "spam"})

    assert _is_login_redirect(response) and not Flag.objects.exists()


# --- Queue ---------------------------------------------------------------------------


def test_queue_shows_the_flagged_post_with_its_flags_to_staff(staff_client, review, reply):
    text = _text(staff_client.get(reverse("moderation:queue")))

    assert "Night photos" in text and reply.get_absolute_url() in text
    assert "<strong>pills</strong>" in text  # the sanitised body
    assert "Spam" in text and "Selling pills" in text
    assert "Ada Lovelace" in text  # staff see who flagged
    assert reverse("moderation:resolve", args=[review.pk]) in text
    assert f"{reverse('moderation:member', args=['writer'])}?post={reply.pk}" in text


def test_queue_hides_reporters_from_board_moderators(moderator_client, review):
    text = _text(moderator_client.get(reverse("moderation:queue")))

    assert "Selling pills" in text and "Ada Lovelace" not in text
    assert reverse("moderation:resolve", args=[review.pk]) in text


def test_queue_shows_seniors_the_flags_without_the_tools(senior, review):
    text = _text(_client(senior).get(reverse("moderation:queue")))

    assert "Night photos" in text
    assert "Seniors see the queue; board moderators act on it." in text
    assert reverse("moderation:resolve", args=[review.pk]) not in text


def test_queue_of_a_moderator_holds_only_their_boards(other_moderator, review):
    text = _text(_client(other_moderator).get(reverse("moderation:queue")))

    assert "Night photos" not in text and "Nothing to review" in text


def test_queue_marks_posts_hidden_by_flags(staff_client, reply, staff, settings):
    for index in range(5):
        actions.flag_post(reply, reporter=UserFactory(username=f"fan{index}"), reason="abusive")

    text = _text(staff_client.get(reverse("moderation:queue")))

    assert "Hidden by flags" in text and "Abusive or rude ×5" in text


def test_queue_filters_by_board(staff_client, review, other_board):
    assert "Night photos" in _text(staff_client.get(reverse("moderation:queue"), {"board": "chat"}))
    assert "Night photos" not in _text(
        staff_client.get(reverse("moderation:queue"), {"board": "help"})
    )


def test_queue_refuses_an_unknown_board_clearly(staff_client, review):
    response = staff_client.get(reverse("moderation:queue"), {"board": "nowhere"})

    assert response.status_code == 400
    assert "There is no board with this address." in _text(response)


def test_queue_is_a_partial_for_htmx(staff_client, review):
    response = staff_client.get(reverse("moderation:queue"), headers=HTMX)

    assert response.status_code == 200 and "<html" not in _text(response)


def test_empty_queue_says_so(staff_client, board):
    assert "Nothing to review" in _text(staff_client.get(reverse("moderation:queue")))


def test_queue_needs_a_login(client):
    assert _is_login_redirect(client.get(reverse("moderation:queue")))


@pytest.mark.parametrize("count", [2, 12])
@pytest.mark.parametrize("role", ["staff", "moderator"])
def test_queue_queries_do_not_grow_with_items(
    count, role, board, author, staff, moderator, django_assert_max_num_queries
):
    topic = forum_actions.create_thread(board, author=author, title="Busy", body="x")
    for index in range(count):
        post = forum_actions.reply_to_thread(topic, author=author, body=f"Reply {index}")
        for reporter in range(2):
            actions.flag_post(
                post,
                reporter=UserFactory(username=f"fan{index}-{reporter}"),
                reason="spam",
                text="why",
            )
    client = _client(staff if role == "staff" else moderator)

    SiteSettings.get()  # the steady state: settings are cached

    with django_assert_max_num_queries(8):
        response = client.get(reverse("moderation:queue"))

    assert response.status_code == 200 and _text(response).count('class="review card') == count


# --- Resolve -------------------------------------------------------------------------


def test_resolving_records_the_decision_and_returns_to_the_queue(moderator_client, review, reply):
    response = moderator_client.post(
        reverse("moderation:resolve", args=[review.pk]), {"outcome": "hide", "reason": "Spam"}
    )

    review.refresh_from_db()
    reply.refresh_from_db()
    assert response.status_code == 302 and response.url == reverse("moderation:queue")
    assert review.status == ReviewStatus.AGREED and review.reason == "Spam"
    assert reply.hidden_at is not None
    assert LogEntry.objects.filter(action=LogAction.AGREE).exists()


def test_resolving_with_htmx_replaces_the_item(moderator_client, review):
    response = moderator_client.post(
        reverse("moderation:resolve", args=[review.pk]),
        {"outcome": "keep", "reason": "Fine by me"},
        headers=HTMX,
    )

    text = _text(response)
    assert response.status_code == 200 and "<html" not in text
    assert f'id="review-{review.pk}"' in text and "Decided" in text
    assert Review.objects.get().status == ReviewStatus.DISAGREED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"outcome": "hide", "reason": ""}, "This field is required"),
        ({"outcome": "burn", "reason": "x"}, "Select a valid choice"),
        ({"outcome": "keep", "reason": "x" * 501}, "at most 500 characters"),
    ],
)
def test_resolve_with_bad_input_changes_nothing(moderator_client, review, reply, data, message):
    response = moderator_client.post(reverse("moderation:resolve", args=[review.pk]), data)

    review.refresh_from_db()
    reply.refresh_from_db()
    assert response.status_code == 400 and message in _text(response)
    assert review.status == ReviewStatus.PENDING and reply.hidden_at is None
    assert not LogEntry.objects.exclude(action=LogAction.APPOINT).exists()


def test_resolving_handled_flags_again_is_refused(moderator_client, moderator, review):
    actions.resolve_review(review, actor=moderator, outcome=Outcome.KEEP, reason="ok")

    response = moderator_client.post(
        reverse("moderation:resolve", args=[review.pk]), {"outcome": "hide", "reason": "late"}
    )

    assert response.status_code == 403 and "already handled" in _text(response)


def test_resolve_accepts_only_post(moderator_client, review):
    assert moderator_client.get(reverse("moderation:resolve", args=[review.pk])).status_code == 405


# --- Post tools ----------------------------------------------------------------------


def test_post_tools_show_the_post_its_review_and_the_actions(moderator_client, review, reply):
    text = _text(moderator_client.get(reverse("moderation:post", args=[reply.pk])))

    assert "Moderate post #2" in text and "<strong>pills</strong>" in text
    assert "Selling pills" in text and "Waiting for review" not in text
    assert 'value="hide"' in text and 'value="delete"' in text and 'value="restore"' not in text


def test_hiding_a_post_hides_it_and_returns_to_it(moderator_client, review, reply):
    response = moderator_client.post(
        reverse("moderation:post", args=[reply.pk]), {"action": "hide", "reason": "Spam"}
    )

    reply.refresh_from_db()
    review.refresh_from_db()
    assert response.status_code == 302 and response.url == reply.get_absolute_url()
    assert reply.hidden_at is not None and review.status == ReviewStatus.AGREED
    assert LogEntry.objects.filter(action=LogAction.HIDE, reason="Spam").exists()


def test_hidden_post_tools_offer_restoring(moderator_client, moderator, reply):
    actions.hide_post(reply, actor=moderator, reason="Spam")

    text = _text(moderator_client.get(reverse("moderation:post", args=[reply.pk])))

    assert 'value="restore"' in text and 'value="hide"' not in text


def test_deleting_the_opening_post_returns_to_the_board(moderator_client, opening, topic):
    response = moderator_client.post(
        reverse("moderation:post", args=[opening.pk]), {"action": "delete", "reason": "Spam"}
    )

    topic.refresh_from_db()
    assert response.status_code == 302 and response.url == reverse("forum:board", args=["chat"])
    assert topic.deleted_at is not None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "hide", "reason": ""}, "This field is required"),
        ({"action": "restore", "reason": "x"}, "That action does not apply here now"),
        ({"action": "explode", "reason": "x"}, "That action does not apply here now"),
    ],
)
def test_post_tools_with_bad_input_change_nothing(moderator_client, reply, data, message):
    response = moderator_client.post(reverse("moderation:post", args=[reply.pk]), data)

    reply.refresh_from_db()
    assert response.status_code == 400 and message in _text(response)
    assert reply.hidden_at is None and reply.deleted_at is None
    assert not LogEntry.objects.exclude(action=LogAction.APPOINT).exists()


def test_post_tools_refuse_a_moderator_of_another_board(other_moderator, reply):
    response = _client(other_moderator).get(reverse("moderation:post", args=[reply.pk]))

    assert response.status_code == 403 and "You moderate other boards, not Chat." in _text(response)


def test_post_tools_need_a_login(client, reply):
    assert _is_login_redirect(client.get(reverse("moderation:post", args=[reply.pk])))


# --- Thread tools --------------------------------------------------------------------


def test_thread_tools_offer_only_boards_the_moderator_can_move_to(
    moderator_client, moderator, staff, topic, other_board
):
    elsewhere = Board.objects.create(slug="misc", name="Misc")
    actions.appoint_moderator(elsewhere, member=moderator, actor=staff)

    text = _text(moderator_client.get(reverse("moderation:thread", args=[topic.pk])))

    assert "Moderate thread" in text and 'value="pin"' in text and 'value="lock"' in text
    assert f'<option value="{elsewhere.pk}">Misc</option>' in text
    assert f'value="{other_board.pk}"' not in text


@pytest.mark.parametrize(
    ("action", "field", "value"),
    [("pin", "is_pinned", True), ("lock", "is_locked", True)],
)
def test_pinning_and_locking_change_the_thread(moderator_client, topic, action, field, value):
    response = moderator_client.post(
        reverse("moderation:thread", args=[topic.pk]), {"action": action, "reason": "Because"}
    )

    topic.refresh_from_db()
    assert response.status_code == 302 and response.url == reverse("forum:thread", args=[topic.pk])
    assert getattr(topic, field) is value


def test_unpinning_is_offered_once_pinned(moderator_client, moderator, topic):
    actions.pin_thread(topic, actor=moderator, reason="Useful")

    text = _text(moderator_client.get(reverse("moderation:thread", args=[topic.pk])))

    assert 'value="unpin"' in text and 'value="pin"' not in text


def test_moving_a_thread_needs_both_boards(moderator_client, moderator, staff, topic, other_board):
    actions.appoint_moderator(other_board, member=moderator, actor=staff)

    response = moderator_client.post(
        reverse("moderation:thread", args=[topic.pk]),
        {"action": "move", "reason": "Wrong board", "board": other_board.pk},
    )

    topic.refresh_from_db()
    assert response.status_code == 302 and topic.board == other_board


@pytest.mark.parametrize(
    "into", ["{pk}", "#{pk}", "https://example.com/forum/t/{pk}/", "/forum/t/{pk}/?page=2#post-3"]
)
def test_merging_accepts_a_number_or_an_address(moderator_client, board, author, topic, into):
    target = forum_actions.create_thread(board, author=author, title="Photos", body="x")

    response = moderator_client.post(
        reverse("moderation:thread", args=[topic.pk]),
        {"action": "merge", "reason": "Duplicate", "into": into.format(pk=target.pk)},
    )

    topic.refresh_from_db()
    assert response.status_code == 302 and response.url == reverse("forum:thread", args=[target.pk])
    assert topic.merged_into == target


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "move", "reason": "x"}, "Choose the board to move the thread to."),
        ({"action": "move", "reason": "x", "board": 999}, "Choose one of the boards in the list."),
        ({"action": "merge", "reason": "x"}, "Give the thread to merge into."),
        ({"action": "merge", "reason": "x", "into": "the other one"}, "like /forum/t/123/"),
        ({"action": "merge", "reason": "x", "into": "999"}, "There is no thread number 999."),
        ({"action": "merge", "reason": "x", "into": "SELF"}, "cannot be merged into itself"),
        ({"action": "lock", "reason": ""}, "This field is required"),
        ({"action": "unpin", "reason": "x"}, "That action does not apply here now"),
    ],
)
def test_thread_tools_with_bad_input_change_nothing(moderator_client, topic, board, data, message):
    if data.get("into") == "SELF":
        data = {**data, "into": str(topic.pk)}
    response = moderator_client.post(reverse("moderation:thread", args=[topic.pk]), data)

    topic.refresh_from_db()
    assert response.status_code == 400 and message in _text(response)
    assert (topic.board, topic.is_locked, topic.deleted_at) == (board, False, None)
    assert not LogEntry.objects.exclude(action=LogAction.APPOINT).exists()


def test_merging_into_a_deleted_thread_is_refused(
    moderator_client, moderator, board, author, topic
):
    gone = forum_actions.create_thread(board, author=author, title="Gone", body="x")
    forum_actions.delete_post(gone.posts.get(), actor=moderator)

    response = moderator_client.post(
        reverse("moderation:thread", args=[topic.pk]),
        {"action": "merge", "reason": "x", "into": str(gone.pk)},
    )

    assert response.status_code == 400 and f"There is no thread number {gone.pk}" in _text(response)


def test_thread_tools_need_a_login(client, topic):
    assert _is_login_redirect(client.get(reverse("moderation:thread", args=[topic.pk])))


# --- Member --------------------------------------------------------------------------


def test_staff_see_a_members_record_and_state(staff_client, staff, author):
    actions.warn_member(author, actor=staff, reason="Be nice")

    text = _text(staff_client.get(reverse("moderation:member", args=["writer"])))

    assert "Moderation record of Wendy Writer" in text
    assert "Not suspended" in text and "warned a member" in text and "Be nice" in text


def test_member_record_shows_a_running_suspension(staff_client, staff, author):
    actions.suspend_member(author, actor=staff, reason="Spamming", days=3)

    text = _text(staff_client.get(reverse("moderation:member", args=["writer"])))

    assert "Suspended until" in text and "Spamming" in text and "Lift the suspension" in text


def test_a_moderator_opens_a_record_from_a_post_on_their_board(moderator_client, reply):
    url = reverse("moderation:member", args=["writer"])

    assert moderator_client.get(url).status_code == 403
    response = moderator_client.get(url, {"post": reply.pk})
    assert response.status_code == 200 and "Up to 7 days." in _text(response)


def test_warning_a_member(moderator_client, author, reply):
    url = f"{reverse('moderation:member', args=['writer'])}?post={reply.pk}"

    response = moderator_client.post(url, {"action": "warn", "reason": "Mind the tone"})

    entry = LogEntry.objects.get(action=LogAction.WARN)
    assert response.status_code == 302 and response.url == url
    assert (entry.member, entry.reason, entry.post) == (author, "Mind the tone", reply)


def test_suspending_a_member_for_three_days(moderator_client, author, reply):
    response = moderator_client.post(
        f"{reverse('moderation:member', args=['writer'])}?post={reply.pk}",
        {"action": "suspend", "days": "3", "reason": "Spam"},
    )

    author.refresh_from_db()
    assert response.status_code == 302 and author.is_suspended


def test_a_moderator_cannot_suspend_for_a_month(moderator_client, author, reply):
    response = moderator_client.post(
        f"{reverse('moderation:member', args=['writer'])}?post={reply.pk}",
        {"action": "suspend", "days": "30", "reason": "Spam"},
    )

    author.refresh_from_db()
    assert response.status_code == 403 and "at most 7 days" in _text(response)
    assert not author.is_suspended


def test_staff_lift_a_suspension(staff_client, staff, author):
    actions.suspend_member(author, actor=staff, reason="Spam", days=30)

    response = staff_client.post(
        reverse("moderation:member", args=["writer"]), {"action": "lift", "reason": "Appeal ok"}
    )

    author.refresh_from_db()
    assert response.status_code == 302 and not author.is_suspended


def test_a_moderator_cannot_lift_a_suspension(moderator_client, staff, author, reply):
    actions.suspend_member(author, actor=staff, reason="Spam", days=3)

    response = moderator_client.post(
        f"{reverse('moderation:member', args=['writer'])}?post={reply.pk}",
        {"action": "lift", "reason": "Be free"},
    )

    author.refresh_from_db()
    assert response.status_code == 403 and author.is_suspended


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "suspend", "reason": "x"}, "Say for how many days."),
        ({"action": "suspend", "days": "0", "reason": "x"}, "greater than or equal to 1"),
        ({"action": "suspend", "days": "lots", "reason": "x"}, "Enter a whole number."),
        ({"action": "suspend", "days": "99999", "reason": "x"}, "less than or equal to 3650"),
        ({"action": "warn", "reason": ""}, "This field is required"),
        ({"action": "ban", "reason": "x"}, "That action does not apply here now"),
    ],
)
def test_member_actions_with_bad_input_change_nothing(staff_client, author, data, message):
    response = staff_client.post(reverse("moderation:member", args=["writer"]), data)

    author.refresh_from_db()
    assert response.status_code == 400 and message in _text(response)
    assert not author.is_suspended
    assert not LogEntry.objects.filter(member=author).exists()


@pytest.mark.parametrize(("post", "message"), [("abc", "not valid"), ("OTHER", "not by this")])
def test_member_page_refuses_a_bad_post_context(staff_client, topic, member, post, message):
    if post == "OTHER":
        post = forum_actions.reply_to_thread(topic, author=member, body="mine").pk

    response = staff_client.get(reverse("moderation:member", args=["writer"]), {"post": post})

    assert response.status_code == 400 and message in _text(response)


def test_member_page_of_an_unknown_member_is_404(staff_client):
    assert staff_client.get(reverse("moderation:member", args=["nobody"])).status_code == 404


def test_member_page_needs_a_login(client, author):
    assert _is_login_redirect(client.get(reverse("moderation:member", args=["writer"])))


# --- Log -----------------------------------------------------------------------------


def test_log_shows_who_did_what_and_why_but_never_who_flagged(client, moderator, review, reply):
    actions.resolve_review(review, actor=moderator, outcome=Outcome.HIDE, reason="Plain spam")

    text = _text(client.get(reverse("moderation:log")))

    assert "Kim Keeper" in text and "agreed with flags" in text and "Plain spam" in text
    assert "Wendy Writer" in text and "Night photos" in text
    assert "Ada Lovelace" not in text  # the reporter
    assert "Posts reviewed" in text and "Waiting now" in text


def test_log_statistics_count_the_last_month(client, moderator, review):
    actions.resolve_review(review, actor=moderator, outcome=Outcome.KEEP, reason="Fine")

    response = client.get(reverse("moderation:log"))

    stats = response.context["stats"]
    assert (stats["reviews"], stats["flags"], stats["disagreed_percent"]) == (1, 1, 100)
    assert stats["median_wait_text"]


def test_log_links_a_hidden_thread_by_title_only(client, moderator, opening, topic):
    actions.hide_post(opening, actor=moderator, reason="Spam")

    text = _text(client.get(reverse("moderation:log")))

    assert "hid a post" in text and "Night photos" in text
    assert reverse("forum:thread", args=[topic.pk]) not in text


def test_log_names_the_member_a_moderator_warned(client, moderator, author, reply):
    actions.warn_member(author, actor=moderator, reason="Mind the tone", post=reply)

    text = _text(client.get(reverse("moderation:log")))

    assert "warned a member" in text and "Wendy Writer" in text and "Mind the tone" in text


def test_log_links_visible_threads(client, moderator, topic):
    actions.lock_thread(topic, actor=moderator, reason="Heated")

    text = _text(client.get(reverse("moderation:log")))

    assert f'href="{reverse("forum:thread", args=[topic.pk])}"' in text and "Heated" in text


def test_log_filters_by_board_and_refuses_an_unknown_one(client, moderator, topic, other_board):
    actions.lock_thread(topic, actor=moderator, reason="Heated")

    assert "Heated" in _text(client.get(reverse("moderation:log"), {"board": "chat"}))
    assert "Heated" not in _text(client.get(reverse("moderation:log"), {"board": "help"}))
    response = client.get(reverse("moderation:log"), {"board": "nowhere"})
    assert response.status_code == 400 and "There is no board with this address." in _text(response)


def test_empty_log_says_so(client, db):
    assert "Nothing logged yet" in _text(client.get(reverse("moderation:log")))


def test_anonymous_log_is_cached_until_a_moderator_acts(
    client, moderator, topic, django_capture_on_commit_callbacks
):
    client.get(reverse("moderation:log"))
    with django_capture_on_commit_callbacks(execute=True):
        actions.pin_thread(topic, actor=moderator, reason="Read this first")

    assert "Read this first" in _text(client.get(reverse("moderation:log")))


@pytest.mark.parametrize("count", [3, 20])
@pytest.mark.parametrize("anonymous", [True, False])
def test_log_queries_do_not_grow_with_entries(
    count, anonymous, board, author, staff, moderator, django_assert_max_num_queries
):
    for index in range(count):
        topic = forum_actions.create_thread(board, author=author, title=f"T{index}", body="x")
        actions.lock_thread(topic, actor=moderator, reason=f"Reason {index}")
        actions.warn_member(author, actor=moderator, reason="Tone", post=topic.posts.get())
    client = _client(None if anonymous else staff)
    SiteSettings.get()  # the steady state: settings are cached

    with django_assert_max_num_queries(10):
        response = client.get(reverse("moderation:log"))

    # Each thread was locked and its author warned; the moderator's appointment too.
    assert response.status_code == 200
    assert _text(response).count('class="mod-log-entry"') == 2 * count + 1


# --- Moderators ----------------------------------------------------------------------


def test_moderators_page_lists_boards_and_their_moderators(staff_client, moderator, other_board):
    text = _text(staff_client.get(reverse("moderation:moderators")))

    assert "Chat" in text and "Help" in text and "Kim Keeper" in text
    assert "Appoint a moderator" in text


def test_appointing_a_moderator(staff_client, board, author):
    response = staff_client.post(
        reverse("moderation:moderators"),
        {"action": "appoint", "username": "@Writer", "board": board.pk},
    )

    assert response.status_code == 302
    assert ModeratorAssignment.objects.filter(board=board, member=author).exists()


def test_dismissing_a_moderator(staff_client, board, moderator):
    response = staff_client.post(
        reverse("moderation:moderators"),
        {"action": "dismiss", "username": "keeper", "board": board.pk},
    )

    assert response.status_code == 302
    assert not ModeratorAssignment.objects.filter(member=moderator).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "appoint", "username": "nobody", "board": "BOARD"}, "No member is called"),
        ({"action": "appoint", "username": "writer", "board": 999}, "Choose one of the boards"),
        ({"action": "crown", "username": "writer", "board": "BOARD"}, "does not apply here"),
    ],
)
def test_moderators_with_bad_input_change_nothing(staff_client, board, author, data, message):
    data = {**data, "board": board.pk if data["board"] == "BOARD" else data["board"]}

    response = staff_client.post(reverse("moderation:moderators"), data)

    assert response.status_code == 400 and message in _text(response)
    assert not ModeratorAssignment.objects.exists()


def test_moderators_page_is_for_staff_only(moderator_client):
    response = moderator_client.get(reverse("moderation:moderators"))

    assert response.status_code == 403 and "Only the team appoints" in _text(response)


# --- Guidelines ----------------------------------------------------------------------


@pytest.fixture
def published(staff):
    return actions.publish_guidelines(
        actor=staff,
        body="# Be kind\n\nNo **spam**.",
        body_zh="# 友善\n\n不要**广告**。",
        changes="First version",
    )


def test_guidelines_page_without_guidelines_is_friendly(client, db):
    response = client.get(reverse("guidelines"))

    assert response.status_code == 200 and "No guidelines yet" in _text(response)


def test_guidelines_show_the_text_in_force(client, published):
    text = _text(client.get(reverse("guidelines")))

    assert "<h1>Be kind</h1>" in text and "<strong>spam</strong>" in text
    assert "Version 1" in text and "First version" in text
    assert "I accept" not in text


def test_guidelines_speak_chinese(client, published):
    text = _text(client.get(reverse("guidelines"), headers={"accept-language": "zh-hans"}))

    assert "友善" in text


def test_a_member_who_has_not_accepted_sees_the_button(member_client, published):
    assert "I accept" in _text(member_client.get(reverse("guidelines")))


def test_accepting_the_guidelines_returns_to_next(member_client, member, published, topic):
    next_url = reverse("forum:thread", args=[topic.pk])

    response = member_client.post(
        reverse("guidelines"), {"action": "accept", "version": 1, "next": next_url}
    )

    member.refresh_from_db()
    assert response.status_code == 302 and response.url == next_url
    assert member.guidelines_accepted == 1


def test_accepting_ignores_a_foreign_next(member_client, published):
    response = member_client.post(
        reverse("guidelines"), {"action": "accept", "version": 1, "next": "https://evil.example/"}
    )

    assert response.status_code == 302 and response.url == reverse("forum:index")


def test_accepting_a_stale_version_is_refused(member_client, member, published, staff):
    actions.publish_guidelines(actor=staff, body="Version two", changes="Stricter")

    response = member_client.post(reverse("guidelines"), {"action": "accept", "version": 1})

    member.refresh_from_db()
    assert response.status_code == 400
    assert "The guidelines changed while you read them" in _text(response)
    assert member.guidelines_accepted == 0


def test_accepting_needs_a_login(client, published):
    response = client.post(reverse("guidelines"), {"action": "accept", "version": 1})

    assert _is_login_redirect(response)


def test_staff_publish_a_new_version(staff_client, published):
    response = staff_client.post(
        reverse("guidelines"),
        {"action": "publish", "body": "Be kinder", "changes": "Kinder"},
    )

    assert response.status_code == 302
    assert Guidelines.objects.latest("version").version == 2
    assert "Be kinder" in _text(staff_client.get(reverse("guidelines")))


def test_publishing_empty_guidelines_writes_nothing(staff_client, published):
    response = staff_client.post(reverse("guidelines"), {"action": "publish", "body": ""})

    assert response.status_code == 400 and "This field is required" in _text(response)
    assert Guidelines.objects.count() == 1


def test_members_cannot_publish_guidelines(member_client, published):
    response = member_client.post(reverse("guidelines"), {"action": "publish", "body": "Mine"})

    assert response.status_code == 403 and Guidelines.objects.count() == 1


def test_older_versions_stay_readable(client, published, staff):
    actions.publish_guidelines(actor=staff, body="Version two")

    current = _text(client.get(reverse("guidelines")))
    older = client.get(reverse("guidelines_version", args=[1]))

    assert reverse("guidelines_version", args=[1]) in current
    assert older.status_code == 200 and "This is an older version" in _text(older)
    assert client.get(reverse("guidelines_version", args=[9])).status_code == 404


def test_guidelines_are_a_partial_for_htmx(member_client, published):
    response = member_client.get(reverse("guidelines"), headers=HTMX)

    assert response.status_code == 200 and "<html" not in _text(response)


# --- Who may do what -----------------------------------------------------------------

ROLES = ["anonymous", "member", "senior", "moderator", "other_moderator", "staff"]
ALLOWED = {
    "see queue": {"senior", "moderator", "other_moderator", "staff"},
    "resolve": {"moderator", "staff"},
    "hide": {"moderator", "staff"},
    "restore": {"moderator", "staff"},
    "delete": {"moderator", "staff"},
    "lock": {"moderator", "staff"},
    "pin": {"moderator", "staff"},
    "move": {"staff"},  # the moderator of this board does not moderate the target
    "merge": {"moderator", "staff"},
    "warn": {"moderator", "staff"},
    "suspend 3 days": {"moderator", "staff"},
    "suspend 30 days": {"staff"},
    "appoint": {"staff"},
}


@pytest.fixture
def world(member, senior, moderator, other_moderator, staff, review, reply, topic, board, author):
    target = forum_actions.create_thread(board, author=author, title="Same photos", body="x")
    return SimpleNamespace(
        users={
            "anonymous": None,
            "member": member,
            "senior": senior,
            "moderator": moderator,
            "other_moderator": other_moderator,
            "staff": staff,
        },
        review=review,
        reply=reply,
        topic=topic,
        target=target,
        other_board=Board.objects.get(slug="help"),
        author=author,
        staff=staff,
    )


def _attempt(action: str, client: Client, w: SimpleNamespace):
    member_url = f"{reverse('moderation:member', args=['writer'])}?post={w.reply.pk}"
    post_url = reverse("moderation:post", args=[w.reply.pk])
    thread_url = reverse("moderation:thread", args=[w.topic.pk])
    reason = {"reason": "Because"}
    if action == "see queue":
        return client.get(reverse("moderation:queue"))
    if action == "resolve":
        url = reverse("moderation:resolve", args=[w.review.pk])
        return client.post(url, {"outcome": "hide", **reason})
    if action in ("hide", "delete"):
        return client.post(post_url, {"action": action, **reason})
    if action == "restore":
        return client.post(post_url, {"action": "restore", **reason})
    if action in ("lock", "pin"):
        return client.post(thread_url, {"action": action, **reason})
    if action == "move":
        return client.post(thread_url, {"action": "move", "board": w.other_board.pk, **reason})
    if action == "merge":
        return client.post(thread_url, {"action": "merge", "into": w.target.pk, **reason})
    if action == "warn":
        return client.post(member_url, {"action": "warn", **reason})
    if action.startswith("suspend"):
        days = action.split()[1]
        return client.post(member_url, {"action": "suspend", "days": days, **reason})
    assert action == "appoint"
    return client.post(
        reverse("moderation:moderators"),
        {"action": "appoint", "username": "writer", "board": w.other_board.pk},
    )


@pytest.mark.parametrize("action", list(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_who_may_do_what(world, role, action):
    if action == "restore":
        actions.hide_post(world.reply, actor=world.staff, reason="Hidden first")
    client = _client(world.users[role])
    entries = LogEntry.objects.count()

    response = _attempt(action, client, world)

    if role == "anonymous":
        assert _is_login_redirect(response)
    elif role in ALLOWED[action]:
        assert response.status_code in (200, 302), _text(response)
        assert not _is_login_redirect(response)
    else:
        # A hidden post does not exist for those who cannot moderate it.
        assert response.status_code == (404 if action == "restore" else 403)
    if action != "see queue":
        allowed = role in ALLOWED[action]
        assert (LogEntry.objects.count() > entries) is allowed


# --- The forum links here ------------------------------------------------------------


def test_thread_page_links_to_the_tools_for_its_moderators(moderator_client, topic, reply):
    text = _text(moderator_client.get(reverse("forum:thread", args=[topic.pk])))

    assert reverse("moderation:thread", args=[topic.pk]) in text
    assert reverse("moderation:post", args=[reply.pk]) in text


def test_thread_page_offers_members_the_flag_link(member_client, topic, reply):
    text = _text(member_client.get(reverse("forum:thread", args=[topic.pk])))

    assert reverse("moderation:flag", args=[reply.pk]) in text
    assert Post.objects.filter(thread=topic).count() == 2 and Thread.objects.count() == 1
