"""Background work of releases: plain task functions, each listed in
`cocreate.core.schedule`."""

from django.utils import timezone
from django_tasks import task

from .actions import releases as release_actions


@task()
def publish_scheduled_releases() -> int:
    """Publish the scheduled releases whose time has come. Scheduled every
    minute; a missed run is caught up by the next, and a repeated one
    publishes nothing twice. Returns how many went out."""
    return release_actions.publish_due_releases(timezone.now())
