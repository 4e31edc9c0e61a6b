"""Count the days a member visits without writing on every request.

The first request of a member each day (per server process) passes a cache
marker and makes one conditional UPDATE; every other request that day only
reads the cache.
"""

from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .actions import record_visit

MARKER_SECONDS = 60 * 60 * 36


class VisitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            today = timezone.localdate()
            if cache.add(f"visit:{today.isoformat()}:{user.pk}", 1, MARKER_SECONDS):
                record_visit(user.pk, day=today)
        return self.get_response(request)
