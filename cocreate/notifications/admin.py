from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Notification, Preferences


class ReadFilter(admin.SimpleListFilter):
    title = _("read")
    parameter_name = "read"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            return queryset.filter(read_at__isnull=self.value() == "no")
        return queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: notifications are written by the fan-out, and the unread
    counters stay exact only if nothing else writes them."""

    list_display = ("recipient", "kind", "actor", "count", "updated_at", "read_at")
    list_filter = ("kind", ReadFilter)
    search_fields = ("recipient__username",)
    list_select_related = ("recipient", "actor")
    raw_id_fields = ("recipient", "actor")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Preferences)
class PreferencesAdmin(admin.ModelAdmin):
    list_display = ("member", "digest", "last_digest_at", "updated_at")
    list_filter = ("digest",)
    search_fields = ("member__username",)
    list_select_related = ("member",)
    raw_id_fields = ("member",)
    filter_horizontal = ("muted",)
