"""Every write to a challenge itself: drafting and editing it, its prize
table and the attachments of its brief, publishing and closing it, and the
minute task that moves open and scoring challenges along their deadlines.

Each runs in one transaction and records an Activity. They trust their
caller for who may act (permissions/challenges.py); what depends on the
challenge's state when the write happens (its status, the deadlines, a rank
taken) is checked here, under the row lock, and refused with a
ValidationError whose `code` the views and the API answer with.
"""

import os
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from cocreate.core.activity import record
from cocreate.core.markdown import render_markdown
from cocreate.forum.images import make_post_image
from cocreate.forum.models import Product
from cocreate.notifications.actions import notify_many
from cocreate.notifications.enums import NotificationKind
from cocreate.reputation.models import Medal

from ..enums import ChallengeKind, ChallengeStatus, EntryStatus, TeamStatus
from ..models import Challenge, ChallengeAttachment, Prize

# Slugs that would shadow the app's own fixed paths (/challenges/new/…).
RESERVED_SLUGS = frozenset({"new", "entries", "ledger", "earnings", "adoptions"})

# What staff write about a challenge; everything else is the workflow's.
TEXT_FIELDS = ("brief", "rules", "ip_terms")
TIMELINE_FIELDS = ("opens_at", "submissions_close_at", "scoring_closes_at", "judging_closes_at")
EDITABLE_FIELDS = frozenset(
    {
        "slug",
        "kind",
        "name",
        "name_zh",
        "description",
        "description_zh",
        *TEXT_FIELDS,
        *(f"{name}_zh" for name in TEXT_FIELDS),
        "min_level",
        "min_tier",
        "min_account_days",
        "time_zone",
        *TIMELINE_FIELDS,
        "hide_scores_until_closed",
        "weight_by_tier",
        "jury_share",
        "prior_mean",
        "prior_votes",
        "royalty_rate",
    }
)

# Attachments of a brief: what staff may upload, recognised by content.
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
SNIFF_BYTES = 8192
MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),  # an empty archive
)
CURRENCY = re.compile(r"[A-Z]{3}")
CASH_MAX = Decimal("9999999999.99")


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _locked(challenge: Challenge) -> Challenge:
    return Challenge.objects.select_for_update().get(pk=challenge.pk)


def _record(actor: Any, verb: str, challenge: Challenge, **data: Any) -> None:
    record(
        actor=actor,
        verb=verb,
        target=challenge,
        public=challenge.status != ChallengeStatus.DRAFT,
        product=challenge.product_id,
        challenge=challenge.name,
        challenge_zh=challenge.name_zh,
        **data,
    )


# Checks -----------------------------------------------------------------------------


def check_slug(slug: str, *, exclude: int | None = None) -> None:
    if slug in RESERVED_SLUGS:
        raise _refuse(
            _("“%(slug)s” is reserved for a page of its own: choose another address.")
            % {"slug": slug},
            "reserved_slug",
        )
    taken = Challenge.objects.filter(slug=slug)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise _refuse(
            _("Another challenge has the address “%(slug)s”.") % {"slug": slug}, "duplicate_slug"
        )


def check_time_zone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise _refuse(
            _("“%(zone)s” is not a time zone: write one like Asia/Shanghai.") % {"zone": name},
            "invalid_time_zone",
        ) from None


def check_timeline(
    kind: str,
    opens_at: datetime,
    submissions_close_at: datetime,
    scoring_closes_at: datetime | None,
    judging_closes_at: datetime,
) -> None:
    """opens < entries close < scoring closes (design contests only, and
    required there) ≤ judging ends; a solution challenge's judging ends
    after its entries close."""
    if not opens_at < submissions_close_at:
        raise _refuse(_("Entries must close after the challenge opens."), "timeline_order")
    if kind == ChallengeKind.DESIGN:
        if scoring_closes_at is None:
            raise _refuse(
                _("A design contest needs the time community scoring closes."),
                "scoring_required",
            )
        if not submissions_close_at < scoring_closes_at:
            raise _refuse(_("Community scoring must close after entries close."), "timeline_order")
        if not scoring_closes_at <= judging_closes_at:
            raise _refuse(
                _("Judging cannot end before community scoring closes."), "timeline_order"
            )
    else:
        if scoring_closes_at is not None:
            raise _refuse(
                _("A solution challenge has no community scoring: leave its closing time empty."),
                "scoring_not_allowed",
            )
        if not submissions_close_at < judging_closes_at:
            raise _refuse(_("Judging must end after entries close."), "timeline_order")


def _check_values(values: dict[str, Any]) -> None:
    unknown = set(values) - EDITABLE_FIELDS
    if unknown:
        raise _refuse(
            _("These cannot be set here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
            "unknown_field",
        )
    if "kind" in values and values["kind"] not in ChallengeKind.values:
        raise _refuse(_("Choose a design contest or a solution challenge."), "invalid_kind")
    if "time_zone" in values:
        check_time_zone(values["time_zone"])
    if "name" in values and not (values["name"] or "").strip():
        raise _refuse(_("Name the challenge."), "name_required")


def render_texts(challenge: Challenge, names: Iterable[str]) -> list[str]:
    """Render the Markdown texts among `names` into their `*_html` fields;
    returns the fields rendered."""
    rendered = []
    for name in names:
        if name in TEXT_FIELDS or name.removesuffix("_zh") in TEXT_FIELDS:
            setattr(challenge, f"{name}_html", render_markdown(getattr(challenge, name) or ""))
            rendered.append(f"{name}_html")
    return rendered


def _timeline_of(challenge: Challenge) -> tuple:
    return tuple(getattr(challenge, name) for name in ("kind", *TIMELINE_FIELDS))


def _set_cover(challenge: Challenge, cover: Any) -> None:
    """Check the uploaded cover by content and store it re-encoded."""
    image = make_post_image(cover)
    challenge.cover.save(image.name, image.content, save=False)


# Drafting and editing -----------------------------------------------------------


@dataclass(frozen=True)
class PrizeData:
    rank: int
    label: str
    label_zh: str = ""
    cash: Decimal = Decimal("0.00")
    currency: str = "CNY"
    points: int = 0
    medal: Medal | None = None


@transaction.atomic
def create_challenge(
    product: Product,
    *,
    actor: Any,
    cover: Any = None,
    prizes: Iterable[PrizeData] = (),
    **values: Any,
) -> Challenge:
    """A new draft challenge of `product` with its prize table (optional)."""
    _check_values(values)
    check_slug(values["slug"])
    challenge = Challenge(product=product, status=ChallengeStatus.DRAFT, **values)
    check_timeline(*_timeline_of(challenge))
    render_texts(challenge, [*TEXT_FIELDS, *(f"{name}_zh" for name in TEXT_FIELDS)])
    now = timezone.now()
    challenge.created_by = actor if getattr(actor, "pk", None) else None
    challenge.created_at = challenge.updated_at = now
    if cover:
        _set_cover(challenge, cover)
    challenge.save()
    for prize in prizes:
        _create_prize(challenge, prize)
    _record(actor, "challenge.created", challenge, slug=challenge.slug, kind=challenge.kind)
    return challenge


@transaction.atomic
def update_challenge(
    challenge: Challenge, *, actor: Any, cover: Any = None, **values: Any
) -> list[str]:
    """Change what staff wrote about a challenge. Once it is published its
    kind is fixed and its opening and entry deadline cannot move into the
    past (entrants and the minute task rely on them); a finished
    challenge's timeline is final. Returns the names of the fields changed."""
    _check_values(values)
    locked = _locked(challenge)
    changed = [name for name, value in values.items() if getattr(locked, name) != value]
    if not changed and not cover:
        return []
    status = locked.status_choice
    published = status != ChallengeStatus.DRAFT
    if "slug" in changed:
        check_slug(values["slug"], exclude=locked.pk)
    if published and "kind" in changed:
        raise _refuse(
            _("A published challenge keeps its kind: entrants entered it as it is."),
            "kind_locked",
        )
    timeline_changed = [name for name in TIMELINE_FIELDS if name in changed]
    if timeline_changed and status.is_finished:
        raise _refuse(_("The winners are announced: the timeline is final."), "timeline_locked")
    for name in changed:
        setattr(locked, name, values[name])
    if locked.kind == ChallengeKind.SOLUTION and "kind" in changed:
        locked.scoring_closes_at = None
        changed.append("scoring_closes_at")
    check_timeline(*_timeline_of(locked))
    now = timezone.now()
    if published:
        for name in ("opens_at", "submissions_close_at"):
            if name in timeline_changed and getattr(locked, name) < now:
                raise _refuse(
                    _("The opening cannot move into the past once the challenge is published.")
                    if name == "opens_at"
                    else _(
                        "The entry deadline cannot move into the past once the challenge "
                        "is published."
                    ),
                    "deadline_in_past",
                )
    rendered = render_texts(locked, changed)
    if cover:
        _set_cover(locked, cover)
        changed.append("cover")
    locked.updated_at = now
    locked.save(update_fields=[*dict.fromkeys(changed), *rendered, "updated_at"])
    _record(actor, "challenge.edited", locked, fields=sorted(set(changed)))
    for name in (*changed, *rendered, "cover", "updated_at"):
        setattr(challenge, name, getattr(locked, name))
    return changed


# The workflow ----------------------------------------------------------------------


def _check_transition(challenge: Challenge, target: ChallengeStatus) -> None:
    current = challenge.status_choice
    if not current.can_become(target):
        raise _refuse(
            _("A challenge that is “%(current)s” cannot become “%(status)s”.")
            % {"current": current.label, "status": target.label},
            "invalid_transition",
        )


def publish_refusals(challenge: Challenge, now: datetime | None = None) -> list[ValidationError]:
    """What keeps a draft from being published, each a coded ValidationError
    (empty when it may go out): a brief and IP terms, a timeline in order
    whose entry deadline is still ahead, and at least one prize."""
    now = now or timezone.now()
    refusals = []
    if not challenge.brief.strip():
        refusals.append(_refuse(_("Write the brief."), "brief_required"))
    if not challenge.ip_terms.strip():
        refusals.append(_refuse(_("Write the IP terms entrants accept."), "ip_terms_required"))
    try:
        check_timeline(*_timeline_of(challenge))
    except ValidationError as refused:
        refusals.append(refused)
    if challenge.submissions_close_at <= now:
        refusals.append(
            _refuse(
                _("The entry deadline has passed: move the timeline into the future."),
                "timeline_past",
            )
        )
    if not challenge.prizes.exists():
        refusals.append(_refuse(_("Add at least one prize."), "no_prizes"))
    return refusals


@transaction.atomic
def publish_challenge(challenge: Challenge, *, actor: Any) -> Challenge:
    """Draft → open: members see it, upcoming until it opens."""
    locked = _locked(challenge)
    _check_transition(locked, ChallengeStatus.OPEN)
    refusals = publish_refusals(locked)
    if refusals:
        first = refusals[0]
        raise ValidationError(
            " ".join(message for refused in refusals for message in refused.messages),
            code=first.code,
        )
    locked.status = challenge.status = ChallengeStatus.OPEN
    locked.updated_at = challenge.updated_at = timezone.now()
    locked.save(update_fields=["status", "updated_at"])
    _record(actor, "challenge.published", locked, kind=locked.kind)
    return challenge


@transaction.atomic
def close_challenge(challenge: Challenge, *, actor: Any) -> Challenge:
    """Announced → closed: the challenge is archived."""
    locked = _locked(challenge)
    _check_transition(locked, ChallengeStatus.CLOSED)
    now = timezone.now()
    locked.status = challenge.status = ChallengeStatus.CLOSED
    locked.closed_at = challenge.closed_at = now
    locked.updated_at = challenge.updated_at = now
    locked.save(update_fields=["status", "closed_at", "updated_at"])
    _record(actor, "challenge.closed", locked)
    return challenge


# The verbs the minute task records, by the phase a challenge enters.
ADVANCE_VERBS = {
    ChallengeStatus.SCORING: "challenge.scoring_opened",
    ChallengeStatus.JUDGING: "challenge.judging_opened",
}


def entrants(challenge: Challenge) -> Any:
    """The confirmed team members of the challenge's submitted entries."""
    return (
        get_user_model()
        .objects.filter(
            entry_teams__entry__challenge=challenge,
            entry_teams__entry__status=EntryStatus.SUBMITTED,
            entry_teams__status=TeamStatus.CONFIRMED,
        )
        .distinct()
    )


def _tell_entrants(challenge: Challenge, event: str, until: datetime | None) -> None:
    data = {
        "event": event,
        "challenge": challenge.name,
        "challenge_zh": challenge.name_zh,
        "until": until.isoformat() if until else None,
    }
    url = challenge.get_absolute_url()
    transaction.on_commit(
        lambda: notify_many(
            entrants(challenge),
            kind=NotificationKind.CHALLENGE,
            actor=None,
            target=challenge,
            url=url,
            data=data,
        )
    )


def _advance(challenge: Challenge, now: datetime) -> bool:
    """Move one challenge's stored status to the phase its deadlines put it
    in, if nobody did meanwhile; returns whether this call moved it."""
    target = challenge.current_status(now)
    current = challenge.status_choice
    if target == current or not current.can_become(target):
        return False
    with transaction.atomic():
        moved = Challenge.objects.filter(pk=challenge.pk, status=current).update(
            status=target, updated_at=now
        )
        if not moved:
            return False
        challenge.status = target
        _record(None, ADVANCE_VERBS[target], challenge, previous=current.value)
        if current == ChallengeStatus.OPEN:
            # Entries closed: to a design contest's scoring, or to judging.
            event = "scoring_opened" if target == ChallengeStatus.SCORING else "entries_closed"
            until = (
                challenge.scoring_closes_at
                if target == ChallengeStatus.SCORING
                else challenge.judging_closes_at
            )
            _tell_entrants(challenge, event, until)
    return True


def advance_timelines(now: datetime) -> int:
    """Bring the stored status of every open or scoring challenge whose
    deadline passed up to `current_status(now)`: open → scoring (design) or
    judging (solution, or a design contest whose scoring closed too),
    scoring → judging. Each move is a conditional UPDATE, so a repeated or
    concurrent run moves nothing twice and tells entrants once. Returns how
    many challenges moved."""
    due = Challenge.objects.filter(
        Q(status=ChallengeStatus.OPEN, submissions_close_at__lte=now)
        | Q(status=ChallengeStatus.SCORING, scoring_closes_at__lte=now)
        | Q(status=ChallengeStatus.SCORING, scoring_closes_at__isnull=True)
    ).order_by("pk")
    return sum(_advance(challenge, now) for challenge in due)


# Prizes ---------------------------------------------------------------------------


def _check_prizes_editable(challenge: Challenge) -> None:
    if challenge.status_choice.is_finished:
        raise _refuse(_("The winners are announced: the prize table is final."), "prizes_locked")


def _check_prize(data: PrizeData) -> None:
    if data.rank < 1 or data.rank > 1000:
        raise _refuse(_("A rank is a number from 1 to 1000."), "invalid_rank")
    if not data.label.strip():
        raise _refuse(_("Name the prize, like “First prize”."), "label_required")
    cash = Decimal(data.cash)
    if (
        not cash.is_finite()
        or cash < 0
        or cash > CASH_MAX
        or cash != cash.quantize(Decimal("0.01"))
    ):
        raise _refuse(
            _("The cash amount is a sum of at least 0 with at most two decimals."),
            "invalid_cash",
        )
    if not CURRENCY.fullmatch(data.currency or ""):
        raise _refuse(
            _("The currency is three capital letters, like CNY or USD."), "invalid_currency"
        )
    if data.points < 0 or data.points > 1_000_000:
        raise _refuse(_("Points are a number from 0 to 1,000,000."), "invalid_points")


def _create_prize(challenge: Challenge, data: PrizeData) -> Prize:
    _check_prize(data)
    try:
        with transaction.atomic():
            return Prize.objects.create(
                challenge=challenge,
                rank=data.rank,
                label=data.label.strip(),
                label_zh=data.label_zh.strip(),
                cash=Decimal(data.cash),
                currency=data.currency,
                points=data.points,
                medal=data.medal,
            )
    except IntegrityError:
        raise _refuse(
            _("There is a prize for rank %(rank)d already.") % {"rank": data.rank},
            "duplicate_rank",
        ) from None


@transaction.atomic
def add_prize(challenge: Challenge, *, actor: Any, prize: PrizeData) -> Prize:
    locked = _locked(challenge)
    _check_prizes_editable(locked)
    row = _create_prize(locked, prize)
    _record(actor, "challenge.prize_added", locked, rank=row.rank)
    return row


@transaction.atomic
def edit_prize(prize: Prize, *, actor: Any, data: PrizeData) -> Prize:
    locked = _locked(prize.challenge)
    _check_prizes_editable(locked)
    _check_prize(data)
    if Prize.objects.filter(challenge=locked, rank=data.rank).exclude(pk=prize.pk).exists():
        raise _refuse(
            _("There is a prize for rank %(rank)d already.") % {"rank": data.rank},
            "duplicate_rank",
        )
    prize.rank = data.rank
    prize.label = data.label.strip()
    prize.label_zh = data.label_zh.strip()
    prize.cash = Decimal(data.cash)
    prize.currency = data.currency
    prize.points = data.points
    prize.medal = data.medal
    prize.save()
    _record(actor, "challenge.prize_edited", locked, rank=prize.rank)
    return prize


@transaction.atomic
def remove_prize(prize: Prize, *, actor: Any) -> None:
    locked = _locked(prize.challenge)
    _check_prizes_editable(locked)
    _record(actor, "challenge.prize_removed", locked, rank=prize.rank)
    prize.delete()


# Attachments ------------------------------------------------------------------------


def sniff_kind(upload: Any) -> str:
    """The kind of file `upload` is by its first bytes (pdf, png, jpg, zip,
    or txt for UTF-8 text without NUL bytes), whatever its name says; ""
    for anything else."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return kind
    if not head or b"\x00" in head:
        return ""
    try:
        # A multi-byte character may be cut at the end of the sample.
        head.decode("utf-8")
    except UnicodeDecodeError as cut:
        if cut.start < len(head) - 3:
            return ""
    return "txt"


def clean_file_name(name: str, kind: str) -> str:
    """A safe name to show and download as: no folders, no odd characters,
    and the extension of what the file is (Markdown keeps its .md)."""
    stem, extension = os.path.splitext(os.path.basename(name.replace("\\", "/")))
    extension = extension.lower().lstrip(".")
    if kind == "txt" and extension in ("md", "markdown"):
        kind = "md"
    elif kind == "jpg" and extension == "jpeg":
        kind = "jpeg"
    try:
        stem = get_valid_filename(stem)
    except SuspiciousFileOperation:  # names like "." or ".."
        stem = ""
    stem = stem.strip("._-")[:100] or "file"
    return f"{stem}.{kind}"


@transaction.atomic
def add_attachment(challenge: Challenge, *, actor: Any, upload: Any) -> ChallengeAttachment:
    """Attach a file to the brief: a PDF, PNG or JPEG image, ZIP archive or
    plain text / Markdown, recognised by its content, of at most 20 MB."""
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise _refuse(
            _("The file is too large: at most %(limit)s.")
            % {"limit": filesizeformat(ATTACHMENT_MAX_BYTES)},
            "too_large",
        )
    kind = sniff_kind(upload)
    if not kind:
        raise _refuse(
            _("Attach a PDF, a PNG or JPEG image, a ZIP archive or a text or Markdown file."),
            "file_type",
        )
    locked = _locked(challenge)
    name = clean_file_name(upload.name or "", kind)
    attachment = ChallengeAttachment(challenge=locked, name=name, size=upload.size)
    upload.seek(0)
    stored = f"{secrets.token_hex(10)}.{name.rsplit('.', 1)[1]}"
    attachment.file.save(stored, ContentFile(upload.read()), save=False)
    attachment.save()
    _record(actor, "challenge.attachment_added", locked, file=name)
    return attachment


@transaction.atomic
def remove_attachment(attachment: ChallengeAttachment, *, actor: Any) -> None:
    locked = _locked(attachment.challenge)
    _record(actor, "challenge.attachment_removed", locked, file=attachment.name)
    stored = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: stored.delete(save=False))
