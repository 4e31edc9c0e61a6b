"""Every write to ideas goes through these functions.

Each runs in one transaction, keeps `Idea.support_count` and the hot score
with F() expressions in the statement that changes them, records an Activity
and bumps the "ideas" page-cache stamp. They trust their caller for who may
act (permissions.py); what depends on the idea's state at the moment of
writing (its status, the support threshold) is checked here, under the row
lock, and refused with a ValidationError whose `code` the API answers with.
"""

from collections.abc import Iterable
from datetime import timedelta
from math import log10
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, FloatField, OuterRef, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast, Greatest, Log
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cocreate.core.activity import record
from cocreate.core.markdown import render_markdown
from cocreate.core.pagecache import bump
from cocreate.forum import actions as forum
from cocreate.forum.content import mentioned_members, render_post
from cocreate.forum.models import Board, Post, Product, Thread

from .enums import OPEN, STAFF_SET, IdeaStatus
from .models import Idea, ProductIdeaSettings, StatusChange, Support, Tag

# An idea submitted this much later needs a tenth of the supports to rank
# level in "hot": three days, as ideas live longer than threads.
HOT_SECONDS = 3 * 24 * 3600
RESPONSE_MAX = 5000
# The longest excerpt of a response copied into notifications.
EXCERPT = 280

# The activity verb of each status the team (or the site) sets.
STATUS_VERBS = {
    IdeaStatus.UNDER_REVIEW: "idea.under_review",
    IdeaStatus.PLANNED: "idea.planned",
    IdeaStatus.IN_PROGRESS: "idea.in_progress",
    IdeaStatus.SHIPPED: "idea.shipped",
    IdeaStatus.DECLINED: "idea.declined",
}
# Statuses that earn the idea's author points, the first time only.
REWARDED = frozenset({IdeaStatus.PLANNED, IdeaStatus.SHIPPED})


def hot_score(supports: int, created_at: Any) -> float:
    """The forum's "hot": supports on a log scale plus the submission time,
    so a newer idea needs ten times fewer supports per HOT_SECONDS to rank
    level with an older one — support velocity, with age as the decay."""
    return log10(max(1, supports)) + created_at.timestamp() / HOT_SECONDS


def _hot_score_expression(idea: Idea, *, supports: Any = None) -> CombinedExpression:
    """`hot_score` as SQL from the support count in the database, or from an
    expression of it (`F("support_count") + 1`: SET reads the row as it was)."""
    supports = F("support_count") if supports is None else supports
    return Log(10, Greatest(Value(1.0), Cast(supports, FloatField()))) + Value(
        idea.created_at.timestamp() / HOT_SECONDS
    )


# The board of a product's ideas ---------------------------------------------


def ideas_board_for(product: Product) -> Board:
    """The board where the product's idea discussions live, created with its
    settings row the first time a product takes an idea."""
    with transaction.atomic():
        settings, _created = ProductIdeaSettings.objects.get_or_create(product=product)
        if settings.board_id:
            return settings.board  # type: ignore[return-value]
        settings = ProductIdeaSettings.objects.select_for_update().get(pk=settings.pk)
        if settings.board_id:
            return settings.board  # type: ignore[return-value]
        board = Board.objects.create(
            product=product,
            slug=_free_board_slug(f"{product.slug}-ideas"),
            name="Ideas",
            name_zh="创意",
            description="The discussion of each idea proposed for this product.",
            description_zh="每个创意的讨论。",
            position=0,
        )
        settings.board = board
        settings.save(update_fields=["board"])
        return board


def _free_board_slug(base: str) -> str:
    base = slugify(base)[:44] or "ideas"
    taken = set(Board.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)


# Submitting and editing -------------------------------------------------------


def opening_post(idea: Idea) -> str:
    """The Markdown of the discussion's opening post: the description, then
    a link to the idea's page. Stored text, so the link reads in both of the
    site's languages."""
    link = f"💡 [Support this idea · 支持这个创意]({idea.get_absolute_url()})"
    return f"{idea.description}\n\n---\n\n{link}"


@transaction.atomic
def submit_idea(
    product: Product, *, author: Any, title: str, description: str, tags: Iterable[Tag] = ()
) -> Idea:
    """Propose an idea: its discussion thread opens on the product's ideas
    board, and the author supports it at once."""
    board = ideas_board_for(product)
    thread = forum.create_thread(board, author=author, title=title, body=description, public=False)
    now = thread.created_at
    mentions = mentioned_members(description)
    idea = Idea.objects.create(
        product=product,
        thread=thread,
        author=author,
        title=title,
        description=description,
        description_html=render_post(description, mentions),
        support_count=1,
        hot_score=hot_score(1, now),
        created_at=now,
        updated_at=now,
    )
    idea.tags.set(list(tags))
    Support.objects.create(idea=idea, member=author, created_at=now)
    body = opening_post(idea)
    Post.objects.filter(thread=thread, number=1).update(
        body=body, body_html=render_post(body, mentions)
    )
    record(
        actor=author,
        verb="idea.submitted",
        target=idea,
        public=True,
        product=product,
        title=title,
        thread=thread.pk,
    )
    bump("ideas")
    return idea


@transaction.atomic
def edit_idea(
    idea: Idea, *, editor: Any, title: str, description: str, tags: Iterable[Tag] | None = None
) -> bool:
    """Change an idea's title, description or tags; the discussion's title and
    opening post follow (its edit is kept as a revision). Returns whether
    anything changed."""
    tag_ids = None if tags is None else sorted(tag.pk for tag in tags)
    old_tags = sorted(idea.tags.values_list("pk", flat=True))
    changed_tags = tag_ids is not None and tag_ids != old_tags
    if title == idea.title and description == idea.description and not changed_tags:
        return False
    now = timezone.now()
    idea.title, idea.description, idea.updated_at = title, description, now
    idea.description_html = render_post(description, mentioned_members(description))
    idea.save(update_fields=["title", "description", "description_html", "updated_at"])
    if changed_tags:
        idea.tags.set(tag_ids)  # type: ignore[arg-type]
    Thread.objects.filter(pk=idea.thread_id).update(title=title)
    first = Post.objects.filter(thread_id=idea.thread_id, number=1).first()
    if first is not None:
        forum.edit_post(first, editor=editor, body=opening_post(idea))
    record(
        actor=editor,
        verb="idea.edited",
        target=idea,
        product=idea.product_id,
        title=title,
        member=idea.author_id,
    )
    bump("ideas", "forum")
    return True


# Supports -------------------------------------------------------------------


def _closed(idea: Idea) -> ValidationError:
    status = IdeaStatus(Idea.objects.filter(pk=idea.pk).values_list("status", flat=True).get())
    if status is IdeaStatus.DUPLICATE:
        return ValidationError(
            _("This idea was merged into another one: support that one instead."),
            code="idea_closed",
        )
    return ValidationError(
        _("This idea is %(status)s: it no longer takes supports.") % {"status": status.label},
        code="idea_closed",
    )


@transaction.atomic
def support_idea(idea: Idea, *, member: Any) -> bool:
    """Add the member's support; returns False when they already supported it
    (a double click, even from two servers at once, counts once). Raises
    ValidationError (code `idea_closed`) when the idea takes no supports.

    The UPDATE of the idea row comes first: it takes the row lock, so every
    support of one idea is counted in turn and the count stays exact. A
    repeated support rolls back with its savepoint, count included."""
    now = timezone.now()
    try:
        with transaction.atomic():
            counted = Idea.objects.filter(pk=idea.pk, status__in=OPEN).update(
                support_count=F("support_count") + 1,
                hot_score=_hot_score_expression(idea, supports=F("support_count") + 1),
            )
            if not counted:
                raise _closed(idea)
            Support.objects.create(idea=idea, member=member, created_at=now)
    except IntegrityError:
        return False
    record(
        actor=member,
        verb="idea.supported",
        target=idea,
        public=True,
        product=idea.product_id,
        title=idea.title,
        # The author's own support earns them nothing.
        idea_author=idea.author_id if idea.author_id != member.pk else None,
    )
    _reach_threshold(idea, now=now)
    bump("ideas")
    return True


class _NoSupport(Exception):
    """Raised inside withdraw_support's savepoint to undo its count."""


@transaction.atomic
def withdraw_support(idea: Idea, *, member: Any) -> bool:
    """Take the member's support back; returns whether there was one. Like
    support_idea, it locks the idea row first, so a support and a withdrawal
    racing each other cannot deadlock."""
    try:
        with transaction.atomic():
            Idea.objects.filter(pk=idea.pk).update(
                support_count=F("support_count") - 1,
                hot_score=_hot_score_expression(idea, supports=F("support_count") - 1),
            )
            deleted, _rows = Support.objects.filter(idea=idea, member=member).delete()
            if not deleted:
                raise _NoSupport
    except _NoSupport:
        return False
    record(
        actor=member,
        verb="idea.support_withdrawn",
        target=idea,
        product=idea.product_id,
        title=idea.title,
        idea_author=idea.author_id if idea.author_id != member.pk else None,
    )
    bump("ideas")
    return True


def settings_of(idea: Idea) -> ProductIdeaSettings | None:
    """The idea's product settings (joined by queries.get_idea_for, else one query)."""
    try:
        return idea.product.idea_settings
    except ProductIdeaSettings.DoesNotExist:
        return None


def _reach_threshold(idea: Idea, *, now: Any) -> None:
    """Send a new idea to review by itself when it has gathered its product's
    threshold of supports in time. The conditional UPDATE makes it happen
    once, whoever's support tips it over."""
    settings = settings_of(idea)
    if settings is None or not settings.has_threshold:
        return
    if now - idea.created_at > timedelta(days=settings.threshold_days):
        return
    reached = Idea.objects.filter(support_count__gte=settings.threshold_supports)
    _move_by_threshold(idea, reached, IdeaStatus.UNDER_REVIEW, "idea.threshold_reached", settings)


def _move_by_threshold(
    idea: Idea, matching: Any, status: IdeaStatus, verb: str, settings: ProductIdeaSettings
) -> bool:
    """Move a new idea that is among `matching` to `status` on the site's
    behalf: on its timeline, as an activity. The conditional UPDATE makes it
    happen once, however many supports or task runs race for it."""
    now = timezone.now()
    moved = matching.filter(pk=idea.pk, status=IdeaStatus.NEW).update(
        status=status, status_changed_at=now, updated_at=now
    )
    if not moved:
        return False
    idea.status, idea.status_changed_at = status.value, now
    StatusChange.objects.create(
        idea=idea, from_status=IdeaStatus.NEW, to_status=status, created_at=now
    )
    record(
        actor=None,
        verb=verb,
        target=idea,
        product=idea.product_id,
        title=idea.title,
        author=idea.author_id,
        status=status.value,
        previous=IdeaStatus.NEW.value,
        supports=settings.threshold_supports,
        days=settings.threshold_days,
    )
    return True


# Status -------------------------------------------------------------------------


def _locked(idea: Idea) -> Idea:
    return Idea.objects.select_for_update().get(pk=idea.pk)


def _check_transition(current: IdeaStatus, status: IdeaStatus) -> None:
    if not current.can_become(status):
        raise ValidationError(
            _("An idea that is “%(current)s” cannot become “%(status)s”.")
            % {"current": current.label, "status": status.label},
            code="invalid_transition",
        )


def clean_response(response: str) -> str:
    response = (response or "").strip()
    if not response:
        raise ValidationError(
            _("Write a response: everyone following the idea reads it."), code="response_required"
        )
    if len(response) > RESPONSE_MAX:
        raise ValidationError(
            _("Keep the response under %(limit)d characters.") % {"limit": RESPONSE_MAX},
            code="response_too_long",
        )
    return response


@transaction.atomic
def change_status(idea: Idea, *, actor: Any, status: str, response: str) -> StatusChange:
    """Move the idea along its workflow with a public response, on its
    timeline; its author and supporters hear about it. Raises ValidationError
    (codes `invalid_status`, `invalid_transition`, `response_required`…) and
    changes nothing when the move is not allowed."""
    if status not in STAFF_SET:
        raise ValidationError(
            _("Ideas become duplicates by a merge and are archived by the support threshold.")
            if status in IdeaStatus.values
            else _("“%(status)s” is not a status.") % {"status": status},
            code="invalid_status",
        )
    target = IdeaStatus(status)
    response = clean_response(response)
    locked = _locked(idea)
    current = IdeaStatus(locked.status)
    _check_transition(current, target)
    return _set_status(idea, current=current, target=target, actor=actor, response=response)


def _set_status(
    idea: Idea,
    *,
    current: IdeaStatus,
    target: IdeaStatus,
    actor: Any,
    response: str,
    **about: Any,
) -> StatusChange:
    """Move the (locked) idea from `current` to `target` with a public
    response: the row, its timeline, the activity (with `about` in its data)
    that tells its author and supporters, and the page-cache stamp."""
    now = timezone.now()
    response_html = render_markdown(response)
    Idea.objects.filter(pk=idea.pk).update(
        status=target,
        status_changed_at=now,
        updated_at=now,
        response=response,
        response_html=response_html,
    )
    rewarded = (
        target in REWARDED and not StatusChange.objects.filter(idea=idea, to_status=target).exists()
    )
    change = StatusChange.objects.create(
        idea=idea,
        from_status=current,
        to_status=target,
        actor=actor,
        response=response,
        response_html=response_html,
        created_at=now,
    )
    idea.status, idea.status_changed_at = target.value, now
    idea.response, idea.response_html = response, response_html
    record(
        actor=actor,
        verb=STATUS_VERBS[target],
        target=idea,
        public=target in REWARDED,
        product=idea.product_id,
        title=idea.title,
        author=idea.author_id,
        status=target.value,
        previous=current.value,
        response=response[:EXCERPT],
        # Points for the author, the first time the idea reaches the status.
        idea_author=idea.author_id if rewarded else None,
        **about,
    )
    bump("ideas")
    return change


def shipped_response(version: str) -> str:
    """The team's response on an idea a release ships. Stored text, so it
    reads in both of the site's languages."""
    return f"Shipped in {version}. · 已在 {version} 中发布。"


@transaction.atomic
def ship_idea(idea: Idea, *, actor: Any, version: str, release: int) -> StatusChange | None:
    """Mark an idea shipped by the release `version` (id `release`) that
    publishing links to it, from whichever open status it is in; its author
    and supporters hear the version. An idea already closed (shipped,
    declined, merged, archived) is left as it is: returns None."""
    current = IdeaStatus(_locked(idea).status)
    if not current.is_open:
        return None
    return _set_status(
        idea,
        current=current,
        target=IdeaStatus.SHIPPED,
        actor=actor,
        response=shipped_response(version),
        version=version,
        release=release,
    )


# Merging duplicates ---------------------------------------------------------------


@transaction.atomic
def merge_idea(idea: Idea, *, into: Idea, actor: Any, response: str = "") -> StatusChange:
    """Make `idea` a duplicate of `into`: its supports move there, each member
    counted once, and both counts are recounted from the rows. Its discussion
    stays readable where it is; its supporters hear where their support went."""
    if idea.pk == into.pk:
        raise ValidationError(_("An idea cannot be merged into itself."), code="same_idea")
    locked = {
        row.pk: row
        for row in Idea.objects.select_for_update().filter(pk__in=[idea.pk, into.pk]).order_by("pk")
    }
    source, target = locked[idea.pk], locked[into.pk]
    if source.product_id != target.product_id:
        raise ValidationError(_("Merge only ideas for the same product."), code="other_product")
    if target.status == IdeaStatus.DUPLICATE:
        raise ValidationError(
            _("“%(title)s” is itself a duplicate: merge into its original.")
            % {"title": target.title},
            code="target_duplicate",
        )
    current = IdeaStatus(source.status)
    _check_transition(current, IdeaStatus.DUPLICATE)
    response = (response or "").strip()[:RESPONSE_MAX] or _("Merged into “%(title)s”.") % {
        "title": target.title
    }
    supporters = list(Support.objects.filter(idea=source).values_list("member_id", flat=True))
    # Set-based: move the supports of members who do not support the target
    # yet, then drop the rest (their support is already counted there).
    also_there = Support.objects.filter(idea=target, member=OuterRef("member"))
    Support.objects.filter(idea=source).exclude(Exists(also_there)).update(idea=target)
    Support.objects.filter(idea=source).delete()
    total = Support.objects.filter(idea=target).count()
    now = timezone.now()
    Idea.objects.filter(pk=target.pk).update(
        support_count=total, hot_score=hot_score(total, target.created_at), updated_at=now
    )
    response_html = render_markdown(response)
    Idea.objects.filter(pk=source.pk).update(
        status=IdeaStatus.DUPLICATE,
        duplicate_of=target,
        support_count=0,
        hot_score=hot_score(0, source.created_at),
        status_changed_at=now,
        updated_at=now,
        response=response,
        response_html=response_html,
    )
    change = StatusChange.objects.create(
        idea=source,
        from_status=current,
        to_status=IdeaStatus.DUPLICATE,
        actor=actor,
        response=response,
        response_html=response_html,
        duplicate_of=target,
        created_at=now,
    )
    for row in (idea, into):
        row.refresh_from_db()
    record(
        actor=actor,
        verb="idea.merged",
        target=source,
        product=source.product_id,
        title=source.title,
        author=source.author_id,
        status=IdeaStatus.DUPLICATE.value,
        previous=current.value,
        response=response[:EXCERPT],
        into=target.pk,
        into_title=target.title,
        supporters=supporters,
        supports=total,
    )
    bump("ideas")
    return change


# The support threshold's deadline ---------------------------------------------------


@transaction.atomic
def archive_idea(idea: Idea, *, settings: ProductIdeaSettings) -> bool:
    """Archive a new idea that did not reach its product's threshold in time;
    its author is told. Returns whether it was archived (once, however often
    the task runs)."""
    missed = Idea.objects.filter(
        created_at__lt=timezone.now() - timedelta(days=settings.threshold_days),
        support_count__lt=settings.threshold_supports,
    )
    if not _move_by_threshold(idea, missed, IdeaStatus.ARCHIVED, "idea.archived", settings):
        return False
    bump("ideas")
    return True
