"""Splitting money among a team, exactly.

Each confirmed teammate's part is their share of the team's total shares.
Parts are rounded down to the cent; the cents left over go one each to the
members with the largest remainders, and among equal remainders to the
earliest in the given order (the author comes first). The parts always add
up to the amount."""

from collections.abc import Hashable, Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def split_amount(amount: Decimal, shares: Sequence[tuple[Hashable, Decimal]]) -> dict:
    """`amount` split by `shares` ((key, share) pairs, shares > 0)."""
    if not shares:
        return {}
    total = sum(share for _key, share in shares)
    exact = [(key, amount * share / total) for key, share in shares]
    parts = {key: value.quantize(CENT, rounding=ROUND_DOWN) for key, value in exact}
    left = int((amount - sum(parts.values())) / CENT)
    by_remainder = sorted(
        range(len(exact)), key=lambda i: -(exact[i][1] - parts[exact[i][0]])
    )  # sorted() is stable: equal remainders keep the given order
    for index in by_remainder[:left]:
        parts[exact[index][0]] += CENT
    return parts


def royalty_for(revenue: Decimal, rate: Decimal) -> Decimal:
    """The royalty on `revenue` at `rate`, to the cent, halves rounded up."""
    return (revenue * rate).quantize(CENT, rounding=ROUND_HALF_UP)
