"""Forum fixtures, shared by the forum's and the API's tests (registered in
the root conftest)."""

import pytest

from cocreate.forum import actions
from cocreate.forum.models import Board, Product


@pytest.fixture
def product(db):
    return Product.objects.create(slug="phone", name="Orange Phone", name_zh="橙子手机")


@pytest.fixture
def board(product):
    return Board.objects.create(slug="chat", product=product, name="Chat", name_zh="闲聊")


@pytest.fixture
def staff_board(db):
    return Board.objects.create(slug="news", name="Announcements", staff_only_threads=True)


@pytest.fixture
def thread(board, member):
    return actions.create_thread(board, author=member, title="Night photos", body="So sharp!")


@pytest.fixture
def first_post(thread):
    return thread.posts.get(number=1)


@pytest.fixture
def make_threads(board, member):
    """`make_threads(n)` → n threads on `board`, each with a reply."""

    def make(count: int, *, replier=None) -> list:
        threads = []
        for index in range(count):
            thread = actions.create_thread(
                board, author=member, title=f"Thread {index}", body="Hello"
            )
            actions.reply_to_thread(thread, author=replier or member, body="Hi")
            threads.append(thread)
        return threads

    return make


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploads go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def image_poster(member):
    """`member` at Lv.3, which may post images."""
    from cocreate.reputation.models import MemberStats

    MemberStats.objects.create(member=member, level=3, points=150)
    return member
