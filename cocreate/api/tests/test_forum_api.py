import pytest

from cocreate.forum import actions
from cocreate.forum.models import Board, Product, Reaction, Thread

pytestmark = pytest.mark.django_db


def test_products_and_boards_are_public(api, board, staff):
    Board.objects.create(slug="news", name="News", staff_only_threads=True)

    products = api.get("/products").json()
    boards = api.get("/boards").json()

    assert [p["slug"] for p in products] == ["phone"]
    assert {(b["slug"], b["product"]) for b in boards} == {("chat", "phone"), ("news", None)}


def test_thread_list_is_paginated_and_sorted(api, board, member):
    for index in range(3):
        actions.create_thread(board, author=member, title=f"T{index}", body="x")

    body = api.get("/boards/chat/threads?sort=hot&limit=2").json()

    assert body["count"] == 3 and len(body["items"]) == 2
    assert body["items"][0]["author"] == {"username": "ada", "name": "Ada Lovelace"}


def test_thread_list_refuses_an_unknown_sort(api, board):
    response = api.get("/boards/chat/threads?sort=random")

    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "sort"


def test_unknown_board_is_404(api, db):
    assert api.get("/boards/nope/threads").status_code == 404


def test_create_thread_needs_authentication(api, board):
    response = api.post("/boards/chat/threads", {"title": "T", "body": "B"})

    assert response.status_code == 401 and not Thread.objects.exists()


def test_create_thread(api, board, member, token_for):
    response = api.post(
        "/boards/chat/threads", {"title": " Hi ", "body": "B"}, token=token_for(member)
    )

    assert response.status_code == 201 and response.json()["title"] == "Hi"
    assert Thread.objects.get().author == member


def test_create_thread_on_a_staff_only_board_is_403_with_a_reason(api, member, token_for):
    Board.objects.create(slug="news", name="News", staff_only_threads=True)

    response = api.post(
        "/boards/news/threads", {"title": "T", "body": "B"}, token=token_for(member)
    )

    assert response.status_code == 403 and "Only the team" in response.json()["detail"]


def test_create_thread_with_bad_input_is_422(api, board, member, token_for):
    response = api.post(
        "/boards/chat/threads", {"title": "", "body": "x" * 20001}, token=token_for(member)
    )

    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"title", "body"}
    assert not Thread.objects.exists()


def test_get_thread_with_its_posts(api, thread, staff):
    actions.reply_to_thread(thread, author=staff, body="Official")

    body = api.get(f"/threads/{thread.pk}").json()

    assert body["thread"]["title"] == "Night photos" and body["pages"] == 1
    assert [p["number"] for p in body["posts"]] == [1, 2]
    assert body["posts"][1]["is_official"] and body["posts"][1]["body_html"] == "<p>Official</p>\n"


def test_get_thread_hides_deleted_posts_text(api, thread, other_member):
    reply = actions.reply_to_thread(thread, author=other_member, body="Secret")
    actions.delete_post(reply, actor=other_member)

    post = api.get(f"/threads/{thread.pk}").json()["posts"][1]

    assert post["deleted"] and post["body"] == "" and post["author"] is None


def test_get_thread_404s(api, thread):
    assert api.get("/threads/999999").status_code == 404
    assert api.get(f"/threads/{thread.pk}?page=2").status_code == 404


@pytest.mark.parametrize("count", [5, 40])
def test_get_thread_queries_do_not_grow(count, api, thread, member, django_assert_max_num_queries):
    for index in range(count):
        actions.reply_to_thread(thread, author=member, body=f"R{index}")

    with django_assert_max_num_queries(3):
        assert api.get(f"/threads/{thread.pk}").status_code == 200


@pytest.mark.parametrize("count", [5, 40])
def test_thread_list_queries_do_not_grow(count, api, board, member, django_assert_max_num_queries):
    for index in range(count):
        actions.create_thread(board, author=member, title=f"T{index}", body="x")

    with django_assert_max_num_queries(4):
        assert api.get("/boards/chat/threads").status_code == 200


def test_reply(api, thread, first_post, other_member, token_for):
    response = api.post(
        f"/threads/{thread.pk}/posts",
        {"body": "> So sharp!\n\nYes", "quote": first_post.pk},
        token=token_for(other_member),
    )

    assert response.status_code == 201 and response.json()["number"] == 2
    assert thread.posts.get(number=2).quoted_post == first_post


def test_reply_quoting_another_thread_is_422(api, thread, board, member, other_member, token_for):
    elsewhere = actions.create_thread(board, author=member, title="Other", body="x").posts.get()

    response = api.post(
        f"/threads/{thread.pk}/posts",
        {"body": "x", "quote": elsewhere.pk},
        token=token_for(other_member),
    )

    assert response.status_code == 422 and thread.posts.count() == 1


def test_reply_with_a_link_needs_the_privilege(api, thread, other_member, token_for):
    response = api.post(
        f"/threads/{thread.pk}/posts", {"body": "<https://x.test>"}, token=token_for(other_member)
    )

    assert response.status_code == 403 and "post links" in response.json()["detail"]


def test_reply_to_a_locked_thread_is_403(api, thread, staff, other_member, token_for):
    actions.lock_thread(thread, actor=staff)

    response = api.post(f"/threads/{thread.pk}/posts", {"body": "x"}, token=token_for(other_member))

    assert response.status_code == 403


def test_reactions_add_and_remove_idempotently(api, first_post, other_member, token_for):
    token = token_for(other_member)
    url = f"/posts/{first_post.pk}/reactions"

    assert api.post(url, {"kind": "like"}, token=token).status_code == 201
    second = api.post(url, {"kind": "like"}, token=token)
    assert second.status_code == 200 and second.json()["like_count"] == 1
    removed = api.delete(url, token=token, raw='{"kind": "like"}')
    assert removed.json() == {
        "post": first_post.pk,
        "kind": "like",
        "reacted": False,
        "like_count": 0,
    }
    assert not Reaction.objects.exists()


def test_reactions_refuse_unknown_kinds_and_own_posts(
    api, first_post, member, other_member, token_for
):
    url = f"/posts/{first_post.pk}/reactions"

    assert api.post(url, {"kind": "love"}, token=token_for(other_member)).status_code == 422
    own = api.post(url, {"kind": "like"}, token=token_for(member))
    assert own.status_code == 403 and "own post" in own.json()["detail"]
    assert (
        api.post("/posts/999999/reactions", {"kind": "like"}, token=token_for(member)).status_code
        == 404
    )


def test_products_skip_inactive_ones(api, product):
    Product.objects.create(slug="old", name="Old", is_active=False)

    assert [p["slug"] for p in api.get("/products").json()] == ["phone"]


# --- Image uploads ---------------------------------------------------------------


def _upload(client, token, **data):
    return client.post("/api/v1/uploads", data, headers={"Authorization": f"Bearer {token}"})


def test_upload_returns_the_image_and_its_markdown(client, image_poster, token_for, media_root):
    from cocreate.accounts.tests.uploads import image_upload
    from cocreate.forum.models import PostImage

    response = _upload(
        client, token_for(image_poster), file=image_upload("big.png", size=(3000, 1500))
    )

    assert response.status_code == 201
    image = PostImage.objects.get()
    body = response.json()
    assert body == {
        "id": image.pk,
        "url": f"http://testserver/media/{image.file.name}",
        "width": 2000,
        "height": 1000,
        "bytes": image.bytes,
        "markdown": f"![big](/media/{image.file.name})",
    }


def test_upload_takes_alt_text(client, image_poster, token_for, media_root):
    from cocreate.accounts.tests.uploads import image_upload

    response = _upload(client, token_for(image_poster), file=image_upload(), alt="Blue case")

    assert response.json()["markdown"].startswith("![Blue case](/media/forum/")


def test_upload_works_with_the_browser_session_and_its_csrf_token(image_poster, media_root):
    from django.test import Client

    from cocreate.accounts.tests.uploads import image_upload

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(image_poster)
    browser.get("/forum/images/")  # sets the CSRF cookie
    token = browser.cookies["csrftoken"].value

    refused = browser.post("/api/v1/uploads", {"file": image_upload()})
    accepted = browser.post(
        "/api/v1/uploads", {"file": image_upload()}, headers={"X-CSRFToken": token}
    )

    assert (refused.status_code, accepted.status_code) == (403, 201)


@pytest.mark.parametrize(
    ("data", "status", "code", "message"),
    [
        ("not-an-image", 422, "invalid", "This file is not an image we can read."),
        ("bmp", 422, "invalid", "Upload a JPEG, PNG, GIF or WebP image."),
        ("none", 422, "invalid", "This field is required."),
        ("too-large", 413, "too_large", "The image is too large: at most 1.0"),
    ],
)
def test_upload_bad_input_is_a_clear_error_and_writes_nothing(
    client, image_poster, token_for, media_root, settings, data, status, code, message
):
    from cocreate.accounts.tests.uploads import fake_image_upload, image_upload, noise_upload
    from cocreate.forum.models import PostImage

    settings.FORUM_IMAGE_MAX_BYTES = 1024
    files = {
        "not-an-image": {"file": fake_image_upload("photo.png")},
        "bmp": {"file": image_upload("photo.bmp", "BMP", size=(8, 8))},
        "none": {},
        "too-large": {"file": noise_upload(size=(64, 64))},
    }[data]

    response = _upload(client, token_for(image_poster), **files)

    assert response.status_code == status
    body = response.json()
    assert body["code"] == code and message in body["detail"]
    assert not PostImage.objects.exists() and not media_root.exists()


def test_upload_by_a_new_member_is_403_with_the_level_needed(client, member, token_for, media_root):
    from cocreate.accounts.tests.uploads import image_upload

    response = _upload(client, token_for(member), file=image_upload())

    assert response.status_code == 403
    assert response.json()["detail"] == "You can post images from Lv.3 — you are Lv.1, Member."


def test_upload_needs_authentication(client, media_root, db):
    from cocreate.accounts.tests.uploads import image_upload

    assert client.post("/api/v1/uploads", {"file": image_upload()}).status_code == 401


def test_upload_queries_are_few(
    client, image_poster, token_for, media_root, django_assert_max_num_queries
):
    from cocreate.accounts.tests.uploads import image_upload

    token = token_for(image_poster)
    _upload(client, token, file=image_upload())  # content types cached

    # token and member, stats; the image and its activity in a savepoint
    with django_assert_max_num_queries(7):
        assert _upload(client, token, file=image_upload()).status_code == 201
