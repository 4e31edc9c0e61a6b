"""The forum's counters and their truth (see cocreate.core.counters)."""

from django.db.models import Count, Max, Q, Value
from django.db.models.functions import Coalesce

from cocreate.core.counters import stored_on_row

from .models import Board, Post, Reaction, Thread

LIKE = Reaction.Kind.LIKE

COUNTERS = [
    # Live threads; a deleted thread leaves the count with its first post.
    stored_on_row(
        Board, "thread_count", Count("threads", filter=Q(threads__deleted_at__isnull=True))
    ),
    # Live posts of live threads.
    stored_on_row(
        Board,
        "post_count",
        Count(
            "threads__posts",
            filter=Q(threads__deleted_at__isnull=True, threads__posts__deleted_at__isnull=True),
        ),
    ),
    # Live replies: every post but the first.
    stored_on_row(
        Thread,
        "reply_count",
        Count("posts", filter=Q(posts__number__gt=1, posts__deleted_at__isnull=True)),
    ),
    # A thread's likes are its first post's.
    stored_on_row(
        Thread,
        "like_count",
        Count("posts__reactions", filter=Q(posts__number=1, posts__reactions__kind=LIKE)),
    ),
    # The highest post number ever given, deleted posts included.
    stored_on_row(Thread, "last_number", Coalesce(Max("posts__number"), Value(0))),
    stored_on_row(Post, "like_count", Count("reactions", filter=Q(reactions__kind=LIKE))),
]
