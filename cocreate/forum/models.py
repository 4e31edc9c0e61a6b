from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.bilingual import pick

POSTS_PER_PAGE = 20
# Threads that appear in board lists: neither deleted nor hidden for review.
LISTED = models.Q(deleted_at__isnull=True, hidden_at__isnull=True)


class Bilingual(models.Model):
    """A name and description staff write in English and, optionally, Chinese;
    pages show the one matching the reader's language."""

    name = models.CharField(_("name"), max_length=80)
    name_zh = models.CharField(_("name (Chinese)"), max_length=80, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return pick(self.name, self.name_zh)

    @property
    def display_description(self) -> str:
        return pick(self.description, self.description_zh)


class Product(Bilingual):
    """Something the company makes, which fans discuss, propose ideas for and test."""

    slug = models.SlugField(_("slug"), unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["position", "name"]


class Board(Bilingual):
    """A place for threads: per product, or general when `product` is empty."""

    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="boards",
    )
    slug = models.SlugField(_("slug"), unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    staff_only_threads = models.BooleanField(
        _("only staff start threads"),
        default=False,
        help_text=_("For announcements: members may still reply."),
    )
    thread_count = models.PositiveIntegerField(_("threads"), default=0)
    post_count = models.PositiveIntegerField(_("posts"), default=0)
    last_post_at = models.DateTimeField(_("last post"), null=True, blank=True)

    class Meta:
        verbose_name = _("board")
        verbose_name_plural = _("boards")
        ordering = ["position", "name"]


class Thread(models.Model):
    """A conversation on a board. Counters and the last poster are kept on
    the row, so a thread list never counts or joins posts."""

    board = models.ForeignKey(
        Board, verbose_name=_("board"), on_delete=models.PROTECT, related_name="threads"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="threads",
    )
    title = models.CharField(_("title"), max_length=150)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_post_at = models.DateTimeField(_("last post"), default=timezone.now)
    last_poster = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last poster"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_number = models.PositiveIntegerField(
        _("last post number"), default=0, help_text=_("Numbers the next post; never goes down.")
    )
    reply_count = models.PositiveIntegerField(_("replies"), default=0)
    like_count = models.PositiveIntegerField(_("likes"), default=0)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    hot_score = models.FloatField(_("hot score"), default=0)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    has_official_reply = models.BooleanField(_("official reply"), default=False)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    hidden_at = models.DateTimeField(
        _("hidden"), null=True, blank=True, help_text=_("Its opening post is hidden for review.")
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["-is_pinned", "-last_post_at"]
        indexes = [
            models.Index(
                fields=["board", "-is_pinned", "-last_post_at"],
                condition=LISTED,
                name="thread_latest",
            ),
            models.Index(
                fields=["board", "-is_pinned", "-hot_score"],
                condition=LISTED,
                name="thread_hot",
            ),
            models.Index(
                fields=["board", "-is_pinned", "-like_count", "-reply_count"],
                condition=LISTED,
                name="thread_top",
            ),
            models.Index(
                fields=["board", "-is_pinned", "-created_at"],
                condition=LISTED & models.Q(reply_count=0),
                name="thread_unanswered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forum:thread", args=[self.pk])


class Post(models.Model):
    """One message in a thread, numbered from 1 (the thread's opening post)."""

    thread = models.ForeignKey(
        Thread, verbose_name=_("thread"), on_delete=models.CASCADE, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="posts",
    )
    body = models.TextField(_("text"), max_length=20000)
    body_html = models.TextField(_("HTML"), editable=False)
    number = models.PositiveIntegerField(_("number"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    hidden_at = models.DateTimeField(
        _("hidden"),
        null=True,
        blank=True,
        help_text=_("Hidden by flags or a moderator: only its author and moderators see it."),
    )
    is_official = models.BooleanField(
        _("official"), default=False, help_text=_("The author was staff when posting.")
    )
    like_count = models.PositiveIntegerField(_("likes"), default=0)
    quoted_post = models.ForeignKey(
        "self",
        verbose_name=_("quoted post"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["thread", "number"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "number"], name="post_number_unique"),
        ]
        indexes = [models.Index(fields=["author", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.thread_id}#{self.number}"

    def get_absolute_url(self) -> str:
        query = f"?page={self.page}" if self.page > 1 else ""
        return f"{reverse('forum:thread', args=[self.thread_id])}{query}#post-{self.number}"

    @property
    def is_first(self) -> bool:
        return self.number == 1

    def is_visible_to(self, user: Any, *, moderates: bool) -> bool:
        """Whether `user` may read it: a hidden post only by its author and
        the board's moderators."""
        return not self.hidden_at or moderates or self.author_id == getattr(user, "pk", None)

    @property
    def page(self) -> int:
        """The page of its thread this post appears on."""
        return (self.number - 1) // POSTS_PER_PAGE + 1


class PostRevision(models.Model):
    """A version of a post's text: the original, then one per edit."""

    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="revisions"
    )
    body = models.TextField(_("text"))
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("post revision")
        verbose_name_plural = _("post revisions")
        ordering = ["post", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.post_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class Reaction(models.Model):
    class Kind(models.TextChoices):
        LIKE = "like", _("Like")

    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="reactions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="reactions",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.LIKE)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(fields=["post", "user", "kind"], name="reaction_unique"),
        ]
        indexes = [models.Index(fields=["user", "post"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.post_id}"


class Watch(models.Model):
    """A member's choice to follow (or silence) a thread or a whole board."""

    class Level(models.TextChoices):
        WATCHING = "watching", _("Watching")
        MUTED = "muted", _("Muted")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="forum_watches",
    )
    thread = models.ForeignKey(
        Thread,
        verbose_name=_("thread"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="watches",
    )
    board = models.ForeignKey(
        Board,
        verbose_name=_("board"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="watches",
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)

    class Meta:
        verbose_name = _("watch")
        verbose_name_plural = _("watches")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=models.Q(thread__isnull=False),
                name="watch_thread_unique",
            ),
            models.UniqueConstraint(
                fields=["user", "board"],
                condition=models.Q(board__isnull=False),
                name="watch_board_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(thread__isnull=True) ^ models.Q(board__isnull=True),
                name="watch_thread_or_board",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.level} {self.thread_id or self.board_id}"


class ThreadRead(models.Model):
    """How far a member has read a thread: the basis of unread markers."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    last_read_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("thread read")
        verbose_name_plural = _("threads read")
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="thread_read_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.thread_id} to {self.last_read_number}"


class PostImage(models.Model):
    """An image a member uploaded for their posts, re-encoded (forum.images);
    posts show it through its Markdown `![alt](url)`."""

    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploader"),
        on_delete=models.PROTECT,
        related_name="post_images",
    )
    file = models.ImageField(_("file"), upload_to="forum/%Y/%m/")
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    bytes = models.PositiveIntegerField(_("bytes"))
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("post image")
        verbose_name_plural = _("post images")
        ordering = ["-id"]
        indexes = [models.Index(fields=["uploader", "-created_at"])]

    def __str__(self) -> str:
        return self.file.name or ""
