"""Who may take part in something that asks for standing: a beta program,
a challenge. Anything with `min_level`, `min_tier` and `min_account_days`
fields sets its conditions the same way, and the member sees each one with
where they stand."""

from dataclasses import dataclass
from typing import Any, Protocol

from django.utils import timezone
from django.utils.translation import gettext as _

from .enums import Tier
from .queries import stats_for


class Requirements(Protocol):
    min_level: int
    min_tier: str
    min_account_days: int


@dataclass(frozen=True)
class Condition:
    """One condition, as the member stands."""

    label: str
    met: bool


def eligibility(user: Any, requirements: Requirements) -> list[Condition]:
    """The conditions (level, tier, account age) that `requirements` sets,
    each with whether `user` meets it; empty for a visitor."""
    if not getattr(user, "is_authenticated", False):
        return []
    stats = stats_for(user)
    conditions = []
    if requirements.min_level > 1:
        conditions.append(
            Condition(
                _("Level %(level)d or higher (you are Lv.%(yours)d)")
                % {"level": requirements.min_level, "yours": stats.level},
                stats.level >= requirements.min_level,
            )
        )
    tier = Tier(requirements.min_tier)
    if tier is not Tier.MEMBER:
        conditions.append(
            Condition(
                _("Tier %(tier)s or higher (you are %(yours)s)")
                % {"tier": tier.label, "yours": stats.tier_choice.label},
                stats.tier_choice.rank >= tier.rank,
            )
        )
    if requirements.min_account_days:
        age = (timezone.now() - user.date_joined).days
        conditions.append(
            Condition(
                _("An account at least %(days)d days old (yours is %(age)d days old)")
                % {"days": requirements.min_account_days, "age": age},
                age >= requirements.min_account_days,
            )
        )
    return conditions


def missed_conditions(user: Any, requirements: Requirements) -> list[str]:
    """The labels of the conditions `user` does not meet."""
    return [condition.label for condition in eligibility(user, requirements) if not condition.met]
