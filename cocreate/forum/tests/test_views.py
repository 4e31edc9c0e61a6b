import pytest
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from cocreate.core import fragments
from cocreate.forum import actions, visits
from cocreate.forum.models import Post, Reaction, Thread, ThreadRead, Watch
from cocreate.reputation.models import MemberStats
from conftest import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_client(client, other_member):
    return logged_in(client, other_member)


def _text(response) -> str:
    return response.content.decode()


# --- Index and board -------------------------------------------------------------


def test_index_lists_products_with_their_boards_and_general_boards(client, board, staff_board):
    text = _text(client.get(reverse("forum:index")))

    assert "Orange Phone" in text and "Chat" in text and "Announcements" in text


def test_index_speaks_chinese(client, board):
    text = _text(client.get(reverse("forum:index"), headers={"accept-language": "zh-hans"}))

    assert "橙子手机" in text and "闲聊" in text


def test_board_lists_threads_pinned_first(client, board, member, staff):
    older = actions.create_thread(board, author=member, title="Older pinned", body="x")
    actions.create_thread(board, author=member, title="Newer", body="x")
    actions.pin_thread(older, actor=staff)

    text = _text(client.get(reverse("forum:board", args=["chat"])))

    assert text.index("Older pinned") < text.index("Newer")


@pytest.mark.parametrize("sort", ["latest", "hot", "top", "unanswered"])
def test_board_sorts_render(client, thread, sort):
    response = client.get(reverse("forum:board", args=["chat"]), {"sort": sort, "period": "week"})

    assert response.status_code == 200 and "Night photos" in _text(response)


def test_unanswered_shows_threads_without_replies_only(client, thread, board, member, other_member):
    answered = actions.create_thread(board, author=member, title="Answered", body="x")
    actions.reply_to_thread(answered, author=other_member, body="y")

    text = _text(client.get(reverse("forum:board", args=["chat"]), {"sort": "unanswered"}))

    assert "Night photos" in text and "Answered" not in text


def test_board_refuses_a_bad_sort_with_a_message(client, board):
    response = client.get(reverse("forum:board", args=["chat"]), {"sort": "random"})

    assert response.status_code == 400
    assert "Select a valid choice" in _text(response)


def test_board_renders_partial_for_htmx(member_client, thread):
    response = member_client.get(
        reverse("forum:board", args=["chat"]), headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert "<html" not in _text(response) and "Night photos" in _text(response)


def test_board_explains_why_a_member_cannot_start_a_thread(member_client, staff_board):
    text = _text(member_client.get(reverse("forum:board", args=["news"])))

    assert "Only the team starts threads" in text
    assert reverse("forum:new_thread", args=["news"]) not in text


def test_board_marks_threads_with_unread_posts(member_client, thread, member, other_member):
    actions.mark_thread_read(thread.pk, user_id=member.pk, number=1)
    actions.reply_to_thread(thread, author=other_member, body="news")

    assert "1 new" in _text(member_client.get(reverse("forum:board", args=["chat"])))


@pytest.mark.parametrize("count", [5, 40])
def test_board_page_queries_do_not_grow_with_threads(
    count, member_client, make_threads, other_member, django_assert_max_num_queries
):
    make_threads(count, replier=other_member)

    with django_assert_max_num_queries(14):
        response = member_client.get(reverse("forum:board", args=["chat"]))
    with django_assert_max_num_queries(11):  # the thread list comes from the cache
        again = member_client.get(reverse("forum:board", args=["chat"]))

    assert response.status_code == again.status_code == 200


def test_the_cached_posts_carry_each_members_own_buttons_and_csrf_token(
    member_client, thread, member, other_member
):
    mine = actions.reply_to_thread(thread, author=member, body="Mine")
    theirs = actions.reply_to_thread(thread, author=other_member, body="Theirs")
    url = reverse("forum:thread", args=[thread.pk])
    other = Client()
    other.force_login(other_member)
    other.get(url)  # fills the cache

    text = _text(member_client.get(url))

    assert reverse("forum:edit_post", args=[mine.pk]) in text
    assert reverse("forum:edit_post", args=[theirs.pk]) not in text
    token = member_client.cookies["csrftoken"].value
    assert text.count('name="csrfmiddlewaretoken"') == text.count('method="post"')
    assert fragments.hole("csrf", "token") not in text and token


def test_members_share_the_cached_thread_list_but_see_their_own_unread_counts(
    member_client, thread, member, other_member, django_capture_on_commit_callbacks
):
    url = reverse("forum:board", args=["chat"])
    member_client.get(url)  # fills the cache
    actions.mark_thread_read(thread.pk, user_id=member.pk, number=1)
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply_to_thread(thread, author=other_member, body="news")
    client = Client()
    client.force_login(other_member)

    assert "1 new" in _text(member_client.get(url))
    assert "1 new" not in _text(client.get(url))
    assert "csrfmiddlewaretoken" not in client.get(url).context["thread_list"]


def test_anonymous_board_page_is_cached_until_the_forum_changes(
    client, board, member, django_capture_on_commit_callbacks
):
    url = reverse("forum:board", args=["chat"])
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        actions.create_thread(board, author=member, title="Fresh", body="x")

    assert "Fresh" in _text(client.get(url))


# --- New thread ------------------------------------------------------------------


def test_new_thread_creates_and_redirects(member_client, board):
    response = member_client.post(
        reverse("forum:new_thread", args=["chat"]), {"title": "Hello", "body": "World"}
    )

    thread = Thread.objects.get()
    assert response.status_code == 302 and response.url == reverse("forum:thread", args=[thread.pk])


def test_new_thread_with_bad_input_writes_nothing(member_client, board):
    response = member_client.post(
        reverse("forum:new_thread", args=["chat"]), {"title": "x" * 151, "body": ""}
    )

    assert response.status_code == 400
    assert "This field is required" in _text(response)
    assert not Thread.objects.exists()


def test_new_thread_refuses_links_from_a_new_member_with_the_reason(member_client, board):
    response = member_client.post(
        reverse("forum:new_thread", args=["chat"]),
        {"title": "Look", "body": "[site](https://example.com)"},
    )

    assert response.status_code == 403 and "post links" in _text(response)
    assert not Thread.objects.exists()


def test_new_thread_on_a_staff_only_board_is_forbidden(member_client, staff_board):
    response = member_client.get(reverse("forum:new_thread", args=["news"]))

    assert response.status_code == 403


def test_new_thread_asks_anonymous_visitors_to_log_in(client, board):
    response = client.get(reverse("forum:new_thread", args=["chat"]))

    assert response.status_code == 302 and "login" in response.url


# --- Thread page -----------------------------------------------------------------


def test_thread_page_shows_posts_and_marks_official_replies(client, thread, staff):
    actions.reply_to_thread(thread, author=staff, body="Team answer")

    text = _text(client.get(reverse("forum:thread", args=[thread.pk])))

    assert "So sharp!" in text and "Team answer" in text
    assert "post-official" in text and "Official" in text


def test_thread_page_explains_why_anonymous_cannot_reply(client, thread):
    text = _text(client.get(reverse("forum:thread", args=[thread.pk])))

    assert "Log in to take part" in text and "csrfmiddlewaretoken" not in text


def test_thread_page_refuses_a_bad_page_number(client, thread):
    assert client.get(reverse("forum:thread", args=[thread.pk]), {"page": "x"}).status_code == 400
    assert client.get(reverse("forum:thread", args=[thread.pk]), {"page": 9}).status_code == 404


def test_deleted_thread_is_gone(client, thread, first_post, member):
    actions.delete_post(first_post, actor=member)

    assert client.get(reverse("forum:thread", args=[thread.pk])).status_code == 404


def test_quote_prefills_the_reply_form(other_client, thread, first_post):
    text = _text(
        other_client.get(reverse("forum:thread", args=[thread.pk]), {"quote": first_post.pk})
    )

    assert "@ada\n&gt; So sharp!" in text
    assert f'name="quote" value="{first_post.pk}"' in text


def test_thread_page_enqueues_at_most_one_task_for_the_read_position(
    member_client, thread, member, run_worker, django_capture_on_commit_callbacks
):
    queued = DBTaskResult.objects.count()  # the fan-outs of making the thread
    with django_capture_on_commit_callbacks(execute=True):
        member_client.get(reverse("forum:thread", args=[thread.pk]))
    assert DBTaskResult.objects.count() == queued + 1
    run_worker()

    assert ThreadRead.objects.get(user=member, thread=thread).last_read_number == 1


def test_a_reload_before_the_worker_runs_queues_the_read_position_once(
    member_client, thread, member, other_member, run_worker, django_capture_on_commit_callbacks
):
    url = reverse("forum:thread", args=[thread.pk])
    queued = DBTaskResult.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        member_client.get(url)
        member_client.get(url)
    assert DBTaskResult.objects.count() == queued + 1
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply_to_thread(thread, author=other_member, body="News")
    queued = DBTaskResult.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        member_client.get(url)  # a new post read: the new position goes
    assert DBTaskResult.objects.count() == queued + 1
    run_worker()

    assert ThreadRead.objects.get(user=member, thread=thread).last_read_number == 2


def test_views_are_batched_and_written_by_the_worker(
    client, thread, monkeypatch, run_worker, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(visits, "FLUSH_EVERY", 3)
    visits.count_view(0)  # whatever an earlier test left behind is flushed with these
    visits._pending.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            client.get(reverse("forum:thread", args=[thread.pk]))
    run_worker()

    thread.refresh_from_db()
    assert thread.view_count == 3


@pytest.mark.parametrize("count", [5, 40])
def test_thread_page_queries_do_not_grow_with_posts(
    count, other_client, thread, member, other_member, django_assert_max_num_queries
):
    for index in range(count):
        post = actions.reply_to_thread(thread, author=member, body=f"Reply {index} @grace")
        if index % 2:
            actions.add_reaction(post, user=other_member)

    with django_assert_max_num_queries(15):
        response = other_client.get(reverse("forum:thread", args=[thread.pk]))
    with django_assert_max_num_queries(15):  # the posts' HTML comes from the cache
        again = other_client.get(reverse("forum:thread", args=[thread.pk]))

    assert response.status_code == again.status_code == 200
    assert "Reply 0" in _text(again)


# --- Reply, like, edit, delete, watch ---------------------------------------------


def test_reply_posts_and_redirects_to_the_new_post(other_client, thread):
    response = other_client.post(reverse("forum:reply", args=[thread.pk]), {"body": "Agreed"})

    assert response.status_code == 302 and response.url.endswith("#post-2")
    assert thread.posts.count() == 2


def test_reply_with_bad_input_writes_nothing(other_client, thread):
    response = other_client.post(reverse("forum:reply", args=[thread.pk]), {"body": "x" * 20001})

    assert response.status_code == 400 and "at most 20000" in _text(response)
    assert thread.posts.count() == 1


def test_reply_quoting_a_post_of_another_thread_is_refused(other_client, thread, board, member):
    elsewhere = actions.create_thread(board, author=member, title="Other", body="x")

    response = other_client.post(
        reverse("forum:reply", args=[thread.pk]),
        {"body": "Hm", "quote": elsewhere.posts.get().pk},
    )

    assert response.status_code == 400 and "not in this thread" in _text(response)


def test_reply_to_a_locked_thread_is_forbidden(other_client, thread, staff):
    actions.lock_thread(thread, actor=staff)

    response = other_client.post(reverse("forum:reply", args=[thread.pk]), {"body": "Late"})

    assert response.status_code == 403 and thread.posts.count() == 1


def test_like_toggles_without_javascript(other_client, first_post):
    url = reverse("forum:like", args=[first_post.pk])

    assert other_client.post(url, {"liked": "1"}).status_code == 302
    assert Reaction.objects.filter(post=first_post).count() == 1
    other_client.post(url, {})
    assert not Reaction.objects.exists()


def test_like_returns_the_button_for_htmx(other_client, first_post):
    response = other_client.post(
        reverse("forum:like", args=[first_post.pk]), {"liked": "1"}, headers={"HX-Request": "true"}
    )

    text = _text(response)
    assert response.status_code == 200 and "<html" not in text
    assert 'aria-pressed="true"' in text and '<span class="like-count">1</span>' in text


def test_liking_your_own_post_is_forbidden(member_client, first_post):
    response = member_client.post(reverse("forum:like", args=[first_post.pk]), {"liked": "1"})

    assert response.status_code == 403 and not Reaction.objects.exists()


def test_edit_post_saves_and_shows_the_history(member_client, first_post):
    url = reverse("forum:edit_post", args=[first_post.pk])
    assert member_client.get(url).status_code == 200

    member_client.post(url, {"body": "Even sharper"})

    text = _text(member_client.get(reverse("forum:revisions", args=[first_post.pk])))
    assert "Even sharper" in text and "So sharp!" in text
    assert reverse("forum:revisions", args=[first_post.pk]) in _text(
        member_client.get(reverse("forum:thread", args=[first_post.thread_id]))
    )


def test_edit_post_with_bad_input_keeps_the_post(member_client, first_post):
    response = member_client.post(reverse("forum:edit_post", args=[first_post.pk]), {"body": ""})

    first_post.refresh_from_db()
    assert response.status_code == 400 and first_post.body == "So sharp!"


def test_editing_someone_elses_post_is_forbidden(other_client, first_post):
    response = other_client.post(reverse("forum:edit_post", args=[first_post.pk]), {"body": "Mine"})

    assert response.status_code == 403


def test_a_member_with_links_privilege_may_edit_in_a_link(member_client, member, first_post):
    MemberStats.objects.update_or_create(member=member, defaults={"level": 2})

    response = member_client.post(
        reverse("forum:edit_post", args=[first_post.pk]), {"body": "<https://example.com>"}
    )

    assert response.status_code == 302
    assert 'href="https://example.com"' in Post.objects.get(pk=first_post.pk).body_html


def test_delete_reply_and_delete_thread(member_client, member, thread, first_post):
    reply = actions.reply_to_thread(thread, author=member, body="Mine")

    member_client.post(reverse("forum:delete_post", args=[reply.pk]))
    response = member_client.post(reverse("forum:delete_post", args=[first_post.pk]))

    assert response.status_code == 302 and response.url == reverse("forum:board", args=["chat"])
    assert Thread.objects.get().deleted_at


def test_watch_and_mute_a_thread_and_a_board(other_client, thread, other_member):
    other_client.post(reverse("forum:watch_thread", args=[thread.pk]), {"level": "muted"})
    other_client.post(reverse("forum:watch_board", args=["chat"]), {"level": "watching"})

    assert Watch.objects.get(user=other_member, thread=thread).level == "muted"
    assert Watch.objects.get(user=other_member, board=thread.board).level == "watching"
    response = other_client.post(reverse("forum:watch_thread", args=[thread.pk]), {"level": "x"})
    assert response.status_code == 400


# --- Moderation seen from the forum ------------------------------------------------


def test_a_hidden_reply_is_a_placeholder_for_others_and_readable_for_its_author(
    client, thread, member, other_member, staff
):
    from cocreate.moderation.actions import hide_post

    reply = actions.reply_to_thread(thread, author=other_member, body="Rude words")
    hide_post(reply, actor=staff, reason="Rude")
    url = reverse("forum:thread", args=[thread.pk])

    for viewer in (None, member):
        if viewer:
            client.force_login(viewer)
        text = _text(client.get(url))
        assert "Rude words" not in text and "hidden while moderators review it" in text
    client.force_login(other_member)
    assert "Rude words" in _text(client.get(url))
    client.force_login(staff)
    text = _text(client.get(url))
    assert "Rude words" in text and "Hidden for review" in text


def test_a_hidden_thread_leaves_the_board_and_answers_404_to_others(
    client, thread, first_post, member, other_member, staff
):
    from cocreate.moderation.actions import hide_post

    hide_post(first_post, actor=staff, reason="Spam")
    url = reverse("forum:thread", args=[thread.pk])

    assert "Night photos" not in _text(client.get(reverse("forum:board", args=["chat"])))
    assert client.get(url).status_code == 404
    client.force_login(other_member)
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 200


def test_a_merged_thread_redirects_to_where_its_posts_went(client, board, member, staff):
    from cocreate.moderation.actions import merge_threads

    target = actions.create_thread(board, author=member, title="Battery", body="Drains")
    source = actions.create_thread(board, author=member, title="Battery 2", body="Dies")
    merge_threads(source, into=target, actor=staff, reason="Duplicate")

    response = client.get(reverse("forum:thread", args=[source.pk]))

    assert response.status_code == 301 and response["Location"] == target.get_absolute_url()


def test_the_thread_page_offers_flags_and_moderation_to_the_right_people(
    client, thread, member, other_member, staff
):
    url = reverse("forum:thread", args=[thread.pk])
    flag = reverse("moderation:flag", args=[thread.posts.get().pk])

    assert flag not in _text(client.get(url))
    client.force_login(member)
    assert flag not in _text(client.get(url))  # their own post
    client.force_login(other_member)
    text = _text(client.get(url))
    assert flag in text and reverse("moderation:thread", args=[thread.pk]) not in text
    client.force_login(staff)
    assert reverse("moderation:thread", args=[thread.pk]) in _text(client.get(url))


def test_replying_asks_for_the_guidelines_first(member_client, thread, staff):
    from cocreate.moderation.actions import publish_guidelines

    publish_guidelines(actor=staff, body="Be kind.")
    url = reverse("forum:thread", args=[thread.pk])

    text = _text(member_client.get(url))
    assert "accept the community guidelines" in text and reverse("guidelines") in text
    response = member_client.post(reverse("forum:reply", args=[thread.pk]), {"body": "Hi"})
    assert response.status_code == 403
    assert Post.objects.filter(thread=thread).count() == 1


# --- Image uploads ---------------------------------------------------------------


@pytest.fixture
def poster_client(client, image_poster, media_root):
    return logged_in(client, image_poster)


def _upload(client, upload, **data):
    return client.post(reverse("forum:upload_image"), {"image": upload, **data})


def test_upload_page_shows_the_form(poster_client):
    response = poster_client.get(reverse("forum:upload_image"))

    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in _text(response)


def test_upload_page_renders_a_partial_for_htmx(poster_client):
    response = poster_client.get(reverse("forum:upload_image"), headers={"hx-request": "true"})

    assert response.status_code == 200 and "<html" not in _text(response)


def test_upload_returns_the_markdown_of_the_reencoded_image(poster_client, media_root):
    from cocreate.accounts.tests.uploads import image_upload
    from cocreate.forum.models import PostImage

    response = _upload(poster_client, image_upload("Night sky.jpg", "JPEG"))

    image = PostImage.objects.get()
    assert response.status_code == 200
    assert f"![Night sky](/media/{image.file.name})" in _text(response)
    assert (media_root / image.file.name).exists()


def test_upload_uses_the_description_given_as_alt_text(poster_client):
    from cocreate.accounts.tests.uploads import image_upload

    response = _upload(poster_client, image_upload(), alt="The [new] case")

    assert "![The new case](/media/forum/" in _text(response)


@pytest.mark.parametrize(
    ("make_upload", "message"),
    [
        (lambda: "fake", "This file is not an image we can read."),
        (lambda: None, "This field is required."),
    ],
    ids=["not-an-image", "missing"],
)
def test_upload_refuses_bad_input_with_a_message_and_writes_nothing(
    poster_client, media_root, make_upload, message
):
    from cocreate.accounts.tests.uploads import fake_image_upload
    from cocreate.forum.models import PostImage

    upload = make_upload()
    data = {"image": fake_image_upload("photo.png")} if upload == "fake" else {}
    response = poster_client.post(reverse("forum:upload_image"), data)

    assert response.status_code == 400
    assert message in _text(response)
    assert not PostImage.objects.exists() and not media_root.exists()


def test_upload_refuses_a_file_over_the_limit(poster_client, settings, media_root):
    from cocreate.accounts.tests.uploads import noise_upload
    from cocreate.forum.models import PostImage

    settings.FORUM_IMAGE_MAX_BYTES = 1024

    response = _upload(poster_client, noise_upload(size=(64, 64)))

    assert response.status_code == 400 and "The image is too large: at most 1.0" in _text(response)
    assert not PostImage.objects.exists()


def test_a_new_member_cannot_upload_and_is_told_why(member_client, media_root):
    from cocreate.accounts.tests.uploads import image_upload
    from cocreate.forum.models import PostImage

    response = _upload(member_client, image_upload())

    assert response.status_code == 403
    assert "You can post images from Lv.3" in _text(response)
    assert not PostImage.objects.exists()


def test_upload_needs_a_login(client):
    response = client.get(reverse("forum:upload_image"))

    assert response.status_code == 302 and "login" in response.url


def test_upload_queries_are_few(poster_client, django_assert_max_num_queries):
    from cocreate.accounts.tests.uploads import image_upload

    _upload(poster_client, image_upload())  # site settings and content types cached
    # session, member, stats; the image and its activity in a savepoint
    with django_assert_max_num_queries(7):
        response = _upload(poster_client, image_upload())

    assert response.status_code == 200


@pytest.mark.parametrize("page", ["new_thread", "thread", "edit_post"])
def test_post_forms_offer_add_image_to_members_who_may(poster_client, thread, first_post, page):
    response = poster_client.get(_post_form_url(page, thread, first_post))

    text = _text(response)
    assert 'form="image-upload-form"' in text and 'id="image-upload-form"' in text
    assert reverse("api:upload_image") in text
    assert "You can post images from" not in text


@pytest.mark.parametrize("page", ["new_thread", "thread", "edit_post"])
def test_post_forms_explain_the_level_to_members_who_may_not(
    member_client, thread, first_post, page
):
    response = member_client.get(_post_form_url(page, thread, first_post))

    text = _text(response)
    assert "You can post images from Lv.3 — you are Lv.1, Member." in text
    assert "image-upload-form" not in text


def _post_form_url(page, thread, first_post) -> str:
    return {
        "new_thread": reverse("forum:new_thread", args=[thread.board.slug]),
        "thread": reverse("forum:thread", args=[thread.pk]),
        "edit_post": reverse("forum:edit_post", args=[first_post.pk]),
    }[page]


def test_an_uploaded_image_shows_in_a_reply(poster_client, image_poster, thread):
    from cocreate.accounts.tests.uploads import image_upload

    _upload(poster_client, image_upload("cat.png"))
    image = image_poster.post_images.get()
    body = f"Look ![cat]({image.file.url})"

    response = poster_client.post(reverse("forum:reply", args=[thread.pk]), {"body": body})

    assert response.status_code == 302
    reply = Post.objects.get(thread=thread, number=2)
    assert f'<img src="/media/{image.file.name}" alt="cat">' in reply.body_html


@pytest.mark.parametrize("count", [5, 40])
def test_thread_page_queries_stay_fixed_for_a_member_who_may_upload(
    count, poster_client, thread, member, other_member, django_assert_max_num_queries
):
    for index in range(count):
        actions.reply_to_thread(thread, author=other_member, body=f"Reply {index}")

    with django_assert_max_num_queries(15):
        response = poster_client.get(reverse("forum:thread", args=[thread.pk]))

    assert response.status_code == 200 and 'id="image-upload-form"' in _text(response)
