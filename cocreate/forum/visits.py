"""Thread page views and read positions, without a database write in the request.

Each server process adds views up in memory. Once FLUSH_EVERY views or
FLUSH_SECONDS have gathered, the request that notices hands them to the
worker in one task, together with the reader's new read position if there
is one: at most one task row per request. Views gathered by a process that
stops before flushing are lost; they are only a popularity hint. A read
position is handed over once: a reader who reloads the page before the
worker has moved it queues nothing more.
"""

import threading
import time
from collections import Counter

from django.core.cache import cache
from django.db import transaction

from .tasks import record_visits

FLUSH_EVERY = 50
FLUSH_SECONDS = 60
# How long a handed-over read position is remembered: the worker moves it
# long before, and the next page view reads it from the database.
SENT_SECONDS = 300

_lock = threading.Lock()
_pending: Counter[int] = Counter()
_since = time.monotonic()


def count_view(thread_id: int) -> dict[int, int]:
    """Count one view; returns the views due to be written, or {}."""
    global _since
    with _lock:
        _pending[thread_id] += 1
        if _pending.total() < FLUSH_EVERY and time.monotonic() - _since < FLUSH_SECONDS:
            return {}
        due = dict(_pending)
        _pending.clear()
        _since = time.monotonic()
        return due


def visit(thread_id: int, *, reader_id: int | None = None, read_to: int = 0, seen: int = 0) -> None:
    """A page of the thread was shown, its posts up to number `seen`; the
    reader had read up to `read_to` before."""
    views = {str(pk): count for pk, count in count_view(thread_id).items()}
    reader = None
    if reader_id and seen > read_to and _first_hand_over(reader_id, thread_id, seen):
        reader = [reader_id, thread_id, seen]
    if views or reader:
        transaction.on_commit(lambda: record_visits.enqueue(views, reader))


def _first_hand_over(reader_id: int, thread_id: int, seen: int) -> bool:
    """Whether the reader's position `seen` in the thread is not on its way
    to the worker yet (and now is)."""
    key = f"read-sent:{reader_id}:{thread_id}"
    if (cache.get(key) or 0) >= seen:
        return False
    cache.set(key, seen, SENT_SECONDS)
    return True
