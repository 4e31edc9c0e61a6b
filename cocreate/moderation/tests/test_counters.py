from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cocreate.accounts.tests.factories import UserFactory
from cocreate.forum import actions as forum
from cocreate.moderation import actions
from cocreate.moderation.enums import FlagReason
from cocreate.moderation.models import Review

pytestmark = pytest.mark.django_db


def test_every_counter_still_matches_after_moving_merging_hiding_and_deleting(
    board, other_board, member, other_member, staff, reply, thread
):
    source = forum.create_thread(other_board, author=other_member, title="Dup", body="Dup")
    forum.reply_to_thread(source, author=member, body="+1")
    forum.add_reaction(source.posts.get(number=1), user=member)
    actions.flag_post(reply, reporter=member, reason=FlagReason.SPAM)
    actions.flag_post(reply, reporter=staff, reason=FlagReason.OTHER, text="Ads")

    actions.move_thread(thread, actor=staff, board=other_board, reason="Camera")
    actions.merge_threads(source, into=thread, actor=staff, reason="Duplicate")
    actions.hide_post(thread.posts.get(number=1), actor=staff, reason="Spam")
    actions.delete_post(reply, actor=staff, reason="Spam")

    out = StringIO()
    call_command("recount", "--only", "forum.", "--only", "moderation.", stdout=out)
    assert "All 8 counters match." in out.getvalue()


def test_recount_finds_and_fixes_a_review_tally(reply):
    actions.flag_post(reply, reporter=UserFactory(), reason=FlagReason.SPAM)
    Review.objects.update(weight=40, flag_count=3)

    with pytest.raises(CommandError, match="2 wrong values"):
        call_command("recount", "--only", "moderation.")
    call_command("recount", "--only", "moderation.", "--fix")

    assert Review.objects.values_list("weight", "flag_count").get() == (1, 1)
