import pytest

from cocreate.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def test_member_lists_own_tokens_newest_first_without_keys(api, member, other_member, token_for):
    key = token_for(member, "first")
    token_for(member, "second")
    token_for(other_member, "not mine")

    body = api.get("/me/tokens", token=key).json()

    assert body["count"] == 2
    assert [token["name"] for token in body["items"]] == ["second", "first"]
    assert set(body["items"][0]) == {"id", "name", "hint", "created_at", "revoked_at"}


def test_token_list_runs_a_fixed_number_of_queries(
    api, member, token_for, django_assert_max_num_queries
):
    key = token_for(member)
    for number in range(30):
        token_for(member, f"token {number}")

    with django_assert_max_num_queries(3):
        response = api.get("/me/tokens?limit=25", token=key)

    assert len(response.json()["items"]) == 25


@pytest.mark.parametrize(
    "query", ["limit=0", "limit=101", "offset=-1", "limit=x", "offset=99999999999999999999999"]
)
def test_token_list_rejects_bad_paging(api, member, token_for, query):
    response = api.get(f"/me/tokens?{query}", token=token_for(member))

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_member_creates_a_token_and_sees_its_key_once(api, member, token_for):
    response = api.post("/me/tokens", {"name": "  ci  "}, token=token_for(member))

    assert response.status_code == 201
    assert response.json()["name"] == "ci"
    assert ApiToken.objects.get(pk=response.json()["id"]).key_hash == ApiToken.hash(
        response.json()["token"]
    )
    listed = api.get("/me/tokens", token=response.json()["token"]).json()["items"][0]
    assert "token" not in listed


def test_member_revokes_own_token(api, member, token_for):
    key = token_for(member)
    victim = ApiToken.objects.create(user=member, name="old", key_hash="x", hint="cct_old")

    response = api.delete(f"/me/tokens/{victim.pk}", token=key)

    assert response.status_code == 204
    victim.refresh_from_db()
    assert victim.revoked_at is not None


def test_revoking_twice_is_harmless(api, member, token_for):
    key = token_for(member)
    victim = ApiToken.objects.create(user=member, name="old", key_hash="x", hint="cct_old")

    api.delete(f"/me/tokens/{victim.pk}", token=key)

    assert api.delete(f"/me/tokens/{victim.pk}", token=key).status_code == 204


def test_revoking_another_members_token_is_404_and_changes_nothing(
    api, member, other_member, token_for
):
    theirs = ApiToken.objects.create(user=other_member, name="x", key_hash="x", hint="cct_x")

    response = api.delete(f"/me/tokens/{theirs.pk}", token=token_for(member))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


@pytest.mark.parametrize("token_id", ["0", "abc", "99999999999999999999999"])
def test_revoking_a_nonsense_id_is_a_json_4xx(api, member, token_for, token_id):
    response = api.delete(f"/me/tokens/{token_id}", token=token_for(member))

    assert response.status_code in {404, 422}
    assert response.json()["code"] in {"not_found", "invalid"}


# --- who may do what ----------------------------------------------------------------

ROLES = ["anonymous", "member", "other_member", "staff"]


@pytest.fixture
def as_role(member, other_member, staff, token_for):
    """The token a role calls with (None for anonymous); the member owns `target`."""
    target = ApiToken.objects.create(user=member, name="target", key_hash="t", hint="cct_t")

    def key(role):
        user = {"anonymous": None, "member": member, "other_member": other_member, "staff": staff}[
            role
        ]
        return token_for(user) if user else None

    key.target = target
    return key


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("member", 200), ("other_member", 200), ("staff", 200)],
)
def test_matrix_list_tokens(api, as_role, role, status):
    assert api.get("/me/tokens", token=as_role(role)).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("member", 201), ("other_member", 201), ("staff", 201)],
)
def test_matrix_create_token(api, as_role, role, status):
    assert api.post("/me/tokens", {"name": "x"}, token=as_role(role)).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("member", 204), ("other_member", 404), ("staff", 404)],
)
def test_matrix_revoke_the_members_token(api, as_role, role, status):
    response = api.delete(f"/me/tokens/{as_role.target.pk}", token=as_role(role))

    assert response.status_code == status
    as_role.target.refresh_from_db()
    assert (as_role.target.revoked_at is not None) == (role == "member")


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("member", 204), ("other_member", 204), ("staff", 204)],
)
def test_matrix_revoke_current_token(api, as_role, role, status):
    assert api.delete("/auth/token", token=as_role(role)).status_code == status
    as_role.target.refresh_from_db()
    assert as_role.target.revoked_at is None


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("member", 200), ("other_member", 200), ("staff", 200)],
)
def test_matrix_read_me(api, as_role, role, status):
    assert api.get("/me", token=as_role(role)).status_code == status
