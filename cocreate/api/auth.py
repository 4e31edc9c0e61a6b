"""Who is calling: a personal token (`Authorization: Bearer cct_…`) or, for
the browser, the Django session with its CSRF check. `request.auth` is the
member either way; a token request also carries `request.api_token`."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, django_auth

from cocreate.accounts.models import User
from cocreate.accounts.tokens import active_token

from .errors import ApiError


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User:
        api_token = active_token(token.strip())
        if api_token is None:
            # A wrong token is an error of its own, not a reason to try the session.
            raise ApiError(401, "invalid_credentials", _("The token is invalid or revoked."))
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token.user


token_auth = TokenAuth()
token_or_session = [token_auth, django_auth]
