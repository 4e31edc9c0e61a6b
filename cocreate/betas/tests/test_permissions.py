import pytest
from django.contrib.auth.models import AnonymousUser

from cocreate.accounts.tests.factories import UserFactory
from cocreate.betas import actions, permissions, queries
from cocreate.betas.models import BetaMembership
from cocreate.core.permissions import answers
from cocreate.releases.tests.fixtures import make_release

from .fixtures import eligible

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "ineligible", "beta", "moderator", "staff"]
# action: the roles allowed
MATRIX = {
    "apply": {"member"},
    "leave": {"beta"},
    "decide": {"staff"},
    "remove": {"moderator", "staff"},
    "file_bug": {"beta", "staff"},
    "triage": {"staff"},
    "see_bug": {"beta", "staff"},
}


@pytest.fixture
def users(tester, program_moderator, staff):
    return {
        "anonymous": AnonymousUser(),
        "member": eligible(UserFactory(username="fan")),
        "ineligible": UserFactory(username="newbie"),
        "beta": tester,
        "moderator": program_moderator,
        "staff": staff,
    }


@pytest.fixture
def allowed(program, tester, product):
    build = make_release(product, version="b1", channel="beta")
    bug = actions.file_bug(
        build, reporter=tester, title="t", steps="s", expected="e", actual="a", severity="low"
    )
    membership = BetaMembership.objects.get(member=tester)

    def check(action, user):
        if action == "apply":
            return answers(permissions.check_apply_to_program, user, program)
        if action == "leave":
            return answers(
                permissions.check_leave_program, user, queries.active_membership(user, program)
            )
        if action == "decide":
            return permissions.can_manage_program(user, program)
        if action == "remove":
            return permissions.can_moderate_program(user, membership.program)
        if action == "file_bug":
            return permissions.can_file_bug(user, build)
        if action == "triage":
            return permissions.can_triage_bug(user, bug)
        visible = queries.bugs_visible_to(user).filter(pk=bug.pk).exists()
        assert visible == permissions.can_see_bug(user, bug)
        return visible

    return check


@pytest.mark.parametrize("action", list(MATRIX))
def test_permission_matrix(action, users, allowed):
    answers_by_role = {role: allowed(action, users[role]) for role in ROLES}

    assert {role for role, ok in answers_by_role.items() if ok} == MATRIX[action]


def test_members_of_the_moderator_tier_moderate_every_program(program):
    from cocreate.reputation.models import MemberStats

    user = UserFactory(username="tiermod")
    MemberStats.objects.create(member=user, tier="moderator")

    assert permissions.can_moderate_program(user, program)


def test_other_members_of_the_program_see_its_bugs_but_not_others(program, tester, product):
    build = make_release(product, version="b1", channel="beta")
    bug = actions.file_bug(
        build, reporter=tester, title="t", steps="s", expected="e", actual="a", severity="low"
    )
    from .fixtures import join

    colleague = eligible(UserFactory(username="colleague"))
    join(program, colleague)

    assert permissions.can_see_bug(colleague, bug)
    assert list(queries.bugs_visible_to(colleague)) == [bug]
