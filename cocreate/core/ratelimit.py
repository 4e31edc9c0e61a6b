"""Fixed-window rate limits kept in the cache (Redis when REDIS_URL is set)."""

import time

from django.core.cache import cache


def parse_rate(rate: str) -> tuple[int, int]:
    """'10/900' → (10 events, 900 seconds)."""
    count, _, seconds = rate.partition("/")
    return int(count), int(seconds or 60)


def _key(scope: str, ident: str, window: int) -> str:
    return f"rl:{scope}:{ident}:{int(time.time()) // window}"


def is_limited(scope: str, ident: str, rate: str) -> bool:
    """True when `ident` has used up its allowance in `scope` for this window."""
    limit, window = parse_rate(rate)
    return (cache.get(_key(scope, ident, window)) or 0) >= limit


def hit(scope: str, ident: str, rate: str) -> int:
    """Count one event for `ident` in `scope`; returns the count in this window."""
    _limit, window = parse_rate(rate)
    key = _key(scope, ident, window)
    if cache.add(key, 1, window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def retry_after(rate: str) -> int:
    """Seconds until the current window of `rate` ends."""
    _limit, window = parse_rate(rate)
    return window - int(time.time()) % window


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"
