"""Adoptions and royalties: your own earnings statement; staff adopt an
entry into a product and record its sales periods.

Every endpoint calls the same queries, `check_*` permissions and actions as
the royalty pages. Amounts are decimal strings ("12.34"), never floats. A
refusal of the state (the entry is not adoptable, or adopted already)
answers 409 with the action's code; bad input (an overlapping or future
period, a negative amount) 422 naming the field.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status
from pydantic import StringConstraints

from cocreate.challenges.actions import royalties as actions
from cocreate.challenges.models import Adoption, LedgerEntry, SalesPeriod
from cocreate.challenges.permissions import royalties as permissions
from cocreate.challenges.queries import royalties as queries
from cocreate.forum.models import Product

from ..errors import ApiError
from ..schemas import ERRORS, ErrorOut

router = Router(tags=["royalties"])

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
ObjectId = Annotated[int, Field(ge=1, le=2**63 - 1)]
Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]
CONFLICT = {409: ErrorOut}


class LedgerRowOut(Schema):
    id: int
    kind: str = Field(description="`prize` or `royalty`.")
    entry: int
    entry_title: str
    challenge: str = Field(description="The challenge's slug.")
    prize: str | None = Field(description="The prize's label, for a prize row.")
    starts_on: date | None = Field(description="The sales period, for a royalty row.")
    ends_on: date | None
    units: int | None
    revenue: Decimal | None
    rate: Decimal | None = Field(description="The royalty rate (0.0100 is 1%).")
    share: Decimal = Field(description="Your share of the team's, in percent.")
    amount: Decimal
    currency: str
    created_at: datetime
    paid_at: datetime | None

    @staticmethod
    def resolve_entry_title(row: LedgerEntry) -> str:
        return row.entry.title

    @staticmethod
    def resolve_challenge(row: LedgerEntry) -> str:
        return row.entry.challenge.slug

    @staticmethod
    def resolve_entry(row: LedgerEntry) -> int:
        return row.entry_id

    @staticmethod
    def resolve_prize(row: LedgerEntry) -> str | None:
        return row.award.prize.display_label if row.award_id else None

    @staticmethod
    def _period(row: LedgerEntry, name: str) -> Any:
        return getattr(row.sales_period, name) if row.sales_period_id else None

    @staticmethod
    def resolve_starts_on(row: LedgerEntry) -> date | None:
        return LedgerRowOut._period(row, "starts_on")

    @staticmethod
    def resolve_ends_on(row: LedgerEntry) -> date | None:
        return LedgerRowOut._period(row, "ends_on")

    @staticmethod
    def resolve_units(row: LedgerEntry) -> int | None:
        return LedgerRowOut._period(row, "units")

    @staticmethod
    def resolve_revenue(row: LedgerEntry) -> Decimal | None:
        return LedgerRowOut._period(row, "revenue")

    @staticmethod
    def resolve_rate(row: LedgerEntry) -> Decimal | None:
        return row.sales_period.adoption.royalty_rate if row.sales_period_id else None


class TotalOut(Schema):
    currency: str
    owed: Decimal
    paid: Decimal


class EarningsOut(Schema):
    totals: list[TotalOut] = Field(description="Per currency: what is owed to you and paid.")
    rows: list[LedgerRowOut] = Field(description="Newest first.")


class AdoptIn(Schema):
    product: ObjectId = Field(description="The product line's id.")
    product_name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)
    ]
    royalty_rate: Decimal | None = Field(
        None, ge=0, le=1, max_digits=5, decimal_places=4, description="The challenge's if null."
    )
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{3}$")] = "CNY"


class AdoptionOut(Schema):
    id: int
    entry: int
    product: int
    product_name: str
    royalty_rate: Decimal
    currency: str
    adopted_at: datetime

    @staticmethod
    def resolve_entry(adoption: Adoption) -> int:
        return adoption.entry_id

    @staticmethod
    def resolve_product(adoption: Adoption) -> int:
        return adoption.product_id


class SalesIn(Schema):
    starts_on: date
    ends_on: date
    units: Annotated[int, Field(ge=0, le=2_000_000_000)]
    revenue: Money


class ShareOut(Schema):
    member: str = Field(description="The creator's username.")
    share: Decimal
    amount: Decimal

    @staticmethod
    def resolve_member(row: LedgerEntry) -> str:
        return row.member.username


class SalesPeriodOut(Schema):
    id: int
    adoption: int
    starts_on: date
    ends_on: date
    units: int
    revenue: Decimal
    royalty: Decimal
    currency: str
    shares: list[ShareOut] = Field(description="Each creator's part; they add up to `royalty`.")

    @staticmethod
    def resolve_adoption(period: SalesPeriod) -> int:
        return period.adoption_id

    @staticmethod
    def resolve_currency(period: SalesPeriod) -> str:
        return period.adoption.currency

    @staticmethod
    def resolve_shares(period: SalesPeriod) -> list[LedgerEntry]:
        return list(period.ledger_entries.select_related("member").order_by("id"))


def _refused(refusal: ValidationError) -> Exception:
    """A refused state is a conflict; refused fields are bad input (422)."""
    if hasattr(refusal, "error_dict"):
        return refusal
    return ApiError(409, refusal.code or "conflict", " ".join(refusal.messages))


@router.get("/me/earnings", response={200: EarningsOut, **ERRORS})
def my_earnings(request):
    """Your prizes and royalties, newest first, with what is owed and paid
    per currency. Only you (and the product team, on its ledger) see them."""
    permissions.check_see_earnings(request.auth)
    statement = queries.statement_of(request.auth)
    rows = sorted(
        (row for group in statement.entries for row in group.rows),
        key=lambda row: (row.created_at, row.pk),
        reverse=True,
    )
    totals = [
        {
            "currency": currency,
            "owed": statement.owed.get(currency, Decimal("0.00")),
            "paid": statement.paid.get(currency, Decimal("0.00")),
        }
        for currency in statement.currencies
    ]
    return {"totals": totals, "rows": rows}


@router.post("/entries/{entry_id}/adoption", response={201: AdoptionOut, **ERRORS, **CONFLICT})
def adopt(request, entry_id: Id, payload: AdoptIn):
    """Staff: adopt a submitted entry of an announced or closed challenge
    into a product (409 `not_adoptable`, or `adopted` the second time)."""
    permissions.check_manage_royalties(request.auth)
    entry = queries.get_entry_to_adopt(entry_id)
    product = Product.objects.filter(pk=payload.product).first()
    if product is None:
        raise ValidationError({"product": [_("There is no such product.")]})
    try:
        adoption = actions.adopt_entry(
            entry,
            actor=request.auth,
            product=product,
            product_name=payload.product_name,
            royalty_rate=payload.royalty_rate,
            currency=payload.currency,
        )
    except ValidationError as refusal:
        raise _refused(refusal) from refusal
    return Status(201, adoption)


@router.post("/adoptions/{adoption_id}/sales", response={201: SalesPeriodOut, **ERRORS})
def record_sales(request, adoption_id: Id, payload: SalesIn):
    """Staff: record a finished sales period; its royalty is split among the
    creators into the ledger. Periods of one adoption never overlap."""
    permissions.check_manage_royalties(request.auth)
    adoption = queries.get_adoption(adoption_id)
    period = actions.record_sales(
        adoption,
        actor=request.auth,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        units=payload.units,
        revenue=payload.revenue,
    )
    return Status(201, period)
