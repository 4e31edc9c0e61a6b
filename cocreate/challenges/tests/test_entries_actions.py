"""Entering a challenge, editing, withdrawing and disqualifying entries,
their images and files, and their teams."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from cocreate.accounts.tests.factories import UserFactory
from cocreate.accounts.tests.uploads import fake_image_upload, image_upload
from cocreate.challenges.actions import entries as actions
from cocreate.challenges.entry_uploads import make_entry_file, make_entry_image
from cocreate.challenges.enums import EntryStatus, TeamStatus
from cocreate.challenges.models import Challenge, Entry, EntryMember
from cocreate.challenges.tests.fixtures import make_challenge, make_entry
from cocreate.core.models import Activity
from cocreate.notifications.enums import NotificationKind
from cocreate.notifications.models import Notification


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def veteran(username: str, **fields):
    """A member whose account is old enough for any challenge."""
    return UserFactory(
        username=username, date_joined=timezone.now() - timedelta(days=400), **fields
    )


def prepared_image(size=(800, 600), fmt="PNG"):
    return make_entry_image(image_upload(f"art.{fmt.lower()}", fmt, size=size))


def enter(challenge, author, **fields):
    values = {
        "title": "Ink waves",
        "description": "Waves in **ink**.",
        "images": [prepared_image()],
        "accept_terms": True,
    } | fields
    return actions.submit_entry(challenge, author=author, **values)


# Entering ------------------------------------------------------------------


def test_submit_entry_makes_the_entry_its_team_images_and_counts_it(contest, member):
    entry = enter(contest, member, images=[prepared_image(), prepared_image((400, 900))])

    assert entry.status == EntryStatus.SUBMITTED
    assert "<strong>ink</strong>" in entry.description_html
    assert entry.terms_accepted_at is not None
    images = list(entry.images.all())
    assert [i.position for i in images] == [0, 1]
    assert entry.thumbnail.name == images[0].thumbnail.name
    (author,) = entry.team.all()
    assert author.is_author and author.share == Decimal("100")
    assert author.status == TeamStatus.CONFIRMED
    assert Challenge.objects.get(pk=contest.pk).entry_count == 1
    assert Activity.objects.filter(verb="entry.submitted", target_id=entry.pk).exists()


def test_entry_images_are_reencoded_large_and_thumbnail_cropped_to_four_by_three():
    prepared = make_entry_image(image_upload("big.jpg", "JPEG", size=(3000, 1000)))

    assert (prepared.large.width, prepared.large.height) == (2000, 667)
    assert (prepared.thumbnail.width, prepared.thumbnail.height) == (600, 450)
    with Image.open(prepared.thumbnail.content) as thumb:
        assert thumb.size == (600, 450)


def test_a_file_that_is_not_an_image_is_refused_as_an_image():
    with pytest.raises(ValidationError) as refused:
        make_entry_image(fake_image_upload("art.png"))
    assert refused.value.code == "invalid"


@pytest.mark.parametrize(
    ("name", "data", "content_type", "saved_as"),
    [
        ("brief.pdf", b"%PDF-1.7 ...", "application/pdf", "brief.pdf"),
        ("sources.zip", b"PK\x03\x04rest", "application/zip", "sources.zip"),
        ("notes.md", "# 笔记\n".encode(), "text/markdown", "notes.md"),
        ("../../etc/pass wd.txt", b"plain", "text/plain", "pass_wd.txt"),
        ("renamed.txt", b"%PDF-1.4", "application/pdf", "renamed.pdf"),
    ],
)
def test_entry_files_are_typed_by_content_and_named_safely(name, data, content_type, saved_as):
    prepared = make_entry_file(SimpleUploadedFile(name, data))

    assert (prepared.content_type, prepared.name) == (content_type, saved_as)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("logo.svg", b"<svg onload='alert(1)'></svg>"),
        ("tool.exe", b"MZ\x90\x00"),
        ("binary.txt", b"text\x00with nul"),
        ("latin1.md", "caf\xe9".encode("latin-1")),
    ],
)
def test_entry_files_of_other_types_are_refused(name, data):
    with pytest.raises(ValidationError) as refused:
        make_entry_file(SimpleUploadedFile(name, data))
    assert refused.value.code == "file_type"


def test_an_entry_file_above_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr("cocreate.challenges.entry_uploads.FILE_MAX_BYTES", 10)
    with pytest.raises(ValidationError) as refused:
        make_entry_file(SimpleUploadedFile("a.pdf", b"%PDF-" + b"x" * 20))
    assert refused.value.code == "too_large"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"accept_terms": False}, "terms"),
        ({"images": []}, "images"),
        ({"title": "  "}, "title"),
        ({"description": ""}, "description"),
        ({"title": "x" * 121}, "title"),
    ],
)
def test_submit_entry_refuses_bad_input_and_writes_nothing(contest, member, fields, code):
    with pytest.raises(ValidationError) as refused:
        enter(contest, member, **fields)

    assert refused.value.code == code
    assert not Entry.objects.exists()
    assert Challenge.objects.get(pk=contest.pk).entry_count == 0


def test_a_design_entry_has_at_most_six_images(contest, member):
    with pytest.raises(ValidationError):
        enter(contest, member, images=[prepared_image((50, 50))] * 7)


def test_a_solution_entry_needs_no_image(solution_challenge, member):
    entry = enter(solution_challenge, member, images=[])
    assert entry.thumbnail.name == ""


def test_a_member_enters_a_challenge_once_as_author(contest, member):
    enter(contest, member)
    with pytest.raises(PermissionDenied, match="entered this challenge already"):
        enter(contest, member)
    assert Entry.objects.count() == 1


def test_entering_is_refused_before_opening_and_after_the_deadline(product, member):
    upcoming = make_challenge(product, phase="upcoming")
    with pytest.raises(ValidationError) as refused:
        enter(upcoming, member)
    assert refused.value.code == "closed"

    contest = make_challenge(product, slug="later")
    with (
        time_machine.travel(contest.submissions_close_at + timedelta(seconds=1)),
        pytest.raises(ValidationError) as refused,
    ):
        enter(contest, member)
    assert refused.value.code == "closed"
    assert not Entry.objects.exists()


def test_judges_cannot_enter_but_staff_can(contest, make_judge, staff):
    judge = make_judge(contest)
    with pytest.raises(PermissionDenied, match="judge"):
        enter(contest, judge)
    assert enter(contest, staff).author == staff


def test_members_who_miss_the_eligibility_cannot_enter(product, member):
    picky = make_challenge(product, min_account_days=30)
    with pytest.raises(PermissionDenied, match="not eligible"):
        enter(picky, member)


def test_suspended_or_closed_accounts_cannot_enter(contest):
    closed = veteran("gone", is_active=False)
    with pytest.raises(PermissionDenied):
        enter(contest, closed)


# Editing, withdrawing, disqualifying ----------------------------------------


def test_edit_entry_changes_text_reorders_removes_and_adds_images(contest, member):
    entry = enter(contest, member, images=[prepared_image(), prepared_image((300, 300))])
    first, second = entry.images.all()

    actions.edit_entry(
        entry,
        editor=member,
        title="Ink tides",
        description="New *text*",
        remove_images=[first.pk],
        new_images=[prepared_image((500, 500))],
        new_files=[make_entry_file(SimpleUploadedFile("a.pdf", b"%PDF-1"))],
    )

    entry.refresh_from_db()
    assert entry.title == "Ink tides" and "<em>text</em>" in entry.description_html
    images = list(entry.images.all())
    assert images[0].pk == second.pk and len(images) == 2
    assert entry.thumbnail.name == second.thumbnail.name
    assert entry.files.get().name == "a.pdf"
    assert Activity.objects.filter(verb="entry.edited").count() == 1

    actions.edit_entry(
        entry, editor=member, title="t", description="d", image_order=[images[1].pk, second.pk]
    )
    assert [i.pk for i in entry.images.all()] == [images[1].pk, second.pk]


def test_edit_entry_keeps_at_least_one_image_of_a_design_entry(contest, member):
    entry = enter(contest, member)
    with pytest.raises(ValidationError):
        actions.edit_entry(
            entry, editor=member, title="t", description="d", remove_images=[entry.images.get().pk]
        )
    assert entry.images.count() == 1


def test_only_the_author_edits_until_the_deadline(contest, member, other_member):
    entry = enter(contest, member)
    with pytest.raises(PermissionDenied):
        actions.edit_entry(entry, editor=other_member, title="t", description="d")
    with (
        time_machine.travel(contest.submissions_close_at + timedelta(minutes=1)),
        pytest.raises(ValidationError),
    ):
        actions.edit_entry(entry, editor=member, title="t", description="d")
    entry.refresh_from_db()
    assert entry.title == "Ink waves"


def test_withdraw_entry_keeps_the_row_and_uncounts_it_once(contest, member):
    entry = enter(contest, member)

    assert actions.withdraw_entry(entry, member=member)
    assert not actions.withdraw_entry(entry, member=member)

    entry.refresh_from_db()
    assert entry.status == EntryStatus.WITHDRAWN and entry.withdrawn_at
    assert Challenge.objects.get(pk=contest.pk).entry_count == 0
    assert Activity.objects.filter(verb="entry.withdrawn").count() == 1


def test_withdrawing_is_refused_after_the_deadline(contest, member):
    entry = enter(contest, member)
    with (
        time_machine.travel(contest.submissions_close_at + timedelta(minutes=1)),
        pytest.raises(ValidationError),
    ):
        actions.withdraw_entry(entry, member=member)


def test_staff_disqualify_with_a_reason_and_the_team_is_told(
    contest, member, other_member, staff, django_capture_on_commit_callbacks
):
    entry = enter(contest, member)
    with pytest.raises(PermissionDenied):
        actions.disqualify_entry(entry, actor=other_member, reason="copied")
    with pytest.raises(ValidationError):
        actions.disqualify_entry(entry, actor=staff, reason=" ")

    with django_capture_on_commit_callbacks(execute=True):
        assert actions.disqualify_entry(entry, actor=staff, reason="Copied from a stock site")

    entry.refresh_from_db()
    assert entry.status == EntryStatus.DISQUALIFIED
    assert Challenge.objects.get(pk=contest.pk).entry_count == 0
    assert Notification.objects.filter(recipient=member, kind="entry_team").exists()
    assert Activity.objects.get(verb="entry.disqualified").data["reason"].startswith("Copied")


# Team ------------------------------------------------------------------------


def shares(entry):
    return {m.member.username: (m.share, m.status) for m in entry.team.select_related("member")}


def test_the_author_invites_teammates_and_keeps_the_rest_of_the_shares(
    contest, member, other_member, django_capture_on_commit_callbacks
):
    entry = make_entry(contest, member)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = actions.invite_teammate(entry, author=member, username="Grace", share="30")

    assert shares(entry) == {
        "ada": (Decimal("70"), TeamStatus.CONFIRMED),
        "grace": (Decimal("30"), TeamStatus.INVITED),
    }
    assert Notification.objects.filter(recipient=other_member, kind="entry_team").exists()

    with django_capture_on_commit_callbacks(execute=True):
        actions.answer_invitation(invitation, member=other_member, accept=True)
    assert shares(entry)["grace"] == (Decimal("30"), TeamStatus.CONFIRMED)
    assert Notification.objects.filter(recipient=member, kind="entry_team").exists()


def test_a_declined_invitation_gives_the_share_back_to_the_author(contest, member, other_member):
    entry = make_entry(contest, member)
    invitation = actions.invite_teammate(entry, author=member, username="grace", share=40)
    actions.answer_invitation(invitation, member=other_member, accept=False)

    assert shares(entry)["ada"][0] == Decimal("100")
    assert shares(entry)["grace"][1] == TeamStatus.DECLINED


def test_the_author_removes_a_teammate_before_the_deadline(contest, member, other_member):
    entry = make_entry(contest, member)
    invitation = actions.invite_teammate(entry, author=member, username="grace", share=40)
    actions.remove_teammate(invitation, author=member)
    assert shares(entry) == {"ada": (Decimal("100"), TeamStatus.CONFIRMED)}


@pytest.mark.parametrize("share", ["0", "-5", "100", "abc", "", "100.5"])
def test_a_share_is_above_zero_and_below_one_hundred(contest, member, other_member, share):
    entry = make_entry(contest, member)
    with pytest.raises(ValidationError):
        actions.invite_teammate(entry, author=member, username="grace", share=share)
    assert entry.team.count() == 1


def test_shares_must_leave_the_author_something_and_teams_have_at_most_five(contest, member):
    entry = make_entry(contest, member)
    for n in range(5):
        veteran(f"mate{n}")
        actions.invite_teammate(entry, author=member, username=f"mate{n}", share="19")
    veteran("sixth")
    with pytest.raises(ValidationError) as refused:
        actions.invite_teammate(entry, author=member, username="sixth", share="1")
    assert refused.value.code == "team_full"
    assert shares(entry)["ada"][0] == Decimal("5")

    other = make_entry(contest, veteran("bo"), title="Other")
    actions.invite_teammate(other, author=other.author, username="mate0", share="60")
    with pytest.raises(ValidationError) as refused:
        actions.invite_teammate(other, author=other.author, username="mate1", share="40")
    assert refused.value.code == "share"


def test_judges_cannot_be_invited_and_strangers_cannot_answer(
    contest, member, other_member, make_judge
):
    entry = make_entry(contest, member)
    make_judge(contest, username="judy")
    with pytest.raises(ValidationError, match="judge"):
        actions.invite_teammate(entry, author=member, username="judy", share="10")
    with pytest.raises(ValidationError):
        actions.invite_teammate(entry, author=member, username="nobody", share="10")
    invitation = actions.invite_teammate(entry, author=member, username="grace", share="10")
    with pytest.raises(PermissionDenied):
        actions.answer_invitation(invitation, member=member, accept=True)
    with pytest.raises(PermissionDenied):
        actions.invite_teammate(entry, author=other_member, username="ada", share="10")


def test_a_member_may_author_one_entry_and_be_a_teammate_of_another(contest, member, other_member):
    theirs = make_entry(contest, other_member, title="Theirs")
    invitation = actions.invite_teammate(theirs, author=other_member, username="ada", share="50")
    actions.answer_invitation(invitation, member=member, accept=True)

    assert enter(contest, member).author == member
    assert EntryMember.objects.filter(member=member).count() == 2


@pytest.mark.parametrize(
    ("event", "words"),
    [
        (
            "invited",
            "invites you to the team of “Ink waves” in Phone case design, with a share of 30",
        ),
        ("confirmed", "joined the team"),
        ("declined", "declined to join"),
        ("removed", "removed you from"),
        ("disqualified", "was disqualified from Phone case design: copied"),
    ],
)
def test_team_notifications_read_as_sentences(contest, member, other_member, event, words):
    from cocreate.notifications.text import describe

    entry = make_entry(contest, member)
    data = {
        "event": event,
        "entry": entry.title,
        "challenge": contest.name,
        "challenge_zh": contest.name_zh,
        "share": "30",
        "reason": "copied",
    }
    notification = Notification(
        recipient=other_member, actor=member, kind=NotificationKind.ENTRY_TEAM, data=data
    )

    assert words in describe(notification)


def test_entering_earns_the_points_of_the_seeded_rule(contest, member, commit_and_work):
    from cocreate.reputation.models import PointsEntry

    with commit_and_work():
        enter(contest, member)

    assert PointsEntry.objects.filter(member=member).values_list("points", flat=True)[0] == 10
