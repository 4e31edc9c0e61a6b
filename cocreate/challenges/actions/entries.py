"""Entering a challenge, changing and withdrawing an entry, its team, and
staff disqualifying it.

Uploads are decoded and re-encoded before the transaction opens (see
entry_uploads). The challenge row is locked while an entry is added, so a
double submission makes one entry. `Challenge.entry_count` counts the
entries that stand (submitted), moved with F(). Shares are percentages:
the author holds 100 − the others' shares, every share is above 0.
"""

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.models import User
from cocreate.core.activity import record
from cocreate.core.markdown import render_markdown
from cocreate.core.pagecache import bump
from cocreate.notifications.actions import notify
from cocreate.notifications.enums import NotificationKind

from ..entry_uploads import EntryFileIn, EntryImageFiles
from ..enums import EntryStatus, TeamStatus
from ..models import Challenge, Entry, EntryFile, EntryImage, EntryMember
from ..permissions.entries import (
    check_answer_invitation,
    check_change_entry,
    check_disqualify_entry,
    check_enter_challenge,
    check_join_team,
)
from ..queries.entries import GALLERY_CONTENT

MAX_IMAGES = 6
MAX_FILES = 5
MAX_TEAMMATES = 5
TITLE_MAX = 120
DESCRIPTION_MAX = 10000
REASON_MAX = 500


def _check_open(challenge: Challenge, now: datetime) -> None:
    if not challenge.takes_entries(now):
        raise ValidationError(_("This challenge takes no entries now."), code="closed")


def _clean_text(title: str, description: str) -> tuple[str, str]:
    title, description = (title or "").strip(), (description or "").strip()
    if not title or len(title) > TITLE_MAX:
        raise ValidationError(
            _("Give the entry a title of at most %(max)d characters.") % {"max": TITLE_MAX},
            code="title",
        )
    if not description or len(description) > DESCRIPTION_MAX:
        raise ValidationError(
            _("Describe the entry in at most %(max)d characters.") % {"max": DESCRIPTION_MAX},
            code="description",
        )
    return title, description


def _check_counts(challenge: Challenge, images: int, files: int) -> None:
    if images > MAX_IMAGES:
        raise ValidationError(
            _("An entry has at most %(max)d images.") % {"max": MAX_IMAGES}, code="images"
        )
    if challenge.is_design and images < 1:
        raise ValidationError(_("A design entry needs at least one image."), code="images")
    if files > MAX_FILES:
        raise ValidationError(
            _("An entry has at most %(max)d files.") % {"max": MAX_FILES}, code="files"
        )


def _add_images(entry: Entry, images: Sequence[EntryImageFiles], start: int) -> None:
    for position, prepared in enumerate(images, start=start):
        row = EntryImage(
            entry=entry,
            width=prepared.large.width,
            height=prepared.large.height,
            position=position,
        )
        row.image.save(prepared.large.name, prepared.large.content, save=False)
        row.thumbnail.save(prepared.thumbnail.name, prepared.thumbnail.content, save=False)
        row.save()


def _add_files(entry: Entry, files: Sequence[EntryFileIn]) -> None:
    for prepared in files:
        row = EntryFile(
            entry=entry, name=prepared.name, size=prepared.size, content_type=prepared.content_type
        )
        row.file.save(prepared.name, prepared.content, save=False)
        row.save()


def _cover(entry: Entry) -> None:
    """Put the first image's thumbnail on the row, for the gallery."""
    first = entry.images.order_by("position", "id").first()
    entry.thumbnail.name = first.thumbnail.name if first else ""


def _record(actor: Any, verb: str, entry: Entry, **data: Any) -> None:
    record(
        actor=actor,
        verb=verb,
        target=entry,
        public=entry.challenge.is_design,
        product=entry.challenge.product_id,
        challenge=entry.challenge.name,
        challenge_zh=entry.challenge.name_zh,
        title=entry.title,
        **data,
    )
    bump(GALLERY_CONTENT)


def _tell(member: Any, entry: Entry, event: str, *, actor: Any, **data: Any) -> None:
    url = entry.get_absolute_url()
    payload = {
        "event": event,
        "entry": entry.title,
        "challenge": entry.challenge.name,
        "challenge_zh": entry.challenge.name_zh,
        **data,
    }
    transaction.on_commit(
        lambda: notify(
            member,
            kind=NotificationKind.ENTRY_TEAM,
            actor=actor,
            target=entry,
            url=url,
            data=payload,
        )
    )


def submit_entry(
    challenge: Challenge,
    *,
    author: Any,
    title: str,
    description: str,
    images: Sequence[EntryImageFiles],
    files: Sequence[EntryFileIn] = (),
    accept_terms: bool,
    now: datetime | None = None,
) -> Entry:
    """Enter `challenge`; images and files are already checked (entry_uploads)."""
    now = now or timezone.now()
    _check_open(challenge, now)
    check_enter_challenge(author, challenge)
    title, description = _clean_text(title, description)
    _check_counts(challenge, len(images), len(files))
    if not accept_terms:
        raise ValidationError(_("Accept the challenge's IP terms to enter."), code="terms")
    with transaction.atomic():
        challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
        check_enter_challenge(author, challenge)  # a double submission waited for the lock
        entry = Entry.objects.create(
            challenge=challenge,
            author=author,
            title=title,
            description=description,
            description_html=render_markdown(description),
            terms_accepted_at=now,
            created_at=now,
            updated_at=now,
        )
        EntryMember.objects.create(
            entry=entry,
            member=author,
            share=Decimal("100"),
            status=TeamStatus.CONFIRMED,
            is_author=True,
            invited_at=now,
            answered_at=now,
        )
        _add_images(entry, images, 0)
        _add_files(entry, files)
        _cover(entry)
        entry.save(update_fields=["thumbnail"])
        Challenge.objects.filter(pk=challenge.pk).update(entry_count=F("entry_count") + 1)
        _record(author, "entry.submitted", entry)
    return entry


def edit_entry(
    entry: Entry,
    *,
    editor: Any,
    title: str,
    description: str,
    new_images: Sequence[EntryImageFiles] = (),
    remove_images: Sequence[int] = (),
    image_order: Sequence[int] = (),
    new_files: Sequence[EntryFileIn] = (),
    remove_files: Sequence[int] = (),
    now: datetime | None = None,
) -> Entry:
    """Change the entry until the deadline. `image_order` lists kept image
    ids first-to-last (ids it leaves out follow in their old order); new
    images go last."""
    now = now or timezone.now()
    check_change_entry(editor, entry)
    _check_open(entry.challenge, now)
    title, description = _clean_text(title, description)
    with transaction.atomic():
        entry = Entry.objects.select_for_update().select_related("challenge").get(pk=entry.pk)
        kept = [i for i in entry.images.order_by("position", "id") if i.pk not in remove_images]
        files = entry.files.exclude(pk__in=remove_files).count()
        _check_counts(entry.challenge, len(kept) + len(new_images), files + len(new_files))
        entry.images.filter(pk__in=remove_images).delete()
        entry.files.filter(pk__in=remove_files).delete()
        order = {pk: n for n, pk in enumerate(image_order)}
        kept.sort(key=lambda image: (order.get(image.pk, len(order)), image.position, image.pk))
        for position, image in enumerate(kept):
            image.position = position
        EntryImage.objects.bulk_update(kept, ["position"])
        _add_images(entry, new_images, len(kept))
        _add_files(entry, new_files)
        entry.title, entry.description = title, description
        entry.description_html = render_markdown(description)
        entry.updated_at = now
        _cover(entry)
        entry.save(
            update_fields=["title", "description", "description_html", "updated_at", "thumbnail"]
        )
        _record(editor, "entry.edited", entry)
    return entry


def _take_off(entry: Entry, status: EntryStatus, now: datetime) -> None:
    Entry.objects.filter(pk=entry.pk).update(status=status, withdrawn_at=now, updated_at=now)
    Challenge.objects.filter(pk=entry.challenge_id).update(entry_count=F("entry_count") - 1)
    entry.status, entry.withdrawn_at = status, now


def withdraw_entry(entry: Entry, *, member: Any, now: datetime | None = None) -> bool:
    """Withdraw until the deadline; the row stays. Returns whether it changed."""
    now = now or timezone.now()
    _check_open(entry.challenge, now)
    with transaction.atomic():
        locked = Entry.objects.select_for_update().get(pk=entry.pk)
        if locked.status == EntryStatus.WITHDRAWN:
            return False
        check_change_entry(member, locked)
        _take_off(entry, EntryStatus.WITHDRAWN, now)
        _record(member, "entry.withdrawn", entry)
    return True


def disqualify_entry(entry: Entry, *, actor: Any, reason: str, now: datetime | None = None) -> bool:
    """Staff take an entry out of the challenge, saying why; its team is told."""
    check_disqualify_entry(actor)
    reason = (reason or "").strip()
    if not reason or len(reason) > REASON_MAX:
        raise ValidationError(
            _("Say why, in at most %(max)d characters.") % {"max": REASON_MAX}, code="reason"
        )
    now = now or timezone.now()
    with transaction.atomic():
        locked = Entry.objects.select_for_update().get(pk=entry.pk)
        if locked.status != EntryStatus.SUBMITTED:
            return False
        _take_off(entry, EntryStatus.DISQUALIFIED, now)
        _record(actor, "entry.disqualified", entry, reason=reason)
        for membership in entry.team.filter(status=TeamStatus.CONFIRMED).select_related("member"):
            _tell(membership.member, entry, "disqualified", actor=None, reason=reason)
    return True


# Team ----------------------------------------------------------------------


def parse_share(raw: Any) -> Decimal:
    try:
        share = Decimal(str(raw)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(_("A share is a percentage, such as 25."), code="share") from exc
    if not Decimal("0") < share < Decimal("100"):
        raise ValidationError(_("A share is above 0 and below 100."), code="share")
    return share


def _rebalance(entry: Entry) -> None:
    """The author holds what the other (not declined) members do not."""
    others = entry.team.filter(is_author=False).exclude(status=TeamStatus.DECLINED).aggregate(
        total=Sum("share")
    )["total"] or Decimal("0")
    entry.team.filter(is_author=True).update(share=Decimal("100") - others)


def invite_teammate(
    entry: Entry, *, author: Any, username: str, share: Any, now: datetime | None = None
) -> EntryMember:
    now = now or timezone.now()
    check_change_entry(author, entry)
    _check_open(entry.challenge, now)
    share = parse_share(share)
    invitee = User.objects.filter(username__iexact=(username or "").strip()).first()
    if invitee is None:
        raise ValidationError(_("There is no member of that name."), code="username")
    if invitee.pk == entry.author_id:
        raise ValidationError(_("You are on your team already."), code="username")
    try:
        check_join_team(invitee, entry.challenge)
    except PermissionDenied as refused:
        raise ValidationError(str(refused), code="username") from refused
    with transaction.atomic():
        entry = Entry.objects.select_for_update().select_related("challenge").get(pk=entry.pk)
        others = list(entry.team.filter(is_author=False).exclude(status=TeamStatus.DECLINED))
        if any(m.member_id == invitee.pk for m in others):
            raise ValidationError(_("This member is on the team already."), code="username")
        if len(others) >= MAX_TEAMMATES:
            raise ValidationError(
                _("A team has at most %(max)d members besides the author.")
                % {"max": MAX_TEAMMATES},
                code="team_full",
            )
        if sum((m.share for m in others), Decimal("0")) + share >= Decimal("100"):
            raise ValidationError(
                _("The shares would leave the author nothing: lower this one."), code="share"
            )
        membership, _created = EntryMember.objects.update_or_create(
            entry=entry,
            member=invitee,
            defaults={
                "share": share,
                "status": TeamStatus.INVITED,
                "is_author": False,
                "invited_at": now,
                "answered_at": None,
            },
        )
        _rebalance(entry)
        _tell(invitee, entry, "invited", actor=author, share=str(share))
    return membership


def answer_invitation(
    membership: EntryMember, *, member: Any, accept: bool, now: datetime | None = None
) -> EntryMember:
    now = now or timezone.now()
    check_answer_invitation(member, membership)
    entry = membership.entry
    if accept:
        _check_open(entry.challenge, now)
        check_join_team(member, entry.challenge)
    with transaction.atomic():
        locked = EntryMember.objects.select_for_update().get(pk=membership.pk)
        check_answer_invitation(member, locked)
        locked.status = TeamStatus.CONFIRMED if accept else TeamStatus.DECLINED
        locked.answered_at = now
        locked.save(update_fields=["status", "answered_at"])
        _rebalance(entry)
        _tell(entry.author, entry, "confirmed" if accept else "declined", actor=member)
    return locked


def remove_teammate(membership: EntryMember, *, author: Any, now: datetime | None = None) -> None:
    now = now or timezone.now()
    entry = membership.entry
    check_change_entry(author, entry)
    _check_open(entry.challenge, now)
    if membership.is_author:
        raise ValidationError(_("The author cannot leave their own entry."), code="author")
    with transaction.atomic():
        EntryMember.objects.filter(pk=membership.pk).delete()
        _rebalance(entry)
        _tell(membership.member, entry, "removed", actor=author)
