from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cocreate.ideas import actions
from cocreate.ideas.models import Idea

pytestmark = pytest.mark.django_db


def test_support_counts_match_after_supports_withdrawals_and_a_merge(
    idea, other_idea, other_member, staff
):
    actions.support_idea(idea, member=other_member)
    actions.support_idea(other_idea, member=staff)
    actions.withdraw_support(idea, member=idea.author)
    actions.merge_idea(other_idea, into=idea, actor=staff)

    out = StringIO()
    call_command("recount", "--only", "ideas.", stdout=out)
    assert "All 1 counters match." in out.getvalue()


def test_recount_finds_and_fixes_a_wrong_support_count(idea):
    Idea.objects.filter(pk=idea.pk).update(support_count=7)

    with pytest.raises(CommandError, match="1 wrong value"):
        call_command("recount", "--only", "ideas.")
    call_command("recount", "--only", "ideas.", "--fix")

    assert Idea.objects.get(pk=idea.pk).support_count == 1
