"""The jury and the results: a judge scores a shortlisted entry; anyone
reads a challenge's results once the winners are announced.

The same queries, `check_*` permissions and actions as the jury's pages.
Who may not answers 403 (a conflict or not a judge); the state at the
moment of writing (not the judging phase, an entry off the shortlist)
answers 409; a score, comment or criterion that is wrong answers 422.
"""

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status

from cocreate.challenges.actions import judging as actions
from cocreate.challenges.actions.judging import Mark
from cocreate.challenges.models import Entry, Judgement
from cocreate.challenges.permissions import judging as permissions
from cocreate.challenges.permissions.visibility import can_see_entry, visible_challenges
from cocreate.challenges.queries import judging as queries

from ..errors import ApiError
from ..schemas import ERRORS, ErrorOut
from .ideas import token_session_or_anonymous

router = Router(tags=["judging"])

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
CONFLICT = {409: ErrorOut}


class MarkIn(Schema):
    criterion: int = Field(ge=1, le=2**63 - 1, description="A criterion of the entry's challenge.")
    score: int = Field(ge=0, le=10)
    comment: str = Field(
        "", max_length=actions.COMMENT_MAX, description="Required for a score of 3 or less."
    )


class JudgementOut(Schema):
    criterion: int
    score: int
    comment: str
    updated_at: datetime

    @staticmethod
    def resolve_criterion(judgement: Judgement) -> int:
        return judgement.criterion_id

    @staticmethod
    def resolve_score(judgement: Judgement) -> int:
        return judgement.value


class JudgedOut(Schema):
    entry: int
    judgements: list[JudgementOut] = Field(description="Yours on this entry, every criterion.")
    judgement_count: int = Field(description="All judges' judgements of the entry.")


class TeammateOut(Schema):
    username: str
    name: str
    share: Decimal = Field(description="Percent of the prize.")


class PrizeOut(Schema):
    rank: int
    label: str
    cash: Decimal
    currency: str
    points: int
    medal: str | None = Field(description="The medal's slug.")


class ResultOut(Schema):
    entry: int
    title: str
    rank: int
    final_score: float | None = Field(description="0–100.")
    jury_score: float | None = Field(description="0–10.")
    community_score: float | None = Field(description="0–5; null for a solution challenge.")
    community_count: int | None
    prize: PrizeOut | None
    team: list[TeammateOut]


class ResultsOut(Schema):
    challenge: int
    slug: str
    announced_at: datetime | None
    tie_rule: str
    results: list[ResultOut] = Field(description="Winners first, then the shortlist by rank.")


def _refused(refusal: ValidationError) -> ApiError:
    return ApiError(409, refusal.code or "conflict", " ".join(refusal.messages))


@router.post(
    "/entries/{entry_id}/judgements",
    response={200: JudgedOut, **ERRORS, **CONFLICT},
)
def judge_entry(request, entry_id: Id, payload: MarkIn | list[MarkIn]):
    """Score a shortlisted entry as one of its challenge's judges: one
    criterion (`{"criterion", "score", "comment"}`) or several (a list).
    Scores can be changed until the winners are announced. 403 for a judge
    with a conflict (their own or their team's entry) or a non-judge; 409
    outside the judging phase or for an entry off the shortlist."""
    entry = get_object_or_404(Entry.objects.select_related("challenge"), pk=entry_id)
    if not can_see_entry(request.auth, entry):
        raise ApiError(404, "not_found", _("Not found."))
    permissions.check_judge_entry(request.auth, entry)
    marks = payload if isinstance(payload, list) else [payload]
    try:
        actions.judge_entry(
            entry,
            judge=request.auth,
            marks=[Mark(mark.criterion, mark.score, mark.comment) for mark in marks],
        )
    except ValidationError as refusal:
        if hasattr(refusal, "error_dict"):
            raise  # bad input: 422 with the fields
        raise _refused(refusal) from refusal
    entry.refresh_from_db(fields=["judgement_count"])
    mine = sorted(queries.judgements_by(entry, request.auth).values(), key=lambda j: j.criterion_id)
    return Status(
        200, {"entry": entry.pk, "judgements": mine, "judgement_count": entry.judgement_count}
    )


def _result(row: queries.Result, is_design: bool) -> dict[str, Any]:
    entry, award = row.entry, row.award
    prize = award.prize if award else None
    return {
        "entry": entry.pk,
        "title": entry.title,
        "rank": entry.rank,
        "final_score": entry.final_score,
        "jury_score": entry.jury_score,
        "community_score": entry.community_score if is_design else None,
        "community_count": entry.score_count if is_design else None,
        "prize": {
            "rank": prize.rank,
            "label": prize.display_label,
            "cash": prize.cash,
            "currency": prize.currency,
            "points": prize.points,
            "medal": prize.medal.slug if prize.medal else None,
        }
        if prize
        else None,
        "team": [
            {"username": t.member.username, "name": t.member.name, "share": t.share}
            for t in row.team
        ],
    }


@router.get(
    "/challenges/{challenge_id}/results",
    auth=token_session_or_anonymous,
    response={200: ResultsOut, **ERRORS},
)
def results(request, challenge_id: Id):
    """The winners and the ranked shortlist, with prizes, scores and team
    credits: public once the winners are announced (404 before, but for
    staff)."""
    challenge = get_object_or_404(
        visible_challenges(request.auth).select_related("product"), pk=challenge_id
    )
    if not permissions.can_see_results(request.auth, challenge):
        raise ApiError(404, "not_found", _("Not found."))
    rows = queries.results(challenge, queries.criteria_of(challenge))
    rows.sort(key=lambda row: (row.award is None, row.entry.rank))
    return {
        "challenge": challenge.pk,
        "slug": challenge.slug,
        "announced_at": challenge.announced_at,
        "tie_rule": str(queries.TIE_RULE),
        "results": [_result(row, challenge.is_design) for row in rows],
    }
