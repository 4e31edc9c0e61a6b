from django_tasks import task

from . import actions


@task()
def record_visits(views: dict[str, int], reader: list[int] | None = None) -> None:
    """Write batched thread views (thread id → count) and, when given, how far
    a reader got: [user id, thread id, post number]. Safe to run twice for
    the read position; views are a hint."""
    if views:
        actions.add_thread_views({int(pk): count for pk, count in views.items()})
    if reader:
        user_id, thread_id, number = reader
        actions.mark_thread_read(thread_id, user_id=user_id, number=number)
