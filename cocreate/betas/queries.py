from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.releases.enums import ReleaseStatus
from cocreate.releases.models import Release

from .enums import ApplicationStatus, MembershipStatus
from .models import (
    BetaApplication,
    BetaEvaluation,
    BetaMembership,
    BetaProgram,
    BugReport,
    RiskStatement,
)


def member_channels(user: Any) -> set[tuple[int, str]]:
    """The (product id, channel) pairs whose builds `user` takes as an active
    member of a beta program."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        BetaMembership.objects.filter(member=user, status=MembershipStatus.ACTIVE).values_list(
            "program__product_id", "program__channel"
        )
    )


def channel_members(product_id: int, channel: str) -> QuerySet[User]:
    """The active members of the product's beta programs on `channel`."""
    return User.objects.filter(
        beta_memberships__status=MembershipStatus.ACTIVE,
        beta_memberships__program__product_id=product_id,
        beta_memberships__program__channel=channel,
    ).distinct()


# Programs ---------------------------------------------------------------------------

# Bugs, applications and members shown on one page of a list.
PER_PAGE = 25


def programs() -> QuerySet[BetaProgram]:
    """Every program with its product (staff create them; all are listed)."""
    return BetaProgram.objects.select_related("product").order_by(
        "product__position", "product__name", "name"
    )


def get_program(slug: str) -> BetaProgram:
    return get_object_or_404(programs(), slug=slug)


def current_risk(program: BetaProgram) -> RiskStatement | None:
    """The version of the risk statement applicants acknowledge now."""
    return program.risks.order_by("-version").first()


def current_risks(program_ids: list[int]) -> dict[int, RiskStatement]:
    """Each program's current risk statement (one query)."""
    latest: dict[int, RiskStatement] = {}
    for risk in RiskStatement.objects.filter(program_id__in=program_ids).order_by(
        "program_id", "-version"
    ):
        latest.setdefault(risk.program_id, risk)
    return latest


@dataclass
class Standing:
    """Where a member stands with a program: their active membership, their
    waiting (or latest decided) application, and the end of a cool-down."""

    membership: BetaMembership | None = None
    application: BetaApplication | None = None
    cooldown_until: Any = None

    @property
    def label(self) -> str:
        if self.membership is not None:
            return str(MembershipStatus.ACTIVE.label)
        if self.application is not None and self.application.status in WAITING:
            return str(ApplicationStatus(self.application.status).label)
        return ""


WAITING = (ApplicationStatus.PENDING, ApplicationStatus.WAITLISTED)


def standings(user: Any, program_ids: list[int]) -> dict[int, Standing]:
    """The member's standing with each program (three queries), for the
    index and a program's page."""
    result = {pk: Standing() for pk in program_ids}
    if not getattr(user, "is_authenticated", False):
        return result
    now = timezone.now()
    for membership in BetaMembership.objects.filter(
        member=user, program_id__in=program_ids
    ).order_by("joined_at", "id"):
        standing = result[membership.program_id]
        if membership.status == MembershipStatus.ACTIVE:
            standing.membership = membership
        elif membership.may_reapply_at and membership.may_reapply_at > now:
            standing.cooldown_until = membership.may_reapply_at
        else:
            standing.cooldown_until = None
    for application in BetaApplication.objects.filter(
        member=user, program_id__in=program_ids
    ).order_by("created_at", "id"):
        result[application.program_id].application = application
    return result


def applications_waiting(program: BetaProgram, status: str | None = None) -> QuerySet:
    """The staff queue: pending first, then the waiting list, oldest first,
    with each applicant's level and tier."""
    statuses = [status] if status else list(WAITING)
    return (
        BetaApplication.objects.filter(program=program, status__in=statuses)
        .select_related("member__reputation", "risk")
        .order_by("status", "created_at", "id")
    )


def get_application(pk: int) -> BetaApplication:
    return get_object_or_404(
        BetaApplication.objects.select_related("program__product", "member__reputation", "risk"),
        pk=pk,
    )


def active_members(program: BetaProgram) -> QuerySet[BetaMembership]:
    return (
        BetaMembership.objects.filter(program=program, status=MembershipStatus.ACTIVE)
        .select_related("member__reputation")
        .order_by("joined_at", "id")
    )


def past_members(program: BetaProgram) -> QuerySet[BetaMembership]:
    return (
        BetaMembership.objects.filter(program=program)
        .exclude(status=MembershipStatus.ACTIVE)
        .select_related("member", "removed_by")
        .order_by("-ended_at", "-id")
    )


def get_membership(pk: int) -> BetaMembership:
    return get_object_or_404(
        BetaMembership.objects.select_related("program__product", "member"), pk=pk
    )


def active_membership(user: Any, program: BetaProgram) -> BetaMembership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return BetaMembership.objects.filter(
        program=program, member=user, status=MembershipStatus.ACTIVE
    ).first()


def waiting_application(user: Any, program: BetaProgram) -> BetaApplication | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return BetaApplication.objects.filter(program=program, member=user, status__in=WAITING).first()


def evaluations(program: BetaProgram, limit: int = 12) -> QuerySet[BetaEvaluation]:
    return program.evaluations.order_by("-period_end")[:limit]


def programs_to_evaluate() -> QuerySet[BetaProgram]:
    """Programs whose rules are checked: those with members or a rule."""
    return BetaProgram.objects.filter(member_count__gt=0).order_by("pk")


# Bug reports -------------------------------------------------------------------------------


def bug_filter(user: Any) -> Q:
    """The bugs `user` may see: their own and their programs' (staff: all)."""
    if getattr(user, "is_staff", False):
        return Q()
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    pairs = [
        Q(release__product_id=product, release__channel=channel)
        for product, channel in member_channels(user)
    ]
    return reduce(or_, pairs, Q(reporter=user))


def bugs_visible_to(user: Any) -> QuerySet[BugReport]:
    return BugReport.objects.filter(bug_filter(user)).select_related(
        "release__product", "reporter", "fixed_in"
    )


def get_bug_for(user: Any, pk: int) -> BugReport:
    return get_object_or_404(bugs_visible_to(user).select_related("triaged_by"), pk=pk)


def bug_list(
    user: Any,
    *,
    show: str,
    status: str | None = None,
    severity: str | None = None,
    release: Release | None = None,
) -> QuerySet[BugReport]:
    """`mine` (filed by `user`), `program` (their programs' bugs) or `queue`
    (staff: every bug, oldest untriaged first), filtered."""
    bugs = bugs_visible_to(user)
    if show == "mine":
        bugs = bugs.filter(reporter=user)
    if status:
        bugs = bugs.filter(status=status)
    if severity:
        bugs = bugs.filter(severity=severity)
    if release is not None:
        bugs = bugs.filter(release=release)
    if show == "queue":
        return bugs.order_by("created_at", "id")
    return bugs.order_by("-created_at", "-id")


def releases_for_bugs(user: Any) -> QuerySet[Release]:
    """The published builds `user` may file a bug on: those of their beta
    programs' channels (staff: every published build), newest first."""
    published = Release.objects.filter(status=ReleaseStatus.PUBLISHED).select_related("product")
    if getattr(user, "is_staff", False):
        return published.order_by("-published_at", "-id")
    pairs = [Q(product_id=product, channel=channel) for product, channel in member_channels(user)]
    if not pairs:
        return published.none()
    return published.filter(reduce(or_, pairs)).order_by("-published_at", "-id")


def releases_of_product(product_id: int) -> QuerySet[Release]:
    """The builds a bug of the product can be fixed in, newest first."""
    return Release.objects.filter(product_id=product_id).order_by("-release_date", "-id")
