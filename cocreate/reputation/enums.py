from django.db import models
from django.utils.translation import gettext_lazy as _


class Tier(models.TextChoices):
    """The pyramid, from its base to its top. Order matters: a higher tier
    includes every privilege of the tiers below it."""

    MEMBER = "member", _("Member")
    CERTIFIED = "certified", _("Certified")
    CLUB_MEMBER = "club_member", _("City-club member")
    VIP = "vip", _("VIP")
    SENIOR = "senior", _("Senior")
    MODERATOR = "moderator", _("Moderator")

    @property
    def rank(self) -> int:
        return list(Tier).index(self)


# Tiers members earn on their own, in the order they are reached. The others
# are granted by staff.
EARNED_TIERS = (Tier.VIP, Tier.SENIOR)


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")

    @property
    def allowed_next(self) -> tuple["RequestStatus", ...]:
        if self is RequestStatus.PENDING:
            return (RequestStatus.APPROVED, RequestStatus.REJECTED)
        return ()
