import pytest

from cocreate.accounts.tests.factories import UserFactory
from cocreate.betas import actions
from cocreate.betas.models import BetaApplication, BetaMembership, BugReport
from cocreate.betas.tests import fixtures
from cocreate.betas.tests.fixtures import eligible
from cocreate.releases.tests.fixtures import make_release

pytestmark = pytest.mark.django_db

# The betas' fixtures, for these tests too.
program, open_program, tester = fixtures.program, fixtures.open_program, fixtures.tester


def test_list_programs_with_the_risk_and_your_standing(api, program, tester, token_for):
    visitor = api.get("/betas").json()
    mine = api.get("/betas", token=token_for(tester)).json()

    assert visitor[0]["slug"] == "phone-beta" and visitor[0]["status"] is None
    assert visitor[0]["risk_version"] == 1 and visitor[0]["risk"] == "Builds may crash."
    assert mine[0]["status"] == "member" and mine[0]["member_count"] == 1


def test_list_programs_holds_its_query_count(
    api, program, open_program, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        assert api.get("/betas").status_code == 200


def test_apply_accepting_the_risk(api, program, member, token_for):
    token = token_for(eligible(member))

    unticked = api.post(
        f"/betas/{program.pk}/apply", {"accept_risk": False, "risk_version": 1}, token=token
    )
    stale = api.post(
        f"/betas/{program.pk}/apply", {"accept_risk": True, "risk_version": 9}, token=token
    )
    assert unticked.status_code == 422 and stale.status_code == 409
    assert stale.json()["code"] == "risk_outdated"
    assert not BetaApplication.objects.exists()

    applied = api.post(
        f"/betas/{program.pk}/apply", {"accept_risk": True, "risk_version": 1}, token=token
    )
    again = api.post(
        f"/betas/{program.pk}/apply", {"accept_risk": True, "risk_version": 1}, token=token
    )

    assert applied.status_code == 201 and applied.json()["status"] == "pending"
    assert again.status_code == 403


def test_apply_refusals_say_why(api, program, member, token_for):
    ineligible = api.post(
        f"/betas/{program.pk}/apply",
        {"accept_risk": True, "risk_version": 1},
        token=token_for(member),
    )
    anonymous = api.post(f"/betas/{program.pk}/apply", {"accept_risk": True, "risk_version": 1})
    missing = api.post(
        "/betas/999/apply", {"accept_risk": True, "risk_version": 1}, token=token_for(member)
    )

    assert ineligible.status_code == 403 and "Level 2" in ineligible.json()["detail"]
    assert anonymous.status_code == 401 and missing.status_code == 404


def test_leave_answers_the_cool_down(api, program, tester, member, token_for):
    left = api.post(f"/betas/{program.pk}/leave", token=token_for(tester))
    not_member = api.post(f"/betas/{program.pk}/leave", token=token_for(member))

    assert left.status_code == 200 and left.json()["status"] == "left"
    assert left.json()["may_reapply_at"] is not None
    assert not_member.status_code == 403


def test_staff_decide_applications(api, program, member, staff, token_for):
    application = actions.apply_to_program(program, member=member, risk_version=1)
    url = f"/betas/applications/{application.pk}/decide"

    by_member = api.post(url, {"status": "accepted"}, token=token_for(member))
    no_reason = api.post(url, {"status": "rejected"}, token=token_for(staff))
    accepted = api.post(url, {"status": "accepted"}, token=token_for(staff))
    twice = api.post(url, {"status": "rejected", "reason": "x"}, token=token_for(staff))

    assert by_member.status_code == 403 and no_reason.status_code == 422
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert twice.status_code == 409 and twice.json()["code"] == "invalid_transition"
    assert BetaMembership.objects.get(member=member).status == "active"


def test_file_a_bug_and_list_your_own(
    api, product, tester, member, token_for, django_assert_max_num_queries
):
    build = make_release(product, version="b1", channel="beta")
    body = {
        "release": build.pk,
        "title": "Crash",
        "steps": "Open",
        "expected": "Works",
        "actual": "Crash",
        "severity": "high",
    }

    filed = api.post("/bugs", body, token=token_for(tester))
    stranger = api.post("/bugs", body, token=token_for(member))
    blank = api.post("/bugs", {**body, "title": " "}, token=token_for(tester))
    bad = api.post("/bugs", {**body, "severity": "awful"}, token=token_for(tester))

    assert filed.status_code == 201 and filed.json()["version"] == "b1"
    assert stranger.status_code == 403 and blank.status_code == 422 and bad.status_code == 422
    assert BugReport.objects.count() == 1
    token = token_for(tester)
    with django_assert_max_num_queries(6):
        mine = api.get("/bugs", token=token).json()
    assert mine["count"] == 1 and mine["items"][0]["title"] == "Crash"
    assert api.get("/bugs", token=token_for(member)).json()["count"] == 0
    assert api.get("/bugs?show=queue", token=token_for(member)).status_code == 403


def test_staff_triage_a_bug_and_the_reporter_is_credited(
    api, product, tester, staff, member, token_for
):
    build = make_release(product, version="b1", channel="beta")
    fix = make_release(product, version="b2", channel="beta")
    bug = actions.file_bug(
        build, reporter=tester, title="t", steps="s", expected="e", actual="a", severity="low"
    )
    url = f"/bugs/{bug.pk}/triage"

    refused = api.post(
        url, {"status": "fixed", "response": "Done", "fixed_in": fix.pk}, token=token_for(member)
    )
    no_release = api.post(url, {"status": "fixed", "response": "Done"}, token=token_for(staff))
    fixed = api.post(
        url, {"status": "fixed", "response": "Done", "fixed_in": fix.pk}, token=token_for(staff)
    )

    assert refused.status_code == 404  # the stranger cannot see the bug at all
    assert no_release.status_code == 422
    assert fixed.status_code == 200 and fixed.json()["fixed_in"] == "b2"
    assert fix.credits.filter(member=tester, role="bug_reporter").exists()


def test_bug_reports_are_hidden_from_strangers(api, product, tester, token_for):
    build = make_release(product, version="b1", channel="beta")
    bug = actions.file_bug(
        build, reporter=tester, title="t", steps="s", expected="e", actual="a", severity="low"
    )

    assert api.get(f"/bugs/{bug.pk}", token=token_for(tester)).status_code == 200
    assert api.get(f"/bugs/{bug.pk}", token=token_for(UserFactory(username="x"))).status_code == 404
