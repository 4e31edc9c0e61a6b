"""Every write of adoptions and royalties: adopting an entry into a
product, recording a sales period (which writes each creator's royalty into
the ledger) and recording that ledger rows were paid.

Who may do it (staff) is the caller's to check with permissions.royalties;
the state and the input are checked here and refused with a ValidationError
whose `code` the API answers with (`invalid`, `not_adoptable`, `adopted`,
`overlap`). Money is `Decimal` to the cent, never a float: the royalty is
`ledger.royalty_for(revenue, rate)` and its split among the confirmed team
`ledger.split_amount`, so the creators' rows always add up to the royalty.
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.core.activity import record
from cocreate.notifications.actions import notify, notify_many
from cocreate.notifications.enums import NotificationKind
from cocreate.reputation.actions import award_medal
from cocreate.reputation.models import Medal

from ..enums import ChallengeStatus, EntryStatus, LedgerKind, TeamStatus
from ..ledger import CENT, royalty_for, split_amount
from ..models import Adoption, Entry, EntryMember, LedgerEntry, SalesPeriod

CREATOR_MEDAL = "product-creator"
MAX_RATE = Decimal("1")
ADOPTABLE_STATUSES = (ChallengeStatus.ANNOUNCED, ChallengeStatus.CLOSED)


def _invalid(field_name: str, message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({field_name: [ValidationError(message, code=code)]})


def confirmed_team(entry: Entry) -> list[EntryMember]:
    """The entry's confirmed teammates, author first (the split's order)."""
    return list(
        EntryMember.objects.filter(entry=entry, status=TeamStatus.CONFIRMED)
        .select_related("member")
        .order_by("-is_author", "invited_at", "id")
    )


def _check_money(field_name: str, value: Decimal) -> None:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise _invalid(field_name, _("Enter an amount of money."))
    if value < 0:
        raise _invalid(field_name, _("An amount cannot be negative."))
    if value != value.quantize(CENT):
        raise _invalid(field_name, _("Enter the amount to the cent."))


# Adoption ------------------------------------------------------------------------


@transaction.atomic
def adopt_entry(
    entry: Entry,
    *,
    actor: Any,
    product: Any,
    product_name: str,
    royalty_rate: Decimal | None = None,
    currency: str = "CNY",
) -> Adoption:
    """Make a submitted entry of a finished challenge into a product; its
    confirmed team earns `royalty_rate` (the challenge's by default) of every
    sales period recorded afterwards, and each gets the product-creator medal."""
    entry = Entry.objects.select_for_update().select_related("challenge").get(pk=entry.pk)
    challenge = entry.challenge
    if entry.status != EntryStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted entry can be adopted."), code="not_adoptable")
    if challenge.current_status() not in ADOPTABLE_STATUSES:
        raise ValidationError(
            _("An entry can be adopted once its challenge has announced its winners."),
            code="not_adoptable",
        )
    if Adoption.objects.filter(entry=entry).exists():
        raise ValidationError(
            _("This entry has already been adopted; record its sales on its adoption page."),
            code="adopted",
        )
    rate = challenge.royalty_rate if royalty_rate is None else royalty_rate
    if not isinstance(rate, Decimal) or not rate.is_finite() or not 0 <= rate <= MAX_RATE:
        raise _invalid(
            "royalty_rate", _("The royalty rate is a share between 0 and 1 (0.01 is 1%).")
        )
    if rate != rate.quantize(Decimal("0.0001")):
        raise _invalid("royalty_rate", _("Give the royalty rate with at most four decimals."))
    rate = rate.quantize(Decimal("0.0001"))
    product_name = (product_name or "").strip()
    if not product_name:
        raise _invalid("product_name", _("Name the product the entry becomes."))
    currency = (currency or "").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise _invalid("currency", _("Give the currency as its three-letter code (CNY, USD)."))
    try:
        with transaction.atomic():
            adoption = Adoption.objects.create(
                entry=entry,
                product=product,
                product_name=product_name,
                royalty_rate=rate,
                currency=currency,
                adopted_by=actor,
            )
    except IntegrityError as clash:
        raise ValidationError(
            _("This entry has already been adopted; record its sales on its adoption page."),
            code="adopted",
        ) from clash
    record(
        actor=actor,
        verb="entry.adopted",
        target=entry,
        public=True,
        product=product,
        author=entry.author_id,
        adoption=adoption.pk,
        product_name=product_name,
    )
    team = confirmed_team(entry)
    medal = Medal.objects.filter(slug=CREATOR_MEDAL).first()
    if medal is not None:
        for teammate in team:
            award_medal(teammate.member, medal=medal)
    notify_many(
        get_user_model().objects.filter(pk__in=[teammate.member_id for teammate in team]),
        kind=NotificationKind.ROYALTY,
        actor=actor,
        target=entry,
        url=reverse("challenges:earnings"),
        data={"event": "adopted", "title": entry.title, "product_name": product_name},
    )
    return adoption


# Sales periods -------------------------------------------------------------------


def _today(adoption: Adoption) -> date:
    """Today where the challenge is run: a period may end today, not later."""
    return timezone.localdate(timezone=ZoneInfo(adoption.entry.challenge.time_zone))


def _check_period(
    adoption: Adoption, *, starts_on: date, ends_on: date, units: int, revenue: Decimal
) -> None:
    if ends_on < starts_on:
        raise _invalid("ends_on", _("A sales period cannot end before it starts."))
    if ends_on > _today(adoption):
        raise _invalid("ends_on", _("Record a sales period once it is over, not in advance."))
    if not isinstance(units, int) or units < 0:
        raise _invalid("units", _("Units sold cannot be negative."))
    _check_money("revenue", revenue)
    overlapping = SalesPeriod.objects.filter(
        Q(starts_on__lte=ends_on) & Q(ends_on__gte=starts_on), adoption=adoption
    ).first()
    if overlapping is not None:
        raise _invalid(
            "starts_on",
            _("These dates overlap the period already recorded from %(start)s to %(end)s.")
            % {"start": overlapping.starts_on, "end": overlapping.ends_on},
            code="overlap",
        )


def _share_percent(share: Decimal, total: Decimal) -> Decimal:
    return (share * 100 / total).quantize(CENT)


@transaction.atomic
def record_sales(
    adoption: Adoption,
    *,
    actor: Any,
    starts_on: date,
    ends_on: date,
    units: int,
    revenue: Decimal,
) -> SalesPeriod:
    """Record a period's sales; its royalty is split among the entry's
    confirmed team into one ledger row each, and each creator is told
    their amount. Periods of one adoption never overlap."""
    adoption = (
        Adoption.objects.select_for_update().select_related("entry__challenge").get(pk=adoption.pk)
    )
    _check_period(adoption, starts_on=starts_on, ends_on=ends_on, units=units, revenue=revenue)
    royalty = royalty_for(revenue, adoption.royalty_rate)
    period = SalesPeriod.objects.create(
        adoption=adoption,
        starts_on=starts_on,
        ends_on=ends_on,
        units=units,
        revenue=revenue,
        royalty=royalty,
        recorded_by=actor,
    )
    entry = adoption.entry
    team = confirmed_team(entry)
    total = sum((teammate.share for teammate in team), Decimal(0))
    parts = split_amount(royalty, [(teammate.member_id, teammate.share) for teammate in team])
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            member_id=teammate.member_id,
            kind=LedgerKind.ROYALTY,
            entry=entry,
            sales_period=period,
            share=_share_percent(teammate.share, total),
            amount=parts[teammate.member_id],
            currency=adoption.currency,
        )
        for teammate in team
    )
    record(
        actor=actor,
        verb="royalty.recorded",
        target=entry,
        product=adoption.product_id,
        adoption=adoption.pk,
        period=period.pk,
        royalty=str(royalty),
        currency=adoption.currency,
    )
    url = reverse("challenges:earnings")
    for teammate in team:
        notify(
            teammate.member,
            kind=NotificationKind.ROYALTY,
            actor=actor,
            target=entry,
            url=url,
            data={
                "event": "sales",
                "title": entry.title,
                "product_name": adoption.product_name,
                "amount": str(parts[teammate.member_id]),
                "currency": adoption.currency,
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat(),
            },
        )
    return period


# Payments ------------------------------------------------------------------------


@transaction.atomic
def mark_paid(ledger_entries: Iterable[LedgerEntry] | Any, *, actor: Any) -> int:
    """Record that the given ledger rows were paid now; rows already paid
    keep their date. Returns how many rows this marked."""
    ids = [row.pk for row in ledger_entries]
    now = timezone.now()
    marked = LedgerEntry.objects.filter(pk__in=ids, paid_at__isnull=True).update(paid_at=now)
    if marked:
        record(actor=actor, verb="ledger.paid", rows=marked)
    return marked
