"""Releases in the admin: each product's release rhythm and its teams to
edit; releases, changelogs, reports, awards and credits to read. Releases
are drafted, scheduled and published on their pages, through the actions,
so every change is in the activity log and publishing ships ideas, credits
co-creators and tells testers."""

from django.contrib import admin

from .models import (
    ChangelogEntry,
    ExperienceReport,
    FeatureAward,
    ProductReleaseSettings,
    Release,
    ReleaseCredit,
    ReportPick,
    ReportProblem,
    Team,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by actions only: staff read them here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ProductReleaseSettings)
class ProductReleaseSettingsAdmin(admin.ModelAdmin):
    """The weekly rhythm (day, time, time zone), when report windows close,
    and the four grids' wording."""

    list_display = (
        "product",
        "release_weekday",
        "release_time",
        "time_zone",
        "report_closes_weekday",
    )
    list_select_related = ("product",)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "name_zh", "product", "slug", "award_count")
    list_filter = ("product",)
    list_select_related = ("product",)
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("award_count",)
    search_fields = ("name", "name_zh", "slug")


class EntryInline(ReadOnlyInline):
    model = ChangelogEntry
    fields = ("position", "kind", "title", "title_zh", "team", "liked_count", "disliked_count")


class CreditInline(ReadOnlyInline):
    model = ReleaseCredit
    fields = ("member", "role", "created_at")


@admin.register(Release)
class ReleaseAdmin(ReadOnlyAdmin):
    list_display = (
        "version",
        "product",
        "channel",
        "status",
        "release_date",
        "published_at",
        "report_count",
        "audience_count",
    )
    list_filter = ("product", "channel", "status")
    list_select_related = ("product",)
    search_fields = ("version", "codename")
    date_hierarchy = "release_date"
    inlines = [EntryInline, CreditInline]


@admin.register(ChangelogEntry)
class ChangelogEntryAdmin(ReadOnlyAdmin):
    list_display = ("title", "release", "kind", "team", "liked_count", "disliked_count")
    list_filter = ("kind", "release__product")
    list_select_related = ("release", "team")
    search_fields = ("title", "title_zh")


class PickInline(ReadOnlyInline):
    model = ReportPick
    fields = ("entry", "liked")


class ProblemInline(ReadOnlyInline):
    model = ReportProblem
    fields = ("text", "severity", "screenshot")


@admin.register(ExperienceReport)
class ExperienceReportAdmin(ReadOnlyAdmin):
    list_display = ("release", "member", "score", "created_at", "updated_at")
    list_filter = ("score", "release__product")
    list_select_related = ("release", "member")
    search_fields = ("member__username", "release__version")
    inlines = [PickInline, ProblemInline]


@admin.register(FeatureAward)
class FeatureAwardAdmin(ReadOnlyAdmin):
    list_display = ("release", "entry", "team", "net_liking", "awarded_at")
    list_select_related = ("release", "entry", "team")


@admin.register(ReleaseCredit)
class ReleaseCreditAdmin(ReadOnlyAdmin):
    list_display = ("release", "member", "role", "created_at")
    list_filter = ("role",)
    list_select_related = ("release", "member")
    search_fields = ("member__username", "release__version")
