import pytest
from django.test import Client
from django.urls import reverse

from cocreate.accounts.tests.factories import UserFactory
from cocreate.betas import actions
from cocreate.betas.models import BetaApplication, BetaMembership, BugReport
from cocreate.releases.tests.fixtures import make_release
from conftest import logged_in

from .fixtures import eligible

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _client(user):
    return logged_in(Client(), user)


def _text(response):
    return response.content.decode()


def test_the_done_means_path_apply_with_the_risk_then_accepted_then_file_a_bug(
    program, member, staff, product, django_capture_on_commit_callbacks
):
    fan = _client(eligible(member))
    page = fan.get(program.get_absolute_url())
    assert "Builds may crash." in _text(page) and 'name="accept_risk"' in _text(page)

    # without ticking the risk: refused, nothing written
    refused = fan.post(reverse("betas:apply", args=[program.slug]), {"risk_version": 1})
    assert refused.status_code == 400 and "Tick the box" in _text(refused)
    assert not BetaApplication.objects.exists()

    applied = fan.post(
        reverse("betas:apply", args=[program.slug]), {"risk_version": 1, "accept_risk": "on"}
    )
    assert applied.status_code == 302
    application = BetaApplication.objects.get(member=member)
    assert application.status == "pending" and application.risk.version == 1

    team = _client(staff)
    queue = team.get(reverse("betas:applications", args=[program.slug]))
    assert "Ada Lovelace" in _text(queue)
    with django_capture_on_commit_callbacks(execute=True):
        row = team.post(
            reverse("betas:decide", args=[application.pk]), {"status": "accepted"}, headers=HTMX
        )
    assert row.status_code == 200 and "Accepted" in _text(row) and "<html" not in _text(row)
    assert BetaMembership.objects.get(member=member).status == "active"

    build = make_release(product, version="3.3.0-beta.1", channel="beta")
    form = fan.get(reverse("betas:file_bug"))
    assert "3.3.0-beta.1" in _text(form)
    filed = fan.post(
        reverse("betas:file_bug"),
        {
            "release": build.pk,
            "title": "Crash",
            "steps": "Open",
            "expected": "Works",
            "actual": "Crash",
            "severity": "high",
        },
    )
    bug = BugReport.objects.get()
    assert filed.status_code == 302 and filed.url == reverse("betas:bug", args=[bug.pk])
    assert "Crash" in _text(fan.get(filed.url))


def test_index_and_program_pages_for_visitors_and_as_partials(client, program, tester):
    index = client.get(reverse("betas:index"))
    page = client.get(program.get_absolute_url())
    partial = client.get(program.get_absolute_url(), headers=HTMX)

    assert index.status_code == page.status_code == partial.status_code == 200
    assert "Phone beta" in _text(index) and "1 / 3" in _text(index).replace("<strong>", "").replace(
        "</strong>", ""
    )
    assert "Log in to apply" in _text(page)
    assert "<html" not in _text(partial) and "Participation rules" in _text(partial)


def test_the_program_page_shows_an_ineligible_member_what_they_miss(program, member):
    text = _text(_client(member).get(program.get_absolute_url()))

    assert "Level 2 or higher (you are Lv.1)" in text
    assert 'name="accept_risk"' not in text


def test_a_stale_risk_version_is_refused_with_409_and_nothing_written(program, member, staff):
    actions.publish_risk(program, actor=staff, text="New risk")

    response = _client(eligible(member)).post(
        reverse("betas:apply", args=[program.slug]), {"risk_version": 1, "accept_risk": "on"}
    )

    assert response.status_code == 409 and "risk statement changed" in _text(response)
    assert not BetaApplication.objects.exists()


def test_leaving_asks_to_confirm_then_leaves(program, tester):
    fan = _client(tester)
    confirm = fan.get(reverse("betas:leave", args=[program.slug]))
    left = fan.post(reverse("betas:leave", args=[program.slug]))

    assert confirm.status_code == 200 and "14 days" in _text(confirm)
    assert left.status_code == 302
    assert BetaMembership.objects.get(member=tester).status == "left"
    assert fan.post(reverse("betas:leave", args=[program.slug])).status_code == 403


def test_rejecting_without_a_reason_answers_400_in_the_row_and_writes_nothing(
    program, member, staff
):
    application = actions.apply_to_program(program, member=member, risk_version=1)

    row = _client(staff).post(
        reverse("betas:decide", args=[application.pk]), {"status": "rejected"}, headers=HTMX
    )

    assert row.status_code == 400 and "reason" in _text(row)
    application.refresh_from_db()
    assert application.status == "pending"


def test_bad_decisions_and_strangers_are_refused(program, member, other_member):
    application = actions.apply_to_program(program, member=member, risk_version=1)
    url = reverse("betas:decide", args=[application.pk])

    assert _client(other_member).post(url, {"status": "accepted"}).status_code == 403
    assert (
        _client(other_member).get(reverse("betas:applications", args=[program.slug])).status_code
        == 403
    )
    assert Client().post(url, {"status": "accepted"}).status_code == 302  # to log in


def test_a_moderator_removes_a_member_from_the_members_page(program, tester, program_moderator):
    mod = _client(program_moderator)
    page = mod.get(reverse("betas:members", args=[program.slug]))
    membership = BetaMembership.objects.get(member=tester)
    empty = mod.post(reverse("betas:remove", args=[membership.pk]), {"reason": ""}, headers=HTMX)
    done = mod.post(
        reverse("betas:remove", args=[membership.pk]), {"reason": "Leaked builds"}, headers=HTMX
    )

    assert page.status_code == 200 and "tess" in _text(page)
    assert empty.status_code == 400
    assert done.status_code == 200 and "Leaked builds" in _text(done)
    membership.refresh_from_db()
    assert membership.status == "removed"


def test_staff_triage_a_bug_from_its_page(product, tester, staff):
    build = make_release(product, version="b1", channel="beta")
    fix = make_release(product, version="b2", channel="beta")
    bug = actions.file_bug(
        build, reporter=tester, title="Crash", steps="s", expected="e", actual="a", severity="low"
    )
    team = _client(staff)
    url = reverse("betas:triage", args=[bug.pk])

    missing = team.post(url, {"status": "fixed", "response": "Done"})
    done = team.post(url, {"status": "fixed", "response": "Done", "fixed_in": fix.pk})

    assert missing.status_code == 400 and "Choose the release" in _text(missing)
    assert done.status_code == 302
    bug.refresh_from_db()
    assert (bug.status, bug.fixed_in) == ("fixed", fix)
    assert _client(tester).post(url, {"status": "confirmed", "response": "x"}).status_code == 403


def test_bug_lists_filter_and_hold_their_query_count(
    product, tester, staff, django_assert_max_num_queries
):
    build = make_release(product, version="b1", channel="beta")
    for number in range(6):
        actions.file_bug(
            build,
            reporter=tester,
            title=f"Bug {number}",
            steps="s",
            expected="e",
            actual="a",
            severity="high" if number % 2 else "low",
        )
    team, fan = _client(staff), _client(tester)

    with django_assert_max_num_queries(12):
        queue = team.get(reverse("betas:bugs"), {"show": "queue", "severity": "high"})
    with django_assert_max_num_queries(12):
        mine = fan.get(reverse("betas:bugs"), {"show": "mine"}, headers=HTMX)

    assert _text(queue).count("bug-row") == 3
    assert _text(mine).count("bug-row") == 6 and "<html" not in _text(mine)
    assert fan.get(reverse("betas:bugs"), {"show": "queue"}).status_code == 403
    assert fan.get(reverse("betas:bugs"), {"severity": "awful"}).status_code == 400
    other = UserFactory(username="stranger")
    assert (
        _client(other).get(reverse("betas:bug", args=[BugReport.objects.first().pk])).status_code
        == 404
    )


def test_a_bad_screenshot_is_a_form_error_and_nothing_is_written(product, tester, media_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    build = make_release(product, version="b1", channel="beta")
    response = _client(tester).post(
        reverse("betas:file_bug"),
        {
            "release": build.pk,
            "title": "t",
            "steps": "s",
            "expected": "e",
            "actual": "a",
            "severity": "low",
            "screenshot": SimpleUploadedFile("x.png", b"not an image"),
        },
    )

    assert response.status_code == 400
    assert not BugReport.objects.exists()


def test_pages_hold_their_query_counts(
    program, tester, staff, django_assert_max_num_queries, member
):
    for name in ("a", "b", "c"):
        actions.apply_to_program(program, member=UserFactory(username=name), risk_version=1)
    team = _client(staff)
    with django_assert_max_num_queries(12):
        assert team.get(reverse("betas:index")).status_code == 200
    with django_assert_max_num_queries(16):
        assert team.get(program.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(12):
        assert team.get(reverse("betas:applications", args=[program.slug])).status_code == 200
    with django_assert_max_num_queries(12):
        assert team.get(reverse("betas:members", args=[program.slug])).status_code == 200
