"""Thread page views and read positions, without a database write in the request.

Each server process adds views up in memory. Once FLUSH_EVERY views or
FLUSH_SECONDS have gathered, the request that notices hands them to the
worker in one task, together with the reader's new read position if there
is one: at most one task row per request. Views gathered by a process that
stops before flushing are lost; they are only a popularity hint.
"""

import threading
import time
from collections import Counter

from django.db import transaction

from .tasks import record_visits

FLUSH_EVERY = 50
FLUSH_SECONDS = 60

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
    reader = [reader_id, thread_id, seen] if reader_id and seen > read_to else None
    if views or reader:
        transaction.on_commit(lambda: record_visits.enqueue(views, reader))
