"""Periodic jobs: what runs every so often, in one list.

The `scheduler` command enqueues each job when it is due; the worker runs it.
Run exactly one scheduler per installation (the `serve` command starts it).
"""

from datetime import timedelta

from cocreate.betas.tasks import evaluate_beta_programs
from cocreate.challenges.tasks import advance_challenge_timelines
from cocreate.ideas.tasks import archive_unreached_ideas
from cocreate.notifications.tasks import prune_notifications, send_digests
from cocreate.releases.tasks import award_features_of_the_week, publish_scheduled_releases
from cocreate.reputation.tasks import evaluate_members

from .tasks import retry_unsent_email

SCHEDULE = [
    (timedelta(minutes=1), retry_unsent_email),
    (timedelta(minutes=1), publish_scheduled_releases),
    (timedelta(minutes=1), advance_challenge_timelines),
    (timedelta(hours=1), send_digests),
    (timedelta(hours=1), archive_unreached_ideas),
    (timedelta(hours=1), evaluate_beta_programs),
    (timedelta(hours=1), award_features_of_the_week),
    (timedelta(hours=6), prune_notifications),
    (timedelta(days=1), evaluate_members),
]
