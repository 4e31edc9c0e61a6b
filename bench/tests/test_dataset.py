"""The dataset builder on a small scale: one build for the module, rolled
back at its end."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.db.models import Count, F, Max

from bench.dataset import Sizes, build, idea_tallies
from bench.dataset.base import END
from bench.dataset.ideas import recount_ideas
from cocreate.core.counters import all_counters
from cocreate.forum.actions import hot_score as thread_hot_score
from cocreate.ideas.actions import hot_score, opening_post
from cocreate.ideas.enums import OPEN, IdeaStatus
from cocreate.ideas.models import Idea, StatusChange, Support
from cocreate.reputation.models import PointsEntry

SMALL = Sizes(
    members=600,
    extra_activities=500,
    threads=100,
    posts=600,
    reactions=2_000,
    ideas=400,
    supports=8_000,
    idea_replies=300,
    releases=10,
    reports=900,
    report_submitters=40,
    challenges=40,
    entries=800,
    scores=12_000,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def dataset(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        build(SMALL)
        yield
        transaction.set_rollback(True)


def test_every_counter_equals_what_its_rows_add_up_to():
    wrong = {counter.name: counter.mismatches()[:3] for counter in all_counters()}
    assert {name: rows for name, rows in wrong.items() if rows} == {}


def test_supports_are_unique_and_each_author_supports_their_idea():
    assert Support.objects.count() == SMALL.supports
    pairs = Support.objects.values("idea", "member").annotate(n=Count("id")).filter(n__gt=1)
    assert not pairs.exists()
    originals = Idea.objects.exclude(status=IdeaStatus.DUPLICATE)
    assert originals.count() == SMALL.ideas - Idea.objects.filter(status="duplicate").count()
    assert not originals.exclude(supports__member=F("author")).exists()
    assert not Support.objects.filter(idea__status=IdeaStatus.DUPLICATE).exists()


def test_support_counts_and_hot_scores_follow_the_apps_formula():
    for idea in Idea.objects.select_related("thread"):
        assert idea.hot_score == hot_score(idea.support_count, idea.created_at)
        thread = idea.thread
        assert thread.hot_score == thread_hot_score(thread.reply_count, 0, thread.created_at)
    supports = sorted(Idea.objects.values_list("support_count", flat=True), reverse=True)
    assert supports[0] > 20 * supports[len(supports) // 2]  # a long tail


def test_supports_fall_within_each_ideas_life_and_some_in_the_last_week():
    assert not Support.objects.filter(created_at__lt=F("idea__created_at")).exists()
    assert Support.objects.aggregate(latest=Max("created_at"))["latest"] <= END
    closed = Idea.objects.filter(status__in=[IdeaStatus.SHIPPED, IdeaStatus.DECLINED])
    late = Support.objects.filter(idea__in=closed, created_at__gt=F("idea__status_changed_at"))
    # Only a duplicate's author's support, moved there by the merge, may be later.
    merged = Idea.objects.filter(duplicate_of__isnull=False).values("author")
    assert not late.exclude(member__in=merged).exists()
    week = Support.objects.filter(created_at__gt=END - timedelta(days=7))
    assert week.exists()
    assert not week.exclude(idea__status__in=OPEN).exists()


def test_statuses_follow_the_workflow_with_responses():
    counts = dict(Idea.objects.values_list("status").annotate(n=Count("id")))
    assert counts["new"] > SMALL.ideas / 2
    assert set(counts) > {"new", "under_review", "declined"}
    for idea in Idea.objects.prefetch_related("status_changes"):
        changes = list(idea.status_changes.all())
        previous = IdeaStatus.NEW
        for change in changes:
            assert change.from_status == previous
            assert previous.can_become(change.to_status)
            assert change.response and change.response_html
            previous = IdeaStatus(change.to_status)
        assert previous == idea.status
        last = changes[-1] if changes else None
        assert idea.status_changed_at == (last.created_at if last else None)
        assert idea.response == (last.response if last else "")


def test_duplicates_point_at_an_earlier_idea_of_the_same_product():
    duplicates = Idea.objects.filter(status=IdeaStatus.DUPLICATE).select_related("duplicate_of")
    assert duplicates.exists()
    for idea in duplicates:
        original = idea.duplicate_of
        assert original.product_id == idea.product_id
        assert original.created_at < idea.created_at
        assert original.status != IdeaStatus.DUPLICATE
        assert idea.support_count == 0
        merge = StatusChange.objects.get(idea=idea)
        assert merge.duplicate_of_id == original.pk


def test_each_idea_has_its_discussion_on_its_products_ideas_board():
    for idea in Idea.objects.select_related("thread__board", "product__idea_settings"):
        assert idea.thread.board_id == idea.product.idea_settings.board_id
        assert idea.thread.title == idea.title
        first = idea.thread.posts.get(number=1)
        assert first.body == opening_post(idea)
        assert f'href="/ideas/{idea.pk}/"' in first.body_html
    discussed = Idea.objects.filter(thread__reply_count__gt=0).count()
    assert 0 < discussed < SMALL.ideas / 2


def test_ledger_counts_the_idea_verbs_points():
    verbs = set(PointsEntry.objects.values_list("verb", flat=True))
    assert {"idea.submitted", "idea.supported", "idea.planned"} <= verbs
    assert PointsEntry.objects.aggregate(last=Max("created_at"))["last"] <= END


def test_idea_tallies_see_a_drifted_count_and_recount_fixes_it():
    idea = Idea.objects.order_by("pk").first()
    Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") + 1)
    assert idea_tallies([idea.pk], idea.author_id)["miscounted"] == 1
    recount_ideas({idea.pk})
    tallies = idea_tallies([idea.pk], idea.author_id)
    assert tallies["miscounted"] == tallies["misscored"] == 0
    assert tallies["member_supports"] == 1
