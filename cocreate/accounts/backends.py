"""Django's and allauth's authentication backends, with the member of a
session read back in plain SQL: every logged-in request asks for them."""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from cocreate.core.queries import plain_instance


class PlainUserLookup:
    """`get_user` as one plain lookup of the member's row: building the ORM's
    query costs more than the indexed read itself (decision 32)."""

    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        user = plain_instance(model, id=model._meta.pk.to_python(user_id))  # type: ignore[union-attr]
        return user if user is not None and self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


class ModelBackend(PlainUserLookup, DjangoModelBackend):
    """Django's: usernames and passwords (the admin's login, tests)."""


class AuthenticationBackend(PlainUserLookup, AllauthBackend):
    """allauth's: logins by e-mail address or username."""
