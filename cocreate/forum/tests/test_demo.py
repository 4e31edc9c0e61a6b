import pytest
from django.urls import reverse

from cocreate.accounts.tests.factories import UserFactory
from cocreate.forum import demo
from cocreate.forum.models import Board, Post, Thread

pytestmark = pytest.mark.django_db

USERNAMES = ["admin", "moderator", "alice", "bob", "lilei", "hanmeimei", "carlos", "wangfang"]


@pytest.fixture
def members():
    return {name: UserFactory(username=name, is_staff=name == "admin") for name in USERNAMES}


def test_demo_loads_a_bilingual_forum_once(members, client):
    demo.load(members)
    counts = (Board.objects.count(), Thread.objects.count(), Post.objects.count())
    demo.load(members)

    assert (Board.objects.count(), Thread.objects.count(), Post.objects.count()) == counts
    announcement = Thread.objects.get(board__slug="announcements")
    assert announcement.is_pinned and announcement.posts.get(number=1).is_official
    assert Post.objects.filter(body_html__contains='class="mention"').exists()
    assert Post.objects.filter(quoted_post__isnull=False).exists()
    board = Board.objects.get(slug="phone-14-chat")
    assert board.post_count == Post.objects.filter(thread__board=board).count()
    for thread in Thread.objects.all():
        assert client.get(reverse("forum:thread", args=[thread.pk])).status_code == 200
