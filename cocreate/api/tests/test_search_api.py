import pytest

from cocreate.forum import actions
from cocreate.moderation import actions as moderation
from cocreate.search.actions import rebuild_index
from cocreate.search.queries import MAX_QUERY_LENGTH

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(board, member, staff):
    thread = actions.create_thread(
        board, author=member, title="希望增加息屏显示功能", body="Like a <b>watch</b>"
    )
    reply = actions.reply_to_thread(thread, author=staff, body="Dark mode for the camera app")
    rebuild_index()
    return thread, reply


def test_search_is_public_and_highlights_what_it_found(api, indexed, product):
    thread, _reply = indexed

    body = api.get("/search?q=息屏").json()

    assert (body["query"], body["total"], body["page"], body["pages"]) == ("息屏", 1, 1, 1)
    [hit] = body["results"]
    assert hit["type"] == "thread" and hit["id"] == thread.pk
    assert hit["title"] == "希望增加息屏显示功能"
    assert hit["title_html"] == "希望增加<mark>息屏</mark>显示功能"
    assert hit["snippet_html"] == "Like a &lt;b&gt;watch&lt;/b&gt;"
    assert hit["url"] == f"http://testserver{thread.get_absolute_url()}"
    assert hit["product"] == product.slug
    assert hit["author"] == {"username": "ada", "name": "Ada Lovelace"}


def test_search_filters_by_type_product_and_status(api, indexed, product):
    _thread, reply = indexed

    by_type = api.get("/search?q=camera&type=post").json()
    by_status = api.get("/search?q=camera&status=official").json()
    by_product = api.get(f"/search?q=camera&product={product.slug}").json()
    nothing = api.get("/search?q=camera&type=thread").json()

    assert [(h["type"], h["id"]) for h in by_type["results"]] == [("post", reply.pk)]
    assert [h["status"] for h in by_status["results"]] == ["official"]
    assert by_product["total"] == 1
    assert (nothing["total"], nothing["results"]) == (0, [])


def test_hidden_content_is_never_found_and_comes_back_when_restored(
    api, indexed, staff, commit_and_work
):
    thread, _reply = indexed
    opening = thread.posts.get(number=1)

    with commit_and_work():
        moderation.hide_post(opening, actor=staff, reason="Spam")
    assert api.get("/search?q=息屏").json()["total"] == 0
    assert api.get("/search?q=camera").json()["total"] == 0

    with commit_and_work():
        moderation.restore_post(opening, actor=staff, reason="Fine")
    assert api.get("/search?q=息屏").json()["total"] == 1
    assert api.get("/search?q=camera").json()["total"] == 1


def test_a_page_past_the_end_is_empty_with_the_total(api, indexed):
    body = api.get("/search?q=camera&page=4").json()

    assert (body["total"], body["page"], body["results"]) == (1, 4, [])


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("", "q", "This field is required."),
        ("?q=", "q", "Type a word or two to search for."),
        ("?q=%20%20", "q", "Type a word or two to search for."),
        (f"?q={'x' * (MAX_QUERY_LENGTH + 1)}", "q", "Keep the search under 200 characters."),
        ("?q=%22", "q", "punctuation alone finds nothing"),
        ("?q=%27", "q", "punctuation alone finds nothing"),
        ("?q=AND%20OR%20NOT*", "q", "add a more telling one"),
        ("?q=camera&type=event", "type", "Select a valid choice."),
        ("?q=camera&status=done", "status", "Select a valid choice."),
        ("?q=camera&product=nope", "product", "There is no product with this slug."),
        ("?q=camera&page=0", "page", "Ensure this value is at least 1."),
        ("?q=camera&page=x", "page", "Enter a valid value."),
    ],
)
def test_a_bad_search_is_a_clear_422(api, db, query, field, message):
    response = api.get(f"/search{query}")

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert [error["field"] for error in body["errors"]] == [field]
    assert message in body["errors"][0]["message"]


def test_search_takes_a_fixed_number_of_queries(api, board, member, django_assert_max_num_queries):
    for number in range(30):
        thread = actions.create_thread(board, author=member, title=f"Camera {number}", body="x")
        actions.reply_to_thread(thread, author=member, body="the camera again")
    rebuild_index()
    api.get("/search?q=camera")  # the cached site settings and the segmenter

    with django_assert_max_num_queries(3):
        body = api.get("/search?q=camera&product=phone").json()

    assert (body["total"], body["more"], len(body["results"])) == (60, False, 20)
