"""Every write to beta programs and bug reports goes through these functions.

Each runs in one transaction, locks the program row first when it changes a
program's counters (`member_count`, `waitlist_count`, `pending_count`, all
moved with F()), records an Activity, and tells the member concerned after
commit. They trust their caller for who may act (permissions.py); what
depends on the state at the moment of writing (room left, the current risk
version, the application's status) is checked here under the lock and
refused with a ValidationError whose `code` the API answers with.
"""

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.core.activity import record
from cocreate.forum.images import PostImageFile
from cocreate.notifications.actions import notify
from cocreate.notifications.enums import NotificationKind
from cocreate.releases.actions.releases import credit_members
from cocreate.releases.enums import CreditRole
from cocreate.releases.models import Release

from . import rules
from .enums import ApplicationStatus, BugStatus, MembershipStatus, ProgramKind, RemovalReason
from .models import (
    BetaApplication,
    BetaEvaluation,
    BetaMembership,
    BetaProgram,
    BugReport,
    RiskStatement,
)

REASON_MAX = 500
RESPONSE_MAX = 5000

# The counter of the program that holds an application in each waiting status.
WAITING_COUNTERS = {
    ApplicationStatus.PENDING: "pending_count",
    ApplicationStatus.WAITLISTED: "waitlist_count",
}


def _locked_program(program: BetaProgram) -> BetaProgram:
    return BetaProgram.objects.select_for_update().get(pk=program.pk)


def _count(program: BetaProgram, **changes: int) -> None:
    """Move the program's counters by `changes` (`member_count=1`…) in SQL."""
    BetaProgram.objects.filter(pk=program.pk).update(
        **{name: F(name) + change for name, change in changes.items() if change}
    )


def _has_room(program: BetaProgram) -> bool:
    return not program.capacity or program.member_count < program.capacity


def _tell(
    member: Any,
    program: BetaProgram,
    event: str,
    *,
    reason: str = "",
    shortfall: dict[str, Any] | None = None,
    until: datetime | None = None,
) -> None:
    """Tell the member what happened to them in the program, after commit.
    The team speaks as the team: no actor. A `shortfall` of the weekly
    rules (`rules.Verdict.shortfall`) is put in the reader's language when
    shown, in place of `reason`."""
    data = {
        "event": event,
        "program": program.name,
        "program_zh": program.name_zh,
        "reason": reason,
        "shortfall": shortfall,
        "until": until.isoformat() if until else None,
    }
    url = program.get_absolute_url()
    transaction.on_commit(
        lambda: notify(
            member, kind=NotificationKind.BETA, actor=None, target=program, url=url, data=data
        )
    )


def _record(actor: Any, verb: str, program: BetaProgram, **data: Any) -> None:
    record(actor=actor, verb=verb, target=program, product=program.product_id, **data)


def _clean_reason(reason: str, *, required: bool, message: str = "") -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise ValidationError(
            message or _("Give a reason: the member reads it."), code="reason_required"
        )
    if len(reason) > REASON_MAX:
        raise ValidationError(
            _("Keep the reason under %(limit)d characters.") % {"limit": REASON_MAX},
            code="reason_too_long",
        )
    return reason


# Risk statements -------------------------------------------------------------------


@transaction.atomic
def publish_risk(
    program: BetaProgram, *, actor: Any, text: str, text_zh: str = ""
) -> RiskStatement:
    """A new version of the program's risk statement; applicants from now on
    acknowledge it (members who joined under an earlier one stay)."""
    text, text_zh = (text or "").strip(), (text_zh or "").strip()
    if not text:
        raise ValidationError(_("Write the risk statement."), code="text_required")
    _locked_program(program)
    latest = RiskStatement.objects.filter(program=program).order_by("-version").first()
    if latest is not None and (latest.text, latest.text_zh) == (text, text_zh):
        raise ValidationError(
            _("This is the current version already: change the text first."), code="unchanged"
        )
    risk = RiskStatement.objects.create(
        program=program, version=(latest.version + 1) if latest else 1, text=text, text_zh=text_zh
    )
    _record(actor, "beta.risk_published", program, name=program.name, version=risk.version)
    return risk


# Applications --------------------------------------------------------------------------


def _join(program: BetaProgram, member: Any, now: datetime) -> BetaMembership:
    _count(program, member_count=1)
    program.member_count += 1
    return BetaMembership.objects.create(program=program, member=member, joined_at=now)


@transaction.atomic
def apply_to_program(
    program: BetaProgram,
    *,
    member: Any,
    risk_version: int,
    motivation: str = "",
    device: str = "",
) -> BetaApplication:
    """Apply, acknowledging the risk statement's version `risk_version`.
    An open program takes the applicant at once while there is room, else
    puts them on its waiting list; a closed one queues them for staff.
    Raises ValidationError `risk_outdated` when a newer risk statement was
    published meanwhile, `already_applied` on a repeated application."""
    locked = _locked_program(program)
    risk = RiskStatement.objects.filter(program=program).order_by("-version").first()
    if risk is None:
        raise ValidationError(
            _("This program has not stated its risk yet: it cannot take applications."),
            code="no_risk",
        )
    if risk.version != risk_version:
        raise ValidationError(
            _("The risk statement changed (now version %(version)d): read it again and accept it.")
            % {"version": risk.version},
            code="risk_outdated",
        )
    now = timezone.now()
    if locked.kind == ProgramKind.CLOSED:
        status = ApplicationStatus.PENDING
    elif _has_room(locked):
        status = ApplicationStatus.ACCEPTED
    else:
        status = ApplicationStatus.WAITLISTED
    try:
        with transaction.atomic():
            application = BetaApplication.objects.create(
                program=program,
                member=member,
                risk=risk,
                motivation=(motivation or "").strip()[:2000],
                device=(device or "").strip()[:100],
                status=status,
                decided_at=now if status != ApplicationStatus.PENDING else None,
                created_at=now,
            )
    except IntegrityError:
        raise ValidationError(
            _("Your application is waiting already."), code="already_applied"
        ) from None
    _record(member, "beta.applied", program, name=program.name, risk_version=risk.version)
    if status == ApplicationStatus.ACCEPTED:
        _join(program, member, now)
        _record(None, "beta.accepted", program, member=member.pk, application=application.pk)
        _tell(member, program, "accepted")
    elif status == ApplicationStatus.WAITLISTED:
        _count(program, waitlist_count=1)
        _record(None, "beta.waitlisted", program, member=member.pk, application=application.pk)
        _tell(member, program, "waitlisted")
    else:
        _count(program, pending_count=1)
    return application


@transaction.atomic
def decide_application(
    application: BetaApplication, *, actor: Any, status: str, reason: str = ""
) -> BetaApplication:
    """Staff accept, reject (with a reason) or waitlist an application; the
    applicant is told. Accepting into a full program is refused (`full`):
    waitlist instead."""
    if status not in (
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.REJECTED,
        ApplicationStatus.WAITLISTED,
    ):
        raise ValidationError(_("Choose accept, reject or waitlist."), code="invalid_status")
    target = ApplicationStatus(status)
    reason = _clean_reason(
        reason,
        required=target == ApplicationStatus.REJECTED,
        message=_("Give the reason for rejecting: the applicant reads it."),
    )
    program = _locked_program(application.program)
    locked = BetaApplication.objects.select_for_update().get(pk=application.pk)
    current = ApplicationStatus(locked.status)
    if not current.can_become(target):
        raise ValidationError(
            _("An application that is “%(current)s” cannot become “%(status)s”.")
            % {"current": current.label, "status": target.label},
            code="invalid_transition",
        )
    if target == ApplicationStatus.ACCEPTED and not _has_room(program):
        raise ValidationError(
            _("The program is full (%(capacity)d members): put the applicant on the waiting list.")
            % {"capacity": program.capacity},
            code="full",
        )
    now = timezone.now()
    BetaApplication.objects.filter(pk=locked.pk).update(
        status=target, decided_by=actor, decided_at=now, reason=reason
    )
    _count(program, **{WAITING_COUNTERS[current]: -1})
    member = application.member
    if target == ApplicationStatus.ACCEPTED:
        _join(program, member, now)
    elif target == ApplicationStatus.WAITLISTED:
        _count(program, waitlist_count=1)
    _record(
        actor,
        f"beta.{target.value}",
        program,
        member=member.pk,
        application=application.pk,
        reason=reason,
    )
    _tell(member, program, target.value, reason=reason)
    application.status, application.reason, application.decided_at = target.value, reason, now
    application.decided_by = actor
    return application


@transaction.atomic
def withdraw_application(application: BetaApplication, *, member: Any) -> bool:
    """The applicant takes a waiting application back; returns whether it
    was still waiting."""
    program = _locked_program(application.program)
    locked = BetaApplication.objects.select_for_update().get(pk=application.pk)
    current = ApplicationStatus(locked.status)
    if not current.can_become(ApplicationStatus.WITHDRAWN):
        return False
    BetaApplication.objects.filter(pk=locked.pk).update(
        status=ApplicationStatus.WITHDRAWN, decided_at=timezone.now()
    )
    _count(program, **{WAITING_COUNTERS[current]: -1})
    _record(member, "beta.withdrawn", program, application=application.pk)
    application.status = ApplicationStatus.WITHDRAWN.value
    return True


def _promote_waitlist(program: BetaProgram) -> list[BetaApplication]:
    """Accept the first applicants of the waiting list while there is room
    (the program row is locked by the caller)."""
    program.refresh_from_db(fields=["member_count", "capacity", "waitlist_count"])
    promoted = []
    now = timezone.now()
    while _has_room(program):
        first = (
            BetaApplication.objects.select_for_update()
            .filter(program=program, status=ApplicationStatus.WAITLISTED)
            .select_related("member")
            .order_by("created_at", "id")
            .first()
        )
        if first is None:
            break
        BetaApplication.objects.filter(pk=first.pk).update(
            status=ApplicationStatus.ACCEPTED, decided_by=None, decided_at=now
        )
        _count(program, waitlist_count=-1)
        _join(program, first.member, now)
        _record(
            None,
            "beta.accepted",
            program,
            member=first.member_id,
            application=first.pk,
            rule="waitlist",
        )
        _tell(first.member, program, "accepted")
        promoted.append(first)
    return promoted


# Membership ---------------------------------------------------------------------------


def _end(
    membership: BetaMembership,
    *,
    status: MembershipStatus,
    end_reason: RemovalReason,
    cooldown_days: int,
    removed_by: Any = None,
    reason: str = "",
) -> bool:
    """End an active membership (the program row is locked by the caller)."""
    now = timezone.now()
    until = now + timedelta(days=cooldown_days)
    ended = BetaMembership.objects.filter(pk=membership.pk, status=MembershipStatus.ACTIVE).update(
        status=status,
        ended_at=now,
        end_reason=end_reason,
        reason=reason,
        removed_by=removed_by,
        may_reapply_at=until,
    )
    if not ended:
        return False
    membership.status, membership.ended_at, membership.may_reapply_at = status.value, now, until
    membership.end_reason, membership.reason = end_reason.value, reason
    _count(membership.program, member_count=-1)
    return True


@transaction.atomic
def leave_program(membership: BetaMembership, *, member: Any) -> bool:
    """The member leaves; they may re-apply after the program's
    `left_cooldown_days`. The first of the waiting list takes the place."""
    program = _locked_program(membership.program)
    if not _end(
        membership,
        status=MembershipStatus.LEFT,
        end_reason=RemovalReason.LEFT,
        cooldown_days=program.left_cooldown_days,
    ):
        return False
    _record(
        member,
        "beta.left",
        program,
        membership=membership.pk,
        until=membership.may_reapply_at.isoformat(),  # type: ignore[union-attr]
    )
    _promote_waitlist(program)
    return True


@transaction.atomic
def remove_member(
    membership: BetaMembership,
    *,
    actor: Any,
    reason: str,
    end_reason: RemovalReason = RemovalReason.MODERATOR,
    shortfall: dict[str, Any] | None = None,
) -> bool:
    """Remove a member at once (a moderator, with a reason; or the weekly
    evaluation, `missed_rules`, with no actor and the rules' `shortfall`).
    They are told, and may re-apply after the program's
    `removed_cooldown_days`."""
    reason = _clean_reason(
        reason,
        required=True,
        message=_("Give the reason for removing the member: they read it."),
    )
    program = _locked_program(membership.program)
    if not _end(
        membership,
        status=MembershipStatus.REMOVED,
        end_reason=end_reason,
        cooldown_days=program.removed_cooldown_days,
        removed_by=actor if getattr(actor, "pk", None) else None,
        reason=reason,
    ):
        return False
    until = membership.may_reapply_at
    _record(
        actor,
        "beta.removed",
        program,
        member=membership.member_id,
        membership=membership.pk,
        end_reason=end_reason.value,
        reason=reason,
        until=until.isoformat(),  # type: ignore[union-attr]
    )
    _tell(membership.member, program, "removed", reason=reason, shortfall=shortfall, until=until)
    _promote_waitlist(program)
    return True


# The weekly participation rules ---------------------------------------------------------


def _evaluation(program: BetaProgram, period_end: datetime) -> BetaEvaluation:
    """The week's evaluation row, locked (created the first time)."""
    BetaEvaluation.objects.get_or_create(program=program, period_end=period_end)
    return BetaEvaluation.objects.select_for_update().get(program=program, period_end=period_end)


@transaction.atomic
def warn_members(program: BetaProgram, *, period_end: datetime) -> int | None:
    """Warn the members who do not meet the rules of the week ending at
    `period_end` yet; once a week. Returns how many were warned, None when
    they already were."""
    evaluation = _evaluation(program, period_end)
    if evaluation.warned_at is not None or evaluation.evaluated_at is not None:
        return None
    behind = [v for v in rules.verdicts(program, period_end) if not v.meets]
    for verdict in behind:
        _tell(
            verdict.membership.member,
            program,
            "warned",
            shortfall=verdict.shortfall(),
            until=period_end,
        )
    BetaEvaluation.objects.filter(pk=evaluation.pk).update(
        warned_at=timezone.now(), warned_count=len(behind)
    )
    _record(None, "beta.warned", program, period_end=period_end.isoformat(), warned=len(behind))
    return len(behind)


@transaction.atomic
def evaluate_program(program: BetaProgram, *, period_end: datetime) -> BetaEvaluation | None:
    """Apply the rules of the week ending at `period_end`: members who missed
    them are removed (`missed_rules`) and told, the waiting list moves up.
    Once per program and week; returns None when it was done already."""
    evaluation = _evaluation(program, period_end)
    if evaluation.evaluated_at is not None:
        return None
    kept = removed = exempt = 0
    for verdict in rules.verdicts(program, period_end):
        if verdict.exempt:
            exempt += 1
        elif verdict.meets:
            kept += 1
        else:
            removed += remove_member(
                verdict.membership,
                actor=None,
                reason=rules.describe_shortfall(**verdict.shortfall()),
                end_reason=RemovalReason.MISSED_RULES,
                shortfall=verdict.shortfall(),
            )
    evaluation.evaluated_at = timezone.now()
    evaluation.kept_count, evaluation.removed_count, evaluation.exempt_count = kept, removed, exempt
    evaluation.save(update_fields=["evaluated_at", "kept_count", "removed_count", "exempt_count"])
    _record(
        None,
        "beta.evaluated",
        program,
        period_end=period_end.isoformat(),
        kept=kept,
        removed=removed,
        exempt=exempt,
    )
    return evaluation


# Bug reports ---------------------------------------------------------------------------------


@transaction.atomic
def file_bug(
    release: Release,
    *,
    reporter: Any,
    title: str,
    steps: str,
    expected: str,
    actual: str,
    severity: str,
    screenshot: PostImageFile | None = None,
) -> BugReport:
    """A bug found in `release`; `screenshot` is already re-encoded
    (forum.images.make_post_image)."""
    bug = BugReport(
        release=release,
        reporter=reporter,
        title=" ".join(title.split()),
        steps=steps.strip(),
        expected=expected.strip(),
        actual=actual.strip(),
        severity=severity,
    )
    if screenshot is not None:
        bug.screenshot.save(screenshot.name, screenshot.content, save=False)
    bug.save()
    record(
        actor=reporter,
        verb="bug.filed",
        target=bug,
        product=release.product_id,
        title=bug.title,
        release=release.pk,
        version=release.version,
        severity=severity,
    )
    return bug


@transaction.atomic
def triage_bug(
    bug: BugReport,
    *,
    actor: Any,
    status: str,
    response: str,
    fixed_in: Release | None = None,
) -> BugReport:
    """Staff confirm a bug, mark it fixed in a release of its product, or
    won't fix it, with a response its reporter reads. Fixed in a release
    that is out already credits the reporter as its co-creator (a release
    published later credits them when it is published)."""
    if status not in (BugStatus.CONFIRMED, BugStatus.FIXED, BugStatus.WONT_FIX):
        raise ValidationError(_("Choose confirmed, fixed or won't fix."), code="invalid_status")
    target = BugStatus(status)
    response = (response or "").strip()
    if not response:
        raise ValidationError(
            _("Write a response: the reporter reads it."), code="response_required"
        )
    if len(response) > RESPONSE_MAX:
        raise ValidationError(
            _("Keep the response under %(limit)d characters.") % {"limit": RESPONSE_MAX},
            code="response_too_long",
        )
    if target == BugStatus.FIXED:
        if fixed_in is None:
            raise ValidationError(_("Choose the release that fixes it."), code="fixed_in_required")
        if fixed_in.product_id != bug.release.product_id:
            raise ValidationError(
                _("Choose a release of the same product."), code="fixed_in_other_product"
            )
    else:
        fixed_in = None
    locked = BugReport.objects.select_for_update().get(pk=bug.pk)
    current = BugStatus(locked.status)
    if not current.can_become(target):
        raise ValidationError(
            _("A bug that is “%(current)s” cannot become “%(status)s”.")
            % {"current": current.label, "status": target.label},
            code="invalid_transition",
        )
    now = timezone.now()
    BugReport.objects.filter(pk=bug.pk).update(
        status=target, fixed_in=fixed_in, response=response, triaged_by=actor, triaged_at=now
    )
    bug.status, bug.fixed_in, bug.response = target.value, fixed_in, response
    bug.triaged_by, bug.triaged_at = actor, now
    if fixed_in is not None and fixed_in.is_published:
        credit_members(fixed_in, member_ids=[bug.reporter_id], role=CreditRole.BUG_REPORTER)
    version = fixed_in.version if fixed_in is not None else ""
    record(
        actor=actor,
        verb="bug.triaged",
        target=bug,
        product=bug.release.product_id,
        title=bug.title,
        status=target.value,
        previous=current.value,
        version=version,
    )
    data = {"title": bug.title, "status": target.value, "version": version, "response": response}
    reporter, url = bug.reporter, reverse("betas:bug", args=[bug.pk])
    transaction.on_commit(
        lambda: notify(
            reporter, kind=NotificationKind.BUG_REPORT, actor=None, target=bug, url=url, data=data
        )
    )
    return bug
