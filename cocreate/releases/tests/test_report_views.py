"""The report form, the summary and the team's CSV: full pages, htmx
partials, bad input (4xx, nothing written), the window, permissions, query
counts and the cache."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cocreate.accounts.tests.factories import UserFactory
from cocreate.releases.actions import reports as actions
from cocreate.releases.actions.reports import ProblemIn, ReportIn
from cocreate.releases.models import ExperienceReport, ProductReleaseSettings, ReportProblem
from conftest import logged_in


def _ids(release):
    return list(release.entries.order_by("position").values_list("pk", flat=True))


def _url(name, release):
    return reverse(f"releases:{name}", args=[release.pk])


def _png(color="red"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(buffer, format="PNG")
    return SimpleUploadedFile("shot.png", buffer.getvalue(), content_type="image/png")


# The form ----------------------------------------------------------------------------------


def test_the_form_shows_the_four_grids_in_the_products_wording(member_client, release):
    ProductReleaseSettings.objects.filter(product=release.product).update(
        liked_label="Loved it", problems_label="Broke"
    )
    response = member_client.get(_url("report", release))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Loved it" in html and "Broke" in html and "Liked least" in html
    assert 'name="score"' in html and 'name="liked"' in html and "problem_3_text" in html


def test_the_form_is_also_an_htmx_partial(member_client, release):
    response = member_client.get(_url("report", release), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b"<html" not in response.content and b'id="report"' in response.content


def test_anonymous_visitors_are_sent_to_log_in(client, release):
    response = client.get(_url("report", release))
    assert response.status_code == 302 and "login" in response["Location"]


def test_filing_through_the_form_saves_the_report_and_shows_the_summary(
    member_client, member, release
):
    first, second, third = _ids(release)
    response = member_client.post(
        _url("report", release),
        {
            "score": "4",
            "liked": [first, second],
            "disliked": [third],
            "liked_comment": "Faster",
            "problem_1_text": "相机闪退",
            "problem_1_severity": "high",
            "problem_1_screenshot": _png(),
            "want_next": "Dark mode",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == _url("summary", release)
    report = ExperienceReport.objects.get(member=member)
    assert report.score == 4 and report.liked_comment == "Faster"
    problem = report.problems.get()
    assert problem.severity == "high"
    assert problem.screenshot.name.endswith((".webp", ".jpg"))  # re-encoded


def test_editing_keeps_a_screenshot_unless_replaced(member_client, member, release):
    member_client.post(
        _url("report", release),
        {"score": "3", "problem_1_text": "Lag", "problem_1_screenshot": _png()},
    )
    old = ReportProblem.objects.get().screenshot.name
    response = member_client.post(
        _url("report", release),
        {"score": "5", "problem_1_text": "Still lag", "problem_1_keep": "on"},
    )
    assert response.status_code == 302
    problem = ReportProblem.objects.get()
    assert problem.text == "Still lag" and problem.screenshot.name == old
    assert ExperienceReport.objects.get().score == 5


def test_the_form_comes_back_filled_in_for_editing(member_client, member, release):
    first = _ids(release)[0]
    actions.file_report(
        release, member=member, data=ReportIn(score=2, liked=[first], problems=[ProblemIn("Hot")])
    )
    html = member_client.get(_url("report", release)).content.decode()
    assert 'value="2" id="score-2" required checked' in html
    assert f'name="liked" value="{first}" checked' in html
    assert "Hot</textarea>" in html
    assert "Update my report" in html


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "score"),
        ({"score": "9"}, "score"),
        ({"score": "3", "liked": ["FIRST"], "disliked": ["FIRST"]}, "disliked"),
        ({"score": "3", "liked": ["999999"]}, "liked"),
        ({"score": "3", "want_next_idea": "no such idea"}, "want_next_idea"),
        ({"score": "3", "problem_1_screenshot": "IMAGE"}, "problem_1_text"),
    ],
)
def test_bad_input_answers_400_and_writes_nothing(member_client, release, data, field):
    first = str(_ids(release)[0])
    data = {
        key: (
            [first if v == "FIRST" else v for v in value]
            if isinstance(value, list)
            else (_png() if value == "IMAGE" else value)
        )
        for key, value in data.items()
    }
    response = member_client.post(_url("report", release), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert b"Nothing was saved yet" in response.content
    assert not ExperienceReport.objects.exists()


def test_a_file_that_is_not_an_image_is_refused(member_client, release):
    fake = SimpleUploadedFile("shot.png", b"not an image", content_type="image/png")
    response = member_client.post(
        _url("report", release),
        {"score": "3", "problem_1_text": "x", "problem_1_screenshot": fake},
    )
    assert response.status_code == 400
    assert not ExperienceReport.objects.exists()


def test_an_idea_can_be_linked_by_its_address(member_client, member, release, idea):
    response = member_client.post(
        _url("report", release),
        {"score": "3", "want_next_idea": f"https://example.com/ideas/{idea.pk}/"},
    )
    assert response.status_code == 302
    assert ExperienceReport.objects.get().want_next_idea == idea


def test_after_the_window_the_report_is_read_only(member_client, member, release):
    actions.file_report(release, member=member, data=ReportIn(score=4, liked_comment="Nice"))
    with time_machine.travel(release.reports_close_at + timedelta(minutes=1), tick=False):
        page = member_client.get(_url("report", release))
        posted = member_client.post(_url("report", release), {"score": "1"})
    assert page.status_code == 200
    assert b"Nice" in page.content and b'name="score"' not in page.content
    assert posted.status_code == 409
    assert ExperienceReport.objects.get().score == 4


def test_a_suspended_member_cannot_post(client, release):
    from django.utils import timezone

    banned = UserFactory(suspended_until=timezone.now() + timedelta(days=1))
    response = logged_in(client, banned).post(_url("report", release), {"score": "3"})
    assert response.status_code == 403
    assert not ExperienceReport.objects.exists()


def test_a_beta_release_is_not_found_for_non_members(member_client, beta_release):
    assert member_client.get(_url("report", beta_release)).status_code == 404
    assert member_client.get(_url("summary", beta_release)).status_code == 404


# The summary --------------------------------------------------------------------------------


@pytest.fixture
def reported(release, member, other_member, camera_team):
    first, second, third = _ids(release)
    release.entries.filter(pk=second).update(team=camera_team)
    release.audience_count = 4
    release.save(update_fields=["audience_count"])
    actions.file_report(
        release,
        member=member,
        data=ReportIn(
            score=5,
            liked=[second],
            disliked=[first],
            liked_comment="=HYPERLINK(evil)",
            problems=[ProblemIn("蓝牙耳机断开连接", severity="high")],
        ),
    )
    actions.file_report(
        release,
        member=other_member,
        data=ReportIn(score=3, liked=[second, third], problems=[ProblemIn("Bluetooth drops")]),
    )
    return release


def test_the_summary_ranks_entries_and_shows_the_numbers(client, reported):
    response = client.get(_url("summary", reported))
    assert response.status_code == 200
    html = response.content.decode()
    assert "What testers think of 3.2.1" in html
    assert "Feature of the week" in html and "Provisional" in html
    assert "Change 2 of 3.2.1" in html
    assert html.index("Change 2 of 3.2.1") < html.index("Change 1 of 3.2.1")
    assert "50%" in html  # two reports of an audience of four
    assert "<svg" in html and "蓝牙" in html and "bluetooth" in html
    assert "Every report" not in html  # the team's part


def test_the_summary_is_an_htmx_partial_too(member_client, reported):
    response = member_client.get(_url("summary", reported), headers={"HX-Request": "true"})
    assert b"<html" not in response.content and b'id="summary"' in response.content


def test_the_team_sees_every_report_and_the_export(client, staff, reported):
    html = logged_in(client, staff).get(_url("summary", reported)).content.decode()
    assert "Every report" in html and "Download CSV" in html
    assert "蓝牙耳机断开连接" in html and "=HYPERLINK(evil)" in html


def test_the_summary_has_a_fixed_number_of_queries(
    client, staff, member, reported, django_assert_max_num_queries
):
    for n in range(6):
        actions.file_report(reported, member=UserFactory(), data=ReportIn(score=n % 5 + 1))
    logged_in(client, member)
    with django_assert_max_num_queries(16):
        client.get(_url("summary", reported))  # fills the cache
    with django_assert_max_num_queries(9):
        assert client.get(_url("summary", reported)).status_code == 200
    logged_in(client, staff)
    with django_assert_max_num_queries(16):
        assert client.get(_url("summary", reported)).status_code == 200


def test_anonymous_summaries_come_from_the_page_cache_until_a_report(
    client, member, release, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    client.get(_url("summary", release))
    with django_assert_max_num_queries(1):
        assert client.get(_url("summary", release)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        actions.file_report(release, member=member, data=ReportIn(score=5))
    assert b"5.0" in client.get(_url("summary", release)).content


def test_a_member_who_filed_sees_edit_my_report(member_client, member, release):
    actions.file_report(release, member=member, data=ReportIn(score=5))
    assert b"Edit my report" in member_client.get(_url("summary", release)).content


# The export ----------------------------------------------------------------------------------


def test_the_team_downloads_every_report_as_excel_safe_csv(client, staff, reported):
    response = logged_in(client, staff).get(_url("reports_csv", reported))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffRelease,Report,Member")
    assert "'=HYPERLINK(evil)" in text
    assert "[High] 蓝牙耳机断开连接" in text
    assert len(text.strip().splitlines()) == 3


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_only_the_team_exports(client, member, reported, who):
    if who == "member":
        logged_in(client, member)
    assert client.get(_url("reports_csv", reported)).status_code == 403
