from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """Where a build goes. Development builds are the weekly "Orange Friday"
    builds anyone may take at their own risk; beta builds are seen only by the
    members of the product's beta programs on that channel (and staff);
    stable builds are for everyone."""

    DEVELOPMENT = "development", _("Development")
    BETA = "beta", _("Beta")
    STABLE = "stable", _("Stable")

    @property
    def is_restricted(self) -> bool:
        return self == Channel.BETA


class ReleaseStatus(models.TextChoices):
    """`draft → scheduled → published`, or `draft → published` at once; a
    scheduled release may go back to draft. Published is final."""

    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")

    def can_become(self, status: "ReleaseStatus | str") -> bool:
        return status in TRANSITIONS[self]


TRANSITIONS: dict[ReleaseStatus, tuple[ReleaseStatus, ...]] = {
    ReleaseStatus.DRAFT: (ReleaseStatus.SCHEDULED, ReleaseStatus.PUBLISHED),
    ReleaseStatus.SCHEDULED: (ReleaseStatus.DRAFT, ReleaseStatus.PUBLISHED),
    ReleaseStatus.PUBLISHED: (),
}


class EntryKind(models.TextChoices):
    FEATURE = "feature", _("Feature")
    IMPROVEMENT = "improvement", _("Improvement")
    FIX = "fix", _("Fix")


class Severity(models.TextChoices):
    """How bad a problem is: four-grid problems and beta bug reports alike."""

    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class CreditRole(models.TextChoices):
    IDEA_AUTHOR = "idea_author", _("Proposed a shipped idea")
    EARLY_SUPPORTER = "early_supporter", _("Early supporter of a shipped idea")
    BUG_REPORTER = "bug_reporter", _("Reported a bug it fixes")
