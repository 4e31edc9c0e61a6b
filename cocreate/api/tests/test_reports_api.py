"""POST /api/v1/releases/{id}/reports and GET /api/v1/releases/{id}/report-summary."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from cocreate.accounts.tests.factories import UserFactory
from cocreate.releases.models import ExperienceReport


def _ids(release):
    return list(release.entries.order_by("position").values_list("pk", flat=True))


def _path(release):
    return f"/api/v1/releases/{release.pk}/reports".removeprefix("/api/v1")


def test_filing_answers_201_then_200_when_replaced(api, token_for, member, release, idea):
    first, second, third = _ids(release)
    token = token_for(member)
    body = {
        "score": 4,
        "liked": [first],
        "disliked": [third],
        "liked_comment": "快多了",
        "problems": [{"text": "Camera crashes", "severity": "high"}],
        "want_next": "Dark mode",
        "want_next_idea": idea.pk,
    }
    created = api.post(_path(release), body, token=token)
    assert created.status_code == 201, created.json()
    out = created.json()
    assert out["liked"] == [first] and out["disliked"] == [third]
    assert out["problems"] == [{"text": "Camera crashes", "severity": "high", "screenshot": None}]
    assert out["want_next_idea"] == idea.pk

    replaced = api.post(_path(release), {"score": 2, "liked": [second]}, token=token)
    assert replaced.status_code == 200
    assert replaced.json()["problems"] == [] and replaced.json()["disliked"] == []
    release.refresh_from_db()
    assert (release.report_count, release.score_total, release.problem_count) == (1, 2, 0)


@pytest.mark.parametrize(
    "body",
    [
        {"score": 0},
        {"score": 6},
        {"score": 3, "liked": ["OTHER"]},
        {"score": 3, "liked": ["FIRST"], "disliked": ["FIRST"]},
        {"score": 3, "problems": [{"text": "x", "severity": "doom"}]},
        {"score": 3, "problems": [{"text": "a"}, {"text": "b"}, {"text": "c"}, {"text": "d"}]},
        {"score": 3, "want_next_idea": 99999},
    ],
)
def test_bad_input_answers_400_and_writes_nothing(api, token_for, member, product, release, body):
    from cocreate.releases.tests.fixtures import make_release

    other = make_release(product, version="0.0.1")
    swap = {"FIRST": _ids(release)[0], "OTHER": _ids(other)[0]}
    body = {
        key: [swap.get(v, v) for v in value] if key in ("liked", "disliked") else value
        for key, value in body.items()
    }
    response = api.post(_path(release), body, token=token_for(member))
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "invalid"
    assert not ExperienceReport.objects.exists()


def test_a_malformed_body_answers_422(api, token_for, member, release):
    response = api.post(_path(release), {"score": "lots"}, token=token_for(member))
    assert response.status_code == 422


def test_a_closed_window_answers_409(api, token_for, member, release):
    token = token_for(member)
    with time_machine.travel(release.reports_close_at + timedelta(seconds=1), tick=False):
        response = api.post(_path(release), {"score": 3}, token=token)
    assert response.status_code == 409
    assert response.json()["code"] == "window_closed"


def test_a_draft_answers_409_to_staff(api, token_for, staff, product):
    from cocreate.releases.tests.fixtures import make_release

    draft = make_release(product, version="9.0.0", published=False)
    response = api.post(_path(draft), {"score": 3}, token=token_for(staff))
    assert response.status_code == 409


def test_a_suspended_member_answers_403(api, token_for, release):
    banned = UserFactory(suspended_until=timezone.now() + timedelta(days=1))
    response = api.post(_path(release), {"score": 3}, token=token_for(banned))
    assert response.status_code == 403
    assert not ExperienceReport.objects.exists()


def test_a_beta_release_is_not_found_for_non_members(api, token_for, member, beta_release):
    response = api.post(_path(beta_release), {"score": 3}, token=token_for(member))
    assert response.status_code == 404
    assert api.get(f"/releases/{beta_release.pk}/report-summary").status_code == 404


def test_anonymous_callers_cannot_file(api, release):
    assert api.post(_path(release), {"score": 3}).status_code == 401


def test_the_summary_is_public_and_ranked(
    api, token_for, member, other_member, release, django_assert_max_num_queries
):
    first, second, third = _ids(release)
    api.post(
        _path(release),
        {"score": 5, "liked": [second], "disliked": [first]},
        token=token_for(member),
    )
    api.post(
        _path(release),
        {"score": 3, "liked": [second], "problems": [{"text": "蓝牙断开连接"}]},
        token=token_for(other_member),
    )
    with django_assert_max_num_queries(9):
        api.get(f"/releases/{release.pk}/report-summary")  # fills the cache
    with django_assert_max_num_queries(2):
        response = api.get(f"/releases/{release.pk}/report-summary")
    assert response.status_code == 200
    out = response.json()
    assert out["report_count"] == 2 and out["average"] == 4.0
    assert out["scores"] == {"1": 0, "2": 0, "3": 1, "4": 0, "5": 1}
    assert [entry["id"] for entry in out["entries"]] == [second, third, first]
    assert out["entries"][0]["liked_share"] == 100.0
    assert out["feature"]["entry"] == second and out["feature"]["provisional"] is True
    assert {"term": "蓝牙", "count": 1} in out["terms"]
    assert out["is_open"] is True
    assert [point["version"] for point in out["trend"]] == ["3.2.1"]
