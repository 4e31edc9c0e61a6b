"""Ideas: propose, support, follow; the team's status changes and the
moderators' merges.

Every endpoint calls the same queries, `check_*` permissions and actions as
the ideas pages. A refusal that depends on the idea's state when the write
happens comes from the action as a ValidationError with a `code`: the
workflow's refusals answer 400 with that code, a state that changed under
the caller (the idea closed, the original is itself a duplicate) 409.
"""

from datetime import datetime
from typing import Annotated, Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import StringConstraints

from cocreate.core.pagecache import stamps
from cocreate.forum.models import Product
from cocreate.ideas import actions, permissions, queries
from cocreate.ideas.enums import IdeaSort, IdeaStatus
from cocreate.ideas.models import Idea, StatusChange, Tag
from cocreate.ideas.queries import IDEAS_CONTENT

from .. import caching
from ..auth import token_or_session
from ..errors import ApiError
from ..schemas import ERRORS, ErrorOut

router = Router(tags=["ideas"])

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
ObjectId = Annotated[int, Field(ge=1, le=2**63 - 1)]
Slug = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=150)]
Description = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10000)
]
Response = Annotated[str, StringConstraints(strip_whitespace=True, max_length=actions.RESPONSE_MAX)]

CONFLICT = {409: ErrorOut}
BAD = {400: ErrorOut}
# Refusals of the workflow answer 400 with their code; the others are conflicts.
CONFLICT_CODES = frozenset({"idea_closed", "target_duplicate"})


def _anonymous(request) -> AnonymousUser:
    return AnonymousUser()


# Anyone, but a token or session is read when sent (a wrong token is still 401).
token_session_or_anonymous = [*token_or_session, _anonymous]


# Schemas -----------------------------------------------------------------------


class MemberOut(Schema):
    username: str
    name: str


class IdeaLinksOut(Schema):
    """What every shape of an idea starts with: its page, product and tags."""

    id: int
    url: str = Field(description="The idea's page.")
    product: str = Field(description="The product's slug.")
    title: str
    tags: list[str] = Field(description="The tags' slugs.")

    @staticmethod
    def resolve_url(idea: Idea) -> str:
        return idea.get_absolute_url()

    @staticmethod
    def resolve_product(idea: Idea) -> str:
        return idea.product.slug

    @staticmethod
    def resolve_tags(idea: Idea) -> list[str]:
        return [tag.slug for tag in idea.tags.all()]


class IdeaOut(IdeaLinksOut):
    description: str = Field(description="Markdown.")
    description_html: str = Field(description="Sanitised HTML.")
    author: MemberOut
    status: str
    status_label: str = Field(description="The status in the request's language.")
    support_count: int
    supported: bool | None = Field(description="Whether you support it; null for a visitor.")
    comment_count: int
    thread: int = Field(description="The forum thread holding its discussion.")
    created_at: datetime
    updated_at: datetime
    status_changed_at: datetime | None
    response: str = Field(description="The team's latest public response (Markdown).")
    response_html: str
    duplicate_of: int | None = Field(description="The original, for a duplicate.")

    @staticmethod
    def resolve_status_label(idea: Idea) -> str:
        return str(idea.status_choice.label)

    @staticmethod
    def resolve_supported(idea: Idea) -> bool | None:
        return getattr(idea, "supported", None)

    @staticmethod
    def resolve_comment_count(idea: Idea) -> int:
        return idea.thread.reply_count

    @staticmethod
    def resolve_thread(idea: Idea) -> int:
        return idea.thread_id

    @staticmethod
    def resolve_duplicate_of(idea: Idea) -> int | None:
        return idea.duplicate_of_id


class IdeaPageOut(Schema):
    items: list[IdeaOut]
    count: int


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    actor: str | None = Field(description="Who changed it; null when the site did (threshold).")
    response: str
    response_html: str
    duplicate_of: int | None
    created_at: datetime

    @staticmethod
    def resolve_actor(change: StatusChange) -> str | None:
        return change.actor.username if change.actor else None

    @staticmethod
    def resolve_duplicate_of(change: StatusChange) -> int | None:
        return change.duplicate_of_id


class IdeaDetailOut(IdeaOut):
    timeline: list[StatusChangeOut]


class SimilarOut(Schema):
    id: int
    url: str
    product: str
    title: str
    status: str
    support_count: int

    @staticmethod
    def resolve_url(idea: Idea) -> str:
        return idea.get_absolute_url()

    @staticmethod
    def resolve_product(idea: Idea) -> str:
        return idea.product.slug


class SliceOut(Schema):
    key: str = Field(description="Stable: a tier, a level band (`3-4`, `7+`), a city, a program.")
    label: str = Field(description="For people, in the request's language.")
    count: int
    percent: float = Field(description="Share of all the supports counted, 0–100.")


class DemandOut(Schema):
    supports: int = Field(description="All the supports counted.")
    tiers: list[SliceOut] = Field(description="By the supporters' tier, the top tier first.")
    levels: list[SliceOut]
    cities: list[SliceOut] = Field(
        description="The 10 most frequent cities, then `other` and `` (no city given)."
    )
    betas: list[SliceOut] = Field(
        description="Each beta program whose active testers support these ideas (a tester in "
        "two programs counts in both), then `none`: the supporters in no program."
    )


class DemandQuery(Schema):
    product: Slug | None = Field(None, description="Only this product's ideas (its slug).")
    status: IdeaStatus | None = Field(
        None, description="Only ideas in this status; without it duplicates and archived are out."
    )
    tag: Slug | None = Field(None, description="Only ideas with this tag (its slug).")


class IdeaListQuery(Schema):
    sort: IdeaSort = IdeaSort.HOT
    product: Slug | None = Field(None, description="Only this product's ideas (its slug).")
    status: IdeaStatus | None = Field(
        None,
        description="Only ideas in this status; without it duplicates and archived are left out.",
    )
    tag: Slug | None = Field(None, description="Only ideas with this tag (its slug).")
    show: str | None = Field(
        None, pattern="^(mine|supported)$", description="`mine` or `supported`: yours only."
    )
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000_000)


class SimilarQuery(Schema):
    q: str = Field(min_length=1, max_length=200)
    product: Slug | None = None
    limit: int = Field(5, ge=1, le=20)


class IdeaIn(Schema):
    product: Slug
    title: Title
    description: Description
    tags: list[Slug] = Field([], max_length=20)


class SupportOut(Schema):
    id: int
    supported: bool
    support_count: int
    status: str


class StatusIn(Schema):
    status: str = Field(min_length=1, max_length=20)
    response: Response


class MergeIn(Schema):
    into: ObjectId = Field(description="The id of the original idea, which receives the supports.")
    response: Response = Field("", description="A note for the supporters; a default says where.")


# Helpers ---------------------------------------------------------------------------


def _product_or_422(slug: str | None, field: str = "product") -> Product | None:
    if slug is None:
        return None
    product = queries.active_products().filter(slug=slug).first()
    if product is None:
        raise ValidationError({field: [_("No product is called “%(slug)s”.") % {"slug": slug}]})
    return product


def _tag_or_422(slug: str | None) -> Tag | None:
    return _tags_or_422([slug], field="tag")[0] if slug is not None else None


def _tags_or_422(slugs: list[str], field: str = "tags") -> list[Tag]:
    found = list(queries.tags().filter(slug__in=slugs))
    missing = sorted(set(slugs) - {tag.slug for tag in found})
    if missing:
        raise ValidationError({field: [_("No tag is called “%(slug)s”.") % {"slug": missing[0]}]})
    return found


def _refused(refusal: ValidationError) -> ApiError:
    code = refusal.code or "invalid"
    status = 409 if code in CONFLICT_CODES else 400
    return ApiError(status, code, " ".join(refusal.messages))


def _with_supported(user: Any, ideas: list[Idea]) -> list[Idea]:
    if not getattr(user, "is_authenticated", False):
        return ideas
    supported = queries.supported_idea_ids(user, [idea.pk for idea in ideas])
    for idea in ideas:
        idea.supported = idea.pk in supported  # type: ignore[attr-defined]
    return ideas


def _detail(user: Any, idea: Idea) -> Idea:
    _with_supported(user, [idea])
    idea.timeline = list(queries.timeline(idea))  # type: ignore[attr-defined]
    return idea


def _support_out(idea: Idea, supported: bool) -> dict[str, Any]:
    queries.refresh_tally(idea)
    return {
        "id": idea.pk,
        "supported": supported,
        "support_count": idea.support_count,
        "status": idea.status,
    }


# Endpoints ----------------------------------------------------------------------------


@router.get("/ideas", auth=token_session_or_anonymous, response={200: IdeaPageOut, **ERRORS})
def list_ideas(request, filters: Query[IdeaListQuery]):
    """Ideas in the order of `sort` (`hot`: supports with time decay; `top`;
    `new`; `trending`: most supported in the last 7 days), filtered."""
    user = request.auth
    if filters.show and not user.is_authenticated:
        raise ApiError(401, "not_authenticated", _("Log in to see your own ideas."))
    ideas = queries.idea_list(
        user,
        sort=filters.sort,
        product=_product_or_422(filters.product),
        status=filters.status,
        tag=_tag_or_422(filters.tag),
        mine=filters.show == "mine",
        supported=filters.show == "supported",
    ).only(*queries.FULL_FIELDS)

    def page() -> dict[str, Any]:
        items = list(ideas[filters.offset : filters.offset + filters.limit])
        return {"items": items, "count": ideas.count()}

    if filters.show:  # the member's own list
        data = page()
        return {"items": _with_supported(user, data["items"]), "count": data["count"]}
    # Everyone's lists are validated and serialised once until an idea or a
    # discussion changes; the caller's supports are set on a copy.
    key = ("ideas", *filters.model_dump(exclude={"show"}).values())
    data = caching.shared(key, stamps(IDEAS_CONTENT), IdeaPageOut, page)
    if user.is_authenticated:
        supported = queries.supported_idea_ids(user, [item["id"] for item in data["items"]])
        data["items"] = [{**item, "supported": item["id"] in supported} for item in data["items"]]
    return caching.json_response(data)


@router.post("/ideas", response={201: IdeaDetailOut, **ERRORS})
def submit_idea(request, payload: IdeaIn):
    """Propose an idea; you support it at once. Its discussion opens on the
    product's ideas board, under the forum's rules (privileges, guidelines,
    hourly limit)."""
    product = _product_or_422(payload.product)
    assert product is not None
    tags = _tags_or_422(payload.tags)
    board = getattr(getattr(product, "idea_settings", None), "board", None)
    permissions.check_submit_idea(request.auth, product, board)
    permissions.check_idea_content(request.auth, payload.description)
    idea = actions.submit_idea(
        product,
        author=request.auth,
        title=" ".join(payload.title.split()),
        description=payload.description,
        tags=tags,
    )
    return Status(201, _detail(request.auth, queries.get_idea_for(request.auth, idea.pk)))


@router.get(
    "/ideas/similar", auth=token_session_or_anonymous, response={200: list[SimilarOut], **ERRORS}
)
def similar_ideas(request, filters: Query[SimilarQuery]):
    """Ideas whose titles share words with `q` (Chinese segmented by word),
    to support one instead of proposing it again."""
    return queries.similar_ideas(
        request.auth, text=filters.q, product=_product_or_422(filters.product), limit=filters.limit
    )


@router.get("/ideas/demand", response={200: DemandOut, **ERRORS})
def ideas_demand(request, filters: Query[DemandQuery]):
    """The product team (staff): who supports the ideas an ideas list with
    these filters shows, by tier, level band, city and beta program. Counted
    at most a minute ago."""
    permissions.check_see_demand(request.auth)
    ideas = queries.demand_ideas(
        product=_product_or_422(filters.product),
        status=filters.status,
        tag=_tag_or_422(filters.tag),
    )
    return queries.demand_for(ideas)


@router.get("/ideas/{idea_id}/demand", response={200: DemandOut, **ERRORS})
def idea_demand(request, idea_id: Id):
    """The product team (staff): who supports one idea, by tier, level band,
    city and beta program."""
    permissions.check_see_demand(request.auth)
    return queries.demand_for(queries.get_idea_for(request.auth, idea_id))


@router.get(
    "/ideas/{idea_id}", auth=token_session_or_anonymous, response={200: IdeaDetailOut, **ERRORS}
)
def get_idea(request, idea_id: Id):
    """One idea with its status timeline."""
    return _detail(request.auth, queries.get_idea_for(request.auth, idea_id))


@router.post(
    "/ideas/{idea_id}/support",
    response={201: SupportOut, 200: SupportOut, **ERRORS, **CONFLICT},
)
def support_idea(request, idea_id: Id):
    """Support an idea: 201 when new, 200 when you already did. A closed idea
    (shipped, declined, duplicate, archived) answers 403."""
    idea = queries.get_idea_for(request.auth, idea_id, to_support=True)
    permissions.check_support_idea(request.auth, idea)
    try:
        created = actions.support_idea(idea, member=request.auth)
    except ValidationError as refusal:
        raise _refused(refusal) from refusal
    return Status(201 if created else 200, _support_out(idea, True))


@router.delete("/ideas/{idea_id}/support", response={200: SupportOut, **ERRORS})
def withdraw_support(request, idea_id: Id):
    """Take your support back (200 whether or not you had one)."""
    idea = queries.get_idea_for(request.auth, idea_id, to_support=True)
    permissions.check_support_idea(request.auth, idea)
    actions.withdraw_support(idea, member=request.auth)
    return _support_out(idea, False)


@router.post("/ideas/{idea_id}/status", response={200: IdeaDetailOut, **BAD, **ERRORS})
def change_status(request, idea_id: Id, payload: StatusIn):
    """Staff: move the idea along its workflow with a public `response`
    (`new → under_review → planned → in_progress → shipped`, or `declined`).
    A move the workflow does not allow answers 400 `invalid_transition`;
    `duplicate` and `archived` answer 400 `invalid_status` (merge instead)."""
    idea = queries.get_idea_for(request.auth, idea_id)
    permissions.check_change_status(request.auth, idea)
    try:
        actions.change_status(
            idea, actor=request.auth, status=payload.status, response=payload.response
        )
    except ValidationError as refusal:
        raise _refused(refusal) from refusal
    return _detail(request.auth, queries.get_idea_for(request.auth, idea_id))


@router.post("/ideas/{idea_id}/merge", response={200: IdeaDetailOut, **BAD, **ERRORS, **CONFLICT})
def merge_idea(request, idea_id: Id, payload: MergeIn):
    """Moderators of the product's ideas board and staff: make this idea a
    duplicate of `into`. Its supports move there, each member counted once.
    Answers with this idea, now a duplicate."""
    idea = queries.get_idea_for(request.auth, idea_id)
    permissions.check_merge_idea(request.auth, idea)
    into = queries.ideas_visible_to(request.auth).select_related("thread").filter(pk=payload.into)
    target = into.first()
    if target is None:
        raise ValidationError({"into": [_("There is no idea with this number.")]})
    permissions.check_merge_idea(request.auth, idea, target)
    try:
        actions.merge_idea(idea, into=target, actor=request.auth, response=payload.response)
    except ValidationError as refusal:
        raise _refused(refusal) from refusal
    return _detail(request.auth, queries.get_idea_for(request.auth, idea_id))
