"""Every write to releases and their changelogs: drafting, editing,
scheduling, publishing, and the co-creator credits.

Each runs in one transaction, records an Activity and bumps the "releases"
page-cache stamp. They trust their caller for who may act
(permissions/releases.py); what depends on the release's state when the
write happens (its status, a version already taken, a linked idea closed) is
checked here, under the row lock, and refused with a ValidationError whose
`code` the API answers with."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.betas.enums import BugStatus
from cocreate.betas.models import BugReport
from cocreate.betas.queries import channel_members
from cocreate.core.activity import record
from cocreate.core.markdown import render_markdown
from cocreate.core.pagecache import bump
from cocreate.forum.models import Product
from cocreate.ideas import actions as ideas
from cocreate.ideas.enums import OPEN, IdeaStatus
from cocreate.ideas.models import Idea, Support
from cocreate.notifications.actions import notify_many
from cocreate.notifications.enums import NotificationKind

from .. import calendar
from ..enums import Channel, CreditRole, EntryKind, ReleaseStatus
from ..models import (
    ChangelogEntry,
    ExperienceReport,
    ProductReleaseSettings,
    Release,
    ReleaseCredit,
    Team,
)

# The first supporters of a shipped idea credited as its early supporters.
EARLY_SUPPORTERS = 5
# A channel without beta programs counts as its audience the members who
# reported on this many of its previous releases.
AUDIENCE_RELEASES = 4


def credit_members(release: Release, *, member_ids: Iterable[int], role: CreditRole) -> int:
    """Credit members as co-creators of `release` in `role`; crediting one
    twice changes nothing; the credits page and profiles change with the
    "releases" stamp. Returns how many rows were new. Call inside the
    caller's transaction."""
    ids = set(member_ids)
    existing = set(
        ReleaseCredit.objects.filter(release=release, role=role, member_id__in=ids).values_list(
            "member_id", flat=True
        )
    )
    new = [
        ReleaseCredit(release=release, member_id=member_id, role=role)
        for member_id in sorted(ids - existing)
    ]
    if new:
        ReleaseCredit.objects.bulk_create(new, ignore_conflicts=True)
        bump("releases")
    return len(new)


def release_settings_for(product: Product) -> ProductReleaseSettings:
    """The product's release rhythm, created with the defaults (Friday 18:00
    in the site's time zone, reports until Tuesday) the first time."""
    return ProductReleaseSettings.objects.get_or_create(product=product)[0]


@dataclass
class EntryData:
    """What a changelog entry says, and the ideas it ships."""

    kind: str
    title: str
    title_zh: str = ""
    description: str = ""
    description_zh: str = ""
    team: Team | None = None
    ideas: Sequence[Idea] = field(default_factory=list)


# Drafting and editing ---------------------------------------------------------------


def _check_version(product: Product, channel: str, version: str, *, exclude: int | None) -> None:
    same = Release.objects.filter(product=product, channel=channel, version=version)
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if same.exists():
        raise ValidationError(
            _("%(product)s already has a %(channel)s release %(version)s.")
            % {
                "product": product.display_name,
                "channel": Channel(channel).label,
                "version": version,
            },
            code="duplicate_version",
        )


@transaction.atomic
def draft_release(
    product: Product,
    *,
    actor: Any,
    channel: str,
    version: str,
    release_date: date,
    codename: str = "",
    notes: str = "",
    entries: Iterable[EntryData] = (),
) -> Release:
    """Start a release of `product` as a draft, with its changelog entries."""
    release_settings_for(product)
    _check_version(product, channel, version, exclude=None)
    now = timezone.now()
    release = Release.objects.create(
        product=product,
        channel=channel,
        version=version,
        codename=codename,
        release_date=release_date,
        notes=notes,
        notes_html=render_markdown(notes),
        created_by=actor if getattr(actor, "pk", None) else None,
        created_at=now,
        updated_at=now,
    )
    for position, entry in enumerate(entries):
        _create_entry(release, entry, position)
    record(
        actor=actor,
        verb="release.drafted",
        target=release,
        product=product,
        version=version,
        channel=channel,
    )
    bump("releases")
    return release


def _locked(release: Release) -> Release:
    return Release.objects.select_for_update().select_related("product").get(pk=release.pk)


def _check_unpublished(release: Release) -> None:
    if release.is_published:
        raise ValidationError(
            _("%(version)s is published: its changelog and version are final.")
            % {"version": release.version},
            code="published",
        )


@transaction.atomic
def edit_release(
    release: Release,
    *,
    actor: Any,
    channel: str,
    version: str,
    release_date: date,
    codename: str,
    notes: str,
) -> bool:
    """Change a release's header and notes; its channel and version only
    while it is not published. Returns whether anything changed."""
    locked = _locked(release)
    if (channel, version) != (locked.channel, locked.version):
        _check_unpublished(locked)
        _check_version(locked.product, channel, version, exclude=locked.pk)
    values = {
        "channel": channel,
        "version": version,
        "release_date": release_date,
        "codename": codename,
        "notes": notes,
    }
    changed = [name for name, value in values.items() if getattr(locked, name) != value]
    if not changed:
        return False
    for name in changed:
        setattr(release, name, values[name])
    release.notes_html = render_markdown(notes)
    release.updated_at = timezone.now()
    release.save(update_fields=[*changed, "notes_html", "updated_at"])
    record(
        actor=actor,
        verb="release.edited",
        target=release,
        product=release.product_id,
        version=version,
        fields=changed,
    )
    bump("releases")
    return True


# The changelog ----------------------------------------------------------------------


def _check_ideas(release: Release, ideas_: Sequence[Idea], *, keep: Iterable[int] = ()) -> None:
    """Linked ideas must be the release's product's and still open (those
    already linked to the entry, `keep`, may stay whatever they became)."""
    kept = set(keep)
    for idea in ideas_:
        if idea.product_id != release.product_id:
            raise ValidationError(
                _("Idea %(number)s is not an idea for %(product)s.")
                % {"number": idea.pk, "product": release.product.display_name},
                code="other_product",
            )
        if idea.pk not in kept and idea.status not in OPEN:
            raise ValidationError(
                _("Idea %(number)s is %(status)s: link only open ideas.")
                % {"number": idea.pk, "status": idea.status_choice.label},
                code="idea_closed",
            )


def _check_entry(release: Release, entry: EntryData, *, keep: Iterable[int] = ()) -> None:
    if entry.kind not in EntryKind.values:
        raise ValidationError(
            _("“%(kind)s” is not a kind of change.") % {"kind": entry.kind}, code="invalid_kind"
        )
    if entry.team is not None and entry.team.product_id != release.product_id:
        raise ValidationError(
            _("The team %(team)s does not work on %(product)s.")
            % {"team": entry.team.display_name, "product": release.product.display_name},
            code="other_team",
        )
    _check_ideas(release, entry.ideas, keep=keep)


def _create_entry(release: Release, entry: EntryData, position: int) -> ChangelogEntry:
    _check_entry(release, entry)
    row = ChangelogEntry.objects.create(
        release=release,
        kind=entry.kind,
        title=entry.title,
        title_zh=entry.title_zh,
        description=entry.description,
        description_zh=entry.description_zh,
        team=entry.team,
        position=position,
    )
    row.ideas.set(entry.ideas)
    return row


@transaction.atomic
def add_entry(release: Release, *, actor: Any, entry: EntryData) -> ChangelogEntry:
    """Add a line at the end of an unpublished release's changelog."""
    locked = _locked(release)
    _check_unpublished(locked)
    last = locked.entries.aggregate(last=Max("position"))["last"]
    row = _create_entry(locked, entry, 0 if last is None else last + 1)
    _changelog_changed(locked, actor, "release.entry_added", row)
    return row


@transaction.atomic
def edit_entry(row: ChangelogEntry, *, actor: Any, entry: EntryData) -> ChangelogEntry:
    locked = _locked(row.release)
    _check_unpublished(locked)
    _check_entry(locked, entry, keep=row.ideas.values_list("pk", flat=True))
    for name in ("kind", "title", "title_zh", "description", "description_zh", "team"):
        setattr(row, name, getattr(entry, name))
    row.save()
    row.ideas.set(entry.ideas)
    _changelog_changed(locked, actor, "release.entry_edited", row)
    return row


@transaction.atomic
def remove_entry(row: ChangelogEntry, *, actor: Any) -> None:
    locked = _locked(row.release)
    _check_unpublished(locked)
    _changelog_changed(locked, actor, "release.entry_removed", row)
    row.delete()


@transaction.atomic
def move_entry(row: ChangelogEntry, *, actor: Any, offset: int) -> bool:
    """Move a line `offset` places up (negative) or down the changelog;
    returns whether it moved. Positions are renumbered from 0."""
    locked = _locked(row.release)
    _check_unpublished(locked)
    order = list(locked.entries.order_by("position", "id").values_list("pk", flat=True))
    index = order.index(row.pk)
    target = max(0, min(len(order) - 1, index + offset))
    if target == index:
        return False
    order.insert(target, order.pop(index))
    rows = [ChangelogEntry(pk=pk, position=position) for position, pk in enumerate(order)]
    ChangelogEntry.objects.bulk_update(rows, ["position"])
    _changelog_changed(locked, actor, "release.entry_moved", row)
    return True


def _changelog_changed(release: Release, actor: Any, verb: str, row: ChangelogEntry) -> None:
    Release.objects.filter(pk=release.pk).update(updated_at=timezone.now())
    record(
        actor=actor,
        verb=verb,
        target=release,
        product=release.product_id,
        version=release.version,
        entry=row.pk,
        title=row.title,
    )
    bump("releases")


# Scheduling -------------------------------------------------------------------------


def _check_becomes(release: Release, status: ReleaseStatus) -> None:
    current = release.status_choice
    if not current.can_become(status):
        raise ValidationError(
            _("A release that is “%(current)s” cannot become “%(status)s”.")
            % {"current": current.label, "status": status.label},
            code="published" if current is ReleaseStatus.PUBLISHED else "invalid_transition",
        )


@transaction.atomic
def schedule_release(release: Release, *, actor: Any, publish_at: datetime) -> Release:
    """Have a draft published by itself at `publish_at` (a future instant),
    or move a scheduled release's time."""
    locked = _locked(release)
    if locked.status != ReleaseStatus.SCHEDULED:
        _check_becomes(locked, ReleaseStatus.SCHEDULED)
    if publish_at <= timezone.now():
        raise ValidationError(
            _("Choose a time in the future to publish it, or publish it now."),
            code="past_publish_at",
        )
    Release.objects.filter(pk=release.pk).update(
        status=ReleaseStatus.SCHEDULED, publish_at=publish_at, updated_at=timezone.now()
    )
    release.status, release.publish_at = ReleaseStatus.SCHEDULED.value, publish_at
    record(
        actor=actor,
        verb="release.scheduled",
        target=release,
        product=release.product_id,
        version=release.version,
        publish_at=publish_at.isoformat(),
    )
    bump("releases")
    return release


@transaction.atomic
def unschedule_release(release: Release, *, actor: Any) -> Release:
    """Take a scheduled release back to draft."""
    locked = _locked(release)
    if locked.status == ReleaseStatus.DRAFT:
        raise ValidationError(_("This release is not scheduled."), code="not_scheduled")
    _check_becomes(locked, ReleaseStatus.DRAFT)
    Release.objects.filter(pk=release.pk).update(
        status=ReleaseStatus.DRAFT, publish_at=None, updated_at=timezone.now()
    )
    release.status, release.publish_at = ReleaseStatus.DRAFT.value, None
    record(
        actor=actor,
        verb="release.unscheduled",
        target=release,
        product=release.product_id,
        version=release.version,
    )
    bump("releases")
    return release


# Publishing -------------------------------------------------------------------------


def audience_of(release: Release) -> int:
    """The members expected to report on `release`: the active members of
    its product's beta programs on its channel, or, for a channel without
    any, the members who reported on its previous AUDIENCE_RELEASES releases."""
    members = channel_members(release.product_id, release.channel).count()
    if members:
        return members
    previous = (
        Release.objects.filter(
            product_id=release.product_id,
            channel=release.channel,
            status=ReleaseStatus.PUBLISHED,
        )
        .exclude(pk=release.pk)
        .order_by("-published_at", "-id")
        .values("pk")[:AUDIENCE_RELEASES]
    )
    return (
        ExperienceReport.objects.filter(release__in=previous).values("member_id").distinct().count()
    )


def _ship_linked_ideas(release: Release, actor: Any) -> list[Idea]:
    """Move the release's linked open ideas to shipped; returns every linked
    idea that is shipped now (including those already shipped before)."""
    linked = list(Idea.objects.filter(changelog_entries__release=release).distinct().order_by("pk"))
    for idea in linked:
        ideas.ship_idea(idea, actor=actor, version=release.version, release=release.pk)
    return [idea for idea in linked if idea.status == IdeaStatus.SHIPPED]


def _credit(release: Release, shipped: list[Idea]) -> None:
    """Credit the shipped ideas' authors, their first supporters, and the
    reporters of the bugs the release fixes."""
    credit_members(
        release, member_ids=[idea.author_id for idea in shipped], role=CreditRole.IDEA_AUTHOR
    )
    early: set[int] = set()
    for idea in shipped:
        early.update(
            Support.objects.filter(idea=idea)
            .exclude(member_id=idea.author_id)
            .order_by("created_at", "id")
            .values_list("member_id", flat=True)[:EARLY_SUPPORTERS]
        )
    credit_members(release, member_ids=early, role=CreditRole.EARLY_SUPPORTER)
    reporters = BugReport.objects.filter(fixed_in=release, status=BugStatus.FIXED).values_list(
        "reporter_id", flat=True
    )
    credit_members(release, member_ids=reporters, role=CreditRole.BUG_REPORTER)


@transaction.atomic
def publish_release(release: Release, *, actor: Any) -> Release:
    """Publish a draft or scheduled release now: its report window opens
    until the end of the product's report-closing weekday, its audience is
    counted, its linked ideas ship (their authors and supporters hear the
    version), its co-creators are credited, and the members of its channel's
    beta programs are told. Raises ValidationError (code `published`) when
    it already is. `actor` is None when the schedule publishes it."""
    locked = _locked(release)
    _check_becomes(locked, ReleaseStatus.PUBLISHED)
    now = timezone.now()
    release_settings = release_settings_for(locked.product)
    locked.status = ReleaseStatus.PUBLISHED
    locked.published_at = now
    locked.reports_close_at = calendar.reports_close_at(release_settings, now)
    locked.audience_count = audience_of(locked)
    locked.updated_at = now
    locked.save(
        update_fields=[
            "status",
            "published_at",
            "reports_close_at",
            "audience_count",
            "updated_at",
        ]
    )
    shipped = _ship_linked_ideas(locked, actor)
    _credit(locked, shipped)
    product = locked.product
    record(
        actor=actor,
        verb="release.published",
        target=locked,
        public=not locked.channel_choice.is_restricted,
        product=product,
        version=locked.version,
        channel=locked.channel,
        ideas=[idea.pk for idea in shipped],
        audience=locked.audience_count,
        scheduled=actor is None,
    )
    transaction.on_commit(lambda: _tell_channel(locked))
    bump("releases", "ideas")
    for name in ("status", "published_at", "reports_close_at", "audience_count", "updated_at"):
        setattr(release, name, getattr(locked, name))
    return release


def _tell_channel(release: Release) -> None:
    """Tell the members of the release's channel's beta programs that a
    build is out (after commit: a rolled-back publish tells nobody)."""
    product = release.product
    notify_many(
        channel_members(release.product_id, release.channel),
        kind=NotificationKind.RELEASE,
        actor=None,
        target=release,
        url=release.get_absolute_url(),
        data={
            "release": release.pk,
            "version": release.version,
            "channel": release.channel,
            "product": product.name,
            "product_zh": product.name_zh,
        },
    )


def publish_due_releases(now: datetime) -> int:
    """Publish every scheduled release whose time has come; a release
    published meanwhile (by staff, by another run) is skipped. Returns how
    many were published."""
    published = 0
    due = Release.objects.filter(status=ReleaseStatus.SCHEDULED, publish_at__lte=now)
    for pk in due.order_by("publish_at", "pk").values_list("pk", flat=True):
        with transaction.atomic():
            release = due.select_for_update().filter(pk=pk).first()
            if release is None:
                continue
            publish_release(release, actor=None)
        published += 1
    return published
