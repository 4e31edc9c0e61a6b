from django.contrib.auth import get_user_model
from django.core.cache import cache
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


def public_activity(limit: int = 20, *, actor=None) -> QuerySet[Activity]:
    """The newest public activities, of everyone or of one `actor`, actors joined
    (one query)."""
    found = Activity.objects.filter(public=True)
    if actor is not None:
        found = found.filter(actor=actor)
    return (
        found.select_related("actor")
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
    """The members who joined last, newest first (walks the primary key index)."""
    return _members().only(*MEMBER_CARD_FIELDS).order_by("-pk")[:limit]


def member_count() -> int:
    """How many active members the community has: one COUNT, cached for five
    minutes because a headline number need not be exact to the second."""
    return int(cache.get_or_set("member-count", lambda: _members().count(), 300) or 0)
