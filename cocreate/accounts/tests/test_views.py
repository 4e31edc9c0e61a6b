import json

import pytest
from django.conf import settings
from django.urls import reverse

from cocreate.accounts import actions
from cocreate.accounts.models import User
from cocreate.core.activity import record
from cocreate.core.models import Activity

from .factories import PASSWORD, UserFactory
from .uploads import fake_image_upload, image_upload, noise_upload

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


# --- Public profile ------------------------------------------------------------


def test_profile_shows_the_members_public_details(client, member):
    actions.update_profile(member, actor=member, bio="I **love** engines.")

    response = client.get(reverse("profile", args=["ada"]))

    text = _text(response)
    assert response.status_code == 200
    assert "Ada Lovelace" in text and "@ada" in text and "London" in text
    assert "<strong>love</strong>" in text
    assert "Member since" in text


def test_profile_renders_the_bio_as_safe_markdown(client, member):
    actions.update_profile(member, actor=member, bio="<script>alert(1)</script>[x](javascript:1)")

    text = _text(client.get(reverse("profile", args=["ada"])))

    assert "<script>alert(1)" not in text
    assert 'href="javascript' not in text


def test_profile_lists_recent_public_activities_only(client, member):
    record(actor=member, verb="idea.created", public=True)
    record(actor=member, verb="account.exported")

    text = _text(client.get(reverse("profile", args=["ada"])))

    assert "idea.created" in text
    assert "account.exported" not in text


def test_profile_shows_the_avatar_or_the_initial(client, member):
    assert 'aria-hidden="true">A</span>' in _text(client.get(reverse("profile", args=["ada"])))

    actions.set_avatar(member, actor=member, upload=image_upload())
    client.force_login(member)  # logged in: never served the cached anonymous page

    assert member.avatar.url in _text(client.get(reverse("profile", args=["ada"])))


def test_profile_of_a_deleted_member_shows_no_details(client, member):
    record(actor=member, verb="idea.created", public=True)
    actions.delete_account(member, actor=member)

    response = client.get(reverse("profile", args=[member.username]))

    text = _text(response)
    assert response.status_code == 200
    assert "deleted member" in text
    assert "Ada" not in text and "London" not in text and "idea.created" not in text


@pytest.mark.parametrize("username", ["nobody", "sleeper"])
def test_profile_of_an_unknown_or_deactivated_member_is_not_found(client, username):
    UserFactory(username="sleeper", is_active=False)

    assert client.get(reverse("profile", args=[username])).status_code == 404


def test_profile_renders_its_partial_for_htmx(client, member):
    response = client.get(reverse("profile", args=["ada"]), headers={"HX-Request": "true"})

    assert "<html" not in _text(response)
    assert "Ada Lovelace" in _text(response)


@pytest.mark.parametrize("activities", [1, 20])
def test_profile_takes_a_fixed_number_of_queries(
    client, member, activities, django_assert_max_num_queries
):
    for _ in range(activities):
        record(actor=member, verb="idea.created", public=True)
    client.force_login(member)
    client.get(reverse("profile", args=["ada"]))  # warm the site-settings cache

    with django_assert_max_num_queries(8):  # co-created releases, adopted designs: one each
        client.get(reverse("profile", args=["ada"]))


# --- Permission matrix -----------------------------------------------------------

ROLES = ["anonymous", "member", "other member", "staff"]


@pytest.fixture
def login_as(client, member, other_member, staff):
    def login(role: str):
        user = {"member": member, "other member": other_member, "staff": staff}.get(role)
        if user is not None:
            client.force_login(user)
        return user

    return login


@pytest.mark.parametrize("role", ROLES)
def test_everyone_may_view_a_profile(client, login_as, role):
    login_as(role)

    assert client.get(reverse("profile", args=["ada"])).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_only_the_member_changes_their_own_profile(client, member, login_as, role):
    user = login_as(role)

    response = client.post(reverse("account_settings"), {"display_name": "Changed"})

    member.refresh_from_db()
    assert (member.display_name == "Changed") is (role == "member")
    if user is None:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        user.refresh_from_db()
        assert user.display_name == "Changed"


@pytest.mark.parametrize("role", ROLES)
def test_only_the_member_exports_their_own_data(client, login_as, role):
    user = login_as(role)

    response = client.post(reverse("account_export"))

    if user is None:
        assert response.status_code == 302
        assert not Activity.objects.filter(verb="account.exported").exists()
    else:
        assert json.loads(response.content)["profile"]["username"] == user.username


@pytest.mark.parametrize("role", ROLES)
def test_only_the_member_deletes_their_own_account(client, member, login_as, role):
    login_as(role)

    response = client.post(reverse("account_delete"), {"username": "ada", "password": PASSWORD})

    member.refresh_from_db()
    assert (member.deleted_at is not None) is (role == "member")
    expected = {"anonymous": 302, "member": 302, "other member": 400, "staff": 400}[role]
    assert response.status_code == expected


@pytest.mark.parametrize("name", ["account_settings", "account_data"])
def test_settings_pages_ask_anonymous_visitors_to_log_in(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- Profile settings ------------------------------------------------------------


def test_settings_page_shows_the_form_and_the_settings_nav(member_client):
    response = member_client.get(reverse("account_settings"))

    text = _text(response)
    assert response.status_code == 200
    assert 'value="Ada Lovelace"' in text
    for name in ["account_email", "account_change_password", "mfa_index", "account_data"]:
        assert f'href="{reverse(name)}"' in text


def test_settings_page_renders_its_partial_for_htmx(member_client):
    response = member_client.get(reverse("account_settings"), headers={"HX-Request": "true"})

    assert "<html" not in _text(response)
    assert 'class="settings-layout"' in _text(response)


def test_saving_the_profile_updates_it_and_redirects(member_client, member):
    response = member_client.post(
        reverse("account_settings"),
        {"display_name": "Countess", "bio": "Notes on the engine", "city": "", "language": ""},
    )

    member.refresh_from_db()
    assert response.status_code == 302
    assert (member.display_name, member.bio, member.city) == ("Countess", "Notes on the engine", "")
    assert Activity.objects.filter(verb="account.profile_updated").exists()


def test_choosing_a_language_sets_the_language_cookie(member_client, member):
    response = member_client.post(reverse("account_settings"), {"language": "zh-hans"})

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    member.refresh_from_db()
    assert member.language == "zh-hans"


def test_following_the_browser_again_forgets_the_language_cookie(member_client, member):
    actions.set_language(member, actor=member, language="zh-hans")

    response = member_client.post(reverse("account_settings"), {"language": ""})

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME]["max-age"] == 0


def test_saving_without_a_language_change_leaves_the_cookie_alone(member_client):
    response = member_client.post(reverse("account_settings"), {"city": "Paris"})

    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"display_name": "x" * 61}, "display_name", "at most 60 characters"),
        ({"bio": "x" * 2001}, "bio", "at most 2000 characters"),
        ({"city": "x" * 81}, "city", "at most 80 characters"),
        ({"language": "xx"}, "language", "Select a valid choice"),
    ],
)
def test_bad_profile_input_is_refused_and_changes_nothing(
    member_client, member, data, field, message
):
    response = member_client.post(reverse("account_settings"), data)

    assert response.status_code == 400
    assert message in _text(response)
    member.refresh_from_db()
    assert (member.display_name, member.bio, member.city, member.language) == (
        "Ada Lovelace",
        "",
        "London",
        "",
    )
    assert not Activity.objects.filter(verb="account.profile_updated").exists()


# --- Avatar ------------------------------------------------------------------------


def test_uploading_an_avatar_shows_it_on_the_profile(member_client, member):
    response = member_client.post(reverse("account_avatar"), {"avatar": image_upload()})

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.avatar
    assert member.avatar.url in _text(member_client.get(reverse("profile", args=["ada"])))


@pytest.mark.parametrize(
    "upload, message",
    [
        (None, "This field is required."),
        (fake_image_upload, "This file is not an image we can read."),
        (lambda: image_upload("me.bmp", "BMP"), "Upload a JPEG, PNG, GIF or WebP image."),
        (noise_upload, "The image is too large: at most 2.0"),
    ],
    ids=["missing", "fake", "bmp", "oversized"],
)
def test_a_bad_avatar_is_refused_with_a_clear_message(member_client, member, upload, message):
    data = {"avatar": upload()} if upload else {}

    response = member_client.post(reverse("account_avatar"), data)

    assert response.status_code == 400
    assert message in _text(response)
    member.refresh_from_db()
    assert not member.avatar
    assert not Activity.objects.filter(verb="account.avatar_changed").exists()


def test_removing_the_avatar_clears_it(member_client, member):
    actions.set_avatar(member, actor=member, upload=image_upload())

    response = member_client.post(reverse("account_avatar_remove"))

    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.avatar


def test_avatar_views_accept_only_post(member_client):
    assert member_client.get(reverse("account_avatar")).status_code == 405
    assert member_client.get(reverse("account_avatar_remove")).status_code == 405


# --- Your data: export and delete ------------------------------------------------------


def test_data_page_offers_export_and_deletion(member_client):
    text = _text(member_client.get(reverse("account_data")))

    assert f'action="{reverse("account_export")}"' in text
    assert f'action="{reverse("account_delete")}"' in text
    assert "Type “ada” to confirm." in text


def test_export_downloads_a_json_file_and_records_it(member_client, member):
    response = member_client.post(reverse("account_export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="ada-')
    data = json.loads(response.content)
    assert data["profile"]["display_name"] == "Ada Lovelace"
    assert Activity.objects.filter(verb="account.exported", actor=member).exists()


def test_export_accepts_only_post(member_client):
    assert member_client.get(reverse("account_export")).status_code == 405


def test_deleting_the_account_anonymises_it_and_logs_out(member_client, member):
    response = member_client.post(
        reverse("account_delete"), {"username": "ada", "password": PASSWORD}
    )

    assert response.status_code == 302 and response["Location"] == reverse("home")
    member.refresh_from_db()
    assert member.username == f"deleted-{member.pk}" and not member.is_active
    assert "_auth_user_id" not in member_client.session
    assert member_client.get(reverse("account_settings")).status_code == 302


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "This field is required."),
        ({"username": "ada", "password": "wrong"}, "The password is not correct."),
        ({"username": "Ada", "password": PASSWORD}, "Type your username exactly as shown"),
        ({"username": "grace", "password": PASSWORD}, "Type your username exactly as shown"),
    ],
    ids=["empty", "wrong password", "wrong case", "someone else"],
)
def test_deleting_with_bad_confirmation_is_refused_and_changes_nothing(
    member_client, member, data, message
):
    response = member_client.post(reverse("account_delete"), data)

    assert response.status_code == 400
    assert message in _text(response)
    member.refresh_from_db()
    assert member.is_active and member.username == "ada" and member.deleted_at is None


def test_deleting_stops_guessing_passwords_after_too_many_failures(member_client, member, settings):
    settings.LOGIN_RATE_LIMIT = "2/900"
    for _ in range(2):
        member_client.post(reverse("account_delete"), {"username": "ada", "password": "guess"})

    response = member_client.post(
        reverse("account_delete"), {"username": "ada", "password": PASSWORD}
    )

    assert response.status_code == 400
    assert "Too many failed attempts" in _text(response)
    assert User.objects.get(pk=member.pk).deleted_at is None


def test_sessions_page_lists_the_current_session_inside_the_settings_layout(member, client):
    from .factories import PASSWORD

    client.post(reverse("account_login"), {"login": member.username, "password": PASSWORD})

    page = client.get(reverse("usersessions_list"))

    assert page.status_code == 200
    assert 'class="settings-nav"' in page.content.decode()
    assert member.usersession_set.count() == 1
