from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cocreate.accounts.tests.factories import UserFactory
from cocreate.core.models import Activity
from cocreate.forum.models import Board, Post, PostRevision, Product, Thread
from cocreate.ideas import actions
from cocreate.ideas.enums import IdeaStatus
from cocreate.ideas.models import Idea, ProductIdeaSettings, StatusChange, Support
from cocreate.reputation.models import PointsEntry

pytestmark = pytest.mark.django_db


def _supporters(count):
    return [UserFactory() for _ in range(count)]


def _status(idea) -> str:
    return Idea.objects.values_list("status", flat=True).get(pk=idea.pk)


# Submitting -------------------------------------------------------------------


def test_submit_idea_opens_its_discussion_on_the_products_ideas_board(idea, product, member):
    thread = idea.thread
    assert thread.board.product == product and thread.board.slug == "phone-ideas"
    assert thread.title == idea.title and thread.author == member
    opening = thread.posts.get(number=1)
    assert opening.body.startswith("Make **night** photos brighter.")
    assert f'href="/ideas/{idea.pk}/"' in opening.body_html
    assert idea.description_html == "<p>Make <strong>night</strong> photos brighter.</p>\n"


def test_the_author_supports_their_own_idea_at_once(idea, member):
    assert idea.support_count == 1
    assert list(Support.objects.values_list("idea", "member")) == [(idea.pk, member.pk)]
    assert idea.status == IdeaStatus.NEW and idea.hot_score == actions.hot_score(1, idea.created_at)


def test_submit_idea_records_one_public_activity_and_a_private_thread(idea, camera_tag):
    submitted = Activity.objects.get(verb="idea.submitted")
    assert submitted.public and submitted.product_id == idea.product_id
    assert submitted.data["title"] == idea.title
    assert not Activity.objects.get(verb="thread.created").public
    assert list(idea.tags.all()) == [camera_tag]


def test_description_markup_is_sanitised(product, member):
    found = actions.submit_idea(
        product, author=member, title="XSS", description="<script>alert(1)</script> @grace"
    )

    assert "<script>" not in found.description_html
    assert "&lt;script&gt;" in found.description_html


def test_ideas_board_is_created_once_per_product_with_a_free_slug(product):
    Board.objects.create(slug="phone-ideas", name="Taken")

    first = actions.ideas_board_for(product)
    again = actions.ideas_board_for(product)

    assert first == again and first.slug == "phone-ideas-2"
    assert ProductIdeaSettings.objects.get(product=product).board == first


# Editing ----------------------------------------------------------------------


def test_edit_idea_updates_the_discussion_title_and_opening_post(idea, member, battery_tag):
    changed = actions.edit_idea(
        idea, editor=member, title="Night mode", description="Brighter.", tags=[battery_tag]
    )

    assert changed
    idea.refresh_from_db()
    assert idea.title == "Night mode" and idea.description_html == "<p>Brighter.</p>\n"
    assert list(idea.tags.all()) == [battery_tag]
    assert Thread.objects.get(pk=idea.thread_id).title == "Night mode"
    assert Post.objects.get(thread=idea.thread_id, number=1).body.startswith("Brighter.")
    assert PostRevision.objects.count() == 2
    assert Activity.objects.filter(verb="idea.edited").count() == 1


def test_edit_idea_without_a_change_changes_nothing(idea, member, camera_tag):
    assert not actions.edit_idea(
        idea, editor=member, title=idea.title, description=idea.description, tags=[camera_tag]
    )
    assert not Activity.objects.filter(verb="idea.edited").exists()


# Supports ---------------------------------------------------------------------


def test_support_counts_once_and_credits_the_author(idea, other_member, member):
    assert actions.support_idea(idea, member=other_member)
    assert not actions.support_idea(idea, member=other_member)

    idea.refresh_from_db()
    assert idea.support_count == 2 == Support.objects.filter(idea=idea).count()
    assert idea.hot_score == pytest.approx(actions.hot_score(2, idea.created_at))
    supported = Activity.objects.get(verb="idea.supported")
    assert supported.public and supported.data["idea_author"] == member.pk


def test_withdraw_support_uncounts_once(idea, other_member):
    actions.support_idea(idea, member=other_member)

    assert actions.withdraw_support(idea, member=other_member)
    assert not actions.withdraw_support(idea, member=other_member)

    idea.refresh_from_db()
    assert idea.support_count == 1
    assert Activity.objects.filter(verb="idea.support_withdrawn").count() == 1


def test_the_author_withdrawing_their_own_support_earns_nobody_anything(idea, member):
    assert actions.withdraw_support(idea, member=member)

    assert Activity.objects.get(verb="idea.support_withdrawn").data["idea_author"] is None
    idea.refresh_from_db()
    assert idea.support_count == 0


def test_a_closed_idea_takes_no_support_and_nothing_changes(idea, staff, other_member):
    actions.change_status(idea, actor=staff, status="declined", response="Not for us.")

    with pytest.raises(ValidationError) as refused:
        actions.support_idea(idea, member=other_member)

    assert refused.value.code == "idea_closed"
    idea.refresh_from_db()
    assert idea.support_count == 1 and not Support.objects.filter(member=other_member).exists()
    assert not Activity.objects.filter(verb="idea.supported").exists()


# The support threshold -------------------------------------------------------------


def test_reaching_the_threshold_in_time_sends_the_idea_to_review_once(idea, threshold):
    supporters = _supporters(3)
    actions.support_idea(idea, member=supporters[0])
    assert _status(idea) == IdeaStatus.NEW

    actions.support_idea(idea, member=supporters[1])
    actions.support_idea(idea, member=supporters[2])

    assert _status(idea) == IdeaStatus.UNDER_REVIEW
    change = StatusChange.objects.get(idea=idea)
    assert (change.from_status, change.to_status, change.actor) == ("new", "under_review", None)
    reached = Activity.objects.get(verb="idea.threshold_reached")
    assert reached.data["supports"] == 3 and reached.actor is None


def test_the_threshold_does_not_apply_after_its_days(idea, threshold):
    Idea.objects.filter(pk=idea.pk).update(created_at=timezone.now() - timedelta(days=31))
    idea.refresh_from_db()

    for supporter in _supporters(3):
        actions.support_idea(idea, member=supporter)

    assert _status(idea) == IdeaStatus.NEW


def test_no_threshold_when_it_is_zero(idea, ideas_board):
    for supporter in _supporters(3):
        actions.support_idea(idea, member=supporter)

    assert _status(idea) == IdeaStatus.NEW


def test_archive_idea_archives_an_unreached_idea_once(idea, threshold):
    Idea.objects.filter(pk=idea.pk).update(created_at=timezone.now() - timedelta(days=31))

    assert actions.archive_idea(idea, settings=threshold)
    assert not actions.archive_idea(idea, settings=threshold)

    assert _status(idea) == IdeaStatus.ARCHIVED
    assert StatusChange.objects.get().to_status == IdeaStatus.ARCHIVED
    assert Activity.objects.filter(verb="idea.archived").count() == 1


def test_archive_idea_leaves_ideas_still_in_time_or_past_new(idea, other_idea, threshold, staff):
    Idea.objects.filter(pk=other_idea.pk).update(created_at=timezone.now() - timedelta(days=31))
    actions.change_status(other_idea, actor=staff, status="planned", response="Yes")

    assert not actions.archive_idea(idea, settings=threshold)
    assert not actions.archive_idea(other_idea, settings=threshold)


# Status -------------------------------------------------------------------------


def test_change_status_moves_along_with_a_public_response(idea, staff, member):
    change = actions.change_status(
        idea, actor=staff, status="planned", response="We build it **this summer**."
    )

    idea.refresh_from_db()
    assert idea.status == IdeaStatus.PLANNED and idea.status_changed_at == change.created_at
    assert idea.response_html == "<p>We build it <strong>this summer</strong>.</p>\n"
    assert (change.from_status, change.to_status, change.actor) == ("new", "planned", staff)
    planned = Activity.objects.get(verb="idea.planned")
    assert planned.data["idea_author"] == member.pk and planned.data["previous"] == "new"


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ([], "shipped", "invalid_transition"),
        (["planned", "shipped"], "declined", "invalid_transition"),
        ([], "duplicate", "invalid_status"),
        ([], "archived", "invalid_status"),
        ([], "new", "invalid_status"),
        ([], "nonsense", "invalid_status"),
    ],
)
def test_change_status_refuses_what_the_workflow_does_not_allow(idea, staff, path, status, code):
    for step in path:
        actions.change_status(idea, actor=staff, status=step, response="Step")
    before = (_status(idea), StatusChange.objects.count(), Activity.objects.count())

    with pytest.raises(ValidationError) as refused:
        actions.change_status(idea, actor=staff, status=status, response="Why not")

    assert refused.value.code == code
    assert (_status(idea), StatusChange.objects.count(), Activity.objects.count()) == before


@pytest.mark.parametrize(
    ("response", "code"), [("  ", "response_required"), ("x" * 5001, "response_too_long")]
)
def test_change_status_needs_a_response(idea, staff, response, code):
    with pytest.raises(ValidationError) as refused:
        actions.change_status(idea, actor=staff, status="planned", response=response)

    assert refused.value.code == code and _status(idea) == IdeaStatus.NEW


def test_planned_rewards_the_author_only_the_first_time(idea, staff):
    actions.change_status(idea, actor=staff, status="planned", response="Yes")
    actions.change_status(idea, actor=staff, status="under_review", response="Hmm")
    actions.change_status(idea, actor=staff, status="planned", response="Yes again")

    rewards = [
        a.data["idea_author"] for a in Activity.objects.filter(verb="idea.planned").order_by("pk")
    ]
    assert rewards == [idea.author_id, None]


def test_every_step_to_shipped_appears_on_the_timeline(idea, staff):
    for status in ("under_review", "planned", "in_progress", "shipped"):
        actions.change_status(idea, actor=staff, status=status, response=f"Now {status}")

    assert list(StatusChange.objects.values_list("to_status", flat=True)) == [
        "under_review",
        "planned",
        "in_progress",
        "shipped",
    ]
    assert Activity.objects.get(verb="idea.shipped").public


# Merging ----------------------------------------------------------------------------


def test_merge_moves_supports_without_counting_anyone_twice(idea, other_idea, staff, member):
    both, only_source, only_target = _supporters(3)
    for supporter in (both, only_source):
        actions.support_idea(other_idea, member=supporter)
    for supporter in (both, only_target):
        actions.support_idea(idea, member=supporter)
    # The source's author (Grace) and Ada, the target's, support both now.
    actions.support_idea(other_idea, member=member)

    change = actions.merge_idea(other_idea, into=idea, actor=staff, response="Same thing")

    idea.refresh_from_db()
    other_idea.refresh_from_db()
    members = set(Support.objects.filter(idea=idea).values_list("member", flat=True))
    assert members == {member.pk, both.pk, only_source.pk, only_target.pk, other_idea.author_id}
    assert idea.support_count == 5 and other_idea.support_count == 0
    assert not Support.objects.filter(idea=other_idea).exists()
    assert other_idea.status == IdeaStatus.DUPLICATE and other_idea.duplicate_of == idea
    assert (change.to_status, change.duplicate_of, change.response) == (
        "duplicate",
        idea,
        "Same thing",
    )
    merged = Activity.objects.get(verb="idea.merged")
    assert sorted(merged.data["supporters"]) == sorted(
        [other_idea.author_id, both.pk, only_source.pk, member.pk]
    )
    assert merged.data["into"] == idea.pk


def test_merge_keeps_the_duplicates_discussion(idea, other_idea, staff):
    actions.merge_idea(other_idea, into=idea, actor=staff)

    thread = Thread.objects.get(pk=other_idea.thread_id)
    assert thread.deleted_at is None and thread.posts.count() == 1
    assert StatusChange.objects.get().response == "Merged into “Night mode for the camera app”."


def test_merge_refuses_itself_another_product_a_duplicate_target_and_a_shipped_idea(
    idea, other_idea, staff, member
):
    elsewhere = actions.submit_idea(
        Product.objects.create(slug="watch", name="Watch"),
        author=member,
        title="Watch idea",
        description="Hi",
    )
    third = actions.submit_idea(idea.product, author=member, title="Third", description="3")
    actions.merge_idea(third, into=idea, actor=staff)
    for step in ("planned", "shipped"):
        actions.change_status(other_idea, actor=staff, status=step, response="Done")

    cases = [
        (idea, idea, "same_idea"),
        (idea, elsewhere, "other_product"),
        (idea, third, "target_duplicate"),
        (other_idea, idea, "invalid_transition"),
    ]
    for source, target, code in cases:
        with pytest.raises(ValidationError) as refused:
            actions.merge_idea(source, into=target, actor=staff)
        assert refused.value.code == code
    assert Idea.objects.get(pk=idea.pk).status == IdeaStatus.NEW


# Points -------------------------------------------------------------------------------


def test_ideas_earn_their_author_points_through_the_rules(
    product, member, other_member, staff, commit_and_work
):
    with commit_and_work():
        idea = actions.submit_idea(product, author=member, title="Points", description="Earn")
        actions.support_idea(idea, member=other_member)
        actions.change_status(idea, actor=staff, status="planned", response="Yes")
        actions.change_status(idea, actor=staff, status="shipped", response="Out now")

    earned = dict(PointsEntry.objects.filter(member=member).values_list("verb", "points"))
    assert earned == {
        "idea.submitted": 3,
        "thread.created": 5,
        "idea.supported": 1,
        "idea.planned": 50,
        "idea.shipped": 200,
    }
    assert not PointsEntry.objects.filter(member=staff).exists()
