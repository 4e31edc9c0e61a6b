"""Simple spam checks, strictest for new members: nobody repeats the same
text within a day, and members below Lv.3 cannot post the words staff listed
in the site settings."""

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.core.models import SiteSettings
from cocreate.forum.models import Post
from cocreate.reputation.queries import stats_for

REPEAT_WINDOW = timedelta(days=1)
# From this level on, the spam words no longer apply.
TRUSTED_LEVEL = 3


def spam_words() -> list[str]:
    return [
        word.strip().lower() for word in SiteSettings.get().spam_words.splitlines() if word.strip()
    ]


def check_not_spam(user: Any, body: str, *, post: Post | None = None) -> None:
    """Refuse a post (or an edit of `post`) that looks like spam."""
    if user.is_staff:
        return
    repeats = Post.objects.filter(
        author=user,
        body=body,
        deleted_at__isnull=True,
        created_at__gte=timezone.now() - REPEAT_WINDOW,
    )
    if post is not None:
        repeats = repeats.exclude(pk=post.pk)
    if repeats.exists():
        raise PermissionDenied(
            _("You posted this same text in the last day. Write something new instead.")
        )
    words = spam_words()
    if not words or stats_for(user).level >= TRUSTED_LEVEL:
        return
    text = body.lower()
    for word in words:
        if word in text:
            raise PermissionDenied(
                _(
                    "Your post contains “%(word)s”, which members below Lv.%(level)d cannot "
                    "post. Rephrase it, or ask a moderator."
                )
                % {"word": word, "level": TRUSTED_LEVEL}
            )
