from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cocreate.accounts.tests.factories import UserFactory
from cocreate.betas import actions, permissions
from cocreate.betas.models import BetaApplication, BetaMembership, BugReport, RiskStatement
from cocreate.core.models import Activity
from cocreate.notifications.models import Notification
from cocreate.releases.models import ReleaseCredit
from cocreate.releases.tests.fixtures import make_release
from cocreate.reputation.eligibility import eligibility

from .fixtures import eligible, join

pytestmark = pytest.mark.django_db


def _counts(program):
    program.refresh_from_db()
    return program.member_count, program.waitlist_count, program.pending_count


def test_applying_to_a_closed_program_queues_the_application_with_the_risk_acknowledged(
    program, member
):
    application = actions.apply_to_program(
        program, member=eligible(member), risk_version=1, motivation="  I test  ", device="P14"
    )

    assert application.status == "pending" and application.risk.version == 1
    assert application.motivation == "I test"
    assert _counts(program) == (0, 0, 1)
    assert Activity.objects.filter(verb="beta.applied", actor=member).exists()


def test_applying_after_a_new_risk_version_is_refused_and_writes_nothing(program, member, staff):
    actions.publish_risk(program, actor=staff, text="Even riskier now.")

    with pytest.raises(ValidationError) as refused:
        actions.apply_to_program(program, member=member, risk_version=1)

    assert refused.value.code == "risk_outdated"
    assert not BetaApplication.objects.exists()
    assert _counts(program) == (0, 0, 0)


def test_publishing_a_risk_version_numbers_it_and_refuses_the_same_text(program, staff):
    risk = actions.publish_risk(program, actor=staff, text="New text", text_zh="新文字")

    assert risk.version == 2
    with pytest.raises(ValidationError):
        actions.publish_risk(program, actor=staff, text="New text", text_zh="新文字")
    assert RiskStatement.objects.filter(program=program).count() == 2


def test_an_open_program_accepts_while_there_is_room_then_waitlists(
    open_program, member, other_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = actions.apply_to_program(open_program, member=member, risk_version=1)
        second = actions.apply_to_program(open_program, member=other_member, risk_version=1)

    assert (first.status, second.status) == ("accepted", "waitlisted")
    assert _counts(open_program) == (1, 1, 0)
    events = dict(Notification.objects.values_list("recipient__username", "data__event"))
    assert events == {"ada": "accepted", "grace": "waitlisted"}


def test_leaving_promotes_the_first_waitlisted_applicant_and_starts_a_14_day_cool_down(
    open_program, member, other_member, django_capture_on_commit_callbacks
):
    third = UserFactory(username="third")
    eligible(member)
    with django_capture_on_commit_callbacks(execute=True):
        actions.apply_to_program(open_program, member=member, risk_version=1)
        actions.apply_to_program(open_program, member=other_member, risk_version=1)
        actions.apply_to_program(open_program, member=third, risk_version=1)
        membership = BetaMembership.objects.get(member=member)
        assert actions.leave_program(membership, member=member)
        assert not actions.leave_program(membership, member=member)

    membership.refresh_from_db()
    assert membership.status == "left" and membership.end_reason == "left"
    assert membership.may_reapply_at - membership.ended_at == timedelta(days=14)
    assert BetaMembership.objects.get(member=other_member).status == "active"
    assert BetaApplication.objects.get(member=third).status == "waitlisted"
    assert _counts(open_program) == (1, 1, 0)
    assert Notification.objects.filter(recipient=other_member, data__event="accepted").exists()
    with time_machine.travel(timezone.now() + timedelta(days=13, hours=23)):
        assert "from" in permissions.reason_cannot_apply(member, open_program)
    with time_machine.travel(timezone.now() + timedelta(days=14, minutes=1)):
        assert permissions.reason_cannot_apply(member, open_program) == ""


def test_staff_accept_waitlist_and_reject_with_a_reason(
    program, member, other_member, staff, django_capture_on_commit_callbacks
):
    third = UserFactory(username="third")
    with django_capture_on_commit_callbacks(execute=True):
        a = actions.apply_to_program(program, member=member, risk_version=1)
        b = actions.apply_to_program(program, member=other_member, risk_version=1)
        c = actions.apply_to_program(program, member=third, risk_version=1)
        actions.decide_application(a, actor=staff, status="accepted")
        actions.decide_application(b, actor=staff, status="waitlisted")
        with pytest.raises(ValidationError) as no_reason:
            actions.decide_application(c, actor=staff, status="rejected", reason=" ")
        actions.decide_application(c, actor=staff, status="rejected", reason="Not this wave")
        with pytest.raises(ValidationError) as again:
            actions.decide_application(c, actor=staff, status="accepted")

    assert no_reason.value.code == "reason_required" and again.value.code == "invalid_transition"
    assert _counts(program) == (1, 1, 0)
    rejected = Notification.objects.get(recipient=third)
    assert rejected.data["event"] == "rejected" and rejected.data["reason"] == "Not this wave"
    assert rejected.data["program_zh"] == "手机内测"
    assert {"beta.accepted", "beta.waitlisted", "beta.rejected"} <= set(
        Activity.objects.values_list("verb", flat=True)
    )


def test_accepting_into_a_full_program_is_refused(program, staff):
    program.capacity = 1
    program.save()
    one, two = UserFactory(username="one"), UserFactory(username="two")
    actions.decide_application(
        actions.apply_to_program(program, member=one, risk_version=1),
        actor=staff,
        status="accepted",
    )
    waiting = actions.apply_to_program(program, member=two, risk_version=1)

    with pytest.raises(ValidationError) as refused:
        actions.decide_application(waiting, actor=staff, status="accepted")

    assert refused.value.code == "full"
    assert _counts(program) == (1, 0, 1)


def test_withdrawing_a_waiting_application(program, member):
    application = actions.apply_to_program(program, member=member, risk_version=1)

    assert actions.withdraw_application(application, member=member)
    assert not actions.withdraw_application(application, member=member)
    assert _counts(program) == (0, 0, 0)
    # and a new application may follow
    actions.apply_to_program(program, member=member, risk_version=1)


def test_a_moderator_removes_a_member_at_once_with_a_30_day_cool_down(
    program, tester, program_moderator, django_capture_on_commit_callbacks
):
    membership = BetaMembership.objects.get(member=tester)
    with pytest.raises(ValidationError):
        actions.remove_member(membership, actor=program_moderator, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.remove_member(membership, actor=program_moderator, reason="Leaked builds")

    membership.refresh_from_db()
    assert (membership.status, membership.end_reason) == ("removed", "moderator")
    assert membership.removed_by == program_moderator
    assert membership.may_reapply_at - membership.ended_at == timedelta(days=30)
    notice = Notification.objects.get(recipient=tester)
    assert notice.data["event"] == "removed" and notice.data["reason"] == "Leaked builds"
    assert _counts(program) == (0, 0, 0)


def test_filing_and_triaging_a_bug_tells_the_reporter_and_credits_a_fix_in_a_published_build(
    product, tester, staff, django_capture_on_commit_callbacks
):
    build = make_release(product, version="b1", channel="beta")
    fix = make_release(product, version="b2", channel="beta")
    bug = actions.file_bug(
        build,
        reporter=tester,
        title=" Camera  freezes ",
        steps="Open",
        expected="Photo",
        actual="Freeze",
        severity="high",
    )
    assert bug.title == "Camera freezes"

    with django_capture_on_commit_callbacks(execute=True):
        actions.triage_bug(bug, actor=staff, status="confirmed", response="Seen it")
        actions.triage_bug(bug, actor=staff, status="fixed", response="Fixed", fixed_in=fix)

    bug.refresh_from_db()
    assert (bug.status, bug.fixed_in) == ("fixed", fix)
    assert ReleaseCredit.objects.filter(release=fix, member=tester, role="bug_reporter").exists()
    last = Notification.objects.filter(recipient=tester, kind="bug_report").latest("id")
    assert last.data == {
        "title": "Camera freezes",
        "status": "fixed",
        "version": "b2",
        "response": "Fixed",
    }
    assert Activity.objects.filter(verb="bug.triaged").count() == 2


def test_triage_refuses_a_fix_without_a_release_or_in_another_product(product, tester, staff):
    from cocreate.forum.models import Product

    build = make_release(product, version="b1", channel="beta")
    other = make_release(Product.objects.create(slug="watch", name="Watch"), version="w1")
    bug = actions.file_bug(
        build, reporter=tester, title="t", steps="s", expected="e", actual="a", severity="low"
    )
    for fixed_in, code in ((None, "fixed_in_required"), (other, "fixed_in_other_product")):
        with pytest.raises(ValidationError) as refused:
            actions.triage_bug(bug, actor=staff, status="fixed", response="r", fixed_in=fixed_in)
        assert refused.value.code == code
    with pytest.raises(ValidationError):
        actions.triage_bug(bug, actor=staff, status="confirmed", response="  ")
    assert BugReport.objects.get().status == "new"
    assert not ReleaseCredit.objects.exists()


def test_fixing_in_an_unpublished_build_credits_nobody_yet(product, tester, staff):
    build = make_release(product, version="b1", channel="beta")
    draft = make_release(product, version="b2", channel="beta", published=False)
    bug = actions.file_bug(
        build, reporter=tester, title="t", steps="s", expected="e", actual="a", severity="low"
    )

    actions.triage_bug(bug, actor=staff, status="fixed", response="Next week", fixed_in=draft)

    assert not ReleaseCredit.objects.exists()


def test_ineligible_applicants_see_every_condition_they_miss(product, member):
    from .fixtures import make_program

    program = make_program(product, min_account_days=10, min_tier="vip")

    with pytest.raises(PermissionDenied) as refused:
        permissions.check_apply_to_program(member, program)

    message = str(refused.value)
    assert "Level 2 or higher (you are Lv.1)" in message
    assert "Tier VIP or higher (you are Member)" in message
    assert "at least 10 days old (yours is 0 days old)" in message
    eligible(member)
    assert [c.met for c in eligibility(member, program)] == [True, False, False]


def test_join_fixture_sanity(program, member):
    membership = join(program, eligible(member))
    assert membership.status == "active"
