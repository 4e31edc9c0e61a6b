import json

import pytest

from cocreate.accounts.tests.factories import PASSWORD
from cocreate.accounts.tokens import create_api_token


@pytest.fixture
def token_for():
    """`token_for(user)` → a fresh key for that member."""

    def make(user, name="test") -> str:
        return create_api_token(user, actor=user, name=name)[1]

    return make


@pytest.fixture
def api(client):
    """`api.get(path, token=…)`, `api.post(path, data, token=…)`: JSON in, JSON out."""

    class Api:
        def _call(self, method, path, data=None, *, token=None, raw=None):
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            body = raw if raw is not None else (json.dumps(data) if data is not None else "")
            return getattr(client, method)(
                f"/api/v1{path}", body, content_type="application/json", headers=headers
            )

        def get(self, path, *, token=None):
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            return client.get(f"/api/v1{path}", headers=headers)

        def post(self, path, data=None, **kw):
            return self._call("post", path, data, **kw)

        def patch(self, path, data=None, **kw):
            return self._call("patch", path, data, **kw)

        def delete(self, path, **kw):
            return self._call("delete", path, **kw)

        def login(self, username="ada", password=PASSWORD, **extra):
            return self.post("/auth/token", {"username": username, "password": password, **extra})

    return Api()
