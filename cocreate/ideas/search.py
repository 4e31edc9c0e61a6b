"""Ideas as searchable documents (see cocreate.search.registry).

An idea is one document: its title and description, with its status (for
the status filter) and product. It leaves the index while its discussion is
hidden or deleted, like in the lists. Its discussion's replies are the
forum's documents; the discussion thread itself is not (the idea stands for
it).
"""

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cocreate.core.models import Activity
from cocreate.search.registry import Document, Source, plain_text

from .actions import STATUS_VERBS
from .enums import IdeaStatus
from .models import Idea
from .queries import LIVE, SEARCH_KIND


def idea_documents(ids: Sequence[int]) -> Iterator[Document]:
    """One query: the ideas with their discussion's state, as plain values."""
    rows = Idea.objects.filter(pk__in=ids).values_list(
        "pk",
        "title",
        "description_html",
        "status",
        "product_id",
        "author_id",
        "created_at",
        "thread__deleted_at",
        "thread__hidden_at",
    )
    idea_url = reverse("ideas:detail", args=[999_999_999]).replace("999999999", "{}")
    for pk, title, html, status, product_id, author_id, created_at, deleted, hidden in rows:
        visible = not (deleted or hidden)
        yield Document(
            kind=SEARCH_KIND,
            object_id=pk,
            title=title,
            body=plain_text(html) if visible else "",
            url=idea_url.format(pk),
            created_at=created_at,
            visible=visible,
            product_id=product_id,
            status=status,
            author_id=author_id,
        )


def dated_idea_ids() -> Iterable[tuple[datetime, int]]:
    return Idea.objects.filter(LIVE, thread__hidden_at__isnull=True).values_list("created_at", "pk")


def _target(activity: Activity) -> list[int]:
    return [activity.target_id] if activity.target_id else []


def _idea_of_thread(activity: Activity) -> list[int]:
    """Hiding, deleting or restoring the discussion's opening post hides,
    deletes or restores the idea."""
    thread_id = activity.data.get("thread")
    return list(Idea.objects.filter(thread_id=thread_id).values_list("pk", flat=True))


SOURCES = [
    Source(
        kind=SEARCH_KIND,
        label=_("Idea"),
        label_plural=_("Ideas"),
        documents=idea_documents,
        dated_ids=dated_idea_ids,
        statuses=IdeaStatus.choices,
        affected_by={
            "idea.submitted": _target,
            "idea.edited": _target,
            "idea.merged": _target,
            "idea.threshold_reached": _target,
            "idea.archived": _target,
            **dict.fromkeys(STATUS_VERBS.values(), _target),
            "post.deleted": _idea_of_thread,
            "post.hidden": _idea_of_thread,
            "post.restored": _idea_of_thread,
        },
    ),
]
