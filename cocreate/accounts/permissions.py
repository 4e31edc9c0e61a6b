"""Who may do what with a member's account. Pure functions: no request."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .models import User


def can_view_profile(user, member: User) -> bool:
    """Everyone may see an active member's profile, and the placeholder left
    by a deleted one; a deactivated member's profile is gone."""
    return member.is_active or member.deleted_at is not None


def can_manage_account(user, member: User) -> bool:
    """Only the member themselves edits, exports or deletes their account from
    the site; staff work through the admin."""
    return (
        user.is_authenticated
        and user.pk == member.pk
        and user.is_active
        and member.deleted_at is None
    )


can_edit_profile = can_export_account = can_delete_account = can_manage_account


def check_edit_profile(user, member: User) -> None:
    if not can_edit_profile(user, member):
        raise PermissionDenied(_("You can only edit your own profile."))


def check_export_account(user, member: User) -> None:
    if not can_export_account(user, member):
        raise PermissionDenied(_("You can only export your own data."))


def check_delete_account(user, member: User) -> None:
    if not can_delete_account(user, member):
        raise PermissionDenied(_("You can only delete your own account."))
