"""Challenges in the admin.

Judging: criteria, judges, judgements and awards change on the jury's pages,
through the actions (criteria lock once judged, a judge's conflicts are
refused, jury scores and the ledger are kept exact, every change is in the
activity log); here staff read them.

Challenges: staff read and correct a challenge with its prize table
and attachments here; drafting, publishing and closing go through the
challenge pages, so each change is checked and in the activity log.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cocreate.ideas.admin import ReadOnlyAdmin

from .actions.challenges import TEXT_FIELDS, check_time_zone, check_timeline, render_texts
from .models import (
    Adoption,
    Award,
    Challenge,
    ChallengeAttachment,
    Criterion,
    Entry,
    EntryFile,
    EntryImage,
    EntryMember,
    Judge,
    Judgement,
    LedgerEntry,
    Prize,
    SalesPeriod,
    Score,
)

# Judging ------------------------------------------------------------------------------


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyAdmin):
    list_display = ("name", "challenge", "weight", "position")
    list_filter = ("challenge",)


@admin.register(Judge)
class JudgeAdmin(ReadOnlyAdmin):
    list_display = ("member", "challenge", "created_at")
    list_filter = ("challenge",)
    list_select_related = ("member", "challenge")


@admin.register(Judgement)
class JudgementAdmin(ReadOnlyAdmin):
    list_display = ("entry", "judge", "criterion", "value", "updated_at")
    list_filter = ("entry__challenge",)
    list_select_related = ("entry", "judge", "criterion")


@admin.register(Award)
class AwardAdmin(ReadOnlyAdmin):
    list_display = ("entry", "prize", "challenge", "confirmed_by", "created_at")
    list_filter = ("challenge",)
    list_select_related = ("entry", "prize", "challenge", "confirmed_by")


# Adoptions and royalties ---------------------------------------------------------
# Read only: adoptions, sales periods and ledger rows are written by
# actions.royalties (on the adoption and ledger pages), so every one is in
# the activity log and the creators' rows always add up to the royalty.


@admin.register(Adoption)
class AdoptionAdmin(ReadOnlyAdmin):
    list_display = ["product_name", "entry", "product", "royalty_rate", "currency", "adopted_at"]
    list_select_related = ["entry", "product"]
    search_fields = ["product_name", "entry__title"]


@admin.register(SalesPeriod)
class SalesPeriodAdmin(ReadOnlyAdmin):
    list_display = ["adoption", "starts_on", "ends_on", "units", "revenue", "royalty"]
    list_select_related = ["adoption"]
    date_hierarchy = "starts_on"


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["member", "kind", "entry", "share", "amount", "currency", "paid_at"]
    list_filter = ["kind", "currency", ("paid_at", admin.EmptyFieldListFilter)]
    list_select_related = ["member", "entry"]
    search_fields = ["member__username", "entry__title"]


# Challenges ---------------------------------------------------------------------


class PrizeInline(admin.TabularInline):
    model = Prize
    extra = 0
    autocomplete_fields = ()
    fields = ("rank", "label", "label_zh", "cash", "currency", "points", "medal")


class ChallengeAttachmentInline(admin.TabularInline):
    model = ChallengeAttachment
    extra = 0
    fields = ("name", "file", "size", "created_at")
    readonly_fields = ("size", "created_at")


class ChallengeAdminForm(forms.ModelForm):
    """The same timeline and time-zone rules as the challenge form."""

    def clean(self):
        data = super().clean()
        try:
            check_time_zone(data.get("time_zone") or "")
            if all(
                data.get(name) for name in ("opens_at", "submissions_close_at", "judging_closes_at")
            ):
                check_timeline(
                    data.get("kind") or "",
                    data["opens_at"],
                    data["submissions_close_at"],
                    data.get("scoring_closes_at"),
                    data["judging_closes_at"],
                )
        except ValidationError as refused:
            raise forms.ValidationError(refused.messages[0], code=refused.code) from None
        return data


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    form = ChallengeAdminForm
    list_display = (
        "name",
        "product",
        "kind",
        "status",
        "opens_at",
        "submissions_close_at",
        "entry_count",
    )
    list_filter = ("status", "kind", "product")
    list_select_related = ("product",)
    search_fields = ("name", "name_zh", "slug")
    date_hierarchy = "opens_at"
    readonly_fields = (
        "status",
        "entry_count",
        "score_count",
        "announced_at",
        "closed_at",
        "created_by",
        "created_at",
        "updated_at",
    )
    inlines = (PrizeInline, ChallengeAttachmentInline)
    fieldsets = (
        (None, {"fields": ("product", "kind", "status", "slug", "name", "name_zh", "cover")}),
        (
            _("Texts"),
            {
                "fields": (
                    "description",
                    "description_zh",
                    "brief",
                    "brief_zh",
                    "rules",
                    "rules_zh",
                    "ip_terms",
                    "ip_terms_zh",
                )
            },
        ),
        (
            _("Timeline"),
            {
                "fields": (
                    "time_zone",
                    "opens_at",
                    "submissions_close_at",
                    "scoring_closes_at",
                    "judging_closes_at",
                    "announced_at",
                    "closed_at",
                )
            },
        ),
        (_("Eligibility"), {"fields": ("min_level", "min_tier", "min_account_days")}),
        (
            _("Scoring and ranking"),
            {
                "fields": (
                    "hide_scores_until_closed",
                    "weight_by_tier",
                    "jury_share",
                    "prior_mean",
                    "prior_votes",
                    "royalty_rate",
                )
            },
        ),
        (
            _("Counters"),
            {"fields": ("entry_count", "score_count", "created_by", "created_at", "updated_at")},
        ),
    )

    def save_model(self, request, obj, form, change):
        render_texts(obj, [*TEXT_FIELDS, *(f"{name}_zh" for name in TEXT_FIELDS)])
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


# Entries -------------------------------------------------------------------------

# Entries: written on the site through the actions (entering, editing,
# teams, scores, voiding), so each change is logged and counted; staff read
# them here.


class EntryImageInline(admin.TabularInline):
    model = EntryImage
    extra = 0
    can_delete = False
    fields = ("position", "image", "thumbnail", "width", "height")
    readonly_fields = fields


class EntryFileInline(admin.TabularInline):
    model = EntryFile
    extra = 0
    can_delete = False
    fields = ("name", "file", "size", "content_type")
    readonly_fields = fields


class EntryMemberInline(admin.TabularInline):
    model = EntryMember
    extra = 0
    can_delete = False
    fields = ("member", "share", "status", "is_author", "invited_at", "answered_at")
    readonly_fields = fields


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = (
        "title",
        "challenge",
        "author",
        "status",
        "score_count",
        "community_score",
        "flagged_count",
        "created_at",
    )
    list_filter = ("status", "challenge")
    search_fields = ("title", "author__username")
    list_select_related = ("challenge", "author")
    inlines = (EntryImageInline, EntryFileInline, EntryMemberInline)


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    list_display = ("entry", "member", "value", "weight", "flag", "is_void", "created_at")
    list_filter = ("flag", "is_void")
    list_select_related = ("entry", "member")
    raw_id_fields = ("entry", "member", "challenge", "voided_by")
