from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.core.schedule import SCHEDULE
from cocreate.ideas.enums import IdeaStatus
from cocreate.ideas.models import Idea
from cocreate.ideas.tasks import archive_unreached_ideas

pytestmark = pytest.mark.django_db


def _age(idea, days):
    Idea.objects.filter(pk=idea.pk).update(created_at=timezone.now() - timedelta(days=days))


def test_archive_unreached_ideas_archives_late_new_ideas_where_the_product_asks(
    idea, other_idea, threshold
):
    threshold.archive_unreached = True
    threshold.save()
    _age(idea, 31)
    _age(other_idea, 29)

    assert archive_unreached_ideas.call() == 1
    assert archive_unreached_ideas.call() == 0

    statuses = dict(Idea.objects.values_list("pk", "status"))
    assert statuses == {idea.pk: IdeaStatus.ARCHIVED, other_idea.pk: IdeaStatus.NEW}


def test_nothing_is_archived_unless_the_product_asks(idea, threshold):
    _age(idea, 31)

    assert archive_unreached_ideas.call() == 0


def test_the_scheduler_runs_it():
    assert archive_unreached_ideas in [job for _every, job in SCHEDULE]
