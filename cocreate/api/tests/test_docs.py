import pytest

pytestmark = pytest.mark.django_db


def test_openapi_document_describes_the_v1_endpoints(client):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "Cocreate API"
    assert {"/api/v1/auth/token", "/api/v1/me", "/api/v1/me/tokens"} <= set(document["paths"])


def test_interactive_docs_render(client):
    assert client.get("/api/docs").status_code == 200


def test_unknown_method_is_a_json_405(client):
    response = client.put("/api/v1/me")

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert set(response["Allow"].split(", ")) == {"GET", "PATCH"}


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/nope")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
