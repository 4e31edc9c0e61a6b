"""Turning a `check_*` function (which raises PermissionDenied with a reason)
into the `can_*` answer and the reason pages show beside a disabled action."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied


def answers(check: Callable[..., None], *args: Any, **kwargs: Any) -> bool:
    """Whether `check(*args, **kwargs)` lets the action through."""
    try:
        check(*args, **kwargs)
    except PermissionDenied:
        return False
    return True


def refusal(check: Callable[..., None], *args: Any, **kwargs: Any) -> str:
    """The refusal message, or "" when the action is allowed."""
    try:
        check(*args, **kwargs)
    except PermissionDenied as refused:
        return str(refused)
    return ""
