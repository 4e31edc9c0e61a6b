"""Releases: the builds of each product, their changelogs and co-creators;
the product team drafts and publishes them.

Every endpoint calls the same queries, permissions and actions as the
release pages. A refusal of the release's state comes from the action as a
ValidationError with a `code`: publishing a published release answers 409
`published`, the others 400 with their code."""

from datetime import date, datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import StringConstraints

from cocreate.forum.models import Product
from cocreate.ideas.models import Idea
from cocreate.releases import calendar
from cocreate.releases.actions import releases as actions
from cocreate.releases.enums import Channel, CreditRole, EntryKind
from cocreate.releases.forms.releases import VERSION_PATTERN
from cocreate.releases.models import ChangelogEntry, Release, Team
from cocreate.releases.permissions import releases as permissions
from cocreate.releases.queries import releases as queries

from ..errors import ApiError
from ..schemas import ERRORS, ErrorOut
from .ideas import MemberOut, token_session_or_anonymous

router = Router(tags=["releases"])

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
Slug = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
Version = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=40, pattern=VERSION_PATTERN)
]

BAD = {400: ErrorOut}
CONFLICT = {409: ErrorOut}


# Schemas -----------------------------------------------------------------------------


class ReleaseOut(Schema):
    id: int
    url: str = Field(description="The release's page.")
    product: str = Field(description="The product's slug.")
    channel: Channel
    version: str
    name: str
    release_date: date
    status: str
    publish_at: datetime | None = Field(description="When a scheduled release goes out.")
    published_at: datetime | None
    reports_close_at: datetime | None = Field(description="When its four-grid reports close.")
    audience_count: int
    report_count: int

    @staticmethod
    def resolve_url(release: Release) -> str:
        return release.get_absolute_url()

    @staticmethod
    def resolve_product(release: Release) -> str:
        return release.product.slug

    @staticmethod
    def resolve_name(release: Release) -> str:
        return release.codename


class ReleasePageOut(Schema):
    items: list[ReleaseOut]
    count: int


class EntryOut(Schema):
    id: int
    kind: EntryKind
    title: str
    title_zh: str
    description: str
    description_zh: str
    team: str | None = Field(description="The owning team's slug.")
    ideas: list[int] = Field(description="The ideas it ships.")

    @staticmethod
    def resolve_team(entry: ChangelogEntry) -> str | None:
        return entry.team.slug if entry.team else None

    @staticmethod
    def resolve_ideas(entry: ChangelogEntry) -> list[int]:
        return [idea.pk for idea in entry.ideas.all()]


class ReleaseDetailOut(ReleaseOut):
    notes: str = Field(description="Markdown.")
    notes_html: str = Field(description="Sanitised HTML.")
    entries: list[EntryOut]

    @staticmethod
    def resolve_entries(release: Release) -> list[ChangelogEntry]:
        return queries.changelog(release)


class EntryIn(Schema):
    kind: EntryKind
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=150)]
    title_zh: Annotated[str, StringConstraints(strip_whitespace=True, max_length=150)] = ""
    description: Annotated[str, StringConstraints(max_length=5000)] = ""
    description_zh: Annotated[str, StringConstraints(max_length=5000)] = ""
    team: Slug | None = Field(None, description="A team of the product, by slug.")
    ideas: list[Annotated[int, Field(ge=1, le=2**63 - 1)]] = Field([], max_length=50)


class ReleaseIn(Schema):
    product: Slug
    channel: Channel = Channel.DEVELOPMENT
    version: Version = Field(min_length=1)
    name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)] = ""
    release_date: date
    notes: Annotated[str, StringConstraints(max_length=20000)] = ""
    entries: list[EntryIn] = Field([], max_length=100)


class PublishIn(Schema):
    publish_at: datetime | None = Field(
        None, description="Schedule it for this future time instead of publishing now."
    )


class ReleaseListQuery(Schema):
    product: Slug | None = Field(None, description="Only this product's releases.")
    channel: Channel | None = None
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000_000)


class IdeaCreditOut(Schema):
    id: int
    title: str
    url: str
    author: MemberOut
    early_supporters: list[MemberOut]

    @staticmethod
    def resolve_url(idea: Idea) -> str:
        return idea.get_absolute_url()


class BugCreditOut(Schema):
    reporter: MemberOut
    bugs: list[str] = Field(description="The titles of the bugs it fixes.")


class CreditsOut(Schema):
    release: int
    member_count: int = Field(description="Distinct co-creators.")
    roles: dict[CreditRole, int] = Field(description="Members credited in each role.")
    ideas: list[IdeaCreditOut]
    bug_reporters: list[BugCreditOut]
    previous_release: int | None = Field(
        description="The previous release of the product and channel."
    )
    report_count: int = Field(description="Four-grid reports on the previous release.")


# Helpers -------------------------------------------------------------------------------


def _refused(refusal: ValidationError) -> ApiError:
    code = refusal.code or "invalid"
    return ApiError(409 if code == "published" else 400, code, " ".join(refusal.messages))


def _product_or_422(slug: str) -> Product:
    product = Product.objects.filter(is_active=True, slug=slug).first()
    if product is None:
        raise ValidationError({"product": [_("No product is called “%(slug)s”.") % {"slug": slug}]})
    return product


def _entry_data(product: Product, entry: EntryIn, index: int) -> actions.EntryData:
    team = None
    if entry.team is not None:
        team = Team.objects.filter(product=product, slug=entry.team).first()
        if team is None:
            raise ValidationError(
                {
                    f"entries.{index}.team": [
                        _("No team is called “%(slug)s”.") % {"slug": entry.team}
                    ]
                }
            )
    found = Idea.objects.in_bulk(entry.ideas)
    missing = [str(number) for number in entry.ideas if number not in found]
    if missing:
        raise ValidationError(
            {
                f"entries.{index}.ideas": [
                    _("There is no idea %(numbers)s.") % {"numbers": ", ".join(missing)}
                ]
            }
        )
    return actions.EntryData(
        kind=entry.kind,
        title=entry.title,
        title_zh=entry.title_zh,
        description=entry.description,
        description_zh=entry.description_zh,
        team=team,
        ideas=[found[number] for number in dict.fromkeys(entry.ideas)],
    )


def _detail(user: Any, release_id: int) -> Release:
    return queries.get_release_for(user, release_id)


# Endpoints ------------------------------------------------------------------------------


@router.get("/releases", auth=token_session_or_anonymous, response={200: ReleasePageOut, **ERRORS})
def list_releases(request, filters: Query[ReleaseListQuery]):
    """The releases you may see, newest first: published ones of the public
    channels; beta builds for their programs' members; drafts and scheduled
    ones for staff."""
    releases = queries.releases_visible_to(request.auth).select_related("product")
    if filters.product is not None:
        releases = releases.filter(product=_product_or_422(filters.product))
    if filters.channel is not None:
        releases = releases.filter(channel=filters.channel)
    releases = releases.order_by("-release_date", "-id")
    page = list(releases[filters.offset : filters.offset + filters.limit])
    return {"items": page, "count": releases.count()}


@router.post("/releases", response={201: ReleaseDetailOut, **BAD, **ERRORS})
def draft_release(request, payload: ReleaseIn):
    """Staff: draft a release with its changelog. A version the product
    already has on that channel answers 400 `duplicate_version`; a closed
    idea linked, 400 `idea_closed`."""
    permissions.check_manage_releases(request.auth)
    product = _product_or_422(payload.product)
    entries = [_entry_data(product, entry, index) for index, entry in enumerate(payload.entries)]
    try:
        release = actions.draft_release(
            product,
            actor=request.auth,
            channel=payload.channel,
            version=payload.version,
            codename=payload.name,
            release_date=payload.release_date,
            notes=payload.notes,
            entries=entries,
        )
    except ValidationError as refusal:
        raise _refused(refusal) from refusal
    return Status(201, _detail(request.auth, release.pk))


@router.get(
    "/releases/{release_id}",
    auth=token_session_or_anonymous,
    response={200: ReleaseDetailOut, **ERRORS},
)
def get_release(request, release_id: Id):
    """One release with its notes and changelog."""
    return _detail(request.auth, release_id)


@router.post(
    "/releases/{release_id}/publish",
    response={200: ReleaseDetailOut, **BAD, **ERRORS, **CONFLICT},
)
def publish_release(request, release_id: Id, payload: PublishIn | None = None):
    """Staff: publish the release now, or with `publish_at` schedule it for
    then (a time in the past answers 400 `past_publish_at`). Publishing ships
    its linked ideas, credits its co-creators and tells its channel's beta
    members; a published release answers 409 `published`."""
    permissions.check_manage_releases(request.auth)
    release = _detail(request.auth, release_id)
    publish_at = payload.publish_at if payload else None
    if publish_at is not None and publish_at.tzinfo is None:  # read where the product lives
        publish_at = publish_at.replace(tzinfo=calendar.zone(queries.settings_of(release.product)))
    try:
        if publish_at is not None:
            actions.schedule_release(release, actor=request.auth, publish_at=publish_at)
        else:
            actions.publish_release(release, actor=request.auth)
    except ValidationError as refusal:
        raise _refused(refusal) from refusal
    return _detail(request.auth, release_id)


@router.get(
    "/releases/{release_id}/credits",
    auth=token_session_or_anonymous,
    response={200: CreditsOut, **ERRORS},
)
def release_credits(request, release_id: Id):
    """Who co-created the release: the authors of the ideas it ships with
    their first supporters, the testers whose bugs it fixes, and the
    four-grid reports on the previous release."""
    release = _detail(request.auth, release_id)
    credits = queries.credits_of(release)
    return {
        "release": release.pk,
        "member_count": credits.member_count,
        "roles": credits.roles,
        "ideas": credits.ideas,
        "bug_reporters": [
            {"reporter": reporter, "bugs": [bug.title for bug in bugs]}
            for reporter, bugs in credits.bug_reporters
        ],
        "previous_release": credits.previous.pk if credits.previous else None,
        "report_count": credits.report_count,
    }
