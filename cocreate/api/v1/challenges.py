"""Challenges: list them by phase, read one with its prizes, timeline and
where you stand; staff draft one with its prize table.

Every endpoint calls the same queries, `check_*` permissions and actions as
the challenge pages. A refusal of the input (a reserved or taken slug, a
timeline out of order, a duplicate prize rank) answers 400 with the
action's code.
"""

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import StringConstraints

from cocreate.challenges.actions import challenges as actions
from cocreate.challenges.enums import ChallengeKind
from cocreate.challenges.models import Challenge, Criterion, Prize
from cocreate.challenges.permissions import challenges as permissions
from cocreate.challenges.queries import challenges as queries
from cocreate.forum.models import Product
from cocreate.reputation.eligibility import eligibility
from cocreate.reputation.enums import Tier
from cocreate.reputation.models import Medal

from ..errors import ApiError
from ..schemas import ERRORS, ErrorOut
from .ideas import token_session_or_anonymous

router = Router(tags=["challenges"])

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
Slug = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50, pattern=r"^[-\w]+$")
]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
OptionalName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)]
Text = Annotated[str, StringConstraints(max_length=20000)]
BAD = {400: ErrorOut}
CENT = Decimal("0.01")
PHASES = "^(open|upcoming|in_progress|past)$"


# Schemas -----------------------------------------------------------------------------


class TopPrizeOut(Schema):
    label: str = Field(description="In the request's language.")
    cash: Decimal
    currency: str


class ChallengeOut(Schema):
    id: int
    slug: str
    url: str
    product: str = Field(description="The product's slug.")
    kind: str = Field(description="`design` (community-scored gallery) or `solution`.")
    status: str = Field(description="The stored workflow status.")
    phase: str = Field(
        description="Where the deadlines put it now: `upcoming`, `open`, `scoring`, "
        "`judging`, `announced`, `closed` (or `draft`, for staff)."
    )
    deadline: datetime | None = Field(description="The next deadline of the phase.")
    name: str = Field(description="In the request's language.")
    description: str
    cover: str | None = Field(description="The cover image's address.")
    time_zone: str = Field(description="Where the deadlines are read and shown.")
    opens_at: datetime
    submissions_close_at: datetime
    scoring_closes_at: datetime | None = Field(description="Design contests only.")
    judging_closes_at: datetime
    announced_at: datetime | None
    closed_at: datetime | None
    entry_count: int
    min_level: int
    min_tier: str
    min_account_days: int
    top_prize: TopPrizeOut | None

    @staticmethod
    def resolve_url(challenge: Challenge) -> str:
        return challenge.get_absolute_url()

    @staticmethod
    def resolve_product(challenge: Challenge) -> str:
        return challenge.product.slug

    @staticmethod
    def resolve_phase(challenge: Challenge) -> str:
        return challenge.phase.key  # type: ignore[attr-defined]

    @staticmethod
    def resolve_deadline(challenge: Challenge) -> datetime | None:
        return challenge.phase.deadline  # type: ignore[attr-defined]

    @staticmethod
    def resolve_name(challenge: Challenge) -> str:
        return challenge.display_name

    @staticmethod
    def resolve_description(challenge: Challenge) -> str:
        return challenge.display_description

    @staticmethod
    def resolve_cover(challenge: Challenge) -> str | None:
        return challenge.cover.url if challenge.cover else None

    @staticmethod
    def resolve_top_prize(challenge: Challenge) -> dict[str, Any] | None:
        prizes = getattr(challenge, "prize_table", None)
        if prizes is not None:
            top = prizes[0] if prizes else None
            return (
                {"label": top.display_label, "cash": top.cash, "currency": top.currency}
                if top
                else None
            )
        if getattr(challenge, "top_currency", None) is None:
            return None
        return {
            "label": queries.top_prize_label(challenge),
            # SQLite hands a subquery's decimal back unscaled.
            "cash": challenge.top_cash.quantize(CENT),  # type: ignore[attr-defined]
            "currency": challenge.top_currency,  # type: ignore[attr-defined]
        }


class ChallengePageOut(Schema):
    items: list[ChallengeOut]
    count: int


class PrizeOut(Schema):
    rank: int
    label: str = Field(description="In the request's language.")
    cash: Decimal
    currency: str
    points: int
    medal: str | None = Field(description="The medal's slug.")

    @staticmethod
    def resolve_label(prize: Prize) -> str:
        return prize.display_label

    @staticmethod
    def resolve_medal(prize: Prize) -> str | None:
        return prize.medal.slug if prize.medal else None


class StepOut(Schema):
    label: str
    at: datetime
    done: bool


class ConditionOut(Schema):
    label: str
    met: bool


class ChallengeDetailOut(ChallengeOut):
    brief: str = Field(description="Markdown, in the request's language.")
    brief_html: str
    rules: str
    rules_html: str
    ip_terms: str = Field(description="What every entrant accepts (Markdown).")
    ip_terms_html: str
    prizes: list[PrizeOut]
    timeline: list[StepOut]
    criteria: list[str] = Field(description="What the jury judges, in the request's language.")
    takes_entries: bool = Field(description="Whether it takes entries now.")
    eligibility: list[ConditionOut] = Field(
        description="The conditions it sets, each with whether you meet it; empty for a visitor."
    )
    eligible: bool | None = Field(description="Whether you meet them all; null for a visitor.")

    @staticmethod
    def resolve_prizes(challenge: Challenge) -> list[Prize]:
        return challenge.prize_table  # type: ignore[attr-defined]

    @staticmethod
    def resolve_criteria(challenge: Challenge) -> list[str]:
        return challenge.criterion_names  # type: ignore[attr-defined]

    @staticmethod
    def resolve_brief(challenge: Challenge) -> str:
        return challenge.brief_zh if _zh(challenge, "brief") else challenge.brief

    @staticmethod
    def resolve_brief_html(challenge: Challenge) -> str:
        return challenge.display_brief_html

    @staticmethod
    def resolve_rules(challenge: Challenge) -> str:
        return challenge.rules_zh if _zh(challenge, "rules") else challenge.rules

    @staticmethod
    def resolve_rules_html(challenge: Challenge) -> str:
        return challenge.display_rules_html

    @staticmethod
    def resolve_ip_terms(challenge: Challenge) -> str:
        return challenge.ip_terms_zh if _zh(challenge, "ip_terms") else challenge.ip_terms

    @staticmethod
    def resolve_ip_terms_html(challenge: Challenge) -> str:
        return challenge.display_ip_terms_html


def _zh(challenge: Challenge, name: str) -> bool:
    """Whether the Chinese text is the one shown (as `pick` chooses the HTML)."""
    return getattr(challenge, f"display_{name}_html") == getattr(
        challenge, f"{name}_zh_html"
    ) and bool(getattr(challenge, f"{name}_zh"))


class ChallengeListQuery(Schema):
    phase: str | None = Field(
        None,
        pattern=PHASES,
        description="`open` (takes entries now), `upcoming`, `in_progress` (scoring or "
        "judging) or `past` (announced or closed); without it, all you may see.",
    )
    product: Slug | None = Field(None, description="Only this product's challenges.")
    kind: ChallengeKind | None = None
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000_000)


class PrizeIn(Schema):
    rank: int = Field(ge=1, le=1000)
    label: Name
    label_zh: OptionalName = ""
    cash: Decimal = Field(Decimal("0.00"), ge=0, max_digits=12, decimal_places=2)
    currency: str = Field("CNY", pattern="^[A-Z]{3}$")
    points: int = Field(0, ge=0, le=1_000_000)
    medal: Slug | None = Field(None, description="A medal's slug.")


class ChallengeIn(Schema):
    product: Slug
    kind: ChallengeKind = ChallengeKind.DESIGN
    slug: Slug
    name: Name
    name_zh: OptionalName = ""
    description: Annotated[str, StringConstraints(max_length=300)] = ""
    description_zh: Annotated[str, StringConstraints(max_length=300)] = ""
    brief: Text = ""
    brief_zh: Text = ""
    rules: Text = ""
    rules_zh: Text = ""
    ip_terms: Text = ""
    ip_terms_zh: Text = ""
    min_level: int = Field(1, ge=1, le=100)
    min_tier: Tier = Tier.MEMBER
    min_account_days: int = Field(0, ge=0, le=3650)
    time_zone: str = Field(
        description="Like Asia/Shanghai; times without an offset are read in it.",
        min_length=1,
        max_length=64,
    )
    opens_at: datetime
    submissions_close_at: datetime
    scoring_closes_at: datetime | None = Field(None, description="Design contests only.")
    judging_closes_at: datetime
    prizes: list[PrizeIn] = Field([], max_length=50)


# Helpers ---------------------------------------------------------------------------


def _product_or_422(slug: str) -> Product:
    product = Product.objects.filter(is_active=True, slug=slug).first()
    if product is None:
        raise ValidationError({"product": [_("No product is called “%(slug)s”.") % {"slug": slug}]})
    return product


def _refused(refusal: ValidationError) -> ApiError:
    return ApiError(400, refusal.code or "invalid", " ".join(refusal.messages))


def _with_phase(challenges: list[Challenge]) -> list[Challenge]:
    now = timezone.now()
    for challenge in challenges:
        challenge.phase = queries.phase_of(challenge, now)  # type: ignore[attr-defined]
    return challenges


def _detail(user: Any, challenge: Challenge) -> Challenge:
    _with_phase([challenge])
    conditions = eligibility(user, challenge)
    prizes = queries.prizes_of(challenge)
    extra = {
        "prize_table": prizes,
        "timeline": queries.timeline_of(challenge),
        "criterion_names": [
            criterion.display_name
            for criterion in Criterion.objects.filter(challenge=challenge).order_by(
                "position", "pk"
            )
        ],
        "takes_entries": challenge.takes_entries(),
        "eligibility": conditions,
        "eligible": all(c.met for c in conditions) if user.is_authenticated else None,
    }
    for name, value in extra.items():
        setattr(challenge, name, value)
    return challenge


def _medals(prizes: list[PrizeIn]) -> dict[str, Medal]:
    slugs = {prize.medal for prize in prizes if prize.medal}
    found = {medal.slug: medal for medal in Medal.objects.filter(slug__in=slugs)}
    missing = sorted(slugs - set(found))
    if missing:
        raise ValidationError(
            {"prizes": [_("No medal is called “%(slug)s”.") % {"slug": missing[0]}]}
        )
    return found


def _in_zone(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=zone)


# Endpoints ----------------------------------------------------------------------------


@router.get(
    "/challenges", auth=token_session_or_anonymous, response={200: ChallengePageOut, **ERRORS}
)
def list_challenges(request, filters: Query[ChallengeListQuery]):
    """The challenges you may see in one phase, in the index's order (open:
    closing soonest first; upcoming: opening soonest; in progress: judging
    ending soonest; past: announced last first); without a phase, all of
    them, the latest to open first."""
    product = _product_or_422(filters.product) if filters.product else None
    challenges = queries.challenge_list(
        request.auth, filters.phase, product=product, kind=filters.kind
    )
    page = list(challenges[filters.offset : filters.offset + filters.limit])
    return {"items": _with_phase(page), "count": challenges.count()}


@router.post("/challenges", response={201: ChallengeDetailOut, **BAD, **ERRORS})
def create_challenge(request, payload: ChallengeIn):
    """Staff: draft a challenge, with its prize table if given. Deadlines
    without an offset are read in `time_zone`. Answers 400 with the code of
    a refusal: `reserved_slug`, `duplicate_slug`, `timeline_order`,
    `scoring_required`, `scoring_not_allowed`, `invalid_time_zone`,
    `duplicate_rank`."""
    permissions.check_manage_challenge(request.auth)
    product = _product_or_422(payload.product)
    medals = _medals(payload.prizes)
    values = payload.dict(exclude={"product", "prizes"})
    try:
        actions.check_time_zone(values["time_zone"])
        zone = ZoneInfo(values["time_zone"])
        for name in actions.TIMELINE_FIELDS:
            values[name] = _in_zone(values[name], zone)
        challenge = actions.create_challenge(
            product,
            actor=request.auth,
            prizes=[
                actions.PrizeData(
                    **prize.dict(exclude={"medal"}), medal=medals.get(prize.medal or "")
                )
                for prize in payload.prizes
            ],
            **values,
        )
    except ValidationError as refused:
        raise _refused(refused) from None
    return Status(
        201, _detail(request.auth, queries.get_challenge_by_id_for(request.auth, challenge.pk))
    )


@router.get(
    "/challenges/{challenge_id}",
    auth=token_session_or_anonymous,
    response={200: ChallengeDetailOut, **ERRORS},
)
def get_challenge(request, challenge_id: Id):
    """One challenge with its brief, rules, IP terms, prize table, timeline,
    the jury's criteria, and whether you meet its conditions. A draft is
    staff's: 404 for anyone else."""
    return _detail(request.auth, queries.get_challenge_by_id_for(request.auth, challenge_id))
