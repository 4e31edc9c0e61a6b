import pytest
from django.urls import reverse

from cocreate.accounts.tests.factories import UserFactory
from cocreate.betas import demo
from cocreate.betas.models import (
    BetaApplication,
    BetaEvaluation,
    BetaMembership,
    BetaProgram,
    BugReport,
)
from cocreate.core.models import Activity
from cocreate.forum import demo as forum_demo
from cocreate.reputation import demo as reputation_demo

pytestmark = pytest.mark.django_db

NAMES = ["admin", "moderator", "alice", "bob", "lilei", "hanmeimei", "carlos", "wangfang"]


def test_demo_loads_a_closed_beta_with_every_state_once_even_without_the_releases_demo(client):
    members = {name: UserFactory(username=name, is_staff=name == "admin") for name in NAMES}
    reputation_demo.load(members)
    forum_demo.load(members)

    demo.load(members)
    counts = (BetaMembership.objects.count(), BugReport.objects.count(), Activity.objects.count())
    demo.load(members)

    assert (
        BetaMembership.objects.count(),
        BugReport.objects.count(),
        Activity.objects.count(),
    ) == counts
    program = BetaProgram.objects.get()
    assert (program.kind, program.capacity, program.min_level) == ("closed", 12, 3)
    assert program.risks.count() == 2
    statuses = set(BetaMembership.objects.values_list("status", flat=True))
    assert statuses == {"active", "removed", "left"}
    removed = BetaMembership.objects.get(status="removed")
    assert removed.end_reason == "missed_rules" and removed.may_reapply_at > removed.ended_at
    assert set(BetaApplication.objects.values_list("status", flat=True)) >= {
        "pending",
        "waitlisted",
        "accepted",
    }
    assert (program.member_count, program.pending_count, program.waitlist_count) == (8, 3, 1)
    assert BetaEvaluation.objects.filter(evaluated_at__isnull=False).exists()
    assert set(BugReport.objects.values_list("status", flat=True)) == {
        "new",
        "confirmed",
        "fixed",
        "wont_fix",
    }
    assert BugReport.objects.get(status="fixed").fixed_in.version == "3.3.0-beta.2"
    assert client.get(reverse("betas:index")).status_code == 200
    assert client.get(program.get_absolute_url()).status_code == 200
