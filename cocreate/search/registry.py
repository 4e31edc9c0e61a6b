"""What can be searched: each domain describes its own documents.

A domain app adds a `search.py` module to SOURCE_MODULES. It declares
`SOURCES`, a list of `Source`: one per kind of document (the forum has
threads and posts; ideas, challenges and events add theirs). A source says

* its `kind` (a stable lowercase name), `label` (translated, one of them:
  "Thread") and `label_plural` (for the type filter: "Threads");
* `documents(ids)`: the `Document` for each of those ids, built in a fixed
  number of queries whatever the number of ids. An id it returns nothing
  for, or a document with `visible=False`, leaves the index;
* `dated_ids()`: `(created_at, id)` of everything that should be in the
  index, for a rebuild (which writes all sources' documents oldest first, so
  document ids follow creation time — ranking favours newer ones by id);
* `affected_by`: for each activity verb that changes what its documents say
  or who may see them, a function from the committed `Activity` to the ids
  to read again;
* `statuses`: the values its documents' `status` takes, with their labels,
  for the status filter.

Kinds and statuses are stable lowercase names (letters, digits, `_`).

Nothing else is needed: `cocreate.search.consumers` listens to every verb
named here, and `rebuild_search_index` walks every source.
"""

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib import import_module

from django.utils.functional import Promise

from cocreate.core.models import Activity

SOURCE_MODULES = [
    "cocreate.forum.search",
    "cocreate.ideas.search",
    "cocreate.challenges.search",  # challenges (H1)
]


@dataclass(frozen=True)
class Document:
    """One searchable thing as its domain describes it.

    `title` and `body` are searched (the title weighs more) and shown with
    the words found highlighted; `context` is only shown (e.g. the thread a
    reply belongs to). `body` is plain text, not Markdown or HTML."""

    kind: str
    object_id: int
    title: str
    body: str
    url: str
    created_at: datetime
    visible: bool = True
    context: str = ""
    product_id: int | None = None
    status: str = ""
    author_id: int | None = None


@dataclass(frozen=True)
class Source:
    kind: str
    label: str | Promise
    label_plural: str | Promise
    documents: Callable[[Sequence[int]], Iterable[Document]]
    dated_ids: Callable[[], Iterable[tuple[datetime, int]]]
    affected_by: Mapping[str, Callable[[Activity], Iterable[int]]] = field(default_factory=dict)
    statuses: Sequence[tuple[str, str | Promise]] = ()


NAME = re.compile(r"[a-z][a-z0-9_]*")
# Tags that end a run of text (a paragraph, an item, a line break, a cell); the
# others (emphasis, links, code) sit inside a run and must not split it: in
# Chinese, a space inside 显示<strong>时间</strong>， would show in snippets.
BLOCK_TAG = re.compile(
    r"</?(?:p|br|hr|li|ul|ol|h[1-6]|blockquote|pre|div|table|thead|tbody|tr|td|th|img)\b[^>]*>",
    re.IGNORECASE,
)
TAG = re.compile(r"<[^>]*>")
SPACE = re.compile(r"\s+")


def plain_text(html_text: str) -> str:
    """The text of sanitised HTML (a rendered post), for a document's body:
    block tags become spaces, the others nothing, entities characters, runs
    of white space one space."""
    text = TAG.sub("", BLOCK_TAG.sub(" ", html_text))
    return SPACE.sub(" ", html.unescape(text)).strip()


@cache
def sources() -> dict[str, Source]:
    """Every source by kind, in the order of SOURCE_MODULES."""
    found: dict[str, Source] = {}
    for module in SOURCE_MODULES:
        for source in import_module(module).SOURCES:
            if source.kind in found:
                raise ValueError(f"Two search sources for the kind {source.kind!r}.")
            for name in (source.kind, *(value for value, _label in source.statuses)):
                if not NAME.fullmatch(name):
                    raise ValueError(f"{name!r} is not a lowercase name for search.")
            found[source.kind] = source
    return found


def source(kind: str) -> Source:
    return sources()[kind]


def kinds() -> list[str]:
    return list(sources())


def verbs() -> list[str]:
    """Every activity verb some source reacts to."""
    return list(dict.fromkeys(verb for s in sources().values() for verb in s.affected_by))


def status_choices() -> list[tuple[str, str | Promise]]:
    """Every status any source uses, once, with its label."""
    choices: dict[str, str | Promise] = {}
    for each in sources().values():
        for value, label in each.statuses:
            choices.setdefault(value, label)
    return list(choices.items())
