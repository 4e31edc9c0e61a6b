"""Beta programs and bug reports: list programs with your standing, apply
(acknowledging the current risk statement), leave; file a bug on a build
and read your own; staff decide applications and triage bugs.

Every endpoint calls the same queries, `check_*` permissions and actions as
the beta pages. A refusal of the state at the moment of writing (a newer
risk statement, a waiting application, a full program, a status the
workflow does not allow) answers 409 with the action's code.
"""

from datetime import datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import StringConstraints

from cocreate.betas import actions, permissions, queries
from cocreate.betas.enums import BugStatus
from cocreate.betas.models import BetaApplication, BetaMembership, BetaProgram, BugReport
from cocreate.releases.enums import Severity
from cocreate.releases.models import Release

from ..errors import ApiError
from ..schemas import ERRORS, ErrorOut
from .ideas import token_session_or_anonymous

router = Router(tags=["betas"])

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
ObjectId = Annotated[int, Field(ge=1, le=2**63 - 1)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=150)]


Steps = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
Outcome = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
ResponseText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=actions.RESPONSE_MAX)
]


CONFLICT = {409: ErrorOut}


class ProgramOut(Schema):
    id: int
    slug: str
    url: str
    product: str = Field(description="The product's slug.")
    name: str = Field(description="In the request's language.")
    channel: str
    kind: str = Field(
        description="`open`: eligible applicants join at once; `closed`: staff select."
    )
    is_active: bool = Field(description="Whether it takes applications.")
    capacity: int = Field(description="0 for no limit.")
    member_count: int
    waitlist_count: int
    min_level: int
    min_tier: str
    min_account_days: int
    risk_version: int | None = Field(description="The risk statement's version to acknowledge.")
    risk: str = Field(description="Its text, in the request's language.")
    status: str | None = Field(
        description="Yours: `member`, `pending`, `waitlisted`, `cooldown` or null."
    )
    may_reapply_at: datetime | None

    @staticmethod
    def resolve_url(program: BetaProgram) -> str:
        return program.get_absolute_url()

    @staticmethod
    def resolve_product(program: BetaProgram) -> str:
        return program.product.slug

    @staticmethod
    def resolve_name(program: BetaProgram) -> str:
        return program.display_name


class ApplyIn(Schema):
    accept_risk: bool = Field(description="Must be true: you accept the risk statement.")
    risk_version: int = Field(ge=1, le=1_000_000, description="The version you read.")
    motivation: str = Field("", max_length=2000)
    device: str = Field("", max_length=100)


class ApplicationOut(Schema):
    id: int
    program: int
    status: str
    risk_version: int
    reason: str
    created_at: datetime
    decided_at: datetime | None

    @staticmethod
    def resolve_program(application: BetaApplication) -> int:
        return application.program_id

    @staticmethod
    def resolve_risk_version(application: BetaApplication) -> int:
        return application.risk.version


class DecisionIn(Schema):
    status: str = Field(pattern="^(accepted|rejected|waitlisted)$")
    reason: str = Field("", max_length=actions.REASON_MAX)


class MembershipOut(Schema):
    program: int
    status: str
    joined_at: datetime
    ended_at: datetime | None
    may_reapply_at: datetime | None

    @staticmethod
    def resolve_program(membership: BetaMembership) -> int:
        return membership.program_id


class BugIn(Schema):
    release: ObjectId
    title: Title
    steps: Steps
    expected: Outcome
    actual: Outcome
    severity: Severity = Severity.MEDIUM


class BugOut(Schema):
    id: int
    url: str
    release: int
    version: str
    product: str
    title: str
    steps: str
    expected: str
    actual: str
    severity: str
    status: str
    fixed_in: str | None = Field(description="The version that fixes it.")
    response: str
    created_at: datetime
    triaged_at: datetime | None

    @staticmethod
    def resolve_url(bug: BugReport) -> str:
        return reverse("betas:bug", args=[bug.pk])

    @staticmethod
    def resolve_release(bug: BugReport) -> int:
        return bug.release_id

    @staticmethod
    def resolve_version(bug: BugReport) -> str:
        return bug.release.version

    @staticmethod
    def resolve_product(bug: BugReport) -> str:
        return bug.release.product.slug

    @staticmethod
    def resolve_fixed_in(bug: BugReport) -> str | None:
        return bug.fixed_in.version if bug.fixed_in else None


class BugPageOut(Schema):
    items: list[BugOut]
    count: int


class BugListQuery(Schema):
    show: str = Field(
        "mine",
        pattern="^(mine|program|queue)$",
        description="`mine`, `program` or `queue` (staff).",
    )
    status: BugStatus | None = None
    severity: Severity | None = None
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000_000)


class TriageIn(Schema):
    status: str = Field(pattern="^(confirmed|fixed|wont_fix)$")
    response: ResponseText
    fixed_in: ObjectId | None = Field(None, description="The release that fixes it, when fixed.")


def _refused(refusal: ValidationError) -> ApiError:
    return ApiError(409, refusal.code or "conflict", " ".join(refusal.messages))


def _program(program_id: int) -> BetaProgram:
    return queries.programs().filter(pk=program_id).first() or _not_found()


def _not_found() -> Any:
    raise ApiError(404, "not_found", _("Not found."))


def _with_standing(user: Any, programs: list[BetaProgram]) -> list[BetaProgram]:
    ids = [program.pk for program in programs]
    standings = queries.standings(user, ids)
    risks = queries.current_risks(ids)
    for program in programs:
        standing, risk = standings[program.pk], risks.get(program.pk)
        application = standing.application
        status = None
        if standing.membership is not None:
            status = "member"
        elif application is not None and application.status in queries.WAITING:
            status = application.status
        elif standing.cooldown_until:
            status = "cooldown"
        program.status = status  # type: ignore[attr-defined]
        program.may_reapply_at = standing.cooldown_until  # type: ignore[attr-defined]
        program.risk_version = risk.version if risk else None  # type: ignore[attr-defined]
        program.risk = risk.display_text if risk else ""  # type: ignore[attr-defined]
    return programs


# Programs -------------------------------------------------------------------------------


@router.get("/betas", auth=token_session_or_anonymous, response={200: list[ProgramOut], **ERRORS})
def list_programs(request):
    """Every beta program, with its current risk statement and your standing."""
    return _with_standing(request.auth, list(queries.programs()))


@router.post("/betas/{program_id}/apply", response={201: ApplicationOut, **ERRORS, **CONFLICT})
def apply(request, program_id: Id, payload: ApplyIn):
    """Apply, accepting the risk statement of `risk_version` (the current one,
    else 409 `risk_outdated`). An open program takes you at once while there
    is room (`accepted`), else waitlists you; a closed one queues you for
    staff (`pending`). 403 says which condition you miss, or until when your
    cool-down runs."""
    program = _program(program_id)
    permissions.check_apply_to_program(request.auth, program)
    if not payload.accept_risk:
        raise ValidationError({"accept_risk": [_("Accept the risk statement to apply.")]})
    try:
        application = actions.apply_to_program(
            program,
            member=request.auth,
            risk_version=payload.risk_version,
            motivation=payload.motivation,
            device=payload.device,
        )
    except ValidationError as refusal:
        raise _refused(refusal) from refusal
    return Status(201, application)


@router.post("/betas/{program_id}/leave", response={200: MembershipOut, **ERRORS})
def leave(request, program_id: Id):
    """Leave the program; `may_reapply_at` says when you may apply again."""
    program = _program(program_id)
    membership = queries.active_membership(request.auth, program)
    permissions.check_leave_program(request.auth, membership)
    assert membership is not None
    actions.leave_program(membership, member=request.auth)
    return membership


@router.post(
    "/betas/applications/{application_id}/decide",
    response={200: ApplicationOut, **ERRORS, **CONFLICT},
)
def decide(request, application_id: Id, payload: DecisionIn):
    """Staff: accept, reject (a `reason` is required) or waitlist an application."""
    application = queries.get_application(application_id)
    permissions.check_manage_program(request.auth, application.program)
    try:
        actions.decide_application(
            application, actor=request.auth, status=payload.status, reason=payload.reason
        )
    except ValidationError as refusal:
        if refusal.code == "reason_required":
            raise ValidationError({"reason": refusal.messages}) from refusal
        raise _refused(refusal) from refusal
    return application


# Bug reports ---------------------------------------------------------------------------------


@router.post("/bugs", response={201: BugOut, **ERRORS})
def file_bug(request, payload: BugIn):
    """File a bug on a build of your beta program's channel."""
    permissions.check_file_bug(request.auth)
    release = (
        Release.objects.select_related("product").filter(pk=payload.release).first() or _not_found()
    )
    permissions.check_file_bug(request.auth, release)
    bug = actions.file_bug(
        release,
        reporter=request.auth,
        title=payload.title,
        steps=payload.steps,
        expected=payload.expected,
        actual=payload.actual,
        severity=payload.severity,
    )
    return Status(201, queries.get_bug_for(request.auth, bug.pk))


@router.get("/bugs", response={200: BugPageOut, **ERRORS})
def list_bugs(request, filters: Query[BugListQuery]):
    """Your bug reports (`mine`), your programs' (`program`), or every one,
    oldest first (`queue`, staff)."""
    if filters.show == "queue":
        permissions.check_triage_bug(request.auth)
    bugs = queries.bug_list(
        request.auth, show=filters.show, status=filters.status, severity=filters.severity
    )
    return {
        "items": list(bugs[filters.offset : filters.offset + filters.limit]),
        "count": bugs.count(),
    }


@router.get("/bugs/{bug_id}", response={200: BugOut, **ERRORS})
def get_bug(request, bug_id: Id):
    return queries.get_bug_for(request.auth, bug_id)


@router.post("/bugs/{bug_id}/triage", response={200: BugOut, **ERRORS, **CONFLICT})
def triage(request, bug_id: Id, payload: TriageIn):
    """Staff: `confirmed`, `fixed` (with `fixed_in`, a release of the same
    product) or `wont_fix`, with a `response` the reporter reads."""
    bug = queries.get_bug_for(request.auth, bug_id)
    permissions.check_triage_bug(request.auth, bug)
    fixed_in = None
    if payload.fixed_in is not None:
        fixed_in = (
            queries.releases_of_product(bug.release.product_id).filter(pk=payload.fixed_in).first()
        )
        if fixed_in is None:
            raise ValidationError({"fixed_in": [_("Choose a release of the same product.")]})
    try:
        actions.triage_bug(
            bug,
            actor=request.auth,
            status=payload.status,
            response=payload.response,
            fixed_in=fixed_in,
        )
    except ValidationError as refusal:
        if refusal.code == "invalid_transition":
            raise _refused(refusal) from refusal
        raise ValidationError({"status": refusal.messages}) from refusal
    return queries.get_bug_for(request.auth, bug_id)
