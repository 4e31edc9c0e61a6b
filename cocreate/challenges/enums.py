from django.db import models
from django.utils.translation import gettext_lazy as _


class ChallengeKind(models.TextChoices):
    """A design contest shows its entries in a public gallery the community
    scores; a solution challenge keeps them private to the company, the jury
    and each entry's team, and goes from submissions straight to judging."""

    DESIGN = "design", _("Design contest")
    SOLUTION = "solution", _("Solution challenge")


class ChallengeStatus(models.TextChoices):
    """`draft → open → scoring → judging → announced → closed`; a solution
    challenge skips scoring. Open, scoring and judging follow the deadlines
    (see `Challenge.current_status`); staff publish, announce and close."""

    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for entries")
    SCORING = "scoring", _("Community scoring")
    JUDGING = "judging", _("Jury judging")
    ANNOUNCED = "announced", _("Winners announced")
    CLOSED = "closed", _("Closed")

    def can_become(self, status: "ChallengeStatus | str") -> bool:
        return status in CHALLENGE_TRANSITIONS[self]

    @property
    def takes_entries(self) -> bool:
        return self is ChallengeStatus.OPEN

    @property
    def is_finished(self) -> bool:
        return self in (ChallengeStatus.ANNOUNCED, ChallengeStatus.CLOSED)


S = ChallengeStatus
CHALLENGE_TRANSITIONS: dict[ChallengeStatus, tuple[ChallengeStatus, ...]] = {
    S.DRAFT: (S.OPEN,),
    S.OPEN: (S.SCORING, S.JUDGING),
    S.SCORING: (S.JUDGING,),
    S.JUDGING: (S.ANNOUNCED,),
    S.ANNOUNCED: (S.CLOSED,),
    S.CLOSED: (),
}
del S


class EntryStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DISQUALIFIED = "disqualified", _("Disqualified")


class TeamStatus(models.TextChoices):
    """A teammate is invited by the entry's author and confirms or declines;
    only confirmed members share a prize or royalties."""

    INVITED = "invited", _("Invited")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")


class ScoreFlag(models.TextChoices):
    """Why a community score waits for review: it still counts until staff
    void it."""

    NONE = "", _("Not flagged")
    NEW_ACCOUNT = "new_account", _("Brand-new account")
    NETWORK_BURST = "network_burst", _("Burst from one network")


class LedgerKind(models.TextChoices):
    PRIZE = "prize", _("Prize")
    ROYALTY = "royalty", _("Royalty")
