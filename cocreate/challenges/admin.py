"""Challenges in the admin.

Challenges (H1): staff read and correct a challenge with its prize table
and attachments here; drafting, publishing and closing go through the
challenge pages, so each change is checked and in the activity log."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .actions.challenges import TEXT_FIELDS, check_time_zone, check_timeline, render_texts
from .models import Challenge, ChallengeAttachment, Prize

# Challenges (H1) ---------------------------------------------------------------------


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
