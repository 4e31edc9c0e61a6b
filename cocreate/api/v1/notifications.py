"""The calling member's notifications and notification preferences."""

from datetime import datetime
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from ninja.pagination import paginate
from pydantic import StringConstraints

from cocreate.accounts.models import User
from cocreate.notifications import actions, queries
from cocreate.notifications.enums import DigestFrequency, NotificationKind
from cocreate.notifications.models import Notification, Preferences
from cocreate.notifications.text import describe

from ..errors import ApiError
from ..schemas import ERRORS, Pagination

router = Router(tags=["notifications"])

NotificationId = Annotated[int, Path(ge=1, le=2**63 - 1)]
Kind = Literal[tuple(NotificationKind.values)]  # type: ignore[valid-type]
Digest = Literal[tuple(DigestFrequency.values)]  # type: ignore[valid-type]
Username = Annotated[str, StringConstraints(min_length=1, max_length=150)]


class NotificationOut(Schema):
    id: int
    kind: str
    text: str = Field(description="The notification as one sentence, in the request's language.")
    actor: str | None = Field(description="Username of the latest member who acted.")
    count: int = Field(description="How many people did it (consolidated notifications).")
    url: str
    data: dict
    created_at: datetime
    updated_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_text(notification: Notification) -> str:
        return describe(notification)

    @staticmethod
    def resolve_actor(notification: Notification) -> str | None:
        return notification.actor.username if notification.actor else None

    @staticmethod
    def resolve_url(notification: Notification, context) -> str:
        return context["request"].build_absolute_uri(notification.url)


class ReadAllOut(Schema):
    marked: int
    unread: int


class Channels(Schema):
    in_app: bool
    email: bool


class ChannelsIn(Schema):
    in_app: bool = None  # type: ignore[assignment]
    email: bool = None  # type: ignore[assignment]


class PreferencesOut(Schema):
    digest: str
    kinds: dict[str, Channels]
    muted: list[str] = Field(description="Usernames whose actions never notify you.")

    @staticmethod
    def resolve_kinds(preferences: Preferences) -> dict[str, dict[str, bool]]:
        return {
            kind: {
                "in_app": preferences.wants(kind, "in_app"),
                "email": preferences.wants(kind, "email"),
            }
            for kind in NotificationKind.values
        }

    @staticmethod
    def resolve_muted(preferences: Preferences) -> list[str]:
        if preferences.pk is None:
            return []
        return list(preferences.muted.values_list("username", flat=True))


class PreferencesIn(Schema):
    """Only the fields sent are changed; in `kinds`, only the channels sent."""

    digest: Digest = None  # type: ignore[assignment]
    kinds: dict[Kind, ChannelsIn] = None  # type: ignore[assignment]
    muted: list[Username] = Field(None, max_length=200)


@router.get("/notifications", response=list[NotificationOut])
@paginate(Pagination)
def list_notifications(request, unread: bool = False):
    """Your notifications, newest activity first; `?unread=true` for the unread ones."""
    return queries.notifications_for(request.auth, unread_only=unread)


@router.post("/notifications/read-all", response={200: ReadAllOut, **ERRORS})
def read_all(request):
    marked = actions.mark_all_read(request.auth)
    return {"marked": marked, "unread": request.auth.unread_notifications}


@router.post("/notifications/{notification_id}/read", response={200: NotificationOut, **ERRORS})
def read(request, notification_id: NotificationId):
    notification = queries.get_notification_for(request.auth, notification_id)
    actions.mark_read(notification, actor=request.auth)
    return notification


@router.get("/notifications/preferences", response={200: PreferencesOut, **ERRORS})
def get_preferences(request):
    return queries.preferences_of(request.auth)


@router.patch("/notifications/preferences", response={200: PreferencesOut, **ERRORS})
def update_preferences(request, payload: PreferencesIn):
    changes = payload.dict(exclude_unset=True)
    muted = None
    if "muted" in changes:
        names = set(changes["muted"])
        muted = list(User.objects.filter(username__in=names, is_active=True))
        if unknown := names - {member.username for member in muted}:
            raise ApiError(
                422,
                "unknown_member",
                _("No member is called %(names)s.") % {"names": ", ".join(sorted(unknown))},
            )
    return actions.update_preferences(
        request.auth,
        actor=request.auth,
        channels=changes.get("kinds"),
        digest=changes.get("digest"),
        muted=muted,
    )
