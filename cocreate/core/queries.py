from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from .models import Activity

# The member fields every avatar + name needs; nothing heavier.
MEMBER_CARD_FIELDS = (
    "username",
    "display_name",
    "avatar_thumbnail",
    "city",
    "date_joined",
    "deleted_at",
)


def public_activity(limit: int = 20) -> QuerySet[Activity]:
    """The newest public activities, actors joined (one query)."""
    return (
        Activity.objects.filter(public=True)
        .select_related("actor")
        .only(
            "verb",
            "data",
            "created_at",
            "target_type_id",
            "target_id",
            "actor_id",
            *(f"actor__{f}" for f in MEMBER_CARD_FIELDS),
        )
        .order_by("-id")[:limit]
    )


def _members() -> QuerySet:
    return get_user_model().objects.filter(is_active=True, deleted_at__isnull=True)


def newest_members(limit: int = 8) -> QuerySet:
    return _members().only(*MEMBER_CARD_FIELDS).order_by("-date_joined")[:limit]


def member_count() -> int:
    """How many active members the community has (one COUNT)."""
    return _members().count()
