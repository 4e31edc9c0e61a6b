"""Reads of the jury: criteria, judges, the shortlist, each judge's queue,
the ranking and the results. Every function is a fixed number of queries,
whatever the number of entries, judges or criteria.

The ranking
-----------
final score = jury share % · jury score / 10 + community share % · community
score / 5, a number from 0 to 100 (solution challenges: the jury only). An
entry no judge has finished has no jury score and counts 0 for the jury.
Final scores equal to four decimals are a tie, broken by (in order) the
higher jury score, the higher community score, more community scores, then
the earlier submission (and, last, the lower id, so the order is total).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, QuerySet
from django.utils.translation import gettext_lazy as _

from ..enums import ChallengeStatus, EntryStatus, TeamStatus
from ..models import Award, Challenge, Criterion, Entry, EntryMember, Judge, Judgement, Prize

User = get_user_model()

TIE_RULE = _(
    "Ties: the higher jury score wins, then the higher community score, then more community "
    "scores, then the earlier submission. An entry no judge has finished counts 0 for the jury."
)

# How many entries the shortlist proposes by default, best community score first.
PROPOSED_SHORTLIST = 10


def criteria_of(challenge: Challenge) -> list[Criterion]:
    return list(Criterion.objects.filter(challenge=challenge))


def judges_of(challenge: Challenge) -> list[Judge]:
    return list(
        Judge.objects.filter(challenge=challenge)
        .select_related("member")
        .order_by("created_at", "id")
    )


def criteria_locked(challenge: Challenge) -> bool:
    """Criteria stay as they are once any judge has scored any entry."""
    return Judgement.objects.filter(criterion__challenge=challenge).exists()


def shortlist(challenge: Challenge) -> QuerySet[Entry]:
    return Entry.objects.filter(
        challenge=challenge, is_shortlisted=True, status=EntryStatus.SUBMITTED
    ).order_by("created_at", "id")


def shortlist_candidates(challenge: Challenge) -> list[Entry]:
    """Every submitted entry, best community score first (design contests)
    or oldest first (solution challenges), for staff to pick from."""
    entries = Entry.objects.filter(challenge=challenge, status=EntryStatus.SUBMITTED)
    order = ["-community_score", "-score_count", "created_at", "id"]
    return list(entries.order_by(*(order if challenge.is_design else order[2:])))


def proposed_shortlist(challenge: Challenge, candidates: list[Entry]) -> set[int]:
    """What the page ticks before staff choose: the shortlist as it is, or
    for a design contest without one yet, the top entries by community score."""
    chosen = {entry.pk for entry in candidates if entry.is_shortlisted}
    if chosen or not challenge.is_design:
        return chosen
    return {entry.pk for entry in candidates[:PROPOSED_SHORTLIST]}


def _team_conflicts(entry_ids: list[int], judge_ids: list[int]) -> set[tuple[int, int]]:
    """(entry, judge) pairs where the judge is on the entry's team."""
    if not entry_ids or not judge_ids:
        return set()
    return set(
        EntryMember.objects.filter(entry_id__in=entry_ids, member_id__in=judge_ids)
        .exclude(status=TeamStatus.DECLINED)
        .values_list("entry_id", "member_id")
    )


def _judged(entry_ids: list[int]) -> dict[tuple[int, int], int]:
    """How many criteria each judge has scored on each entry."""
    if not entry_ids:
        return {}
    rows = (
        Judgement.objects.filter(entry_id__in=entry_ids)
        .values("entry_id", "judge_id")
        .annotate(criteria=Count("id"))
        .order_by()
    )
    return {(row["entry_id"], row["judge_id"]): row["criteria"] for row in rows}


def final_score(challenge: Challenge, jury_score: float | None, community_score: float) -> float:
    """0–100, to four decimals (see the module's docstring)."""
    jury = (100 - challenge.community_share) * (jury_score or 0) / 10
    community = challenge.community_share * community_score / 5
    return round(jury + community, 4)


def tie_key(entry: Entry, final: float) -> tuple:
    """The ranking order: final score, then the tie rule."""
    return (
        -final,
        -(entry.jury_score or 0),
        -entry.community_score if entry.challenge.is_design else 0,
        -entry.score_count if entry.challenge.is_design else 0,
        entry.created_at,
        entry.pk,
    )


@dataclass
class Ranked:
    """One shortlisted entry in the ranking, with its judges' progress."""

    entry: Entry
    final_score: float
    judges_done: int
    judges_total: int
    rank: int = 0

    @property
    def is_complete(self) -> bool:
        return self.judges_done >= self.judges_total


def ranking(challenge: Challenge) -> list[Ranked]:
    """The shortlist in proposed order (three queries)."""
    entries = list(shortlist(challenge).select_related("challenge", "author"))
    ids = [entry.pk for entry in entries]
    judge_ids = list(Judge.objects.filter(challenge=challenge).values_list("member_id", flat=True))
    criteria = Criterion.objects.filter(challenge=challenge).count() if ids else 0
    conflicts = _team_conflicts(ids, judge_ids)
    judged = _judged(ids)
    ranked = []
    for entry in entries:
        seated = [judge for judge in judge_ids if (entry.pk, judge) not in conflicts]
        done = sum(1 for judge in seated if criteria and judged.get((entry.pk, judge)) == criteria)
        final = final_score(challenge, entry.jury_score, entry.community_score)
        ranked.append(Ranked(entry, final, done, len(seated)))
    ranked.sort(key=lambda row: tie_key(row.entry, row.final_score))
    for position, row in enumerate(ranked, start=1):
        row.rank = position
    return ranked


@dataclass
class QueueItem:
    """A shortlisted entry in a judge's queue: which criteria they scored."""

    entry: Entry
    done: set[int] = field(default_factory=set)
    conflict: bool = False

    def is_done(self, criteria: list[Criterion]) -> bool:
        return bool(criteria) and all(criterion.pk in self.done for criterion in criteria)


def judge_queue(challenge: Challenge, judge: Any) -> list[QueueItem]:
    """The shortlist as one judge sees it (three queries)."""
    entries = list(shortlist(challenge))
    ids = [entry.pk for entry in entries]
    conflicts = _team_conflicts(ids, [judge.pk])
    done: dict[int, set[int]] = defaultdict(set)
    for entry_id, criterion_id in Judgement.objects.filter(
        entry_id__in=ids, judge=judge
    ).values_list("entry_id", "criterion_id"):
        done[entry_id].add(criterion_id)
    return [
        QueueItem(
            entry, done[entry.pk], (entry.pk, judge.pk) in conflicts or entry.author_id == judge.pk
        )
        for entry in entries
    ]


def judgements_by(entry: Entry, judge: Any) -> dict[int, Judgement]:
    return {
        judgement.criterion_id: judgement
        for judgement in Judgement.objects.filter(entry=entry, judge=judge)
    }


def prizes_of(challenge: Challenge) -> list[Prize]:
    return list(Prize.objects.filter(challenge=challenge).select_related("medal"))


@dataclass
class Result:
    """An entry on the results page: rank, award, team and criteria averages."""

    entry: Entry
    award: Award | None = None
    team: list[EntryMember] = field(default_factory=list)
    averages: list[tuple[Criterion, float]] = field(default_factory=list)


def results(challenge: Challenge, criteria: list[Criterion]) -> list[Result]:
    """The ranked shortlist with awards, confirmed teams and each criterion's
    average judgement (four queries)."""
    if challenge.status not in (ChallengeStatus.ANNOUNCED, ChallengeStatus.CLOSED):
        return []
    entries = list(shortlist(challenge).exclude(rank=None).order_by("rank", "id"))
    ids = [entry.pk for entry in entries]
    awards = {
        award.entry_id: award
        for award in Award.objects.filter(challenge=challenge).select_related("prize")
    }
    teams: dict[int, list[EntryMember]] = defaultdict(list)
    for teammate in EntryMember.objects.filter(
        entry_id__in=ids, status=TeamStatus.CONFIRMED
    ).select_related("member"):
        teams[teammate.entry_id].append(teammate)
    averages: dict[tuple[int, int], float] = {
        (row["entry_id"], row["criterion_id"]): row["average"]
        for row in Judgement.objects.filter(entry_id__in=ids)
        .values("entry_id", "criterion_id")
        .annotate(average=Avg("value"))
        .order_by()
    }
    return [
        Result(
            entry,
            awards.get(entry.pk),
            teams[entry.pk],
            [
                (criterion, averages[(entry.pk, criterion.pk)])
                for criterion in criteria
                if (entry.pk, criterion.pk) in averages
            ],
        )
        for entry in entries
    ]


def entrants(challenge: Challenge) -> QuerySet:
    """Every confirmed teammate of a submitted entry: who hears the results."""
    return User.objects.filter(
        pk__in=EntryMember.objects.filter(
            entry__challenge=challenge,
            entry__status=EntryStatus.SUBMITTED,
            status=TeamStatus.CONFIRMED,
        ).values("member_id")
    )


def judge_members(challenge: Challenge) -> QuerySet:
    return User.objects.filter(judge_seats__challenge=challenge)
