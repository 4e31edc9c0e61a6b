"""Background work of challenges: plain task functions, each listed in
`cocreate.core.schedule`."""

from django.utils import timezone
from django_tasks import task

from .actions.challenges import advance_timelines


@task()
def advance_challenge_timelines() -> int:
    """Move open and scoring challenges on when their deadlines pass, telling
    entrants. Scheduled every minute; a missed run is caught up by the next,
    and a repeated one moves nothing twice. Returns how many moved."""
    return advance_timelines(timezone.now())
