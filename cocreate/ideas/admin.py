"""Ideas in the admin: tags and each product's idea settings (the support
threshold) to edit; ideas, supports and status changes to read. Statuses
change and duplicates merge on the idea's page, through the actions, so
every change is on the timeline, in the activity log and told to supporters."""

from django.contrib import admin

from cocreate.core.pagecache import bump

from .models import Idea, ProductIdeaSettings, StatusChange, Support, Tag


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by actions only: staff read them here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "name_zh", "slug", "position")
    list_editable = ("position",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name", "name_zh", "slug")


@admin.register(ProductIdeaSettings)
class ProductIdeaSettingsAdmin(admin.ModelAdmin):
    """The support threshold per product (LEGO style): N supports within D
    days send an idea to review by itself; optionally archive the others."""

    list_display = (
        "product",
        "threshold_supports",
        "threshold_days",
        "archive_unreached",
        "board",
    )
    list_editable = ("threshold_supports", "threshold_days", "archive_unreached")
    list_select_related = ("product", "board")
    fields = ("product", "board", "threshold_supports", "threshold_days", "archive_unreached")
    readonly_fields = ("board",)

    def get_readonly_fields(self, request, obj=None):
        # The product of an existing row is its identity.
        return ("product", "board") if obj is not None else ("board",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        bump("ideas")  # the idea pages tell the threshold


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    fk_name = "idea"
    fields = ("created_at", "from_status", "to_status", "actor", "response", "duplicate_of")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Idea)
class IdeaAdmin(ReadOnlyAdmin):
    list_display = ("title", "product", "author", "status", "support_count", "created_at")
    list_filter = ("status", "product", "tags")
    list_select_related = ("product", "author")
    search_fields = ("title", "author__username")
    date_hierarchy = "created_at"
    inlines = [StatusChangeInline]


@admin.register(Support)
class SupportAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "idea", "member")
    list_select_related = ("idea", "member")
    search_fields = ("member__username", "idea__title")
    raw_id_fields = ("idea", "member")
    date_hierarchy = "created_at"
