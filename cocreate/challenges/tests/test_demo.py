"""The demo's challenges: one in each phase, made through the actions, with
counters that recount finds right, and loaded once however often it runs."""

import pytest
from django.core.management import call_command

from cocreate.accounts.tests.factories import UserFactory
from cocreate.challenges import demo
from cocreate.challenges.enums import ChallengeStatus
from cocreate.challenges.models import Adoption, Award, Challenge, LedgerEntry, Score
from cocreate.forum import demo as forum_demo
from cocreate.reputation import demo as reputation_demo

pytestmark = pytest.mark.django_db

NAMES = ["admin", "moderator", "alice", "bob", "lilei", "hanmeimei", "carlos", "wangfang"]


def test_demo_puts_a_challenge_in_each_phase_and_pays_the_winners(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    members = {name: UserFactory(username=name, is_staff=name == "admin") for name in NAMES}
    reputation_demo.load(members)
    forum_demo.load(members)

    demo.load(members)
    counts = (Challenge.objects.count(), Score.objects.count(), LedgerEntry.objects.count())
    demo.load(members)

    assert (Challenge.objects.count(), Score.objects.count(), LedgerEntry.objects.count()) == counts
    phases = {c.slug: (c.kind, c.current_status()) for c in Challenge.objects.all()}
    assert phases == {
        "phone-15-case": ("design", ChallengeStatus.OPEN),
        "lock-screen-wallpaper": ("design", ChallengeStatus.SCORING),
        "buds-case-skin": ("design", ChallengeStatus.ANNOUNCED),
        "two-day-battery": ("solution", ChallengeStatus.OPEN),
    }
    winner = Award.objects.get(prize__rank=1).entry
    assert (winner.title, winner.author.username) == ("Sunrise rings", "alice")
    assert Adoption.objects.get().entry == winner
    alice = LedgerEntry.objects.filter(member=members["alice"])
    assert set(alice.values_list("kind", flat=True)) == {"prize", "royalty"}
    assert Score.objects.exclude(flag="").exists()  # some wait for review
    call_command("recount", "--only", "challenges")  # raises if a counter is wrong
    assert client.get("/challenges/buds-case-skin/results/").status_code == 200
