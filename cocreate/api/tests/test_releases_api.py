"""The releases API: lists, a release, drafting, publishing and credits."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.releases.actions import releases as actions
from cocreate.releases.enums import ReleaseStatus
from cocreate.releases.models import Release
from cocreate.releases.tests.fixtures import make_release
from cocreate.releases.tests.test_release_actions import beta_member, beta_program  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(product):
    return make_release(product, version="3.2.9", published=False)


def _payload(**extra):
    return {
        "product": "phone",
        "channel": "development",
        "version": "3.4.0",
        "name": "Yuzu",
        "release_date": "2025-03-14",
        "notes": "**Big** one",
        "entries": [{"kind": "feature", "title": "Night mode", "title_zh": "夜景"}],
        **extra,
    }


def test_list_releases_shows_what_each_caller_may_see(
    api,
    token_for,
    member,
    beta_member,  # noqa: F811
    staff,
    release,
    beta_release,
    draft,
):
    def versions(token=None):
        return [item["version"] for item in api.get("/releases", token=token).json()["items"]]

    assert versions() == ["3.2.1"]
    assert versions(token_for(member)) == ["3.2.1"]
    assert set(versions(token_for(beta_member))) == {"3.2.1", "3.3.0-beta.1"}
    assert set(versions(token_for(staff))) == {"3.2.1", "3.3.0-beta.1", "3.2.9"}


@pytest.mark.parametrize("query", ["product=nope", "channel=nightly", "limit=0", "offset=-1"])
def test_list_releases_refuses_bad_filters(api, release, query):
    assert api.get(f"/releases?{query}").status_code == 422


@pytest.mark.parametrize("count", [1, 15])
def test_list_releases_takes_a_fixed_number_of_queries(
    api, product, count, django_assert_max_num_queries
):
    for number in range(count):
        make_release(product, version=f"1.0.{number}")
    with django_assert_max_num_queries(4):
        body = api.get("/releases?product=phone&channel=development").json()
    assert body["count"] == count


def test_get_release_with_its_changelog(api, release, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        body = api.get(f"/releases/{release.pk}").json()
    assert body["version"] == "3.2.1" and body["status"] == "published"
    assert [entry["kind"] for entry in body["entries"]] == ["feature", "improvement", "fix"]


def test_invisible_releases_are_not_found(api, token_for, member, draft, beta_release):
    for release in (draft, beta_release):
        assert api.get(f"/releases/{release.pk}", token=token_for(member)).status_code == 404
        assert api.get(f"/releases/{release.pk}/credits").status_code == 404
    assert api.get("/releases/999999").status_code == 404


def test_staff_draft_a_release_with_its_changelog(api, token_for, staff, idea, camera_team):
    entries = [{"kind": "feature", "title": "Night", "team": "camera", "ideas": [idea.pk]}]
    response = api.post("/releases", _payload(entries=entries), token=token_for(staff))

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "draft" and body["name"] == "Yuzu"
    assert body["entries"][0]["ideas"] == [idea.pk] and body["entries"][0]["team"] == "camera"
    assert "<strong>Big</strong>" in body["notes_html"]


@pytest.mark.parametrize(
    ("extra", "status", "code"),
    [
        ({"version": "3.2.1"}, 400, "duplicate_version"),
        ({"version": "3 2"}, 422, "invalid"),
        ({"product": "nope"}, 422, "invalid"),
        ({"channel": "nightly"}, 422, "invalid"),
        ({"release_date": "soon"}, 422, "invalid"),
        ({"entries": [{"kind": "feature", "title": "X", "team": "nope"}]}, 422, "invalid"),
        ({"entries": [{"kind": "feature", "title": "X", "ideas": [999999]}]}, 422, "invalid"),
        ({"entries": [{"kind": "magic", "title": "X"}]}, 422, "invalid"),
    ],
)
def test_drafting_refuses_bad_input_and_writes_nothing(
    api, token_for, staff, release, extra, status, code
):
    before = Release.objects.count()
    response = api.post("/releases", _payload(**extra), token=token_for(staff))
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert Release.objects.count() == before


def test_drafting_refuses_a_closed_idea(api, token_for, staff, idea):
    from cocreate.ideas import actions as ideas

    ideas.change_status(idea, actor=staff, status="declined", response="No")
    entries = [{"kind": "feature", "title": "X", "ideas": [idea.pk]}]
    response = api.post("/releases", _payload(entries=entries), token=token_for(staff))
    assert (response.status_code, response.json()["code"]) == (400, "idea_closed")
    assert not Release.objects.filter(version="3.4.0").exists()


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_members_cannot_draft_or_publish(api, token_for, member, draft, who):
    token = token_for(member) if who == "member" else None
    expected = 403 if who == "member" else 401
    assert api.post("/releases", _payload(), token=token).status_code == expected
    assert api.post(f"/releases/{draft.pk}/publish", {}, token=token).status_code == expected
    draft.refresh_from_db()
    assert draft.status == ReleaseStatus.DRAFT


def test_staff_publish_a_release_now(api, token_for, staff, draft):
    response = api.post(f"/releases/{draft.pk}/publish", token=token_for(staff))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "published" and body["reports_close_at"]

    again = api.post(f"/releases/{draft.pk}/publish", token=token_for(staff))
    assert (again.status_code, again.json()["code"]) == (409, "published")


def test_staff_schedule_a_release_with_publish_at(api, token_for, staff, draft):
    moment = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    response = api.post(
        f"/releases/{draft.pk}/publish", {"publish_at": moment.isoformat()}, token=token_for(staff)
    )
    assert response.status_code == 200 and response.json()["status"] == "scheduled"
    naive = (timezone.now() + timedelta(days=3)).replace(tzinfo=None).isoformat()
    moved = api.post(f"/releases/{draft.pk}/publish", {"publish_at": naive}, token=token_for(staff))
    assert moved.status_code == 200


@pytest.mark.parametrize("publish_at", ["2020-01-01T00:00:00Z", "tomorrow"])
def test_scheduling_refuses_a_past_or_bad_time(api, token_for, staff, draft, publish_at):
    response = api.post(
        f"/releases/{draft.pk}/publish", {"publish_at": publish_at}, token=token_for(staff)
    )
    assert response.status_code in (400, 422)
    draft.refresh_from_db()
    assert draft.status == ReleaseStatus.DRAFT


def test_credits_of_a_release(api, product, staff, idea, other_member):
    from cocreate.ideas import actions as ideas

    ideas.support_idea(idea, member=other_member)
    draft = make_release(product, version="3.2.5", published=False, entries=0)
    actions.add_entry(
        draft, actor=staff, entry=actions.EntryData(kind="feature", title="N", ideas=[idea])
    )
    actions.publish_release(draft, actor=staff)

    body = api.get(f"/releases/{draft.pk}/credits").json()

    assert body["member_count"] == 2
    assert body["roles"]["idea_author"] == 1 and body["roles"]["early_supporter"] == 1
    assert body["ideas"][0]["author"]["username"] == "ada"
    assert [m["username"] for m in body["ideas"][0]["early_supporters"]] == ["grace"]
    assert body["previous_release"] is None and body["report_count"] == 0
