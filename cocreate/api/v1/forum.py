"""The forum: products, boards, threads, posts and reactions."""

from datetime import datetime
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Path, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate
from pydantic import StringConstraints

from cocreate.forum import actions, permissions, queries
from cocreate.forum.content import image_markdown
from cocreate.forum.models import Post
from cocreate.moderation.permissions import can_moderate_board

from ..errors import ApiError
from ..schemas import ERRORS, ErrorOut, Pagination

router = Router(tags=["forum"])

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=150)]
Body = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20000)]


class ProductOut(Schema):
    id: int
    slug: str
    name: str
    name_zh: str
    description: str
    description_zh: str


class BoardOut(Schema):
    id: int
    slug: str
    product: str | None = Field(None, description="The product's slug; null for general boards.")
    name: str
    name_zh: str
    description: str
    description_zh: str
    staff_only_threads: bool
    thread_count: int
    post_count: int
    last_post_at: datetime | None

    @staticmethod
    def resolve_product(board) -> str | None:
        return board.product.slug if board.product else None


class MemberOut(Schema):
    username: str
    name: str


class ThreadOut(Schema):
    id: int
    board_id: int
    title: str
    author: MemberOut
    created_at: datetime
    last_post_at: datetime
    reply_count: int
    like_count: int
    view_count: int
    is_pinned: bool
    is_locked: bool
    has_official_reply: bool


class PostOut(Schema):
    id: int
    number: int
    author: MemberOut | None = Field(description="Null once the post is deleted.")
    body: str = Field(description="Markdown source; empty once deleted, or while hidden from you.")
    body_html: str = Field(
        description="Sanitised HTML; empty once deleted, or while hidden from you."
    )
    created_at: datetime
    edited_at: datetime | None
    deleted: bool
    hidden: bool = Field(
        description="Hidden by moderators or flags: only its author and the moderators read it."
    )
    is_official: bool
    like_count: int
    quoted_post_id: int | None

    @staticmethod
    def resolve_author(post: Post):
        return None if post.deleted_at else post.author

    @staticmethod
    def resolve_body(post: Post) -> str:
        return "" if post.deleted_at or _masked(post) else post.body

    @staticmethod
    def resolve_body_html(post: Post) -> str:
        return "" if post.deleted_at or _masked(post) else post.body_html

    @staticmethod
    def resolve_deleted(post: Post) -> bool:
        return post.deleted_at is not None

    @staticmethod
    def resolve_hidden(post: Post) -> bool:
        return post.hidden_at is not None


def _masked(post: Post) -> bool:
    """Whether the caller may not read this hidden post (set by get_thread)."""
    return getattr(post, "masked", False)


class ThreadPageOut(Schema):
    thread: ThreadOut
    posts: list[PostOut]
    page: int
    pages: int


class ThreadListQuery(Schema):
    sort: Literal["latest", "hot", "top", "unanswered"] = "latest"
    period: Literal["week", "month", "all"] = "all"


class ThreadIn(Schema):
    title: Title
    body: Body


class PostIn(Schema):
    body: Body
    quote: int | None = Field(None, ge=1, description="The id of a post of this thread to quote.")


class UploadOut(Schema):
    id: int
    url: str = Field(description="The image's absolute address.")
    width: int
    height: int
    bytes: int
    markdown: str = Field(description="`![alt](url)` to put in a post's body.")


class ReactionIn(Schema):
    kind: Literal["like"] = "like"


class ReactionOut(Schema):
    post: int
    kind: str
    reacted: bool
    like_count: int


@router.get("/products", auth=None, response=list[ProductOut])
def list_products(request):
    return queries.active_products()


@router.get("/boards", auth=None, response=list[BoardOut])
def list_boards(request):
    return queries.boards().select_related("product")


@router.get("/boards/{slug}/threads", auth=None, response={200: list[ThreadOut], **ERRORS})
@paginate(Pagination)
def list_threads(request, slug: str, filters: Query[ThreadListQuery]):
    board = queries.get_board(slug)
    return queries.board_threads(board, sort=filters.sort, period=filters.period)


@router.post("/boards/{slug}/threads", response={201: ThreadOut, **ERRORS})
def create_thread(request, slug: str, payload: ThreadIn):
    board = queries.get_board(slug)
    permissions.check_create_thread(request.auth, board)
    permissions.check_post_content(request.auth, payload.body)
    thread = actions.create_thread(
        board, author=request.auth, title=payload.title, body=payload.body
    )
    return Status(201, thread)


@router.get("/threads/{thread_id}", auth=None, response={200: ThreadPageOut, **ERRORS})
def get_thread(request, thread_id: Id, page: int = Query(1, ge=1, le=1_000_000)):
    thread = queries.get_thread_for(request.user, thread_id)
    pages = queries.page_count(thread)
    if page > pages:
        raise Http404
    posts = queries.thread_posts(thread, page)
    moderates = can_moderate_board(request.user, thread.board_id)
    for post in posts:
        post.masked = not post.is_visible_to(request.user, moderates=moderates)  # type: ignore[attr-defined]
    return {"thread": thread, "posts": posts, "page": page, "pages": pages}


@router.post("/threads/{thread_id}/posts", response={201: PostOut, **ERRORS})
def create_post(request, thread_id: Id, payload: PostIn):
    thread = queries.get_thread_for(request.auth, thread_id)
    permissions.check_reply(request.auth, thread)
    permissions.check_post_content(request.auth, payload.body)
    quoted = None
    if payload.quote is not None:
        quoted = thread.posts.filter(pk=payload.quote, deleted_at__isnull=True).first()
        if quoted is None:
            raise ValidationError({"quote": [_("The quoted post is not in this thread.")]})
    post = actions.reply_to_thread(
        thread, author=request.auth, body=payload.body, quoted_post=quoted
    )
    return Status(201, post)


@router.post("/posts/{post_id}/reactions", response={201: ReactionOut, 200: ReactionOut, **ERRORS})
def add_reaction(request, post_id: Id, payload: ReactionIn):
    post = queries.get_post_for(request.auth, post_id)
    permissions.check_react(request.auth, post)
    created = actions.add_reaction(post, user=request.auth, kind=payload.kind)
    return Status(201 if created else 200, _reaction(post, payload.kind, reacted=True))


@router.delete("/posts/{post_id}/reactions", response={200: ReactionOut, **ERRORS})
def remove_reaction(request, post_id: Id, payload: ReactionIn):
    post = queries.get_post_for(request.auth, post_id)
    permissions.check_react(request.auth, post)
    actions.remove_reaction(post, user=request.auth, kind=payload.kind)
    return _reaction(post, payload.kind, reacted=False)


@router.post(
    "/uploads", response={201: UploadOut, 413: ErrorOut, **ERRORS}, url_name="upload_image"
)
def upload_image(
    request,
    file: File[UploadedFile],
    alt: str = Form("", max_length=100, description="What the image shows."),
):
    """Upload an image for posts (multipart/form-data, field `file`: JPEG, PNG,
    GIF or WebP). It is re-encoded, without metadata, at most 2000 pixels on a
    side; an animation keeps its first frame. Needs the "post images" privilege."""
    permissions.check_upload_image(request.auth)
    try:
        image = actions.upload_image(uploader=request.auth, file=file)
    except ValidationError as invalid:
        if invalid.code == "too_large":
            raise ApiError(413, "too_large", invalid.messages[0]) from invalid
        raise ValidationError({"file": invalid.messages}) from invalid
    url = image.file.url
    return Status(
        201,
        {
            "id": image.pk,
            "url": request.build_absolute_uri(url),
            "width": image.width,
            "height": image.height,
            "bytes": image.bytes,
            "markdown": image_markdown(url, alt or (file.name or "").rsplit(".", 1)[0]),
        },
    )


def _reaction(post: Post, kind: str, *, reacted: bool) -> dict:
    post.refresh_from_db(fields=["like_count"])
    return {"post": post.pk, "kind": kind, "reacted": reacted, "like_count": post.like_count}
