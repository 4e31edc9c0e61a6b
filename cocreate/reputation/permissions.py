"""Who may manage reputation. What members may do by level and tier lives in
privileges.py."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def can_grant_points(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff)


def check_grant_points(user: Any) -> None:
    if not can_grant_points(user):
        raise PermissionDenied(_("Only staff can grant or deduct points."))
