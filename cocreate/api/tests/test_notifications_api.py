import pytest

from cocreate.accounts.tests.factories import UserFactory
from cocreate.notifications import actions
from cocreate.notifications.models import Notification, Preferences

pytestmark = pytest.mark.django_db


def notify(recipient, actor, *, title="Battery life"):
    return actions.notify(
        recipient, kind="mention", actor=actor, target=None, url="/u/grace/", data={"title": title}
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/notifications"),
        ("post", "/notifications/1/read"),
        ("post", "/notifications/read-all"),
        ("get", "/notifications/preferences"),
        ("patch", "/notifications/preferences"),
    ],
)
def test_every_endpoint_needs_authentication(api, method, path):
    response = getattr(api, method)(path)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_list_the_members_notifications(api, member, other_member, token_for):
    notify(member, other_member)
    read = notify(member, other_member, title="Old news")
    actions.mark_read(read, actor=member)
    notify(other_member, member, title="Theirs")

    everything = api.get("/notifications", token=token_for(member)).json()
    unread = api.get("/notifications?unread=true", token=token_for(member)).json()

    assert everything["count"] == 2
    assert unread["count"] == 1
    item = unread["items"][0]
    assert item["text"] == "grace mentioned you in “Battery life”"
    assert item["actor"] == "grace" and item["kind"] == "mention" and item["count"] == 1
    assert item["url"] == "http://testserver/u/grace/" and item["read_at"] is None


def test_the_list_runs_a_fixed_number_of_queries(
    api, member, token_for, django_assert_max_num_queries
):
    token = token_for(member)
    for number in range(20):
        notify(member, UserFactory(username=f"fan{number}"))

    with django_assert_max_num_queries(4):
        response = api.get("/notifications", token=token)
    assert len(response.json()["items"]) == 20


def test_a_bad_filter_is_a_validation_error(api, member, token_for):
    response = api.get("/notifications?unread=perhaps", token=token_for(member))

    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "unread"


def test_mark_one_read(api, member, other_member, token_for):
    notification = notify(member, other_member)

    response = api.post(f"/notifications/{notification.pk}/read", token=token_for(member))

    member.refresh_from_db()
    assert response.status_code == 200 and response.json()["read_at"]
    assert member.unread_notifications == 0


@pytest.mark.parametrize("notification_id", ["other", "999999", "0"])
def test_another_members_or_a_missing_notification_is_not_found(
    api, member, other_member, token_for, notification_id
):
    theirs = notify(other_member, member)
    path_id = theirs.pk if notification_id == "other" else notification_id

    response = api.post(f"/notifications/{path_id}/read", token=token_for(member))

    assert response.status_code in {404, 422}
    assert Notification.objects.get(pk=theirs.pk).is_unread


def test_mark_all_read(api, member, other_member, token_for):
    notify(member, other_member)
    notify(member, other_member)

    response = api.post("/notifications/read-all", token=token_for(member))

    assert response.json() == {"marked": 2, "unread": 0}


def test_preferences_start_from_the_defaults(api, member, token_for):
    body = api.get("/notifications/preferences", token=token_for(member)).json()

    assert body["digest"] == "none" and body["muted"] == []
    assert body["kinds"]["mention"] == {"in_app": True, "email": True}
    assert body["kinds"]["reaction"] == {"in_app": True, "email": False}
    assert not Preferences.objects.exists()


def test_patch_changes_only_what_is_sent(api, member, other_member, token_for):
    token = token_for(member)
    api.patch("/notifications/preferences", {"kinds": {"reply": {"email": False}}}, token=token)

    response = api.patch(
        "/notifications/preferences", {"digest": "daily", "muted": ["grace"]}, token=token
    )

    body = response.json()
    assert response.status_code == 200
    assert body["digest"] == "daily" and body["muted"] == ["grace"]
    assert body["kinds"]["reply"] == {"in_app": True, "email": False}


@pytest.mark.parametrize(
    "payload",
    [
        {"digest": "hourly"},
        {"digest": None},
        {"kinds": {"gossip": {"email": True}}},
        {"kinds": {"reply": {"email": "sometimes"}}},
        {"muted": ["nobody-by-that-name"]},
    ],
)
def test_bad_preferences_are_refused_and_nothing_saved(api, member, token_for, payload):
    response = api.patch("/notifications/preferences", payload, token=token_for(member))

    assert response.status_code == 422
    assert not Preferences.objects.exists()
