from django.utils import timezone
from django_tasks import task

from . import actions, queries
from .enums import DigestFrequency

MONDAY = 0


@task()
def send_digests() -> int:
    """Send the daily digests not yet sent today, and on Mondays the weekly
    ones. Scheduled every hour; running again sends nothing twice."""
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    frequencies = [DigestFrequency.DAILY]
    if today.weekday() == MONDAY:
        frequencies.append(DigestFrequency.WEEKLY)
    return sum(
        actions.send_digest(preferences, due_before=today)
        for frequency in frequencies
        for preferences in queries.digest_subscribers(frequency).iterator(chunk_size=500)
    )


@task()
def prune_notifications() -> int:
    """Keep each member's newest notifications only; returns how many went."""
    keep = queries.KEEP_PER_MEMBER
    return sum(
        actions.prune_notifications(member_id, keep=keep)
        for member_id in list(queries.members_over(keep))
    )
