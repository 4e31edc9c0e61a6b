from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from .models import Activity


def public_activity(limit: int = 20) -> QuerySet[Activity]:
    """The newest public activities, actors joined."""
    return Activity.objects.filter(public=True).select_related("actor")[:limit]


def newest_members(limit: int = 8) -> QuerySet:
    return (
        get_user_model().objects.filter(is_active=True, deleted_at__isnull=True)
        .only("username", "display_name", "avatar_thumbnail", "city", "date_joined", "deleted_at")
        .order_by("-date_joined")[:limit]
    )
