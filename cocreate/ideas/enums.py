from django.db import models
from django.utils.translation import gettext_lazy as _


class IdeaStatus(models.TextChoices):
    """Where an idea stands. The team moves it along
    `new → under_review → planned → in_progress → shipped`, or declines it;
    `duplicate` comes only from a merge, `archived` only from the support
    threshold running out."""

    NEW = "new", _("New")
    UNDER_REVIEW = "under_review", _("Under review")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    SHIPPED = "shipped", _("Shipped")
    DECLINED = "declined", _("Declined")
    DUPLICATE = "duplicate", _("Duplicate")
    ARCHIVED = "archived", _("Archived")

    @property
    def allowed_next(self) -> tuple["IdeaStatus", ...]:
        return TRANSITIONS[self]

    def can_become(self, status: "IdeaStatus | str") -> bool:
        return status in TRANSITIONS[self]

    @property
    def is_open(self) -> bool:
        """Whether members may still support (or withdraw support from) it."""
        return self in OPEN

    @property
    def is_closed(self) -> bool:
        return not self.is_open


S = IdeaStatus
TRANSITIONS: dict[IdeaStatus, tuple[IdeaStatus, ...]] = {
    S.NEW: (S.UNDER_REVIEW, S.PLANNED, S.DECLINED, S.DUPLICATE, S.ARCHIVED),
    S.UNDER_REVIEW: (S.PLANNED, S.DECLINED, S.DUPLICATE),
    S.PLANNED: (S.IN_PROGRESS, S.SHIPPED, S.UNDER_REVIEW, S.DECLINED, S.DUPLICATE),
    S.IN_PROGRESS: (S.SHIPPED, S.PLANNED, S.DECLINED),
    S.SHIPPED: (),
    S.DECLINED: (S.UNDER_REVIEW, S.DUPLICATE),
    S.DUPLICATE: (),
    S.ARCHIVED: (S.UNDER_REVIEW, S.PLANNED, S.DECLINED, S.DUPLICATE),
}
OPEN = frozenset({S.NEW, S.UNDER_REVIEW, S.PLANNED, S.IN_PROGRESS})
# Statuses the team sets with the status form; the others have their own path
# (a merge makes a duplicate, the threshold task archives).
STAFF_SET = (S.UNDER_REVIEW, S.PLANNED, S.IN_PROGRESS, S.SHIPPED, S.DECLINED)
# What lists show unless a status is asked for: everything but the retired.
LISTED = tuple(status for status in IdeaStatus if status not in (S.DUPLICATE, S.ARCHIVED))
# The roadmap's columns.
ROADMAP = (S.PLANNED, S.IN_PROGRESS, S.SHIPPED)
del S


class IdeaSort(models.TextChoices):
    HOT = "hot", _("Hot")
    TOP = "top", _("Top")
    NEW = "new", _("New")
    TRENDING = "trending", _("Trending this week")
