import pytest

from cocreate.accounts.models import ApiToken
from cocreate.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_member_gets_a_token_and_reads_me_with_it(api, member):
    response = api.login(name="my script")

    assert response.status_code == 201
    body = response.json()
    assert body["token"].startswith("cct_")
    assert body["name"] == "my script"
    assert response["Cache-Control"] == "no-store"
    me = api.get("/me", token=body["token"])
    assert me.status_code == 200
    assert me.json()["username"] == "ada"


def test_token_name_defaults_to_api(api, member):
    assert api.login().json()["name"] == "API"


def test_member_logs_in_with_email_address(api, member):
    assert api.login(username="ada@example.com").status_code == 201


def test_only_the_hash_of_the_key_is_stored(api, member):
    key = api.login().json()["token"]

    token = ApiToken.objects.get(user=member)
    assert token.key_hash == ApiToken.hash(key)
    assert key not in (token.key_hash, token.hint)


def test_wrong_password_is_401_invalid_credentials(api, member):
    response = api.login(password="wrong")

    assert response.status_code == 401
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["code"] == "invalid_credentials"
    assert response.json()["detail"]
    assert not ApiToken.objects.exists()


def test_unknown_member_is_401_invalid_credentials(api, db):
    response = api.login(username="nobody")

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"


def test_deactivated_or_deleted_member_cannot_log_in(api, db):
    from django.utils import timezone

    UserFactory(username="gone", is_active=False)
    UserFactory(username="deleted", deleted_at=timezone.now())

    assert api.login(username="gone").status_code == 401
    assert api.login(username="deleted").status_code == 401


def test_member_with_unverified_email_is_403(api, db):
    UserFactory(username="newbie", verified=False)

    response = api.login(username="newbie")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert "e-mail" in response.json()["detail"]
    assert not ApiToken.objects.exists()


def test_staff_with_a_verified_email_gets_a_token(api, staff):
    assert api.login(username="admin").status_code == 201


@pytest.fixture
def three_failures_allowed(settings):
    settings.LOGIN_RATE_LIMIT = "3/900"


def test_login_is_rate_limited_after_n_failures_with_retry_after(
    api, member, three_failures_allowed
):
    for _ in range(3):
        assert api.login(password="wrong").status_code == 401

    response = api.login()  # even the right password waits

    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert 0 < int(response["Retry-After"]) <= 900


def test_login_rate_limit_counts_per_username_across_addresses(
    api, client, member, three_failures_allowed
):
    for number in range(3):
        client.defaults["REMOTE_ADDR"] = f"10.0.0.{number}"
        api.login(password="wrong")
    client.defaults["REMOTE_ADDR"] = "10.0.1.1"

    assert api.login().status_code == 429
    assert api.login(username="grace").status_code == 401  # another name is counted apart


def test_login_rate_limit_counts_per_address_across_usernames(api, member, three_failures_allowed):
    for number in range(3):
        api.login(username=f"guess{number}", password="wrong")

    assert api.login().status_code == 429


def test_successful_logins_are_not_counted(api, member, three_failures_allowed):
    for _ in range(4):
        assert api.login().status_code == 201


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("{not json", 400),
        ("[1, 2]", 422),
        ("{}", 422),
        ('{"username": "ada"}', 422),
        ('{"username": ["ada"], "password": 1}', 422),
        ('{"username": "ada", "password": "x", "name": ""}', 422),
        ('{"username": "' + "a" * 100_000 + '", "password": "x"}', 422),
        ('{"username": "ada", "password": "x", "name": "' + "n" * 81 + '"}', 422),
    ],
)
def test_bad_token_request_is_a_json_4xx(api, member, body, status):
    response = api.post("/auth/token", raw=body)

    assert response.status_code == status
    assert response.json()["code"] == "invalid"
    assert response.json()["detail"]


def test_missing_fields_are_named_in_the_detail_and_errors(api, db):
    response = api.post("/auth/token", {"username": "ada"})

    assert response.status_code == 422
    assert "password" in response.json()["detail"]
    assert response.json()["errors"] == [
        {"field": "password", "message": "This field is required.", "type": "missing"}
    ]


def test_body_over_the_upload_limit_is_413(api, settings, db):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100

    response = api.post("/auth/token", {"username": "a" * 200, "password": PASSWORD})

    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_revoking_the_current_token_makes_it_fail(api, member, token_for):
    key = token_for(member)

    assert api.delete("/auth/token", token=key).status_code == 204

    response = api.get("/me", token=key)
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"


def test_revoking_the_current_token_needs_a_token(api, client, member):
    client.force_login(member)

    assert api.delete("/auth/token").status_code == 401


def test_no_credentials_is_401_not_authenticated(api, db):
    response = api.get("/me")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer cct_unknown", "Bearer "])
def test_bad_bearer_token_is_401_invalid_credentials(client, db, header):
    response = client.get("/api/v1/me", headers={"Authorization": header})

    assert response.status_code == 401
    assert response.json()["code"] in {"invalid_credentials", "not_authenticated"}


def test_token_of_a_deactivated_member_stops_working(api, member, token_for):
    key = token_for(member)
    member.is_active = False
    member.save()

    assert api.get("/me", token=key).status_code == 401


def test_session_works_for_reads_in_the_browser(api, client, member):
    client.force_login(member)

    assert api.get("/me").json()["username"] == "ada"


def test_session_writes_need_the_csrf_token(member):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)

    response = browser.patch("/api/v1/me", '{"city": "Paris"}', content_type="application/json")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    member.refresh_from_db()
    assert member.city == "London"
