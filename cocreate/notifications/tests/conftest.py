import pytest

from cocreate.accounts.tests.factories import UserFactory
from cocreate.forum.models import Board, Post, Thread, Watch


@pytest.fixture
def make_member(db):
    return lambda username, **fields: UserFactory(username=username, **fields)


@pytest.fixture
def thread(member):
    """A thread started by `member` (Ada)."""
    board = Board.objects.create(name="General", slug="general")
    found = Thread.objects.create(board=board, author=member, title="Battery life")
    Post.objects.create(
        thread=found, author=member, body="First", body_html="<p>First</p>", number=1
    )
    return found


@pytest.fixture
def make_post(thread):
    def make(author, number=2):
        return Post.objects.create(
            thread=thread, author=author, body="Hi", body_html="<p>Hi</p>", number=number
        )

    return make


@pytest.fixture
def watch(thread):
    return lambda user, level=Watch.Level.WATCHING: Watch.objects.create(
        user=user, thread=thread, level=level
    )
