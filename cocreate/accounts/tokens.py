"""Personal API tokens: issuing, revoking and recognising them.

A token is shown to its member once; only its SHA-256 is stored. Logging in
for a token counts failures per client address and per login name, so
passwords cannot be guessed through the API any faster than through the site.
"""

from allauth.account.utils import has_verified_email
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.core.activity import record
from cocreate.core.queries import columns, fetch_one, instance_from_row
from cocreate.core.ratelimit import client_ip, hit, is_limited, retry_after

from .models import ApiToken, User


class TooManyAttempts(Exception):
    """Too many failed logins; `retry_after` is in seconds."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(_("Too many failed attempts. Try again later."))


@transaction.atomic
def create_api_token(user: User, *, actor: User, name: str) -> tuple[ApiToken, str]:
    """Issue a token for `user`; returns the row and the key, which is never
    readable again. The member is e-mailed a security notice."""
    key = ApiToken.generate_key()
    token = ApiToken.objects.create(
        user=user, name=name, key_hash=ApiToken.hash(key), hint=key[: len(ApiToken.PREFIX) + 4]
    )
    record(actor=actor, verb="api_token.created", target=user, name=name, token_id=token.pk)
    return token, key


@transaction.atomic
def revoke_api_token(token: ApiToken, *, actor: User) -> bool:
    """Revoke a token; returns whether it was still active."""
    revoked = ApiToken.objects.active().filter(pk=token.pk).update(revoked_at=timezone.now())
    if not revoked:
        return False
    token.refresh_from_db(fields=["revoked_at"])
    record(
        actor=actor, verb="api_token.revoked", target=token.user, name=token.name, token_id=token.pk
    )
    return True


def active_token(key: str) -> ApiToken | None:
    """The active token a key belongs to, with its member, or None when the
    key is unknown, revoked, or its member deactivated or deleted.

    Asked on every API request, so in plain SQL: building the ORM's join
    cost ten times the lookup."""
    if not key.startswith(ApiToken.PREFIX):
        return None
    quote = connection.ops.quote_name
    rows = fetch_one(
        f"SELECT {columns(ApiToken, 't')}, {columns(User, 'u')} "  # noqa: S608
        f"FROM {quote(ApiToken._meta.db_table)} AS t "
        f"JOIN {quote(User._meta.db_table)} AS u ON u.id = t.user_id "
        "WHERE t.key_hash = %s AND t.revoked_at IS NULL "
        "AND u.is_active AND u.deleted_at IS NULL",
        [ApiToken.hash(key)],
    )
    if rows is None:
        return None
    split = len(ApiToken._meta.concrete_fields)
    token = instance_from_row(ApiToken, rows[:split])
    token.user = instance_from_row(User, rows[split:])
    return token


def authenticate_token(key: str) -> User | None:
    """The member an active key belongs to, or None."""
    token = active_token(key)
    return token.user if token else None


def tokens_for(user: User) -> QuerySet[ApiToken]:
    """The member's tokens, newest first, revoked ones included."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def get_token_for(user: User, token_id: int) -> ApiToken:
    """One of the member's own tokens; anyone else's is DoesNotExist."""
    return tokens_for(user).get(pk=token_id)


def check_create_api_token(user: User) -> None:
    """Only members with a verified e-mail address may hold tokens: the address
    is where the security notice about each new token goes."""
    if not has_verified_email(user):
        raise PermissionDenied(_("Verify your e-mail address before creating an API token."))


def authenticate_login(request: HttpRequest, *, login: str, password: str) -> User | None:
    """The member a username-or-e-mail and password belong to, or None.

    Raises TooManyAttempts once the client address or the login name has used up
    settings.LOGIN_RATE_LIMIT failures in the current window.
    """
    rate = settings.LOGIN_RATE_LIMIT
    scopes = [("login-ip", client_ip(request)), ("login-name", login.strip().casefold())]
    if any(is_limited(scope, ident, rate) for scope, ident in scopes):
        raise TooManyAttempts(retry_after=retry_after(rate))
    user = authenticate(request, username=login.strip(), password=password)
    if user is None or user.deleted_at:
        for scope, ident in scopes:
            hit(scope, ident, rate)
        return None
    return user
