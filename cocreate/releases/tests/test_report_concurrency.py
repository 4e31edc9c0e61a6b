"""Many members filing and editing reports on one release at once, each
double-submitting, on real threads with their own connections: one report
each, the tallies exact, and `recount` finds nothing to fix (the threads and
the shared database as in the ideas' support test)."""

from io import StringIO

import pytest
from django.core.management import call_command

from cocreate.accounts.tests.factories import UserFactory
from cocreate.forum.models import Product
from cocreate.ideas.tests.test_concurrency import _in_parallel, shared_database  # noqa: F401
from cocreate.releases.actions import reports as actions
from cocreate.releases.actions.reports import ProblemIn, ReportIn
from cocreate.releases.models import ExperienceReport, Release
from cocreate.releases.tests.fixtures import make_release

TESTERS = 10


@pytest.mark.django_db(transaction=True)
def test_parallel_reports_end_with_exact_tallies(shared_database):  # noqa: F811
    with shared_database():
        product = Product.objects.create(slug="phone", name="Orange Phone")
        release = make_release(product, version="3.2.1")
        first, second, third = release.entries.order_by("position").values_list("pk", flat=True)
        testers = [UserFactory(username=f"tester{n}") for n in range(TESTERS)]

    def file_twice_then_edit(tester):
        fresh = Release.objects.get(pk=release.pk)
        for _ in range(2):  # a double submission
            actions.file_report(
                fresh,
                member=tester,
                data=ReportIn(score=2, liked=[first], disliked=[second], problems=[ProblemIn("x")]),
            )
        actions.file_report(fresh, member=tester, data=ReportIn(score=5, liked=[second, third]))

    _in_parallel(shared_database, file_twice_then_edit, testers)

    with shared_database():
        release.refresh_from_db()
        assert ExperienceReport.objects.filter(release=release).count() == TESTERS
        assert release.report_count == TESTERS
        assert release.score_total == 5 * TESTERS
        assert release.score_counts == [0, 0, 0, 0, TESTERS]
        assert release.problem_count == 0
        liked = dict(release.entries.values_list("pk", "liked_count"))
        assert liked == {first: 0, second: TESTERS, third: TESTERS}
        out = StringIO()
        call_command("recount", "--only", "releases.", stdout=out)
        assert "All 11 counters match." in out.getvalue()
