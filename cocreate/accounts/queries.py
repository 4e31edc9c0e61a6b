"""Reads about members, shared by pages and the API."""

from allauth.account.models import EmailAddress
from django.db.models import Q, QuerySet

from cocreate.core.models import Activity
from cocreate.core.queries import public_activity

from .models import User

PROFILE_ACTIVITY_LIMIT = 20


def profiles_visible_to(viewer) -> QuerySet[User]:
    """Members whose profile page exists: the active ones, and the placeholders
    of deleted ones. A deactivated member's page is gone."""
    return User.objects.filter(Q(is_active=True) | Q(deleted_at__isnull=False))


def public_activities_of(member: User, limit: int = PROFILE_ACTIVITY_LIMIT) -> QuerySet[Activity]:
    """The member's newest public activities (one query); none once deleted."""
    if member.deleted_at:
        return Activity.objects.none()
    return public_activity(limit, actor=member)


def export_account_data(user: User) -> dict:
    """Everything the site holds about the member, as JSON-ready data. API
    tokens appear by name and dates only: their hashes never leave the server."""
    return {
        "profile": {
            "username": user.username,
            "display_name": user.display_name,
            "email": user.email,
            "bio": user.bio,
            "city": user.city,
            "language": user.language,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "avatar": user.avatar.url if user.avatar else None,
        },
        "email_addresses": list(
            EmailAddress.objects.filter(user=user)
            .order_by("-primary", "email")
            .values("email", "verified", "primary")
        ),
        "api_tokens": list(
            user.api_tokens.order_by("created_at").values("name", "created_at", "revoked_at")
        ),
        "activities": list(
            Activity.objects.filter(actor=user)
            .order_by("id")
            .values("verb", "created_at", "public", "data")
        ),
    }
