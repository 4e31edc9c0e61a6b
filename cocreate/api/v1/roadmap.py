"""The roadmap: what the team plans, builds and recently shipped, for one
product or all. The same read as the roadmap page (`queries.roadmap`)."""

from datetime import datetime
from functools import partial
from urllib.parse import urlencode

from django.urls import reverse
from ninja import Field, Query, Router, Schema

from cocreate.core.pagecache import stamps
from cocreate.forum.models import Product
from cocreate.ideas import queries
from cocreate.ideas.models import Idea
from cocreate.ideas.queries import IDEAS_CONTENT

from .. import caching
from ..schemas import ERRORS
from .ideas import IdeaLinksOut, Slug, _product_or_422, token_session_or_anonymous

router = Router(tags=["ideas"])

EXCERPT = 200


class RoadmapIdeaOut(IdeaLinksOut):
    support_count: int
    response_excerpt: str = Field(
        description=f"The team's latest public response as plain text, at most {EXCERPT} "
        "characters."
    )
    response_html: str = Field(description="The whole response, sanitised HTML.")
    responded_at: datetime | None = Field(
        description="When the team gave that response (the latest status change)."
    )

    @staticmethod
    def resolve_response_excerpt(idea: Idea) -> str:
        text = idea.response_text
        return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"

    @staticmethod
    def resolve_responded_at(idea: Idea) -> datetime | None:
        return idea.status_changed_at


class RoadmapColumnOut(Schema):
    status: str = Field(description="`planned`, `in_progress` or `shipped`.")
    label: str = Field(description="The column's name in the request's language.")
    count: int = Field(description="All the column's ideas, shown or not.")
    items: list[RoadmapIdeaOut]
    more_url: str = Field(description="The ideas list page with all of the column's ideas.")


class RoadmapOut(Schema):
    product: str | None = Field(description="The product's slug; null for every product.")
    shipped_days: int = Field(description="How far back the shipped column reaches, in days.")
    columns: list[RoadmapColumnOut]


class RoadmapQuery(Schema):
    product: Slug | None = Field(None, description="One product's roadmap (its slug).")
    limit: int = Field(queries.ROADMAP_CARDS, ge=1, le=50, description="Ideas per column.")


@router.get("/roadmap", auth=token_session_or_anonymous, response={200: RoadmapOut, **ERRORS})
def get_roadmap(request, filters: Query[RoadmapQuery]):
    """Planned and in-progress ideas (most supported first) and the ideas
    shipped in the last `shipped_days` days (newest first), each with the
    team's latest response."""
    product = _product_or_422(filters.product)
    key = ("roadmap", filters.product or "", filters.limit)
    compute = partial(_roadmap, product, filters.limit)
    return caching.json_response(caching.shared(key, stamps(IDEAS_CONTENT), RoadmapOut, compute))


def _roadmap(product: Product | None, limit: int) -> dict:
    columns = []
    for column in queries.roadmap(product, limit=limit):
        query = {"status": column.status.value}
        if product is not None:
            query["product"] = product.slug
        columns.append(
            {
                "status": column.status.value,
                "label": str(column.status.label),
                "count": column.count,
                "items": column.ideas,
                "more_url": f"{reverse('ideas:index')}?{urlencode(query)}",
            }
        )
    return {
        "product": product.slug if product else None,
        "shipped_days": queries.SHIPPED_DAYS,
        "columns": columns,
    }
