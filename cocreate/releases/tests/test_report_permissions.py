"""Who may file a report, read a summary, read every report and export
them: a matrix of roles × actions on a public and on a beta release."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.accounts.tests.factories import UserFactory
from cocreate.betas.models import BetaMembership, BetaProgram
from cocreate.releases.permissions import reports as permissions

ROLES = ["anonymous", "member", "beta_member", "suspended", "inactive", "staff"]


@pytest.fixture
def people(product, member, staff):
    from django.contrib.auth.models import AnonymousUser

    program = BetaProgram.objects.create(product=product, slug="phone-beta", name="Phone beta")
    tester = UserFactory(username="tester")
    BetaMembership.objects.create(program=program, member=tester)
    return {
        "anonymous": AnonymousUser(),
        "member": member,
        "beta_member": tester,
        "suspended": UserFactory(
            username="banned", suspended_until=timezone.now() + timedelta(days=3)
        ),
        "inactive": UserFactory(username="gone", is_active=False),
        "staff": staff,
    }


# (role, release) → (file, see summary, see details/export)
EXPECTED = {
    ("anonymous", "release"): (False, True, False),
    ("member", "release"): (True, True, False),
    ("beta_member", "release"): (True, True, False),
    ("suspended", "release"): (False, True, False),
    ("inactive", "release"): (False, True, False),
    ("staff", "release"): (True, True, True),
    ("anonymous", "beta_release"): (False, False, False),
    ("member", "beta_release"): (False, False, False),
    ("beta_member", "beta_release"): (True, True, False),
    ("suspended", "beta_release"): (False, False, False),
    ("inactive", "beta_release"): (False, False, False),
    ("staff", "beta_release"): (True, True, True),
}


@pytest.mark.parametrize(("role", "which"), list(EXPECTED))
def test_permission_matrix(request, people, role, which):
    release = request.getfixturevalue(which)
    user = people[role]
    answers = (
        permissions.can_file_report(user, release),
        permissions.can_see_summary(user, release),
        permissions.can_see_report_details(user),
    )
    assert answers == EXPECTED[(role, which)]


def test_nobody_files_once_the_window_closed(release, member, staff):
    release.reports_close_at = timezone.now() - timedelta(minutes=1)
    assert not permissions.can_file_report(member, release)
    assert not permissions.can_file_report(staff, release)
    # the refusal names no account problem: the window is the action's to report
    assert permissions.reason_cannot_file_report(member, release) == ""


def test_a_suspended_member_is_told_why(people, release):
    assert "suspended" in permissions.reason_cannot_file_report(people["suspended"], release)
