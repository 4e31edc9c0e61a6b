"""Every write to the search index.

The index is derived data, like a counter: it is written by the background
consumers of the activities that change content (`consumers`) and by
`rebuild_search_index`, never by a request, and records no Activity of its
own — a change of the index is the echo of one, and a rebuild changes
nothing anyone could read that was not already there.
"""

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from itertools import islice
from typing import Any

from django.db import connection, transaction

from . import registry
from .backends import TABLE, backend
from .models import SearchDocument
from .registry import Document
from .segment import Segmenter, segmenter

BATCH = 200
REBUILD_BATCH = 2000
# Every column but the id, in the order `_values` gives them.
COLUMNS = [
    "kind",
    "object_id",
    "product_id",
    "status",
    "author_id",
    "created_at",
    "url",
    "title",
    "context",
    "text",
    "title_tokens",
    "body_tokens",
]
Tokens = tuple[str, str]


def _chunks(ids: Iterable[int], size: int = BATCH) -> Iterator[list[int]]:
    iterator = iter(ids)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _tokens(cutter: Segmenter, texts: list[Tokens]) -> list[Tokens]:
    """The tokens of (title, body) pairs."""
    return [(cutter.document_tokens(title), cutter.document_tokens(body)) for title, body in texts]


def _texts(documents: list[Document]) -> list[Tokens]:
    return [(document.title, document.body) for document in documents]


def _values(document: Document, tokens: Tokens) -> list[Any]:
    return [
        document.kind,
        document.object_id,
        document.product_id,
        document.status,
        document.author_id,
        document.created_at,
        document.url,
        document.title[:300],
        document.context[:300],
        document.body,
        *tokens,
    ]


def index_documents(kind: str, ids: Iterable[int]) -> int:
    """Bring the index up to date for these objects of `kind`, as their
    source reads them now: visible ones are written (added or replaced), the
    others removed. Returns how many documents were written.

    Each batch is read and written in one transaction holding its documents'
    rows (SQLite serialises writers anyway), so when two workers handle two
    changes of one post, the later reading is the one that stays."""
    source = registry.source(kind)
    cutter = segmenter()
    written = 0
    for chunk in _chunks(dict.fromkeys(ids)):
        with transaction.atomic():
            if connection.features.has_select_for_update:
                list(
                    SearchDocument.objects.select_for_update()
                    .filter(kind=kind, object_id__in=chunk)
                    .values_list("pk", flat=True)
                )
            documents = [d for d in source.documents(chunk) if d.visible]
            shown = {document.object_id for document in documents}
            SearchDocument.objects.filter(
                kind=kind, object_id__in=[pk for pk in chunk if pk not in shown]
            ).delete()
            if documents:
                SearchDocument.objects.bulk_create(
                    [
                        SearchDocument(**dict(zip(COLUMNS, _values(document, tokens), strict=True)))
                        for document, tokens in zip(
                            documents, _tokens(cutter, _texts(documents)), strict=True
                        )
                    ],
                    update_conflicts=True,
                    unique_fields=["kind", "object_id"],
                    update_fields=COLUMNS[2:],
                )
        written += len(documents)
    return written


def rebuild_index(
    *, jobs: int = 1, progress: Callable[[int, int], Any] | None = None
) -> dict[str, int]:
    """Empty the index and fill it again from every source, in one
    transaction: searches see the old index until the new one is complete.
    Documents are written oldest first across every source, so their ids
    follow creation time (ranking favours newer ones by id).

    With `jobs` > 1, that many processes cut the text into tokens (jieba is
    most of the work) while this one reads the next batch and writes the
    last. Returns how many documents each kind has; `progress(written,
    listed)` is called after each batch."""
    cutter = segmenter()
    search_backend = backend()
    counts = dict.fromkeys(registry.sources(), 0)
    with transaction.atomic(), search_backend.reloading():
        listed = sorted(
            (created_at, kind, pk)
            for kind, source in registry.sources().items()
            for created_at, pk in source.dated_ids()
        )
        # Worker processes pay off only with a few batches to share.
        jobs = jobs if len(listed) > 2 * REBUILD_BATCH else 1
        pending: deque[tuple[list[Document], Future]] = deque()
        with _cutting(cutter, jobs) as cut, connection.cursor() as cursor:
            for start in range(0, len(listed), REBUILD_BATCH):
                documents = _documents(listed[start : start + REBUILD_BATCH])
                pending.append((documents, cut(_texts(documents))))
                last = start + REBUILD_BATCH >= len(listed)
                while pending and (len(pending) > jobs or last):
                    documents, tokens = pending.popleft()
                    _insert(cursor, documents, tokens.result())
                    for document in documents:
                        counts[document.kind] += 1
                    if progress is not None:
                        progress(sum(counts.values()), len(listed))
    search_backend.optimize()
    return counts


def _documents(listed: list[tuple[Any, str, int]]) -> list[Document]:
    """The visible documents of a slice of the dated listing, oldest first."""
    by_kind: dict[str, list[int]] = {}
    for _created_at, kind, pk in listed:
        by_kind.setdefault(kind, []).append(pk)
    documents = [
        document
        for kind, ids in by_kind.items()
        for document in registry.source(kind).documents(ids)
        if document.visible
    ]
    documents.sort(key=lambda document: (document.created_at, document.kind, document.object_id))
    return documents


def _insert(cursor: Any, documents: list[Document], tokens: list[Tokens]) -> None:
    """Plain multi-row INSERTs: the ORM's bulk_create spends more time
    preparing 200,000 rows than the database takes to write them."""
    cursor.executemany(
        f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(COLUMNS))})",
        [
            _adapted(_values(document, pair))
            for document, pair in zip(documents, tokens, strict=True)
        ],
    )


def _adapted(values: list[Any]) -> list[Any]:
    """The row as the database driver takes it (datetimes, for SQLite)."""
    values[5] = connection.ops.adapt_datetimefield_value(values[5])
    return values


# The segmenter the rebuild's worker processes inherit when they are forked.
_inherited: Segmenter | None = None


def _cut_in_worker(texts: list[Tokens]) -> list[Tokens]:
    assert _inherited is not None
    return _tokens(_inherited, texts)


@contextmanager
def _cutting(cutter: Segmenter, jobs: int) -> Iterator[Callable[[list[Tokens]], Future]]:
    """A function that cuts a batch of (title, body) texts into tokens, now (one job)
    or in forked worker processes, which inherit the loaded dictionary and
    never touch the database."""
    if jobs <= 1:

        def cut_here(texts: list[Tokens]) -> Future:
            done: Future = Future()
            done.set_result(_tokens(cutter, texts))
            return done

        yield cut_here
        return
    global _inherited
    _inherited = cutter
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            yield lambda texts: pool.submit(_cut_in_worker, texts)
    finally:
        _inherited = None
