from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


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
        return self.name_zh if self.name_zh and _is_chinese() else self.name

    @property
    def display_description(self) -> str:
        return self.description_zh if self.description_zh and _is_chinese() else self.description


def _is_chinese() -> bool:
    return (get_language() or "").startswith("zh")


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
