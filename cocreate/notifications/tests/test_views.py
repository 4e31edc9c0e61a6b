import pytest
from django.urls import reverse

from cocreate.notifications import actions
from cocreate.notifications.enums import NotificationKind
from cocreate.notifications.models import Notification, Preferences

pytestmark = pytest.mark.django_db


def notify(recipient, actor, *, url="/u/grace/", title="Battery life", kind="mention"):
    return actions.notify(
        recipient, kind=kind, actor=actor, target=None, url=url, data={"title": title}
    )


def test_urls_have_their_names():
    assert reverse("notifications:list") == "/notifications/"
    assert reverse("notifications:preferences") == "/notifications/preferences/"
    assert reverse("notifications:count") == "/notifications/count/"


@pytest.mark.parametrize("url", ["/notifications/", "/notifications/preferences/"])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_list_shows_the_members_notifications_only(member_client, member, other_member):
    notify(member, other_member, title="Mine")
    notify(other_member, member, title="Theirs")

    text = member_client.get("/notifications/").content.decode()

    assert "Mine" in text and "Theirs" not in text
    assert "is-unread" in text
    assert 'id="notification-bell"' in text and 'class="notification-count"' in text


def test_the_list_is_also_a_partial(member_client, member, other_member):
    notify(member, other_member)

    text = member_client.get("/notifications/", headers={"HX-Request": "true"}).content.decode()

    assert 'id="notifications"' in text and "<html" not in text


def test_the_list_runs_a_fixed_number_of_queries(
    member_client, member, make_member, django_assert_max_num_queries
):
    for number in range(25):
        notify(member, make_member(f"fan{number}"))

    with django_assert_max_num_queries(8):
        response = member_client.get("/notifications/")
    assert response.content.decode().count('class="notification-link"') == 25


def test_the_list_paginates(member_client, member, other_member):
    for _ in range(31):
        notify(member, other_member)

    assert "Page 2 of 2" in member_client.get("/notifications/?page=2").content.decode()
    assert member_client.get("/notifications/?page=nonsense").status_code == 200


def test_consolidated_reactions_read_as_one_sentence(member_client, member, other_member, staff):
    for actor in (other_member, staff):
        actions.notify(
            member,
            kind=NotificationKind.REACTION,
            actor=actor,
            target=member,
            url="/",
            data={"title": "Battery life", "reaction": "like"},
        )

    text = member_client.get("/notifications/").content.decode()

    assert "admin and 1 other liked your post in “Battery life”" in text


def test_clicking_marks_read_and_goes_to_the_link(member_client, member, other_member):
    notification = notify(member, other_member)

    response = member_client.post(f"/notifications/{notification.pk}/read/")

    member.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == "/u/grace/"
    assert member.unread_notifications == 0


def test_a_link_to_another_site_is_not_followed(member_client, member, other_member):
    notification = notify(member, other_member, url="https://evil.example/")

    response = member_client.post(f"/notifications/{notification.pk}/read/")

    assert response["Location"] == "/notifications/"


@pytest.mark.parametrize("who", ["other_member", "staff"])
def test_nobody_else_marks_a_notification_read(client, member, other_member, staff, who):
    notification = notify(member, other_member)
    client.force_login({"other_member": other_member, "staff": staff}[who])

    assert client.post(f"/notifications/{notification.pk}/read/").status_code == 404
    assert client.get("/notifications/").content.decode().count("notification-link") == 0
    notification.refresh_from_db()
    assert notification.is_unread


def test_anonymous_visitors_cannot_mark_read(client, member, other_member):
    notification = notify(member, other_member)

    assert client.post(f"/notifications/{notification.pk}/read/").status_code == 302
    assert client.post("/notifications/read-all/").status_code == 302
    assert Notification.objects.get().is_unread


def test_reading_needs_a_post(member_client, member, other_member):
    notification = notify(member, other_member)

    assert member_client.get(f"/notifications/{notification.pk}/read/").status_code == 405


def test_mark_all_read_with_htmx_updates_the_list_and_the_bell(member_client, member, other_member):
    notify(member, other_member)
    notify(member, other_member)

    response = member_client.post("/notifications/read-all/", headers={"HX-Request": "true"})

    text = response.content.decode()
    member.refresh_from_db()
    assert member.unread_notifications == 0
    assert 'hx-swap-oob="innerHTML:#notification-bell"' in text
    assert "is-unread" not in text and "notification-count" not in text


def test_mark_all_read_without_javascript_redirects(member_client, member, other_member):
    notify(member, other_member)

    response = member_client.post("/notifications/read-all/")

    assert response.status_code == 302 and response["Location"] == "/notifications/"
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_the_bell_reads_the_counter_and_nothing_else(
    member_client, member, other_member, django_assert_num_queries
):
    notify(member, other_member)
    notify(member, other_member)

    with django_assert_num_queries(2):  # the session and the member
        response = member_client.get("/notifications/count/")

    assert 'class="notification-count" aria-hidden="true">2<' in response.content.decode()


def test_the_bell_answers_anonymous_visitors_with_nothing(client):
    assert client.get("/notifications/count/").status_code == 204


def test_the_cached_header_follows_the_unread_count(member_client, member, other_member):
    assert "notification-count" not in member_client.get("/notifications/").content.decode()

    notify(member, other_member)

    assert "notification-count" in member_client.get("/notifications/").content.decode()


def test_the_preferences_page_sits_in_the_settings(member_client):
    text = member_client.get("/notifications/preferences/").content.decode()

    assert 'class="settings-layout"' in text
    assert 'href="/notifications/preferences/" aria-current="page"' in text
    assert (
        'name="email_mention" id="id_email_mention" checked' in text
        and 'name="email_reaction"' in text
    )


def test_members_save_their_preferences(member_client, member, other_member):
    response = member_client.post(
        "/notifications/preferences/",
        {"in_app_mention": "on", "email_reaction": "on", "digest": "weekly", "muted": "@grace"},
    )

    preferences = Preferences.objects.get(member=member)
    assert response.status_code == 302
    assert preferences.wants("reaction", "email") and not preferences.wants("mention", "email")
    assert not preferences.wants("reply", "in_app")
    assert preferences.digest == "weekly" and list(preferences.muted.all()) == [other_member]


@pytest.mark.parametrize(
    "data", [{"digest": "hourly"}, {"digest": "daily", "muted": "nobody-by-that-name"}]
)
def test_bad_preferences_are_refused_and_nothing_saved(member_client, data):
    response = member_client.post("/notifications/preferences/", data)

    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()
    assert not Preferences.objects.exists()
