"""Every write to a member's account goes through these functions."""

from django.db import transaction

from cocreate.core.activity import record

from .models import User


@transaction.atomic
def set_language(user: User, *, actor: User, language: str) -> bool:
    """Save the member's preferred language; returns whether it changed."""
    if user.language == language:
        return False
    user.language = language
    user.save(update_fields=["language"])
    record(actor=actor, verb="account.language_changed", target=user, language=language)
    return True
