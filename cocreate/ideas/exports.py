"""The demand views as CSV files for spreadsheets.

UTF-8 with a byte order mark, so Excel reads Chinese names correctly; any
text cell that a spreadsheet would take for a formula (starting with `=`,
`+`, `-`, `@`, a tab or a carriage return) is prefixed with `'`, so a
member's city or idea title can never run as one.
"""

import csv
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from cocreate.reputation.enums import Tier

from .models import Idea
from .queries import Demand

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value, with text that starts like a formula made inert."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def csv_response(filename: str, rows: Iterable[Iterable[Any]]) -> HttpResponse:
    """A download of `rows` named `filename` (ASCII, chosen by us)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(BOM)
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return response


def demand_rows(demand: Demand, scope: str) -> list[list[Any]]:
    """One line per group: by tier, by level band, by city."""
    rows: list[list[Any]] = [
        [_("Scope"), _("Breakdown"), _("Group"), _("Key"), _("Supports"), _("Share (%)")]
    ]
    for breakdown, slices in (
        (_("Tier"), demand.tiers),
        (_("Level"), demand.levels),
        (_("City"), demand.cities),
        (_("Beta program"), demand.betas),
    ):
        rows.extend(
            [scope, breakdown, item.label, item.key, item.count, item.percent] for item in slices
        )
    rows.append(
        [scope, _("All"), _("All supports"), "", demand.supports, 100 if demand.supports else 0]
    )
    return rows


def wanted_rows(tier: Tier, ideas: list[Idea], site: str) -> list[list[Any]]:
    """The ideas ranked by the supports of one tier."""
    rows: list[list[Any]] = [
        [
            _("Rank"),
            _("Idea"),
            _("Title"),
            _("Product"),
            _("Status"),
            _("Supports from %(tier)s") % {"tier": tier.label},
            _("All supports"),
            _("Share (%)"),
            _("Address"),
        ]
    ]
    for rank, idea in enumerate(ideas, start=1):
        share = round(idea.tier_supports * 100 / idea.support_count, 1) if idea.support_count else 0
        rows.append(
            [
                rank,
                idea.pk,
                idea.title,
                idea.product.display_name,
                idea.status_choice.label,
                idea.tier_supports,
                idea.support_count,
                share,
                site + idea.get_absolute_url(),
            ]
        )
    return rows
