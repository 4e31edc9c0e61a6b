"""Community scores of design-contest entries, and staff review of the
flagged ones.

A member scores an entry 0–5 while the challenge is in its scoring window
(by the deadlines, not the stored status), once, changeable within the
window. The member's score row is locked (or inserted under the unique
constraint) before the entry's counters move by the delta in one UPDATE
(scoring.counter_update), so sums stay exact under concurrency.

Flags: a score from an account younger than NEW_ACCOUNT_DAYS, or the
score that takes one network past BURST_LIMIT scores in the challenge
within BURST_WINDOW, waits for review (it still counts). Staff void a
score (it leaves the sums) or clear its flag (it stays counted). The
network is a keyed hash of the address's /24 (IPv4) or /48 (IPv6); the
address itself is never stored.
"""

import hashlib
import hmac
import ipaddress
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.core.activity import record
from cocreate.reputation.queries import stats_for

from ..enums import ChallengeStatus, EntryStatus, ScoreFlag
from ..models import MAX_SCORE, Challenge, Entry, Score
from ..permissions.entries import check_review_scores, check_score_entry
from ..scoring import counter_update, weight_for

NEW_ACCOUNT_DAYS = 3
BURST_LIMIT = 10
BURST_WINDOW = timedelta(minutes=10)


def network_of(address: str) -> str:
    """A short keyed hash of the /24 or /48 `address` is in ("" if none)."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    network = ipaddress.ip_network(f"{ip}/{prefix}", strict=False)
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, str(network).encode(), hashlib.sha256).hexdigest()[:16]


def parse_score(raw: Any) -> int:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("A score is a whole number from 0 to 5."), code="score") from exc
    if not 0 <= value <= MAX_SCORE:
        raise ValidationError(_("A score is a whole number from 0 to 5."), code="score")
    return value


def check_scoring_open(entry: Entry, now: datetime) -> None:
    if entry.challenge.current_status(now) != ChallengeStatus.SCORING:
        raise ValidationError(_("This challenge is not in its scoring window."), code="closed")
    if entry.status != EntryStatus.SUBMITTED:
        raise ValidationError(_("This entry is no longer in the challenge."), code="entry_status")


def _flag_for(member: Any, challenge: Challenge, network: str, now: datetime) -> str:
    if member.date_joined > now - timedelta(days=NEW_ACCOUNT_DAYS):
        return ScoreFlag.NEW_ACCOUNT
    if network:
        recent = Score.objects.filter(
            challenge=challenge, network=network, created_at__gte=now - BURST_WINDOW
        )[:BURST_LIMIT].count()  # bounded: a burst of thousands costs no more
        if recent >= BURST_LIMIT:
            return ScoreFlag.NETWORK_BURST
    return ScoreFlag.NONE


def _move(entry: Entry, *, count: int, total: int, weight: int, flagged: int = 0) -> None:
    changes = counter_update(entry.challenge, count=count, total=total, weight=weight)
    if flagged:
        changes["flagged_count"] = F("flagged_count") + flagged
    Entry.objects.filter(pk=entry.pk).update(**changes)
    if count:
        Challenge.objects.filter(pk=entry.challenge_id).update(score_count=F("score_count") + count)


def score_entry(
    entry: Entry, *, member: Any, value: Any, network: str = "", now: datetime | None = None
) -> Score:
    """Give or change `member`'s score of `entry`; returns the score row."""
    now = now or timezone.now()
    value = parse_score(value)
    check_scoring_open(entry, now)
    check_score_entry(member, entry)
    weight = weight_for(entry.challenge, stats_for(member).tier)
    with transaction.atomic():
        score = Score.objects.select_for_update().filter(entry=entry, member=member).first()
        if score is None:
            flag = _flag_for(member, entry.challenge, network, now)
            try:
                with transaction.atomic():
                    score = Score.objects.create(
                        entry=entry,
                        member=member,
                        challenge_id=entry.challenge_id,
                        value=value,
                        weight=weight,
                        network=network,
                        flag=flag,
                        created_at=now,
                        updated_at=now,
                    )
            except IntegrityError:  # the same member's other request won the insert
                score = Score.objects.select_for_update().get(entry=entry, member=member)
            else:
                _move(entry, count=1, total=value * weight, weight=weight, flagged=int(bool(flag)))
                return score
        if score.is_void:
            raise ValidationError(_("Your score of this entry was voided."), code="void")
        if score.value != value or score.weight != weight:
            _move(
                entry,
                count=0,
                total=value * weight - score.value * score.weight,
                weight=weight - score.weight,
            )
            score.value, score.weight, score.updated_at = value, weight, now
            score.save(update_fields=["value", "weight", "updated_at"])
    return score


def void_score(score: Score, *, actor: Any) -> bool:
    """Take a score out of the sums; returns whether it changed."""
    check_review_scores(actor)
    with transaction.atomic():
        locked = (
            Score.objects.select_for_update().select_related("entry__challenge").get(pk=score.pk)
        )
        if locked.is_void:
            return False
        _move(
            locked.entry,
            count=-1,
            total=-locked.value * locked.weight,
            weight=-locked.weight,
            flagged=-1 if locked.flag else 0,
        )
        locked.is_void, locked.voided_by = True, actor
        locked.save(update_fields=["is_void", "voided_by"])
        record(
            actor=actor, verb="score.voided", target=locked.entry, score=locked.pk, flag=locked.flag
        )
    score.is_void = True
    return True


def clear_flag(score: Score, *, actor: Any) -> bool:
    """Staff find a flagged score sound: it stays counted, unflagged."""
    check_review_scores(actor)
    with transaction.atomic():
        locked = Score.objects.select_for_update().get(pk=score.pk)
        if not locked.flag or locked.is_void:
            return False
        Entry.objects.filter(pk=locked.entry_id).update(flagged_count=F("flagged_count") - 1)
        record(
            actor=actor,
            verb="score.cleared",
            target=locked.entry,
            score=locked.pk,
            flag=locked.flag,
        )
        locked.flag = ScoreFlag.NONE
        locked.save(update_fields=["flag"])
    score.flag = ScoreFlag.NONE
    return True
