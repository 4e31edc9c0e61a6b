"""Background work of releases: plain task functions, each listed in
`cocreate.core.schedule`."""

from django.utils import timezone
from django_tasks import task

from .actions import releases as release_actions
from .actions import reports
from .queries.reports import releases_due_award


@task()
def publish_scheduled_releases() -> int:
    """Publish the scheduled releases whose time has come. Scheduled every
    minute; a missed run is caught up by the next, and a repeated one
    publishes nothing twice. Returns how many went out."""
    return release_actions.publish_due_releases(timezone.now())


@task()
def award_features_of_the_week() -> int:
    """Award the feature of the week of every published release whose report
    window has closed and that has none yet. Scheduled every hour; running
    again awards nothing twice. Returns how many were awarded."""
    awarded = 0
    for release in releases_due_award().iterator(chunk_size=200):
        awarded += reports.award_feature_of_the_week(release) is not None
    return awarded
