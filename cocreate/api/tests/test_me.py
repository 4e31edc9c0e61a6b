import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db


def test_me_shows_the_calling_member(api, member, token_for):
    body = api.get("/me", token=token_for(member)).json()

    assert body == {
        "id": member.pk,
        "username": "ada",
        "display_name": "Ada Lovelace",
        "email": "ada@example.com",
        "city": "London",
        "bio": "",
        "language": "",
        "avatar_url": None,
        "date_joined": body["date_joined"],
        "is_staff": False,
    }


def test_me_gives_an_absolute_avatar_url(api, member, token_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    member.avatar = SimpleUploadedFile("a.png", b"png")
    member.save()

    url = api.get("/me", token=token_for(member)).json()["avatar_url"]

    assert url.startswith("http://testserver/media/avatars/")


def test_patch_me_updates_only_the_fields_sent(api, member, token_for):
    response = api.patch("/me", {"city": "Chengdu", "language": "zh-hans"}, token=token_for(member))

    assert response.status_code == 200
    assert response.json()["city"] == "Chengdu"
    member.refresh_from_db()
    assert (member.city, member.language, member.display_name) == (
        "Chengdu",
        "zh-hans",
        "Ada Lovelace",
    )


def test_patch_me_accepts_an_empty_language(api, member, token_for):
    member.language = "en"
    member.save()

    assert api.patch("/me", {"language": ""}, token=token_for(member)).status_code == 200
    member.refresh_from_db()
    assert member.language == ""


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"display_name": "x" * 61}, "display_name"),
        ({"city": "x" * 81}, "city"),
        ({"bio": "x" * 2001}, "bio"),
        ({"language": "fr"}, "language"),
        ({"language": 5}, "language"),
        ({"city": None}, "city"),
        ({"bio": "ok", "city": ["Paris"]}, "city"),
    ],
)
def test_patch_me_rejects_bad_input_and_changes_nothing(api, member, token_for, payload, field):
    response = api.patch("/me", payload, token=token_for(member))

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert field in response.json()["detail"]
    assert [error["field"] for error in response.json()["errors"]] == [field]
    member.refresh_from_db()
    assert (member.display_name, member.city, member.bio, member.language) == (
        "Ada Lovelace",
        "London",
        "",
        "",
    )


def test_patch_me_with_malformed_json_is_400(api, member, token_for):
    response = api.patch("/me", raw='{"city": ', token=token_for(member))

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
