from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """One searchable thing as the index holds it: what is shown of it (the
    original title, context and text, for results and highlighted snippets),
    what is searched (the same text cut into tokens by `segment`), and what
    results are filtered by.

    Only what everyone may read is here: a document that becomes hidden or
    deleted leaves the table. The full-text structure beside it is the
    database's own — an FTS5 table kept by triggers on SQLite, a generated
    `tsvector` column with a GIN index on PostgreSQL — created by migration
    0002 (see `backends`)."""

    kind = models.CharField(_("kind"), max_length=20)
    object_id = models.PositiveBigIntegerField(_("object id"))
    product = models.ForeignKey(
        "forum.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    status = models.CharField(_("status"), max_length=32, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField(_("created"))
    url = models.CharField(_("address"), max_length=500)
    title = models.CharField(_("title"), max_length=300, blank=True)
    context = models.CharField(_("context"), max_length=300, blank=True)
    text = models.TextField(_("text"), blank=True)
    title_tokens = models.TextField(_("title tokens"), blank=True)
    body_tokens = models.TextField(_("text tokens"), blank=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
