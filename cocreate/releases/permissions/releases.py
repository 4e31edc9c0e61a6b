"""Who may do what with releases: staff (the product team) draft, schedule
and publish them; everybody sees the published ones of the public channels;
beta members see their channel's."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from cocreate.betas.queries import member_channels

from ..models import Release


def can_see_release(user: Any, release: Release) -> bool:
    if getattr(user, "is_staff", False):
        return True
    if not release.is_published:
        return False
    if not release.channel_choice.is_restricted:
        return True
    return (release.product_id, release.channel) in member_channels(user)


def check_manage_releases(user: Any) -> None:
    """Drafting, editing, scheduling and publishing releases, and their
    changelogs, is the product team's work."""
    if not getattr(user, "is_staff", False):
        raise PermissionDenied(_("Only the product team manages releases."))


def can_manage_releases(user: Any) -> bool:
    try:
        check_manage_releases(user)
    except PermissionDenied:
        return False
    return True
