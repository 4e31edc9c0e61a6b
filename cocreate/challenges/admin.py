"""Challenges in the admin.

Judging: criteria, judges, judgements and awards change on the jury's pages,
through the actions (criteria lock once judged, a judge's conflicts are
refused, jury scores and the ledger are kept exact, every change is in the
activity log); here staff read them."""

from django.contrib import admin

from cocreate.ideas.admin import ReadOnlyAdmin

from .models import Adoption, Award, Criterion, Judge, Judgement, LedgerEntry, SalesPeriod

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


class RoyaltyReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Adoption)
class AdoptionAdmin(RoyaltyReadOnlyAdmin):
    list_display = ["product_name", "entry", "product", "royalty_rate", "currency", "adopted_at"]
    list_select_related = ["entry", "product"]
    search_fields = ["product_name", "entry__title"]


@admin.register(SalesPeriod)
class SalesPeriodAdmin(RoyaltyReadOnlyAdmin):
    list_display = ["adoption", "starts_on", "ends_on", "units", "revenue", "royalty"]
    list_select_related = ["adoption"]
    date_hierarchy = "starts_on"


@admin.register(LedgerEntry)
class LedgerEntryAdmin(RoyaltyReadOnlyAdmin):
    list_display = ["member", "kind", "entry", "share", "amount", "currency", "paid_at"]
    list_filter = ["kind", "currency", ("paid_at", admin.EmptyFieldListFilter)]
    list_select_related = ["member", "entry"]
    search_fields = ["member__username", "entry__title"]
