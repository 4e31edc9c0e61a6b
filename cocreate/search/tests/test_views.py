import pytest
from django.urls import reverse

from cocreate.forum import actions as forum
from cocreate.search import backends
from cocreate.search.actions import rebuild_index
from cocreate.search.queries import MAX_QUERY_LENGTH

URL = reverse("search:index")


@pytest.fixture
def indexed(board, member):
    thread = forum.create_thread(
        board, author=member, title="Dark mode for the camera app", body="<script>x</script> please"
    )
    reply = forum.reply_to_thread(thread, author=member, body="希望增加息屏显示功能")
    rebuild_index()
    return thread, reply


def test_the_page_offers_a_search_box_and_filters(client, db):
    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="q"' in html and 'name="type"' in html
    assert 'name="product"' in html and 'name="status"' in html


def test_results_are_linked_and_highlighted_with_the_text_escaped(client, indexed):
    thread, _reply = indexed

    response = client.get(URL, {"q": "dark mode"})

    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{thread.get_absolute_url()}"' in html
    assert "<mark>Dark</mark> <mark>mode</mark> for the camera app" in html
    assert "&lt;script&gt;x&lt;/script&gt; please" in html
    assert "<script>x" not in html


def test_a_reply_is_shown_with_its_thread(client, indexed):
    _thread, reply = indexed

    html = client.get(URL, {"q": "息屏"}).content.decode()

    assert reply.get_absolute_url() in html
    assert "Dark mode for the camera app" in html
    assert "<mark>息屏</mark>显示功能" in html


def test_filters_narrow_the_results(client, indexed, product):
    assert "<mark>息屏</mark>" in client.get(URL, {"q": "息屏", "type": "post"}).content.decode()
    assert "Nothing found" in client.get(URL, {"q": "息屏", "type": "thread"}).content.decode()
    html = client.get(URL, {"q": "息屏", "product": product.slug}).content.decode()
    assert "<mark>息屏</mark>" in html


def test_the_count_says_when_more_match_than_are_ranked(client, board, member, monkeypatch):
    monkeypatch.setattr(backends, "CANDIDATES", 2)
    for number in range(3):
        forum.create_thread(board, author=member, title=f"Battery {number}", body="…")
    rebuild_index()

    html = client.get(URL, {"q": "battery"}).content.decode()

    assert "More than 2 results for “battery”: add a word to narrow them down." in html
    assert "1 result for “battery 1”" in client.get(URL, {"q": "battery 1"}).content.decode()


def test_an_empty_search_asks_for_words(client, db):
    response = client.get(URL, {"q": "  "})

    assert response.status_code == 200
    assert "Type a word or two to search for." in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "x" * (MAX_QUERY_LENGTH + 1)}, "Keep the search under 200 characters."),
        ({"q": '"'}, "punctuation alone finds nothing"),
        ({"q": "the"}, "add a more telling one"),
        ({"q": "camera", "type": "nope"}, "This filter has no such choice."),
        ({"q": "camera", "product": "nope"}, "This filter has no such choice."),
        ({"q": "camera", "page": "0"}, "greater than or equal to 1"),
    ],
)
def test_a_bad_search_says_what_is_wrong(client, db, params, message):
    response = client.get(URL, params)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_pages_link_to_each_other_with_the_filters(client, board, member):
    for number in range(25):
        forum.create_thread(board, author=member, title=f"Battery {number}", body="…")
    rebuild_index()

    html = client.get(URL, {"q": "battery", "type": "thread"}).content.decode()
    assert "?q=battery&amp;type=thread&amp;page=2" in html
    html = client.get(URL, {"q": "battery", "type": "thread", "page": 2}).content.decode()
    assert "Page 2 of 2" in html


def test_htmx_gets_the_results_fragment(client, indexed):
    response = client.get(URL, {"q": "dark"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert html.lstrip().startswith('<div class="search-page')
    assert "<html" not in html


def test_the_page_takes_a_fixed_number_of_queries(
    client, board, member, django_assert_max_num_queries
):
    for number in range(30):
        thread = forum.create_thread(board, author=member, title=f"Camera {number}", body="x")
        forum.reply_to_thread(thread, author=member, body="the camera again")
    rebuild_index()
    client.get(URL, {"q": "camera"})  # the cached site settings and the segmenter

    with django_assert_max_num_queries(5):
        response = client.get(URL, {"q": "camera"})

    assert response.content.decode().count('class="search-hit"') == 20


def test_the_site_header_has_a_search_box(client, db):
    html = client.get(reverse("home")).content.decode()

    assert f'action="{URL}"' in html
    assert 'role="search"' in html
