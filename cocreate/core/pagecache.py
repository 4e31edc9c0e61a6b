"""Cache whole pages for anonymous visitors, invalidated by version stamps.

A page declares the kinds of content it shows (`@cache_anonymous_page("activity",
"members")`); actions that change such content call `bump("members")`. The
stamps live in the database, so a bump reaches every server process, and the
visitor who made a change is logged in and never served a cached page.
"""

from collections.abc import Callable
from functools import wraps

from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse

from .models import CacheStamp
from .queries import plain_rows


def bump(*names: str) -> None:
    """Invalidate every cached page that depends on `names`, once the caller commits.

    All the bumps of one transaction gather in one after-commit callback,
    which moves every stamp in one UPDATE."""
    connection = transaction.get_connection()
    open_savepoints = set(connection.savepoint_ids)
    for savepoints, callback, _robust in connection.run_on_commit:
        pending = getattr(callback, "stamp_names", None)
        # Join only a callback registered under the same open savepoints: a
        # rollback that drops it drops the work of this bump too.
        if pending is not None and savepoints == open_savepoints:
            pending.update(names)
            return
    stamp_names = set(names)

    def apply() -> None:
        apply.stamp_names = None  # type: ignore[attr-defined]  # done: later bumps register anew
        _bump_now(sorted(stamp_names))

    apply.stamp_names = stamp_names  # type: ignore[attr-defined]
    transaction.on_commit(apply)


def _bump_now(names: list[str]) -> None:
    # After every action, so in plain SQL, like `stamps`.
    table = connection.ops.quote_name(CacheStamp._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET version = version + 1 "  # noqa: S608
            f"WHERE name IN ({', '.join(['%s'] * len(names))})",
            names,
        )
        bumped = cursor.rowcount
    if bumped < len(names):
        for name in names:  # first bump of a stamp: create it past the default of 1
            CacheStamp.objects.get_or_create(name=name, defaults={"version": 2})


def stamps(names: tuple[str, ...]) -> str:
    """The current versions of `names`, as one string for a cache key.

    Read on every cached page: one primary-key lookup in plain SQL.
    """
    if not names:
        return ""
    found = dict(plain_rows(CacheStamp, ["name", "version"], ("name", names)))
    return ".".join(str(found.get(name, 1)) for name in names)


def _cacheable(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and not getattr(request, "htmx", False)
        and "messages" not in request.COOKIES
    )


def cache_anonymous_page(
    *names: str, timeout: int = 600, generation: Callable[[], object] | None = None
) -> Callable:
    """Cache the view's page for anonymous visitors until one of the `names`
    is bumped, `timeout` seconds pass, or `generation()` (when given, for
    pages that are stale by design, e.g. on a clock) returns something else."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not _cacheable(request):
                return view(request, *args, **kwargs)
            key = f"page:{request.get_full_path()}:{request.LANGUAGE_CODE}:{stamps(names)}"
            if generation is not None:
                key += f":{generation()}"
            if (hit := cache.get(key)) is not None:
                content, content_type = hit
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if response.status_code == 200 and not response.cookies:
                cache.set(key, (response.content, response["Content-Type"]), timeout)
            return response

        return wrapped

    return decorator
