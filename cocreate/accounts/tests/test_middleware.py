import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _require_staff_mfa(settings):
    settings.REQUIRE_STAFF_MFA = True


def test_staff_without_two_factor_are_sent_to_set_it_up(client, staff):
    client.force_login(staff)

    response = client.get(reverse("account_settings"))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # setting up asks for the password again first; that page is reachable too
    page = client.get(response["Location"], follow=True)
    assert page.status_code == 200
    assert page.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert "Staff accounts must use two-factor authentication" in page.content.decode()


def test_htmx_requests_from_staff_without_two_factor_redirect_the_whole_page(client, staff):
    client.force_login(staff)

    response = client.get(reverse("account_settings"), headers={"HX-Request": "true"})

    assert response["HX-Redirect"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("name", ["mfa_index", "account_reauthenticate", "account_logout"])
def test_staff_without_two_factor_may_still_set_it_up_or_leave(client, staff, name):
    client.force_login(staff)

    assert client.get(reverse(name)).status_code == 200


def test_staff_without_two_factor_may_load_media(client, staff, settings, tmp_path):
    (tmp_path / "media").mkdir(exist_ok=True)
    (tmp_path / "media" / "a.txt").write_text("x")
    client.force_login(staff)

    assert client.get("/media/a.txt").status_code != 302


def test_staff_with_two_factor_pass(client, staff):
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={})
    client.force_login(staff)

    assert client.get(reverse("account_settings")).status_code == 200


def test_members_are_not_asked_for_two_factor(client):
    client.force_login(UserFactory())

    assert client.get(reverse("account_settings")).status_code == 200


def test_nothing_is_required_when_the_setting_is_off(client, staff, settings):
    settings.REQUIRE_STAFF_MFA = False
    client.force_login(staff)

    assert client.get(reverse("account_settings")).status_code == 200


def test_the_member_of_a_request_is_read_at_once_not_behind_a_proxy(client, member):
    client.force_login(member)

    logged_in = client.get(reverse("home")).wsgi_request.user
    client.logout()
    visitor = client.get(reverse("home")).wsgi_request.user

    assert type(logged_in) is type(member) and logged_in == member
    assert visitor.is_anonymous and not hasattr(visitor, "_wrapped")
