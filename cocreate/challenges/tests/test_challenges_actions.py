from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cocreate.challenges.actions import challenges as actions
from cocreate.challenges.actions.challenges import PrizeData
from cocreate.challenges.enums import ChallengeKind, ChallengeStatus, EntryStatus
from cocreate.challenges.models import Challenge, ChallengeAttachment, Prize
from cocreate.challenges.tests.fixtures import DAY, add_prizes, make_challenge, make_entry
from cocreate.core.models import Activity
from cocreate.notifications.models import Notification

pytestmark = pytest.mark.django_db


def draft_values(**overrides):
    now = timezone.now()
    values = {
        "slug": "sticker-contest",
        "kind": ChallengeKind.DESIGN,
        "name": "Sticker contest",
        "name_zh": "贴纸大赛",
        "brief": "Draw a **sticker**.",
        "ip_terms": "You license it.",
        "time_zone": "Asia/Shanghai",
        "opens_at": now + DAY,
        "submissions_close_at": now + 10 * DAY,
        "scoring_closes_at": now + 15 * DAY,
        "judging_closes_at": now + 20 * DAY,
    }
    values.update(overrides)
    return values


def test_create_challenge_renders_markdown_and_records(product, staff):
    challenge = actions.create_challenge(
        product,
        actor=staff,
        prizes=[PrizeData(rank=1, label="First", cash=Decimal("100.00"))],
        **draft_values(rules="1. Be *kind*"),
    )

    assert challenge.status == ChallengeStatus.DRAFT
    assert "<strong>sticker</strong>" in challenge.brief_html
    assert "<em>kind</em>" in challenge.rules_html
    assert challenge.prizes.get().cash == Decimal("100.00")
    assert Activity.objects.filter(verb="challenge.created", public=False).exists()


@pytest.mark.parametrize("slug", ["new", "entries", "ledger", "earnings", "adoptions"])
def test_reserved_slugs_are_refused(product, staff, slug):
    with pytest.raises(ValidationError) as refused:
        actions.create_challenge(product, actor=staff, **draft_values(slug=slug))
    assert refused.value.code == "reserved_slug"
    assert not Challenge.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"submissions_close_at": timezone.now()}, "timeline_order"),
        ({"scoring_closes_at": None}, "scoring_required"),
        ({"scoring_closes_at": timezone.now() + 5 * DAY}, "timeline_order"),
        ({"judging_closes_at": timezone.now() + 12 * DAY}, "timeline_order"),
        ({"kind": ChallengeKind.SOLUTION}, "scoring_not_allowed"),
        ({"time_zone": "Mars/Olympus"}, "invalid_time_zone"),
        ({"kind": "lottery"}, "invalid_kind"),
    ],
)
def test_create_refuses_a_bad_timeline(product, staff, overrides, code):
    with pytest.raises(ValidationError) as refused:
        actions.create_challenge(product, actor=staff, **draft_values(**overrides))
    assert refused.value.code == code
    assert not Challenge.objects.exists()


def test_a_solution_challenge_has_no_scoring_window(product, staff):
    challenge = actions.create_challenge(
        product,
        actor=staff,
        **draft_values(kind=ChallengeKind.SOLUTION, scoring_closes_at=None),
    )
    assert challenge.scoring_closes_at is None


def test_update_rerenders_and_refuses_invalid_order(contest, staff):
    changed = actions.update_challenge(contest, actor=staff, brief="New *brief*")
    assert changed == ["brief"]
    contest.refresh_from_db()
    assert "<em>brief</em>" in contest.brief_html

    before = contest.judging_closes_at
    with pytest.raises(ValidationError) as refused:
        actions.update_challenge(
            contest, actor=staff, judging_closes_at=contest.submissions_close_at
        )
    assert refused.value.code == "timeline_order"
    contest.refresh_from_db()
    assert contest.judging_closes_at == before


def test_a_published_challenge_keeps_its_kind_and_deadlines_out_of_the_past(contest, staff):
    with pytest.raises(ValidationError) as kind:
        actions.update_challenge(contest, actor=staff, kind=ChallengeKind.SOLUTION)
    with pytest.raises(ValidationError) as past:
        actions.update_challenge(
            contest, actor=staff, submissions_close_at=timezone.now() - timedelta(hours=1)
        )
    assert kind.value.code == "kind_locked" and past.value.code == "deadline_in_past"

    later = contest.submissions_close_at + DAY
    actions.update_challenge(contest, actor=staff, submissions_close_at=later)
    contest.refresh_from_db()
    assert contest.submissions_close_at == later


def test_a_draft_may_change_its_kind(product, staff):
    draft = make_challenge(product, phase="draft")
    actions.update_challenge(draft, actor=staff, kind=ChallengeKind.SOLUTION)
    draft.refresh_from_db()
    assert draft.kind == ChallengeKind.SOLUTION and draft.scoring_closes_at is None


def test_publish_needs_a_complete_brief_terms_future_timeline_and_a_prize(product, staff):
    draft = make_challenge(product, phase="draft", ip_terms=" ")

    with pytest.raises(ValidationError) as refused:
        actions.publish_challenge(draft, actor=staff)
    assert refused.value.code == "ip_terms_required"
    assert "Add at least one prize" in refused.value.messages[0]

    Challenge.objects.filter(pk=draft.pk).update(ip_terms="Yours.")
    draft.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        actions.publish_challenge(draft, actor=staff)
    assert refused.value.code == "no_prizes"

    add_prizes(draft)
    with (
        time_machine.travel(draft.submissions_close_at + DAY),
        pytest.raises(ValidationError) as late,
    ):
        actions.publish_challenge(draft, actor=staff)
    assert late.value.code == "timeline_past"
    draft.refresh_from_db()
    assert draft.status == ChallengeStatus.DRAFT

    actions.publish_challenge(draft, actor=staff)
    draft.refresh_from_db()
    assert draft.status == ChallengeStatus.OPEN
    assert Activity.objects.filter(verb="challenge.published", public=True).exists()


def test_invalid_transitions_are_refused(contest, product, staff):
    with pytest.raises(ValidationError) as again:
        actions.publish_challenge(contest, actor=staff)
    with pytest.raises(ValidationError) as early:
        actions.close_challenge(contest, actor=staff)
    assert again.value.code == early.value.code == "invalid_transition"

    announced = make_challenge(product, slug="done", phase="announced")
    actions.close_challenge(announced, actor=staff)
    announced.refresh_from_db()
    assert announced.status == ChallengeStatus.CLOSED and announced.closed_at


def test_advance_timelines_moves_once_and_tells_entrants_once(
    contest, solution_challenge, member, other_member, django_capture_on_commit_callbacks
):
    make_entry(contest, member)
    make_entry(contest, other_member, title="Withdrawn", status=EntryStatus.WITHDRAWN)
    make_entry(solution_challenge, other_member, title="Battery")

    with time_machine.travel(contest.submissions_close_at + timedelta(minutes=1)):
        now = timezone.now()
        with django_capture_on_commit_callbacks(execute=True):
            assert actions.advance_timelines(now) == 2
        with django_capture_on_commit_callbacks(execute=True):
            assert actions.advance_timelines(now) == 0

    contest.refresh_from_db()
    solution_challenge.refresh_from_db()
    assert contest.status == ChallengeStatus.SCORING
    assert solution_challenge.status == ChallengeStatus.JUDGING
    told = Notification.objects.filter(kind="challenge")
    assert sorted((n.recipient_id, n.data["event"]) for n in told) == sorted(
        [(member.pk, "scoring_opened"), (other_member.pk, "entries_closed")]
    )
    assert Activity.objects.filter(verb="challenge.scoring_opened").count() == 1

    with (
        time_machine.travel(contest.scoring_closes_at + timedelta(minutes=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert actions.advance_timelines(timezone.now()) == 1
    contest.refresh_from_db()
    assert contest.status == ChallengeStatus.JUDGING
    assert Notification.objects.filter(kind="challenge").count() == 2


def test_advance_timelines_leaves_drafts_and_upcoming_alone(product):
    draft = make_challenge(product, slug="draft", phase="draft")
    upcoming = make_challenge(product, slug="soon", phase="upcoming")
    assert actions.advance_timelines(timezone.now()) == 0
    draft.refresh_from_db()
    upcoming.refresh_from_db()
    assert draft.status == ChallengeStatus.DRAFT and upcoming.status == ChallengeStatus.OPEN


# Prizes ---------------------------------------------------------------------------


def test_prizes_are_added_edited_and_removed(contest, staff):
    prize = actions.add_prize(contest, actor=staff, prize=PrizeData(rank=1, label="Gold"))
    with pytest.raises(ValidationError) as taken:
        actions.add_prize(contest, actor=staff, prize=PrizeData(rank=1, label="Also gold"))
    assert taken.value.code == "duplicate_rank"

    actions.edit_prize(
        prize,
        actor=staff,
        data=PrizeData(rank=2, label="Silver", cash=Decimal("12.50"), currency="USD"),
    )
    prize.refresh_from_db()
    assert (prize.rank, prize.cash, prize.currency) == (2, Decimal("12.50"), "USD")

    actions.remove_prize(prize, actor=staff)
    assert not Prize.objects.exists()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (PrizeData(rank=0, label="Zero"), "invalid_rank"),
        (PrizeData(rank=1, label=" "), "label_required"),
        (PrizeData(rank=1, label="Minus", cash=Decimal("-1")), "invalid_cash"),
        (PrizeData(rank=1, label="Cents", cash=Decimal("1.001")), "invalid_cash"),
        (PrizeData(rank=1, label="Money", currency="usd"), "invalid_currency"),
        (PrizeData(rank=1, label="Points", points=-5), "invalid_points"),
    ],
)
def test_bad_prizes_are_refused(contest, staff, data, code):
    with pytest.raises(ValidationError) as refused:
        actions.add_prize(contest, actor=staff, prize=data)
    assert refused.value.code == code
    assert not Prize.objects.exists()


def test_the_prize_table_is_locked_once_announced(product, staff):
    announced = make_challenge(product, slug="done", phase="announced")
    first = add_prizes(announced)[0]
    with pytest.raises(ValidationError) as refused:
        actions.add_prize(announced, actor=staff, prize=PrizeData(rank=9, label="Late"))
    with pytest.raises(ValidationError):
        actions.remove_prize(first, actor=staff)
    assert refused.value.code == "prizes_locked"
    assert announced.prizes.count() == 3


# Attachments ----------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20


@pytest.mark.parametrize(
    ("name", "content", "stored"),
    [
        ("spec.pdf", b"%PDF-1.7\n...", "spec.pdf"),
        ("../../etc/logo.png", PNG, "logo.png"),
        ("photo.JPEG", b"\xff\xd8\xff\xe0rest", "photo.jpeg"),
        ("assets.zip", b"PK\x03\x04rest", "assets.zip"),
        ("notes.md", "# 说明\nText".encode(), "notes.md"),
        ("readme", b"plain text", "readme.txt"),
        ("fake.pdf", PNG, "fake.png"),
    ],
)
def test_attachments_are_recognised_by_content(contest, staff, media_root, name, content, stored):
    upload = SimpleUploadedFile(name, content)
    attachment = actions.add_attachment(contest, actor=staff, upload=upload)
    assert attachment.name == stored and attachment.size == len(content)
    assert attachment.file.read() == content


@pytest.mark.parametrize(
    ("name", "content"),
    [("tool.exe", b"MZ\x90\x00binary"), ("image.pdf", b"GIF89a\x00\x00"), ("empty.txt", b"")],
)
def test_other_files_are_refused(contest, staff, media_root, name, content):
    with pytest.raises(ValidationError) as refused:
        actions.add_attachment(contest, actor=staff, upload=SimpleUploadedFile(name, content))
    assert refused.value.code == "file_type"
    assert not ChallengeAttachment.objects.exists()


def test_large_attachments_are_refused(contest, staff, media_root, settings):
    upload = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 10)
    upload.size = actions.ATTACHMENT_MAX_BYTES + 1
    with pytest.raises(ValidationError) as refused:
        actions.add_attachment(contest, actor=staff, upload=upload)
    assert refused.value.code == "too_large"


def test_removing_an_attachment_deletes_its_file(
    contest, staff, media_root, django_capture_on_commit_callbacks
):
    attachment = actions.add_attachment(
        contest, actor=staff, upload=SimpleUploadedFile("a.txt", b"hello")
    )
    path = attachment.file.path
    with django_capture_on_commit_callbacks(execute=True):
        actions.remove_attachment(attachment, actor=staff)
    assert not ChallengeAttachment.objects.exists()
    import os

    assert not os.path.exists(path)
