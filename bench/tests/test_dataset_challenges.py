"""The challenges part of the dataset on a small scale: phases, entries,
shared thumbnails, scores and their counters, the targets and the removal
of what runs wrote. One build for the module, rolled back at its end."""

import pytest
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from bench.dataset import build
from bench.dataset.challenges import (
    THUMBS,
    challenge_targets,
    community_score,
    refresh_challenge_windows,
    remove_score_writes,
    score_tallies,
)
from cocreate.challenges.enums import ChallengeStatus
from cocreate.challenges.models import Challenge, Entry, EntryMember, Score
from cocreate.challenges.scoring import community_score as app_score

from .test_dataset import SMALL

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def dataset(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        build(SMALL)
        yield
        transaction.set_rollback(True)


def test_the_sizes_and_phases():
    assert Challenge.objects.count() == SMALL.challenges
    assert Entry.objects.count() == SMALL.entries
    assert Score.objects.count() <= SMALL.scores
    assert Score.objects.count() > SMALL.scores * 0.9  # capped per entry at small scale
    phases = dict(Challenge.objects.values_list("status").annotate(n=Count("id")))
    assert phases == {"open": 10, "scoring": 12, "judging": 6, "announced": SMALL.challenges - 28}
    assert Challenge.objects.filter(kind="solution", status="announced").count() == 8


def test_thumbnails_are_a_handful_of_shared_files():
    from django.core.files.storage import default_storage

    assert set(Entry.objects.values_list("thumbnail", flat=True)) == set(THUMBS)
    assert all(default_storage.exists(name) for name in THUMBS)


def test_every_counter_equals_its_rows():
    entries = Entry.objects.annotate(
        live=Count("scores", filter=Q(scores__is_void=False)),
        points=Sum(F("scores__value") * F("scores__weight"), default=0),
        weights=Sum("scores__weight", default=0),
    )
    assert not entries.exclude(score_count=F("live")).exists()
    assert not entries.exclude(score_sum=F("points")).exists()
    assert not entries.exclude(score_weight=F("weights")).exists()
    challenges = Challenge.objects.annotate(entries_=Count("entries", distinct=True)).exclude(
        entry_count=F("entries_")
    )
    assert not challenges.exists()
    for challenge in Challenge.objects.all():
        assert challenge.score_count == Score.objects.filter(challenge=challenge).count()
    for entry in Entry.objects.select_related("challenge").filter(score_count__gt=0)[:50]:
        expected = app_score(entry.challenge, entry.score_sum, entry.score_weight)
        assert entry.community_score == pytest.approx(expected)
        assert community_score(entry.score_sum, entry.score_count) == pytest.approx(expected)


def test_scores_are_unique_in_range_on_design_contests_and_never_by_the_team():
    assert not Score.objects.values("entry", "member").annotate(n=Count("id")).filter(n__gt=1)
    assert not Score.objects.filter(Q(value__lt=0) | Q(value__gt=5)).exists()
    assert not Score.objects.exclude(challenge_id=F("entry__challenge_id")).exists()
    assert not Score.objects.filter(entry__challenge__kind="solution").exists()
    assert not Score.objects.filter(entry__challenge__status="open").exists()
    assert not Score.objects.filter(
        Q(member=F("entry__author")) | Q(entry__team__member=F("member"))
    ).exists()


def test_every_entry_has_its_author_on_the_team_with_shares_of_100():
    shares = EntryMember.objects.values("entry").annotate(total=Sum("share"))
    assert {row["total"] for row in shares} == {100}
    assert EntryMember.objects.filter(is_author=True).count() == SMALL.entries


def test_the_windows_move_around_now_and_the_targets_follow():
    refresh_challenge_windows()
    now = timezone.now()
    for challenge in Challenge.objects.exclude(status="announced"):
        assert challenge.current_status(now) == ChallengeStatus(challenge.status)
    targets = challenge_targets()
    gallery = Challenge.objects.get(slug=targets["gallery_challenge"])
    assert gallery.status == "scoring"
    assert gallery.entry_count == max(
        Challenge.objects.filter(status="scoring").values_list("entry_count", flat=True)
    )
    ids = [targets["score_probe"], *targets["score_entries"]]
    assert len(set(ids)) == len(ids)
    assert not Entry.objects.filter(pk__in=ids).exclude(challenge__status="scoring").exists()
    assert refresh_challenge_windows() == 0


def test_the_bench_members_scores_are_removed_and_recounted():
    from django.contrib.auth import get_user_model

    bench = get_user_model().objects.get(username="benchuser")
    targets = challenge_targets()
    entry = Entry.objects.select_related("challenge").get(pk=targets["score_probe"])
    Score.objects.create(entry=entry, member=bench, challenge=entry.challenge, value=5)
    Entry.objects.filter(pk=entry.pk).update(score_count=F("score_count") + 1)

    assert score_tallies([entry.pk], bench.pk)["missummed"] == 1
    assert remove_score_writes() == 1

    tallies = score_tallies([entry.pk], bench.pk)
    assert tallies == {"entries": 1, "miscounted": 0, "missummed": 0, "member_scores": 0}
