"""Search: one index over the forum's threads and replies (and whatever
other sources register with cocreate.search.registry). The same query as
the search page; only what everyone may read is ever found."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from cocreate.forum.queries import active_products
from cocreate.search import queries, registry
from cocreate.search.queries import Hit

from ..schemas import ERRORS

router = Router(tags=["search"])


class SearchQuery(Schema):
    q: str = Field(
        description="The words to find (at most 200 characters). Every word must appear; "
        "the last one may be the beginning of a word."
    )
    type: str = Field("", description="One kind of document: `thread` or `post` (a reply).")
    product: str = Field("", description="A product's slug.")
    status: str = Field("", description="A status, e.g. `official` (the team answered).")
    page: int = Field(1, ge=1, le=queries.MAX_PAGE)


class AuthorOut(Schema):
    username: str
    name: str


class HitOut(Schema):
    type: str = Field(description="The kind of document: `thread`, `post`…")
    id: int = Field(description="The id of the thread, post… it is.")
    title: str = Field(description="Its title; empty for a reply.")
    context: str = Field(description="Where it is, e.g. a reply's thread title.")
    url: str = Field(description="Its absolute address.")
    title_html: str = Field(description="The title, HTML-escaped, words found in `<mark>`.")
    snippet_html: str = Field(
        description="A passage of its text around the words found, HTML-escaped, "
        "words found in `<mark>`."
    )
    product: str | None = Field(description="The product's slug; null for general boards.")
    status: str
    author: AuthorOut | None = Field(description="Null once the author's account is deleted.")
    created_at: datetime


class SearchOut(Schema):
    query: str
    total: int = Field(
        description="How many documents match, counted up to 1,000: the newest "
        "that many are ranked."
    )
    more: bool = Field(description="More documents match than `total`.")
    page: int
    pages: int
    per_page: int
    results: list[HitOut]


def _hit(request, hit: Hit) -> dict:
    author = hit.author
    return {
        "type": hit.kind,
        "id": hit.object_id,
        "title": hit.document.title,
        "context": hit.document.context,
        "url": request.build_absolute_uri(hit.url),
        "title_html": hit.title_html,
        "snippet_html": hit.snippet_html,
        "product": hit.product.slug if hit.product else None,
        "status": hit.status,
        "author": None
        if author is None or author.deleted_at
        else {"username": author.username, "name": author.name},
        "created_at": hit.created_at,
    }


@router.get("/search", auth=None, response={200: SearchOut, **ERRORS})
def search(request, filters: Query[SearchQuery]):
    """Threads and replies matching `q`, best first, 20 a page, each with its
    title and a snippet highlighted."""
    if filters.type and filters.type not in registry.sources():
        raise ValidationError({"type": [_("Select a valid choice.")]})
    if filters.status and filters.status not in dict(registry.status_choices()):
        raise ValidationError({"status": [_("Select a valid choice.")]})
    product_id = None
    if filters.product:
        product = active_products().filter(slug=filters.product).first()
        if product is None:
            raise ValidationError({"product": [_("There is no product with this slug.")]})
        product_id = product.pk
    try:
        results = queries.search(
            filters.q,
            kind=filters.type,
            product_id=product_id,
            status=filters.status,
            page=filters.page,
        )
    except ValidationError as invalid:
        raise ValidationError({"q": invalid.messages}) from invalid
    return {
        "query": results.query,
        "total": results.total,
        "more": results.more,
        "page": results.page,
        "pages": results.pages,
        "per_page": results.per_page,
        "results": [_hit(request, hit) for hit in results.hits],
    }
