"""Challenges and their entries as searchable documents (see
cocreate.search.registry).

A challenge is one document once it is published: its names, summary and
brief in both languages, with its status. An entry is one document only
where everyone may see it: a submitted entry of a published design
contest. A solution challenge's entries are the company's and the jury's,
so they are never indexed; a withdrawn or disqualified entry leaves the
index.
"""

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cocreate.core.models import Activity
from cocreate.search.registry import Document, Source, plain_text

from .enums import ChallengeKind, ChallengeStatus, EntryStatus
from .models import Challenge, Entry

CHALLENGE = "challenge"
ENTRY = "entry"


def _address(name: str) -> str:
    """The address of a page with one argument, `{}` in its place: reversed
    once per batch instead of once per document."""
    return reverse(name, args=[999_999_999]).replace("999999999", "{}")


def challenge_documents(ids: Sequence[int]) -> Iterator[Document]:
    rows = Challenge.objects.filter(pk__in=ids).values_list(
        "pk",
        "slug",
        "name",
        "name_zh",
        "description",
        "description_zh",
        "brief_html",
        "brief_zh_html",
        "status",
        "product_id",
        "created_at",
    )
    for (
        pk,
        slug,
        name,
        name_zh,
        summary,
        summary_zh,
        brief,
        brief_zh,
        status,
        product,
        created,
    ) in rows:
        visible = status != ChallengeStatus.DRAFT
        yield Document(
            kind=CHALLENGE,
            object_id=pk,
            title=" · ".join(filter(None, [name, name_zh])),
            body=" ".join(
                filter(None, [summary, summary_zh, plain_text(brief), plain_text(brief_zh)])
            )
            if visible
            else "",
            url=reverse("challenges:detail", args=[slug]),
            created_at=created,
            visible=visible,
            product_id=product,
            status=status,
        )


def dated_challenge_ids() -> Iterable[tuple[datetime, int]]:
    return Challenge.objects.exclude(status=ChallengeStatus.DRAFT).values_list("created_at", "pk")


PUBLIC_ENTRIES = {
    "status": EntryStatus.SUBMITTED,
    "challenge__kind": ChallengeKind.DESIGN,
}


def entry_documents(ids: Sequence[int]) -> Iterator[Document]:
    rows = Entry.objects.filter(pk__in=ids).values_list(
        "pk",
        "title",
        "description_html",
        "status",
        "author_id",
        "created_at",
        "challenge__kind",
        "challenge__status",
        "challenge__name",
        "challenge__product_id",
    )
    url = _address("challenges:entry")
    for pk, title, html, status, author, created, kind, challenge_status, name, product in rows:
        visible = (
            status == EntryStatus.SUBMITTED
            and kind == ChallengeKind.DESIGN
            and challenge_status != ChallengeStatus.DRAFT
        )
        yield Document(
            kind=ENTRY,
            object_id=pk,
            title=title,
            body=plain_text(html) if visible else "",
            url=url.format(pk),
            created_at=created,
            visible=visible,
            context=name,
            product_id=product,
            status=status,
            author_id=author,
        )


def dated_entry_ids() -> Iterable[tuple[datetime, int]]:
    return (
        Entry.objects.filter(**PUBLIC_ENTRIES)
        .exclude(challenge__status=ChallengeStatus.DRAFT)
        .values_list("created_at", "pk")
    )


def _target(activity: Activity) -> list[int]:
    return [activity.target_id] if activity.target_id else []


def _entries_of_challenge(activity: Activity) -> list[int]:
    """Publishing a challenge makes its design entries public (a draft has
    none in practice, but the index follows the rule, not the practice)."""
    return list(
        Entry.objects.filter(challenge_id=activity.target_id, **PUBLIC_ENTRIES).values_list(
            "pk", flat=True
        )
    )


# What the challenge actions record (actions/challenges.py).
CHALLENGE_VERBS = (
    "challenge.created",
    "challenge.edited",
    "challenge.published",
    "challenge.scoring_opened",
    "challenge.judging_opened",
    "challenge.announced",
    "challenge.closed",
)
ENTRY_VERBS = ("entry.submitted", "entry.edited", "entry.withdrawn", "entry.disqualified")

SOURCES = [
    Source(
        kind=CHALLENGE,
        label=_("Challenge"),
        label_plural=_("Challenges"),
        documents=challenge_documents,
        dated_ids=dated_challenge_ids,
        statuses=[(value, label) for value, label in ChallengeStatus.choices if value != "draft"],
        affected_by=dict.fromkeys(CHALLENGE_VERBS, _target),
    ),
    Source(
        kind=ENTRY,
        label=_("Entry"),
        label_plural=_("Entries"),
        documents=entry_documents,
        dated_ids=dated_entry_ids,
        statuses=[(EntryStatus.SUBMITTED.value, EntryStatus.SUBMITTED.label)],
        affected_by={
            **dict.fromkeys(ENTRY_VERBS, _target),
            "challenge.published": _entries_of_challenge,
        },
    ),
]
