import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cocreate.core import fragments
from cocreate.forum import actions as forum
from cocreate.forum.models import Post, Product, ThreadRead
from cocreate.ideas import actions
from cocreate.ideas.enums import IdeaStatus
from cocreate.ideas.models import Idea, StatusChange, Support
from cocreate.moderation import actions as moderation
from cocreate.search.actions import rebuild_index
from conftest import logged_in

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _text(response) -> str:
    return response.content.decode()


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and reverse("account_login") in response.url


def _client(user) -> Client:
    return logged_in(Client(), user)


def _url(name, idea=None) -> str:
    return reverse(f"ideas:{name}", args=[idea.pk] if idea is not None else None)


# The list -------------------------------------------------------------------------------


def test_index_lists_ideas_with_tabs_filters_and_support_buttons(client, idea, other_idea):
    response = client.get(_url("index"))

    text = _text(response)
    assert response.status_code == 200
    assert idea.title in text and other_idea.title in text
    assert "Trending this week" in text and 'name="product"' in text
    assert "My ideas" not in text  # for members only


def test_index_filters_and_sorts(member_client, idea, other_idea, staff, camera_tag):
    actions.change_status(other_idea, actor=staff, status="planned", response="Yes")

    planned = _text(member_client.get(_url("index"), {"status": "planned", "sort": "new"}))
    tagged = _text(member_client.get(_url("index"), {"tag": "camera", "sort": "top"}))
    mine = _text(member_client.get(_url("index"), {"show": "mine"}))

    assert other_idea.title in planned and idea.title not in planned
    assert idea.title in tagged and other_idea.title not in tagged
    assert idea.title in mine and other_idea.title not in mine


@pytest.mark.parametrize(
    "query",
    [
        {"sort": "best"},
        {"product": "nope"},
        {"status": "lost"},
        {"tag": "nope"},
        {"page": "0"},
        {"page": "x"},
        {"show": "everything"},
    ],
)
def test_index_answers_bad_query_strings_with_400(client, idea, query):
    response = client.get(_url("index"), query)

    assert response.status_code == 400
    assert "Show all ideas" in _text(response)


def test_my_ideas_needs_a_login(client):
    assert _is_login_redirect(client.get(_url("index"), {"show": "supported"}))


def test_index_answers_htmx_with_the_list_alone(client, idea):
    response = client.get(_url("index"), {"sort": "new"}, headers=HTMX)

    assert response.status_code == 200
    assert "<html" not in _text(response) and idea.title in _text(response)


def test_members_share_the_cached_list_but_see_their_own_supports(
    client, idea, member, other_member
):
    client.force_login(other_member)
    client.get(_url("index"))  # fills the cache
    mine = Client()
    mine.force_login(member)  # the author, who supports their idea

    theirs, own = _text(client.get(_url("index"))), _text(mine.get(_url("index")))

    assert 'aria-pressed="false"' in theirs and 'aria-pressed="true"' not in theirs
    assert 'aria-pressed="true"' in own
    assert own.count('name="csrfmiddlewaretoken"') == own.count('method="post"')
    assert fragments.hole("csrf", "token") not in own


def test_index_costs_the_same_queries_for_few_or_many_ideas(
    product, member, member_client, camera_tag, django_assert_max_num_queries
):
    def make(count):
        for number in range(count):
            actions.submit_idea(
                product, author=member, title=f"I{number}", description="d", tags=[camera_tag]
            )

    make(2)
    with CaptureQueriesContext(connection) as few:
        member_client.get(_url("index"), {"sort": "trending"})
    make(30)
    cache.clear()  # the test's transaction never commits, so no stamp moved
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = member_client.get(_url("index"), {"sort": "trending"})
    with django_assert_max_num_queries(len(few.captured_queries) - 3):  # list, count, tags
        again = member_client.get(_url("index"), {"sort": "trending"})
    assert _text(response).count('class="idea-row"') == 25
    assert _text(again).count('class="idea-row"') == 25


# One idea ---------------------------------------------------------------------------------


def test_detail_costs_the_same_queries_for_a_short_or_long_story(
    idea, other_idea, member, other_member, staff, member_client, camera_tag, battery_tag
):
    def grow(replies):
        for number in range(replies):
            forum.reply_to_thread(idea.thread, author=other_member, body=f"Reply {number}")

    grow(1)
    with CaptureQueriesContext(connection) as short:
        member_client.get(idea.get_absolute_url())
    grow(30)  # a full first page of comments
    for status in ("under_review", "planned", "in_progress"):
        actions.change_status(idea, actor=staff, status=status, response=f"Now {status}")
    actions.edit_idea(
        idea, editor=member, title=idea.title, description="d", tags=[camera_tag, battery_tag]
    )
    actions.merge_idea(other_idea, into=idea, actor=staff, response="Same")
    cache.clear()  # the test's transaction never commits, so no stamp moved
    with CaptureQueriesContext(connection) as long:
        response = member_client.get(idea.get_absolute_url())
    with CaptureQueriesContext(connection) as again:
        member_client.get(idea.get_absolute_url())

    text = _text(response)
    assert "Now in_progress" in text and other_idea.title in text and "Reply 17" in text
    assert len(long.captured_queries) <= len(short.captured_queries)
    # The cached head, description, timeline and the page's posts are not read again.
    assert len(again.captured_queries) <= len(long.captured_queries) - 6


def test_detail_shows_the_idea_its_timeline_and_discussion(client, idea, staff, other_member):
    actions.change_status(idea, actor=staff, status="planned", response="Coming **soon**")
    forum.reply_to_thread(idea.thread, author=staff, body="We are on it.")

    text = _text(client.get(idea.get_absolute_url()))

    assert "<strong>night</strong>" in text and "<strong>soon</strong>" in text
    assert "Status timeline" in text and "We are on it." in text and "Official" in text
    # The opening post (the description) is not repeated as a comment.
    assert "Support this idea · 支持这个创意" not in text


def test_a_member_can_like_and_quote_comments_and_like_the_idea_on_its_page(
    client, idea, member, other_member
):
    comment = forum.reply_to_thread(idea.thread, author=member, body="Agreed.")
    client.force_login(other_member)

    text = _text(client.get(idea.get_absolute_url()))

    assert reverse("forum:like", args=[comment.pk]) in text and f"quote={comment.pk}" in text
    # Every like form (the idea's and the comment's) carries the member's CSRF token.
    assert text.count('class="like-form"') == 2
    assert text.count('name="csrfmiddlewaretoken"') >= 3  # and the comment form's
    assert fragments.hole("csrf", "token") not in text


def test_detail_of_a_duplicate_points_to_the_original(client, idea, other_idea, staff):
    actions.merge_idea(other_idea, into=idea, actor=staff)

    text = _text(client.get(other_idea.get_absolute_url()))
    original = _text(client.get(idea.get_absolute_url()))

    assert "This idea was merged into" in text and idea.get_absolute_url() in text
    assert "Merged into this idea" in original and other_idea.title in original


@pytest.mark.parametrize("query", [{"page": "0"}, {"page": "x"}, {"quote": "-1"}])
def test_detail_answers_bad_query_strings_with_400(client, idea, query):
    assert client.get(idea.get_absolute_url(), query).status_code == 400


def test_detail_404s_past_its_pages_and_for_unknown_ideas(client, idea):
    assert client.get(idea.get_absolute_url(), {"page": "2"}).status_code == 404
    assert client.get(reverse("ideas:detail", args=[999])).status_code == 404


def test_the_forum_sends_readers_of_the_discussion_to_the_idea_page(client, idea, other_member):
    reply = forum.reply_to_thread(idea.thread, author=other_member, body="Yes please")

    response = client.get(reverse("forum:thread", args=[idea.thread_id]), {"page": 1})
    followed = client.get(reply.get_absolute_url(), follow=True)

    assert response.status_code == 302
    assert response["Location"] == f"{idea.get_absolute_url()}?page=1"
    assert followed.redirect_chain == [(idea.get_absolute_url(), 302)]
    assert "Yes please" in followed.content.decode()


def test_a_comment_stays_on_the_idea_page(member_client, idea):
    response = member_client.post(_url("reply", idea), {"body": "Yes please"})

    assert response.status_code == 302
    assert response.url == f"{idea.get_absolute_url()}#post-2"
    assert Post.objects.filter(thread=idea.thread, number=2, body="Yes please").exists()


def test_a_quote_fills_the_comment_form(member_client, idea, other_member):
    post = forum.reply_to_thread(idea.thread, author=other_member, body="Quotable")

    text = _text(member_client.get(idea.get_absolute_url(), {"quote": post.pk}))

    assert "&gt; Quotable" in text


@pytest.mark.parametrize(("data", "status"), [({"body": ""}, 400), ({"body": "x" * 20001}, 400)])
def test_a_bad_comment_is_refused_and_nothing_is_posted(member_client, idea, data, status):
    response = member_client.post(_url("reply", idea), data)

    assert response.status_code == status
    assert idea.thread.posts.count() == 1


def test_a_comment_with_a_link_needs_the_privilege(member_client, idea):
    response = member_client.post(_url("reply", idea), {"body": "[x](https://example.com)"})

    assert response.status_code == 403 and "post links" in _text(response)


# Submitting --------------------------------------------------------------------------------


def test_submit_form_asks_for_similar_ideas_while_typing(member_client, product):
    text = _text(member_client.get(_url("submit"), {"product": "phone"}))

    assert f'hx-get="{reverse("ideas:similar")}"' in text
    assert 'form="idea-form"' in text and 'id="similar-ideas"' in text


def test_submit_creates_the_idea_and_shows_it(member_client, product, camera_tag, member):
    response = member_client.post(
        _url("submit"),
        {
            "product": "phone",
            "title": "  Longer   battery ",
            "description": "Please",
            "tags": ["camera"],
        },
    )

    idea = Idea.objects.get()
    assert response.status_code == 302 and response.url == idea.get_absolute_url()
    assert idea.title == "Longer battery" and idea.author == member
    assert list(idea.tags.all()) == [camera_tag]


@pytest.mark.parametrize(
    "data",
    [
        {"product": "phone", "title": "", "description": "d"},
        {"product": "phone", "title": "   ", "description": "d"},
        {"product": "phone", "title": "x" * 151, "description": "d"},
        {"product": "phone", "title": "T", "description": ""},
        {"product": "phone", "title": "T", "description": "x" * 10001},
        {"product": "nope", "title": "T", "description": "d"},
        {"title": "T", "description": "d"},
        {"product": "phone", "title": "T", "description": "d", "tags": ["nope"]},
    ],
)
def test_submit_refuses_bad_input_and_creates_nothing(member_client, product, data):
    response = member_client.post(_url("submit"), data)

    assert response.status_code == 400
    assert not Idea.objects.exists()


def test_submit_refuses_links_without_the_privilege(member_client, product):
    response = member_client.post(
        _url("submit"),
        {"product": "phone", "title": "T", "description": "[x](https://example.com)"},
    )

    assert response.status_code == 403 and "post links" in _text(response)
    assert not Idea.objects.exists()


def test_similar_returns_matches_with_support_buttons(member_client, idea, other_idea):
    rebuild_index()
    response = member_client.get(_url("similar"), {"title": "息屏显示", "product": "phone"})

    text = _text(response)
    assert response.status_code == 200
    assert other_idea.title in text and idea.title not in text
    assert f'hx-post="{reverse("ideas:support", args=[other_idea.pk])}"' in text


def test_similar_says_when_nothing_matches_and_refuses_bad_input(client, idea):
    assert "No similar idea yet" in _text(client.get(_url("similar"), {"q": "zzzzzz"}))
    assert client.get(_url("similar"), {"q": "x" * 201}).status_code == 400
    assert client.get(_url("similar"), {"q": "night", "product": "nope"}).status_code == 400


# Supporting ----------------------------------------------------------------------------------


def test_support_toggles_with_htmx(member_client, other_idea, member):
    url = _url("support", other_idea)

    supported = member_client.post(url, {"supported": "1", "compact": "1"}, headers=HTMX)
    assert supported.status_code == 200 and 'aria-pressed="true"' in _text(supported)
    assert '<span class="support-count">2</span>' in _text(supported)

    withdrawn = member_client.post(url, {}, headers=HTMX)
    assert 'aria-pressed="false"' in _text(withdrawn)
    assert not Support.objects.filter(idea=other_idea, member=member).exists()


def test_support_without_htmx_returns_to_a_safe_next_page(member_client, other_idea):
    url = _url("support", other_idea)

    back = member_client.post(url, {"supported": "1", "next": "/ideas/?sort=new"})
    elsewhere = member_client.post(url, {"next": "https://evil.example/"})

    assert back.url == "/ideas/?sort=new"
    assert elsewhere.url == other_idea.get_absolute_url()


def test_support_refuses_closed_ideas_and_other_methods(member_client, other_idea, staff):
    actions.change_status(other_idea, actor=staff, status="declined", response="No")

    response = member_client.post(_url("support", other_idea), {"supported": "1"})

    assert response.status_code == 403 and "supports are closed" in _text(response)
    assert member_client.get(_url("support", other_idea)).status_code == 405
    assert Idea.objects.get(pk=other_idea.pk).support_count == 1


# The team's tools --------------------------------------------------------------------------


def test_staff_change_the_status_with_a_response(idea, staff):
    client = _client(staff)
    form = _text(client.get(_url("status", idea)))
    assert 'value="planned"' in form and 'value="shipped"' not in form

    response = client.post(_url("status", idea), {"status": "planned", "response": "Yes!"})

    assert response.status_code == 302
    assert Idea.objects.get(pk=idea.pk).status == IdeaStatus.PLANNED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "shipped", "response": "Done"}, "cannot become “Shipped”"),
        ({"status": "duplicate", "response": "Dup"}, "Select a valid choice"),
        ({"status": "planned", "response": "   "}, "This field is required"),
        ({"status": "planned", "response": "x" * 5001}, "at most 5000 characters"),
        ({"response": "Why"}, "This field is required"),
    ],
)
def test_a_status_change_the_workflow_refuses_changes_nothing(idea, staff, data, message):
    response = _client(staff).post(_url("status", idea), data)

    assert response.status_code == 400 and message in _text(response)
    assert Idea.objects.get(pk=idea.pk).status == IdeaStatus.NEW
    assert not StatusChange.objects.exists()


def test_moderators_merge_duplicates(idea, other_idea, idea_moderator):
    client = _client(idea_moderator)
    assert 'name="into"' in _text(client.get(_url("merge", other_idea)))

    response = client.post(_url("merge", other_idea), {"into": idea.pk, "response": "Same"})

    assert response.status_code == 302
    other_idea.refresh_from_db()
    assert other_idea.duplicate_of == idea and other_idea.status == IdeaStatus.DUPLICATE
    assert Idea.objects.get(pk=idea.pk).support_count == 2


def test_merge_refuses_bad_targets(idea, other_idea, staff, member):
    elsewhere = actions.submit_idea(
        Product.objects.create(slug="watch", name="Watch"),
        author=member,
        title="W",
        description="w",
    )
    client = _client(staff)
    cases = [
        ({"into": ""}, "This field is required"),
        ({"into": "abc"}, "Enter a whole number"),
        ({"into": 999999}, "There is no idea with this number"),
        ({"into": other_idea.pk}, "cannot be merged into itself"),
        ({"into": elsewhere.pk}, "same product"),
    ]
    for data, message in cases:
        response = client.post(_url("merge", other_idea), data)
        assert response.status_code == 400 and message in _text(response), message
    assert Idea.objects.get(pk=other_idea.pk).status == IdeaStatus.NEW


def test_edit_by_the_author(member_client, idea):
    response = member_client.post(
        _url("edit", idea), {"title": "Night mode", "description": "Better", "tags": []}
    )

    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.title, idea.description) == ("Night mode", "Better")
    assert not idea.tags.exists()


def test_edit_refuses_bad_input(member_client, idea):
    response = member_client.post(_url("edit", idea), {"title": "", "description": "d"})

    assert response.status_code == 400
    assert Idea.objects.get(pk=idea.pk).title == idea.title


# Who may do what -----------------------------------------------------------------------------

ROLES = ("anonymous", "member", "author", "moderator", "other_moderator", "staff")
# (GET page, POST) answers per action: 200/302 allowed, 403 refused, "login" for visitors.
EXPECTED = {
    "anonymous": {
        "submit": "login",
        "edit": "login",
        "support": "login",
        "status": "login",
        "merge": "login",
    },
    "member": {"submit": 200, "edit": 403, "support": 302, "status": 403, "merge": 403},
    "author": {"submit": 200, "edit": 200, "support": 302, "status": 403, "merge": 403},
    "moderator": {"submit": 200, "edit": 403, "support": 302, "status": 403, "merge": 200},
    "other_moderator": {"submit": 200, "edit": 403, "support": 302, "status": 403, "merge": 403},
    "staff": {"submit": 200, "edit": 200, "support": 302, "status": 200, "merge": 200},
}


@pytest.mark.parametrize("role", ROLES)
def test_authorization_matrix(
    role, idea, member, other_member, idea_moderator, other_moderator, staff
):
    users = {
        "member": other_member,
        "author": member,
        "moderator": idea_moderator,
        "other_moderator": other_moderator,
        "staff": staff,
    }
    client = _client(users[role]) if role in users else Client()
    answers = {
        "submit": client.get(_url("submit")),
        "edit": client.get(_url("edit", idea)),
        "support": client.post(_url("support", idea), {"supported": "1"}),
        "status": client.get(_url("status", idea)),
        "merge": client.get(_url("merge", idea)),
    }
    got = {
        action: "login" if _is_login_redirect(response) else response.status_code
        for action, response in answers.items()
    }
    assert got == EXPECTED[role]


def test_a_suspended_member_cannot_submit_or_support(other_member, idea):
    other_member.suspended_until = timezone.now() + timezone.timedelta(days=2)
    other_member.save()
    client = _client(other_member)

    submitted = client.post(_url("submit"), {"product": "phone", "title": "T", "description": "d"})
    supported = client.post(_url("support", idea), {"supported": "1"})

    assert submitted.status_code == supported.status_code == 403
    assert Idea.objects.count() == 1 and Support.objects.count() == 1


def test_the_ideas_nav_link_appears(client):
    assert f'href="{reverse("ideas:index")}"' in _text(client.get("/"))


def test_anonymous_pages_are_cached_until_ideas_or_their_discussions_change(
    client, idea, other_member, staff, django_capture_on_commit_callbacks
):
    assert idea.title in _text(client.get(_url("index")))
    assert '<span class="support-count">1</span>' in _text(client.get(idea.get_absolute_url()))

    with django_capture_on_commit_callbacks(execute=True):
        actions.support_idea(idea, member=other_member)
    assert '<span class="support-count">2</span>' in _text(client.get(idea.get_absolute_url()))

    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide_post(idea.thread.posts.get(number=1), actor=staff, reason="Spam")
    assert idea.title not in _text(client.get(_url("index")))


def test_a_members_idea_page_follows_the_teams_answer_at_once(
    member_client, idea, staff, django_capture_on_commit_callbacks
):
    before = _text(member_client.get(idea.get_absolute_url()))  # fills the cached parts

    with django_capture_on_commit_callbacks(execute=True):
        actions.change_status(idea, actor=staff, status="planned", response="On the roadmap")
    after = _text(member_client.get(idea.get_absolute_url()))

    assert "On the roadmap" not in before
    assert "On the roadmap" in after and after.count("Planned") > before.count("Planned")


def test_reading_an_idea_moves_the_members_read_position(
    member_client, idea, member, other_member, run_worker, django_capture_on_commit_callbacks
):
    forum.reply_to_thread(idea.thread, author=other_member, body="First!")

    with django_capture_on_commit_callbacks(execute=True):
        member_client.get(idea.get_absolute_url())
    run_worker()

    assert ThreadRead.objects.get(user=member, thread=idea.thread).last_read_number == 2
