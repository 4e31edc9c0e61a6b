"""Challenges in the admin. Each part registers its own models below."""

from django.contrib import admin

from .models import Adoption, LedgerEntry, SalesPeriod

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
