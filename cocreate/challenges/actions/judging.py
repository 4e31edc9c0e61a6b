"""Every write of the jury: criteria, judges, the shortlist, judgements and
the confirmation of the winners.

The jury score
--------------
A judge scores each shortlisted entry 0–10 on every criterion; a score of 3
or less needs a comment (the team deserves a reason). A judge's mark of an
entry is Σ(weight · score) / Σ weight over the criteria, and it counts only
once they have scored *every* criterion: a half-judged entry is not pulled
by a judge who has not finished. The entry's `jury_score` is the mean of
the finished judges' marks (0–10), or None while no judge has finished. It
is recomputed from the entry's judgements in the same transaction as each
judgement (one aggregate query on that entry), so it is always exact.

Criteria are locked once any judgement exists: changing a weight after a
judge has scored would change marks they gave under other rules.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.core.activity import record
from cocreate.notifications.actions import notify, notify_many
from cocreate.notifications.enums import NotificationKind
from cocreate.reputation.actions import award_medal, award_points

from ..enums import ChallengeStatus, EntryStatus, LedgerKind, TeamStatus
from ..ledger import split_amount
from ..models import (
    MAX_JUDGEMENT,
    Award,
    Challenge,
    Criterion,
    Entry,
    EntryMember,
    Judge,
    Judgement,
    LedgerEntry,
    Prize,
)
from ..queries import judging as queries

User = get_user_model()

MIN_WEIGHT, MAX_WEIGHT = 1, 100
# A score this low or lower needs a comment.
COMMENT_REQUIRED_AT = 3
COMMENT_MAX = 2000


def _challenge_data(challenge: Challenge) -> dict[str, Any]:
    return {"challenge": challenge.name, "challenge_zh": challenge.name_zh}


def _check_not_finished(challenge: Challenge) -> None:
    if challenge.status_choice.is_finished:
        raise ValidationError(_("The winners are announced: the jury is closed."), code="announced")


# Criteria ---------------------------------------------------------------------------


def _check_criteria_open(challenge: Challenge) -> None:
    _check_not_finished(challenge)
    if queries.criteria_locked(challenge):
        raise ValidationError(
            _("The criteria are locked: judges have started scoring with them."),
            code="criteria_locked",
        )


def _check_weight(weight: int) -> None:
    if not MIN_WEIGHT <= weight <= MAX_WEIGHT:
        raise ValidationError(
            _("Give a weight from %(min)d to %(max)d.") % {"min": MIN_WEIGHT, "max": MAX_WEIGHT},
            code="weight",
        )


def _check_name(name: str) -> str:
    if not name.strip():
        raise ValidationError(_("Name the criterion."), code="name")
    return name.strip()


@transaction.atomic
def add_criterion(
    challenge: Challenge,
    *,
    actor: Any,
    name: str,
    weight: int,
    name_zh: str = "",
    description: str = "",
    description_zh: str = "",
) -> Criterion:
    Challenge.objects.select_for_update().get(pk=challenge.pk)
    _check_criteria_open(challenge)
    _check_weight(weight)
    last = Criterion.objects.filter(challenge=challenge).aggregate(last=Max("position"))["last"]
    criterion = Criterion.objects.create(
        challenge=challenge,
        name=_check_name(name),
        name_zh=name_zh.strip(),
        description=description.strip(),
        description_zh=description_zh.strip(),
        weight=weight,
        position=0 if last is None else last + 1,
    )
    record(actor=actor, verb="criterion.added", target=challenge, name=criterion.name)
    return criterion


@transaction.atomic
def edit_criterion(
    criterion: Criterion,
    *,
    actor: Any,
    name: str,
    weight: int,
    name_zh: str = "",
    description: str = "",
    description_zh: str = "",
) -> Criterion:
    Challenge.objects.select_for_update().get(pk=criterion.challenge_id)
    _check_criteria_open(criterion.challenge)
    _check_weight(weight)
    criterion.name = _check_name(name)
    criterion.name_zh = name_zh.strip()
    criterion.description = description.strip()
    criterion.description_zh = description_zh.strip()
    criterion.weight = weight
    criterion.save()
    record(actor=actor, verb="criterion.edited", target=criterion.challenge, name=criterion.name)
    return criterion


@transaction.atomic
def remove_criterion(criterion: Criterion, *, actor: Any) -> None:
    Challenge.objects.select_for_update().get(pk=criterion.challenge_id)
    _check_criteria_open(criterion.challenge)
    record(actor=actor, verb="criterion.removed", target=criterion.challenge, name=criterion.name)
    criterion.delete()


@transaction.atomic
def move_criterion(criterion: Criterion, *, actor: Any, up: bool) -> bool:
    """Swap the criterion with its neighbour above (or below); positions are
    renumbered 0, 1, 2… Returns whether anything moved."""
    challenge = criterion.challenge
    Challenge.objects.select_for_update().get(pk=challenge.pk)
    _check_criteria_open(challenge)
    order = queries.criteria_of(challenge)
    index = next(i for i, other in enumerate(order) if other.pk == criterion.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(order):
        return False
    order[index], order[other] = order[other], order[index]
    for position, item in enumerate(order):
        item.position = position
    Criterion.objects.bulk_update(order, ["position"])
    record(actor=actor, verb="criterion.moved", target=challenge, name=criterion.name)
    return True


# Judges -----------------------------------------------------------------------------


@transaction.atomic
def assign_judge(challenge: Challenge, *, actor: Any, username: str) -> Judge:
    """Seat a member on the jury. A member with an entry in the challenge
    (author or teammate, unless they declined) cannot judge it."""
    Challenge.objects.select_for_update().get(pk=challenge.pk)
    _check_not_finished(challenge)
    member = User.objects.filter(
        username__iexact=username.strip(), is_active=True, deleted_at__isnull=True
    ).first()
    if member is None:
        raise ValidationError(_("No active member has this username."), code="unknown_member")
    if Judge.objects.filter(challenge=challenge, member=member).exists():
        raise ValidationError(_("This member is already a judge."), code="already_judge")
    if (
        EntryMember.objects.filter(entry__challenge=challenge, member=member)
        .exclude(status=TeamStatus.DECLINED)
        .exists()
    ):
        raise ValidationError(
            _("This member has an entry in the challenge, so cannot judge it."),
            code="conflict",
        )
    judge = Judge.objects.create(challenge=challenge, member=member)
    record(actor=actor, verb="judge.assigned", target=challenge, member=member.username)
    url = reverse("challenges:judging", args=[challenge.slug])
    data = {"event": "judge_assigned", **_challenge_data(challenge)}
    transaction.on_commit(
        lambda: notify(
            member, kind=NotificationKind.JUDGING, actor=None, target=challenge, url=url, data=data
        )
    )
    return judge


@transaction.atomic
def remove_judge(judge: Judge, *, actor: Any) -> None:
    """Unseat a judge: their judgements go with them, and the jury scores of
    the entries they judged are recomputed."""
    challenge = judge.challenge
    Challenge.objects.select_for_update().get(pk=challenge.pk)
    _check_not_finished(challenge)
    judged = list(
        Judgement.objects.filter(entry__challenge=challenge, judge_id=judge.member_id)
        .values_list("entry_id", flat=True)
        .distinct()
    )
    Judgement.objects.filter(entry__challenge=challenge, judge_id=judge.member_id).delete()
    judge.delete()
    for entry in Entry.objects.select_for_update().filter(pk__in=judged).order_by("pk"):
        _recompute_jury_score(entry)
    record(actor=actor, verb="judge.removed", target=challenge, member=judge.member.username)


# Shortlist --------------------------------------------------------------------------


@transaction.atomic
def set_shortlist(challenge: Challenge, *, actor: Any, entry_ids: Iterable[int]) -> int:
    """Make exactly `entry_ids` the shortlist, once entries are closed and
    before the winners are announced. Only submitted entries can be on it; an
    entry judges have scored cannot leave it. The judges are told. Returns
    the shortlist's size."""
    Challenge.objects.select_for_update().get(pk=challenge.pk)
    _check_not_finished(challenge)
    if challenge.current_status(timezone.now()) in (ChallengeStatus.DRAFT, ChallengeStatus.OPEN):
        raise ValidationError(
            _("Entries are still coming in: shortlist once they close."), code="phase"
        )
    wanted = set(entry_ids)
    entries = Entry.objects.filter(challenge=challenge)
    valid = set(
        entries.filter(pk__in=wanted, status=EntryStatus.SUBMITTED).values_list("pk", flat=True)
    )
    if wanted - valid:
        raise ValidationError(
            _("Only submitted entries of this challenge can be shortlisted."), code="entries"
        )
    if entries.filter(is_shortlisted=True, judgement_count__gt=0).exclude(pk__in=wanted).exists():
        raise ValidationError(
            _("Judges have scored an entry you took off: it stays on the shortlist."),
            code="judged",
        )
    entries.exclude(pk__in=wanted).filter(is_shortlisted=True).update(is_shortlisted=False)
    entries.filter(pk__in=wanted, is_shortlisted=False).update(is_shortlisted=True)
    record(actor=actor, verb="shortlist.set", target=challenge, entries=len(wanted))
    url = reverse("challenges:judging", args=[challenge.slug])
    data = {"event": "shortlist_set", "entries": len(wanted), **_challenge_data(challenge)}
    judges = queries.judge_members(challenge)
    transaction.on_commit(
        lambda: notify_many(
            judges, kind=NotificationKind.JUDGING, actor=None, target=challenge, url=url, data=data
        )
    )
    return len(wanted)


# Judgements -------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """One criterion's score and comment, as a judge gives it."""

    criterion: int
    score: int
    comment: str = ""


def check_judging_open(entry: Entry) -> None:
    """Judging runs while the deadlines say "judging", until the winners
    are announced, and only on the shortlist."""
    challenge = entry.challenge
    if challenge.current_status(timezone.now()) is not ChallengeStatus.JUDGING:
        raise ValidationError(_("The jury judges only during the judging phase."), code="phase")
    if not entry.is_shortlisted or entry.status != EntryStatus.SUBMITTED:
        raise ValidationError(_("Only shortlisted entries are judged."), code="not_shortlisted")


def _clean_marks(marks: Iterable[Mark], criteria: Mapping[int, Criterion]) -> list[Mark]:
    """Every mark on a criterion of the challenge, 0–10, with a comment when
    low; raises ValidationError (code "invalid") naming what is wrong."""
    errors: dict[str, list[str]] = {}
    cleaned, seen = [], set()
    for mark in marks:
        key = f"criterion_{mark.criterion}"
        comment = mark.comment.strip()
        if mark.criterion not in criteria or mark.criterion in seen:
            errors.setdefault("criterion", []).append(
                _("Score each criterion of this challenge once.")
            )
        elif not 0 <= mark.score <= MAX_JUDGEMENT:
            errors.setdefault(key, []).append(_("Give a score from 0 to 10."))
        elif mark.score <= COMMENT_REQUIRED_AT and not comment:
            errors.setdefault(key, []).append(
                _("Say why in a comment: a score of 3 or less needs a reason.")
            )
        elif len(comment) > COMMENT_MAX:
            errors.setdefault(key, []).append(
                _("Keep the comment under %(max)d characters.") % {"max": COMMENT_MAX}
            )
        seen.add(mark.criterion)
        cleaned.append(Mark(mark.criterion, mark.score, comment))
    if not cleaned:
        errors.setdefault("criterion", []).append(_("Score at least one criterion."))
    if errors:
        raise ValidationError(errors, code="invalid")
    return cleaned


@transaction.atomic
def judge_entry(entry: Entry, *, judge: Any, marks: Iterable[Mark]) -> list[Judgement]:
    """Score (or re-score) one shortlisted entry on some or all criteria.
    The caller has checked `check_judge_entry` (judge, no conflict)."""
    entry = Entry.objects.select_for_update().select_related("challenge").get(pk=entry.pk)
    check_judging_open(entry)
    criteria = {criterion.pk: criterion for criterion in queries.criteria_of(entry.challenge)}
    cleaned = _clean_marks(marks, criteria)
    existing = queries.judgements_by(entry, judge)
    now = timezone.now()
    saved, created = [], []
    for mark in cleaned:
        judgement = existing.get(mark.criterion)
        if judgement is None:
            judgement = Judgement(
                entry=entry, judge=judge, criterion_id=mark.criterion, created_at=now
            )
            created.append(judgement)
        judgement.value, judgement.comment, judgement.updated_at = mark.score, mark.comment, now
        saved.append(judgement)
    Judgement.objects.bulk_create(created)
    Judgement.objects.bulk_update(
        [judgement for judgement in saved if judgement.pk and judgement not in created],
        ["value", "comment", "updated_at"],
    )
    _recompute_jury_score(entry)
    record(actor=judge, verb="entry.judged", target=entry, criteria=len(cleaned))
    return saved


def _recompute_jury_score(entry: Entry) -> float | None:
    """The entry's jury score and judgement count from its judgements (see
    the module's docstring): one aggregate query grouped by judge, on this
    entry only, and the challenge's number of criteria."""
    marks = (
        Judgement.objects.filter(entry=entry)
        .values("judge_id")
        .annotate(
            weighted=Sum(F("value") * F("criterion__weight")),
            weights=Sum("criterion__weight"),
            criteria=Count("id"),
        )
        .order_by()
    )
    total = Criterion.objects.filter(challenge_id=entry.challenge_id).count()
    finished = [row["weighted"] / row["weights"] for row in marks if row["criteria"] == total]
    score = sum(finished) / len(finished) if finished else None
    count = sum(row["criteria"] for row in marks)
    Entry.objects.filter(pk=entry.pk).update(jury_score=score, judgement_count=count)
    entry.jury_score, entry.judgement_count = score, count
    return score


# Winners ----------------------------------------------------------------------------


def _check_assignments(
    assignments: Mapping[int, int], prizes: Mapping[int, Prize], shortlisted: set[int]
) -> None:
    if set(assignments) - set(prizes):
        raise ValidationError(_("Assign only the prizes of this challenge."), code="assignments")
    if set(assignments.values()) - shortlisted:
        raise ValidationError(_("Only shortlisted entries can win."), code="assignments")
    if len(set(assignments.values())) != len(assignments):
        raise ValidationError(_("An entry can win one prize only."), code="assignments")


@transaction.atomic
def confirm_winners(
    challenge: Challenge,
    *,
    actor: Any,
    assignments: Mapping[int, int] | None = None,
    despite_missing: bool = False,
) -> list[Award]:
    """Announce the results: `assignments` ({prize rank: entry id}, by
    default the proposed ranking) become awards; every shortlisted entry gets
    its rank and final score; each prize's cash is split among the winning
    team's confirmed members by share into the ledger, its points and medal
    go to each of them; every entrant is told. Only during judging, once
    every judge has finished (unless `despite_missing`), and only once."""
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    if challenge.status_choice.is_finished or Award.objects.filter(challenge=challenge).exists():
        raise ValidationError(_("The winners are already announced."), code="announced")
    now = timezone.now()
    if challenge.current_status(now) is not ChallengeStatus.JUDGING:
        raise ValidationError(_("Winners are confirmed during the judging phase."), code="phase")
    ranked = queries.ranking(challenge)
    if not ranked:
        raise ValidationError(
            _("Shortlist entries before confirming winners."), code="no_shortlist"
        )
    if not despite_missing and not all(row.is_complete for row in ranked):
        raise ValidationError(
            _("Some judges have not finished: wait, or confirm despite the missing judgements."),
            code="judging_incomplete",
        )
    prizes = {prize.rank: prize for prize in queries.prizes_of(challenge)}
    if assignments is None:
        assignments = {
            rank: ranked[rank - 1].entry.pk for rank in sorted(prizes) if rank <= len(ranked)
        }
    _check_assignments(assignments, prizes, {row.entry.pk for row in ranked})
    winners = {entry_id: rank for rank, entry_id in assignments.items()}
    order = sorted(ranked, key=lambda row: winners.get(row.entry.pk, len(prizes) + 1 + row.rank))
    for position, row in enumerate(order, start=1):
        row.entry.rank, row.entry.final_score = position, row.final_score
    Entry.objects.bulk_update([row.entry for row in order], ["rank", "final_score"])
    entries = {row.entry.pk: row.entry for row in order}
    teams: dict[int, list[EntryMember]] = {entry_id: [] for entry_id in winners}
    for teammate in EntryMember.objects.filter(
        entry_id__in=winners, status=TeamStatus.CONFIRMED
    ).select_related("member"):
        teams[teammate.entry_id].append(teammate)
    awards = []
    for rank in sorted(assignments):
        prize, entry = prizes[rank], entries[assignments[rank]]
        award = Award.objects.create(
            challenge=challenge, prize=prize, entry=entry, confirmed_by=actor, created_at=now
        )
        awards.append(award)
        _pay(award, teams[entry.pk])
    challenge.status, challenge.announced_at, challenge.updated_at = (
        ChallengeStatus.ANNOUNCED,
        now,
        now,
    )
    challenge.save(update_fields=["status", "announced_at", "updated_at"])
    record(
        actor=actor,
        verb="challenge.announced",
        target=challenge,
        public=True,
        product=challenge.product_id,
        **_challenge_data(challenge),
    )
    url = reverse("challenges:results", args=[challenge.slug])
    data = {"event": "announced", **_challenge_data(challenge)}
    recipients = queries.entrants(challenge)
    transaction.on_commit(
        lambda: notify_many(
            recipients,
            kind=NotificationKind.CHALLENGE,
            actor=None,
            target=challenge,
            url=url,
            data=data,
        )
    )
    return awards


def _pay(award: Award, team: list[EntryMember]) -> None:
    """The prize's cash split by share into the ledger; its points (with a
    public "challenge.won" by each winner, which the winner medal counts)
    and its medal to each confirmed teammate."""
    prize, entry, challenge = award.prize, award.entry, award.challenge
    if prize.cash and team:
        parts = split_amount(
            prize.cash, [(teammate.member_id, teammate.share) for teammate in team]
        )
        LedgerEntry.objects.bulk_create(
            LedgerEntry(
                member_id=teammate.member_id,
                kind=LedgerKind.PRIZE,
                entry=entry,
                award=award,
                share=teammate.share,
                amount=parts[teammate.member_id],
                currency=prize.currency,
            )
            for teammate in team
        )
    for teammate in team:
        activity = record(
            actor=teammate.member,
            verb="challenge.won",
            target=entry,
            public=True,
            product=challenge.product_id,
            rank=prize.rank,
            title=entry.title,
            **_challenge_data(challenge),
        )
        if prize.points:
            award_points(
                teammate.member_id,
                points=prize.points,
                verb="challenge.won",
                activity=activity,
                reason=prize.label,
                product=challenge.product,
            )
        if prize.medal is not None:
            award_medal(teammate.member, medal=prize.medal)
