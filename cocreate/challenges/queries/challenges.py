"""Reads of challenges shared by the pages and the API: the index's lists,
one challenge with its prize table and attachments, and the phase a
challenge is in with its next deadline.

Lists go through `visibility.visible_challenges` and take a fixed number of
queries: the product is joined and the top prize read by subqueries."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from django.db.models import Field, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.bilingual import pick
from cocreate.forum.models import Product

from ..enums import ChallengeStatus
from ..models import Challenge, ChallengeAttachment, Prize
from ..permissions.visibility import visible_challenges

PER_PAGE = 12

# The index's tabs, in order, with their titles.
TABS = {
    "open": _("Open"),
    "upcoming": _("Upcoming"),
    "in_progress": _("In progress"),
    "past": _("Past"),
}

LIVE = (ChallengeStatus.OPEN, ChallengeStatus.SCORING, ChallengeStatus.JUDGING)
FINISHED = (ChallengeStatus.ANNOUNCED, ChallengeStatus.CLOSED)


def tab_filter(tab: str, now: datetime) -> Q:
    """open: takes entries now; upcoming: published, opens later; in
    progress: entries closed, scoring or judging; past: announced or closed.
    By the deadlines, not by the stored status the minute task moves."""
    if tab == "open":
        return Q(status__in=LIVE, opens_at__lte=now, submissions_close_at__gt=now)
    if tab == "upcoming":
        return Q(status__in=LIVE, opens_at__gt=now)
    if tab == "in_progress":
        return Q(status__in=LIVE, submissions_close_at__lte=now)
    if tab == "past":
        return Q(status__in=FINISHED)
    raise ValueError(tab)


TAB_ORDER = {
    "open": ("submissions_close_at", "pk"),
    "upcoming": ("opens_at", "pk"),
    "in_progress": ("judging_closes_at", "pk"),
    "past": ("-announced_at", "-pk"),
}


def _top_prize(field: str) -> Subquery:
    return Subquery(
        Prize.objects.filter(challenge=OuterRef("pk")).order_by("rank").values(field)[:1],
        output_field=cast(Field, Prize._meta.get_field(field)),
    )


def challenge_list(
    user: Any,
    tab: str | None,
    *,
    product: Product | None = None,
    kind: str | None = None,
    now: datetime | None = None,
) -> QuerySet[Challenge]:
    """The challenges of one tab that `user` sees, each with its product and
    its top prize (`top_label`, `top_label_zh`, `top_cash`, `top_currency`).
    Without a tab: every challenge `user` sees, the latest to open first."""
    now = now or timezone.now()
    challenges = visible_challenges(user)
    if tab is not None:
        challenges = challenges.filter(tab_filter(tab, now))
    if product is not None:
        challenges = challenges.filter(product=product)
    if kind:
        challenges = challenges.filter(kind=kind)
    return (
        challenges.select_related("product")
        .defer(
            *(
                f"{name}{zh}{html}"
                for name in ("brief", "rules", "ip_terms")
                for zh in ("", "_zh")
                for html in ("", "_html")
            )
        )
        .annotate(
            top_label=_top_prize("label"),
            top_label_zh=_top_prize("label_zh"),
            top_cash=_top_prize("cash"),
            top_currency=_top_prize("currency"),
        )
        .order_by(*(TAB_ORDER[tab] if tab else ("-opens_at", "-pk")))
    )


def top_prize_label(challenge: Challenge) -> str:
    return pick(
        getattr(challenge, "top_label", "") or "", getattr(challenge, "top_label_zh", "") or ""
    )


def challenge_products() -> QuerySet[Product]:
    """Products that have a published challenge, for the filter."""
    return Product.objects.filter(
        is_active=True,
        pk__in=Challenge.objects.exclude(status=ChallengeStatus.DRAFT).values("product_id"),
    ).order_by("position", "name")


def get_challenge_for(user: Any, slug: str) -> Challenge:
    """The challenge `user` may see; 404 otherwise (a draft is staff's)."""
    challenge = visible_challenges(user).select_related("product").filter(slug=slug).first()
    if challenge is None:
        raise Http404
    return challenge


def get_challenge_by_id_for(user: Any, pk: int) -> Challenge:
    challenge = visible_challenges(user).select_related("product").filter(pk=pk).first()
    if challenge is None:
        raise Http404
    return challenge


def prizes_of(challenge: Challenge) -> list[Prize]:
    return list(Prize.objects.filter(challenge=challenge).select_related("medal").order_by("rank"))


def attachments_of(challenge: Challenge) -> list[ChallengeAttachment]:
    return list(ChallengeAttachment.objects.filter(challenge=challenge).order_by("name", "pk"))


# Phases -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Phase:
    """Where a challenge stands at a moment: `key` is a status or
    "upcoming", `deadline` the next instant that moves it (None when
    finished), `deadline_label` what happens then."""

    key: str
    label: str
    deadline: datetime | None
    deadline_label: str


def phase_of(challenge: Challenge, now: datetime | None = None) -> Phase:
    now = now or timezone.now()
    if challenge.is_upcoming(now):
        return Phase("upcoming", str(_("Upcoming")), challenge.opens_at, str(_("Opens")))
    status = challenge.current_status(now)
    deadline, label = {
        ChallengeStatus.DRAFT: (challenge.opens_at, _("Opens")),
        ChallengeStatus.OPEN: (challenge.submissions_close_at, _("Entries close")),
        ChallengeStatus.SCORING: (challenge.scoring_closes_at, _("Scoring closes")),
        ChallengeStatus.JUDGING: (challenge.judging_closes_at, _("Judging ends")),
    }.get(status, (None, ""))
    if status == ChallengeStatus.JUDGING and deadline and deadline <= now:
        deadline, label = None, ""  # the jury is late: no countdown below zero
    return Phase(status.value, str(status.label), deadline, str(label))


@dataclass(frozen=True)
class Step:
    """One moment of the timeline: whether it is behind us, and whether it
    is the next one to come."""

    label: str
    at: datetime
    done: bool
    next: bool


def timeline_of(challenge: Challenge, now: datetime | None = None) -> list[Step]:
    now = now or timezone.now()
    moments = [
        (_("Opens"), challenge.opens_at),
        (_("Entries close"), challenge.submissions_close_at),
    ]
    if challenge.is_design and challenge.scoring_closes_at:
        moments.append((_("Community scoring closes"), challenge.scoring_closes_at))
    moments.append((_("Judging ends (planned)"), challenge.judging_closes_at))
    if challenge.announced_at:
        moments.append((_("Winners announced"), challenge.announced_at))
    if challenge.closed_at:
        moments.append((_("Closed"), challenge.closed_at))
    coming = next((at for _label, at in moments if at > now), None)
    return [Step(str(label), at, at <= now, at == coming) for label, at in moments]
