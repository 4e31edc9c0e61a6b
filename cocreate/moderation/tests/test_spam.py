import pytest
from django.core.exceptions import PermissionDenied

from cocreate.core.models import SiteSettings
from cocreate.forum import actions as forum
from cocreate.forum.permissions import check_post_content
from cocreate.reputation.models import MemberStats

pytestmark = pytest.mark.django_db


@pytest.fixture
def spam_words(db):
    SiteSettings.objects.update_or_create(
        pk=1, defaults={"spam_words": "Cheap Watches\n\n casino "}
    )
    SiteSettings.forget()


def test_nobody_but_staff_repeats_the_same_text_within_a_day(thread, member, staff):
    post = forum.reply_to_thread(thread, author=member, body="Same words")

    with pytest.raises(PermissionDenied, match="same text in the last day"):
        check_post_content(member, "Same words")
    check_post_content(member, "Same words", post=post)  # an edit that keeps its own text
    check_post_content(member, "Other words")
    forum.reply_to_thread(thread, author=staff, body="Same words")
    check_post_content(staff, "Same words")


def test_new_members_cannot_post_spam_words_whatever_their_case(spam_words, member):
    with pytest.raises(PermissionDenied, match=r"“cheap watches”, which members below Lv\.3"):
        check_post_content(member, "Buy CHEAP watches now")
    with pytest.raises(PermissionDenied, match="casino"):
        check_post_content(member, "the best Casino")
    check_post_content(member, "A watch review")


def test_trusted_members_and_staff_may_use_the_words(spam_words, member, staff):
    MemberStats.objects.create(member=member, level=3)

    check_post_content(member, "My casino story")
    check_post_content(staff, "cheap watches")
