from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from cocreate.accounts.tests.factories import UserFactory
from cocreate.core.models import Activity
from cocreate.forum import demo as forum_demo
from cocreate.ideas import demo
from cocreate.ideas.enums import IdeaStatus
from cocreate.ideas.models import Idea, StatusChange, Support
from cocreate.moderation import demo as moderation_demo
from cocreate.reputation import demo as reputation_demo

pytestmark = pytest.mark.django_db

NAMES = ["admin", "moderator", "alice", "bob", "lilei", "hanmeimei", "carlos", "wangfang"]


@pytest.fixture
def members():
    members = {name: UserFactory(username=name, is_staff=name == "admin") for name in NAMES}
    reputation_demo.load(members)
    forum_demo.load(members)
    moderation_demo.load(members)
    return members


def test_demo_loads_ideas_across_the_workflow_once(members, client):
    demo.load(members)
    first = (Idea.objects.count(), Support.objects.count(), StatusChange.objects.count())
    activities = Activity.objects.count()
    demo.load(members)

    assert (Idea.objects.count(), Support.objects.count(), StatusChange.objects.count()) == first
    assert Activity.objects.count() == activities
    statuses = set(Idea.objects.values_list("status", flat=True))
    assert statuses >= {"new", "under_review", "planned", "in_progress", "shipped", "declined"}
    assert IdeaStatus.DUPLICATE in statuses
    assert Idea.objects.count() >= 25
    assert Idea.objects.filter(title__regex=r"[\u4e00-\u9fff]").count() >= 8
    # One idea went to review by its threshold; one was merged.
    assert StatusChange.objects.filter(actor__isnull=True, to_status="under_review").exists()
    duplicate = Idea.objects.get(status=IdeaStatus.DUPLICATE)
    assert duplicate.duplicate_of.title == demo.ORIGINAL
    out = StringIO()
    call_command("recount", "--only", "ideas.", stdout=out)
    assert "All 1 counters match." in out.getvalue()
    for idea in Idea.objects.all():
        assert client.get(idea.get_absolute_url()).status_code == 200
    assert client.get(reverse("ideas:index")).status_code == 200
