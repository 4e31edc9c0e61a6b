"""The calling member: tokens and profile."""

from datetime import datetime
from typing import Annotated

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StringConstraints, field_validator

from cocreate.accounts import tokens
from cocreate.accounts.actions import update_profile
from cocreate.accounts.models import User

from ..auth import token_auth
from ..errors import ApiError
from ..schemas import ERRORS, Pagination

router = Router(tags=["accounts"])

TokenName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
TokenId = Annotated[int, Path(ge=1, le=2**63 - 1)]


class LoginIn(Schema):
    username: str = Field(min_length=1, max_length=254, description="Username or e-mail address.")
    password: str = Field(min_length=1, max_length=4096)
    name: TokenName = "API"


class TokenIn(Schema):
    name: TokenName = "API"


class NewTokenOut(Schema):
    token: str = Field(description="The key. It is shown only this once.")
    id: int
    name: str


class TokenOut(Schema):
    id: int
    name: str
    hint: str
    created_at: datetime
    revoked_at: datetime | None


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    email: str
    city: str
    bio: str
    language: str
    avatar_url: str | None
    date_joined: datetime
    is_staff: bool

    @staticmethod
    def resolve_avatar_url(user: User, context) -> str | None:
        return context["request"].build_absolute_uri(user.avatar.url) if user.avatar else None


class ProfileIn(Schema):
    """Only the fields sent are changed; `null` is not a value."""

    display_name: str = Field(None, max_length=60)
    city: str = Field(None, max_length=80)
    bio: str = Field(None, max_length=2000)
    language: str = Field(None, description="A language code of the site, or '' for the browser's.")

    @field_validator("language")
    @classmethod
    def known_language(cls, value: str) -> str:
        if value and value not in dict(settings.LANGUAGES):
            raise ValueError(_("Select a valid language."))
        return value


def _new_token(user: User, name: str, response: HttpResponse) -> Status:
    tokens.check_create_api_token(user)
    response["Cache-Control"] = "no-store"  # the key must not linger in any cache
    token, key = tokens.create_api_token(user, actor=user, name=name)
    return Status(201, {"token": key, "id": token.pk, "name": token.name})


@router.post("/auth/token", auth=None, response={201: NewTokenOut, **ERRORS})
def obtain_token(request, payload: LoginIn, response: HttpResponse):
    """Exchange a username (or e-mail) and password for a new token."""
    user = tokens.authenticate_login(request, login=payload.username, password=payload.password)
    if user is None:
        raise ApiError(
            401, "invalid_credentials", _("Unable to log in with the given username and password.")
        )
    return _new_token(user, payload.name, response)


@router.delete("/auth/token", auth=token_auth, response={204: None, **ERRORS})
def revoke_current_token(request):
    """Revoke the token this request was made with."""
    tokens.revoke_api_token(request.api_token, actor=request.auth)
    return Status(204, None)


@router.get("/me", response={200: MeOut, **ERRORS})
def me(request):
    return request.auth


@router.patch("/me", response={200: MeOut, **ERRORS})
def update_me(request, payload: ProfileIn):
    update_profile(request.auth, actor=request.auth, **payload.dict(exclude_unset=True))
    return request.auth


@router.get("/me/tokens", response=list[TokenOut])
@paginate(Pagination)
def my_tokens(request):
    return tokens.tokens_for(request.auth)


@router.post("/me/tokens", response={201: NewTokenOut, **ERRORS})
def create_my_token(request, payload: TokenIn, response: HttpResponse):
    return _new_token(request.auth, payload.name, response)


@router.delete("/me/tokens/{token_id}", response={204: None, **ERRORS})
def revoke_my_token(request, token_id: TokenId):
    tokens.revoke_api_token(tokens.get_token_for(request.auth, token_id), actor=request.auth)
    return Status(204, None)
