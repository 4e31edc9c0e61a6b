"""Reads of adoptions and royalties shared by the pages and the API: an
adoption with its periods, the staff ledger with its filters, a member's
own statement grouped by entry, and the public list of a member's adopted
designs (no amounts). Each is a fixed number of queries."""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ..enums import ChallengeKind, EntryStatus, TeamStatus
from ..ledger import CENT
from ..models import Adoption, Entry, EntryMember, LedgerEntry
from ..permissions.visibility import is_staff

# Adopted designs listed on a member's profile.
PROFILE_ADOPTIONS = 20
LEDGER_PAGE = 100


def get_entry_to_adopt(pk: int) -> Entry:
    return get_object_or_404(Entry.objects.select_related("challenge", "author"), pk=pk)


def get_adoption(pk: int) -> Adoption:
    return get_object_or_404(
        Adoption.objects.select_related("entry__challenge", "entry__author", "product"), pk=pk
    )


@dataclass
class Totals:
    """Money per currency: {"CNY": Decimal(...)}."""

    units: int = 0
    revenue: dict[str, Decimal] = field(default_factory=dict)
    royalty: dict[str, Decimal] = field(default_factory=dict)


def periods_of(adoption: Adoption) -> tuple[list, Totals]:
    periods = list(adoption.periods.order_by("-starts_on"))
    totals = Totals(units=sum(period.units for period in periods))
    if periods:
        totals.revenue = {adoption.currency: sum((p.revenue for p in periods), Decimal(0))}
        totals.royalty = {adoption.currency: sum((p.royalty for p in periods), Decimal(0))}
    return periods, totals


def ledger_rows(
    *, member: str = "", kind: str = "", paid: str = "", challenge: str = ""
) -> QuerySet[LedgerEntry]:
    """Every ledger row (staff), newest first, filtered."""
    rows = LedgerEntry.objects.select_related(
        "member", "entry__challenge", "award__prize", "sales_period__adoption"
    ).order_by("-created_at", "-id")
    if member:
        rows = rows.filter(member__username__iexact=member)
    if kind:
        rows = rows.filter(kind=kind)
    if paid == "paid":
        rows = rows.filter(paid_at__isnull=False)
    elif paid == "owed":
        rows = rows.filter(paid_at__isnull=True)
    if challenge:
        rows = rows.filter(entry__challenge__slug=challenge)
    return rows


def totals_of(rows: QuerySet[LedgerEntry]) -> list[dict[str, Any]]:
    """Owed and paid per currency over `rows`, in one query. SQLite sums
    decimals as doubles, exact to far below a cent for any ledger, so the
    sums are put back to the cent (PostgreSQL's are exact already)."""
    rows_by_currency = (
        rows.order_by()
        .values("currency")
        .annotate(
            owed=Sum("amount", filter=Q(paid_at__isnull=True), default=Decimal("0")),
            paid=Sum("amount", filter=Q(paid_at__isnull=False), default=Decimal("0")),
        )
        .order_by("currency")
    )
    totals: list[dict[str, Any]] = [dict(row) for row in rows_by_currency]
    for total in totals:
        for key in ("owed", "paid"):
            total[key] = Decimal(str(total[key])).quantize(CENT, rounding=ROUND_HALF_UP)
    return totals


@dataclass
class EntryStatement:
    entry: Entry
    adoption: Adoption | None
    rows: list[LedgerEntry] = field(default_factory=list)
    owed: dict[str, Decimal] = field(default_factory=dict)
    paid: dict[str, Decimal] = field(default_factory=dict)


@dataclass
class Statement:
    entries: list[EntryStatement]
    owed: dict[str, Decimal]
    paid: dict[str, Decimal]

    @property
    def currencies(self) -> list[str]:
        return sorted(set(self.owed) | set(self.paid))


def _add(totals: dict[str, Decimal], currency: str, amount: Decimal) -> None:
    totals[currency] = totals.get(currency, Decimal("0")) + amount


def statement_of(member: Any) -> Statement:
    """The member's own prizes and royalties, grouped by entry (newest
    first), with what is owed and paid per currency: one query."""
    rows = (
        LedgerEntry.objects.filter(member=member)
        .select_related(
            "entry__challenge", "entry__adoption", "award__prize", "sales_period__adoption"
        )
        .order_by("-created_at", "-id")
    )
    by_entry: dict[int, EntryStatement] = {}
    owed: dict[str, Decimal] = defaultdict(Decimal)
    paid: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        group = by_entry.get(row.entry_id)
        if group is None:
            adoption = getattr(row.entry, "adoption", None)
            group = by_entry[row.entry_id] = EntryStatement(entry=row.entry, adoption=adoption)
        group.rows.append(row)
        _add(group.paid if row.paid_at else group.owed, row.currency, row.amount)
        _add(paid if row.paid_at else owed, row.currency, row.amount)
    for group in by_entry.values():  # newest period (or prize) first
        group.rows.sort(key=_row_order, reverse=True)
    return Statement(entries=list(by_entry.values()), owed=dict(owed), paid=dict(paid))


def _row_order(row: LedgerEntry) -> tuple:
    period = row.sales_period.starts_on.isoformat() if row.sales_period else ""
    return (period, row.created_at, row.pk)


def adopted_designs(member: Any, viewer: Any) -> list[Adoption]:
    """The adoptions of entries `member` is a confirmed creator of, for
    their public profile: entry and product names, no amounts. Entries of
    solution challenges are private to their team, so only the member
    themself and staff see those."""
    adoptions = Adoption.objects.all()
    if not (is_staff(viewer) or getattr(viewer, "pk", None) == member.pk):
        adoptions = adoptions.filter(entry__challenge__kind=ChallengeKind.DESIGN)
    return list(
        adoptions.filter(
            entry__status=EntryStatus.SUBMITTED,
            entry__in=EntryMember.objects.filter(member=member, status=TeamStatus.CONFIRMED).values(
                "entry_id"
            ),
        )
        .select_related("entry", "product")
        .order_by("-adopted_at")[:PROFILE_ADOPTIONS]
    )


def next_period_initial(adoption: Adoption) -> dict[str, Any]:
    """The next period starts the day after the last one ended."""
    last = adoption.periods.order_by("-ends_on").values_list("ends_on", flat=True).first()
    return {"starts_on": last + timedelta(days=1)} if last else {}


def ledger_csv_rows(rows: QuerySet[LedgerEntry]) -> Iterator[list[Any]]:
    """One line per ledger row, for the team's spreadsheet."""
    yield [
        _("Recorded"),
        _("Member"),
        _("Username"),
        _("Kind"),
        _("Challenge"),
        _("Entry"),
        _("Prize or period"),
        _("Share (%)"),
        _("Amount"),
        _("Currency"),
        _("Paid"),
    ]
    for row in rows.iterator(chunk_size=1000):
        period, award = row.sales_period, row.award
        if period is not None:
            what = f"{period.starts_on.isoformat()}/{period.ends_on.isoformat()}"
        else:
            what = award.prize.display_label if award is not None else ""
        yield [
            row.created_at.date().isoformat(),
            row.member.name,
            row.member.username,
            row.get_kind_display(),
            row.entry.challenge.display_name,
            row.entry.title,
            what,
            row.share,
            row.amount,
            row.currency,
            row.paid_at.date().isoformat() if row.paid_at else "",
        ]
