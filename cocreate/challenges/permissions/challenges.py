"""Who may do what with challenges themselves. Pure functions: `can_*`
answers, `check_*` raises PermissionDenied with a sentence the member can
act on.

Staff (the product team) draft, edit, publish and close challenges and
manage their prize tables and attachments; everybody sees a published
challenge (visibility.py says who sees what). Whether a member may enter
is the entries' rule; the detail page only shows where they stand.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from cocreate.core.permissions import answers

from ..models import Challenge
from .visibility import is_staff


def check_manage_challenge(user: Any, challenge: Challenge | None = None) -> None:
    """Creating and editing challenges, their prizes and attachments, and
    moving them along the workflow is the product team's work."""
    if not is_staff(user):
        raise PermissionDenied(_("Only the product team manages challenges."))


def can_manage_challenge(user: Any, challenge: Challenge | None = None) -> bool:
    return answers(check_manage_challenge, user, challenge)
