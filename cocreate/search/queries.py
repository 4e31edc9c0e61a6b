"""Searching, for the search page, the API and any app that wants results
(similar ideas, duplicate threads…). Two queries whatever the page size: the
ranked page of ids with the total (one indexed query), then those documents
with their authors and products."""

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import registry
from .backends import Filters, backend
from .highlight import highlight, snippet
from .models import SearchDocument
from .segment import Term, has_words, segmenter

PER_PAGE = 20
MAX_PER_PAGE = 50
MAX_QUERY_LENGTH = 200
# Deep pages cost the database more and nobody reads them.
MAX_PAGE = 500


def parse_query(text: str | None) -> list[Term]:
    """The terms of a search, or a ValidationError saying what is wrong with it."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Type a word or two to search for."), code="empty")
    if len(text) > MAX_QUERY_LENGTH:
        raise ValidationError(
            ngettext(
                "Keep the search under %(limit)d character.",
                "Keep the search under %(limit)d characters.",
                MAX_QUERY_LENGTH,
            )
            % {"limit": MAX_QUERY_LENGTH},
            code="too_long",
        )
    terms = segmenter().query_terms(text)
    if not terms and has_words(text):
        raise ValidationError(
            _("These words are in nearly every post: add a more telling one."), code="too_common"
        )
    if not terms:
        raise ValidationError(
            _("Search for words or numbers: punctuation alone finds nothing."), code="no_words"
        )
    return terms


@dataclass(frozen=True)
class Hit:
    """One result: the indexed document, with its title and a snippet of its
    text highlighted."""

    document: SearchDocument
    terms: list[Term] = field(repr=False)

    @property
    def kind(self) -> str:
        return self.document.kind

    @cached_property
    def label(self) -> str:
        source = registry.sources().get(self.document.kind)
        return str(source.label) if source else self.document.kind

    @property
    def object_id(self) -> int:
        return self.document.object_id

    @property
    def url(self) -> str:
        return self.document.url

    @property
    def created_at(self) -> datetime:
        return self.document.created_at

    @property
    def author(self) -> Any:
        return self.document.author

    @property
    def product(self) -> Any:
        return self.document.product

    @property
    def status(self) -> str:
        return self.document.status

    @cached_property
    def status_label(self) -> str:
        if not self.document.status:
            return ""
        return str(dict(registry.status_choices()).get(self.document.status, ""))

    @cached_property
    def title_html(self) -> SafeString:
        return highlight(self.document.title, self.terms)

    @cached_property
    def snippet_html(self) -> SafeString:
        return snippet(self.document.text, self.terms)


@dataclass(frozen=True)
class Results:
    """One page of results, with what pagination needs."""

    query: str
    terms: list[Term]
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    # More documents match than the `total` the search ranks (the newest).
    more: bool = False

    @property
    def pages(self) -> int:
        return min(MAX_PAGE, max(1, -(-self.total // self.per_page)))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_other_pages(self) -> bool:
        return self.pages > 1

    @property
    def previous_page_number(self) -> int:
        return self.page - 1

    @property
    def next_page_number(self) -> int:
        return self.page + 1


def search(
    text: str | None,
    *,
    kind: str = "",
    product_id: int | None = None,
    status: str = "",
    page: int = 1,
    per_page: int = PER_PAGE,
    any_word: bool = False,
) -> Results:
    """Everyone-visible documents matching every word of `text` (or, with
    `any_word`, at least one), best first: the newest thousand of them
    (`backends.CANDIDATES`), with `more` when others match.

    `kind` narrows to one source's documents, `product_id` to a product,
    `status` to a status. Raises ValidationError for an empty, too long or
    wordless query. A page past the end has no hits and the true total."""
    terms = parse_query(text)
    if kind and kind not in registry.sources():
        raise ValidationError(_("Select a valid choice."), code="invalid_kind")
    page = max(1, min(page, MAX_PAGE))
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    filters = Filters(
        kinds=(kind,) if kind else (), product_id=product_id, status=status, any_word=any_word
    )
    search_backend = backend()
    found = search_backend.hits(terms, filters, limit=per_page, offset=(page - 1) * per_page)
    documents = (
        SearchDocument.objects.select_related("author", "product")
        .defer("title_tokens", "body_tokens")
        .in_bulk(found.ids)
        if found.ids
        else {}
    )
    hits = [Hit(documents[pk], terms) for pk in found.ids if pk in documents]
    return Results(
        query=(text or "").strip(),
        terms=terms,
        hits=hits,
        total=found.total,
        page=page,
        per_page=per_page,
        more=found.more,
    )
