"""Who sees a challenge and its entries; every list, page, search document
and API answer goes through these.

A draft challenge is seen by staff only. A design contest's submitted
entries are public once it is published; a solution challenge's entries are
seen by staff, the challenge's judges and each entry's own team. A team
always sees its own entry, withdrawn or disqualified; others never see a
withdrawn entry.
"""

from typing import Any

from django.db.models import Q, QuerySet

from ..enums import ChallengeStatus, EntryStatus, TeamStatus
from ..models import Challenge, Entry, EntryMember, Judge


def is_staff(user: Any) -> bool:
    return bool(getattr(user, "is_staff", False) and user.is_active)


def is_judge(user: Any, challenge: Challenge) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and Judge.objects.filter(challenge=challenge, member=user).exists()
    )


def visible_challenges(user: Any) -> QuerySet[Challenge]:
    challenges = Challenge.objects.all()
    return challenges if is_staff(user) else challenges.exclude(status=ChallengeStatus.DRAFT)


def can_see_challenge(user: Any, challenge: Challenge) -> bool:
    return challenge.status != ChallengeStatus.DRAFT or is_staff(user)


def _own_team(user: Any) -> Q:
    """Entries `user` is on the team of (invited teammates included, so
    they can read what they are asked to join)."""
    return Q(
        pk__in=EntryMember.objects.filter(member=user)
        .exclude(status=TeamStatus.DECLINED)
        .values("entry_id")
    )


def visible_entries(user: Any, challenge: Challenge) -> QuerySet[Entry]:
    """The challenge's entries `user` may see (of every status)."""
    entries = Entry.objects.filter(challenge=challenge)
    if is_staff(user):
        return entries
    if challenge.status == ChallengeStatus.DRAFT:
        return entries.none()
    own = _own_team(user) if getattr(user, "is_authenticated", False) else Q(pk__in=[])
    if challenge.is_design or is_judge(user, challenge):
        return entries.filter(Q(status=EntryStatus.SUBMITTED) | own)
    return entries.filter(own)


def can_see_entry(user: Any, entry: Entry) -> bool:
    return visible_entries(user, entry.challenge).filter(pk=entry.pk).exists()


def is_on_team(user: Any, entry: Entry) -> bool:
    """A confirmed member of the entry's team (the author is one)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and EntryMember.objects.filter(
            entry=entry, member=user, status=TeamStatus.CONFIRMED
        ).exists()
    )
