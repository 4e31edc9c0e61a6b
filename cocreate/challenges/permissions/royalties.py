"""Who may do what with adoptions and royalties: the product team (staff)
adopts entries, records sales, reads the whole ledger and records payments;
a member reads their own earnings statement and nobody else's. What a
profile shows to everyone (which designs became which products) carries no
amount."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from cocreate.core.permissions import answers

from .visibility import is_staff


def check_manage_royalties(user: Any) -> None:
    """Adopting entries, recording sales periods, the ledger and payments."""
    if not is_staff(user):
        raise PermissionDenied(_("Only the product team adopts entries and keeps the ledger."))


def can_manage_royalties(user: Any) -> bool:
    return answers(check_manage_royalties, user)


def check_see_earnings(user: Any) -> None:
    """A member's own statement of prizes and royalties."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Log in to see your earnings statement."))


def can_see_earnings(user: Any) -> bool:
    return answers(check_see_earnings, user)
