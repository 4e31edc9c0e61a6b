"""Beta programs in the admin: staff create and edit programs (eligibility,
capacity, the participation rules' numbers). The counters, risk statements,
applications, memberships, evaluations and bugs change on the site, through
the actions, so each change is in the activity log and told to the member;
here staff read them."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cocreate.ideas.admin import ReadOnlyAdmin

from .models import (
    BetaApplication,
    BetaEvaluation,
    BetaMembership,
    BetaProgram,
    BugReport,
    RiskStatement,
)


@admin.register(BetaProgram)
class BetaProgramAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "product",
        "channel",
        "kind",
        "is_active",
        "capacity",
        "member_count",
        "waitlist_count",
        "pending_count",
    )
    list_filter = ("product", "channel", "kind", "is_active")
    search_fields = ("name", "name_zh", "slug")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("member_count", "waitlist_count", "pending_count", "created_at")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "product",
                    "channel",
                    "slug",
                    "name",
                    "name_zh",
                    "description",
                    "description_zh",
                )
            },
        ),
        (
            _("Applications"),
            {
                "fields": (
                    "kind",
                    "is_active",
                    "capacity",
                    "min_level",
                    "min_tier",
                    "min_account_days",
                )
            },
        ),
        (
            _("Participation rules"),
            {
                "fields": (
                    "time_zone",
                    "requires_report_each_release",
                    "min_feedback_posts",
                    "exempt_days",
                    "warn_hours",
                    "removed_cooldown_days",
                    "left_cooldown_days",
                )
            },
        ),
        (
            _("Counts"),
            {"fields": ("member_count", "waitlist_count", "pending_count", "created_at")},
        ),
    )


@admin.register(RiskStatement)
class RiskStatementAdmin(ReadOnlyAdmin):
    list_display = ("program", "version", "created_at")
    list_filter = ("program",)


@admin.register(BetaApplication)
class BetaApplicationAdmin(ReadOnlyAdmin):
    list_display = ("member", "program", "status", "created_at", "decided_at")
    list_filter = ("program", "status")
    search_fields = ("member__username",)


@admin.register(BetaMembership)
class BetaMembershipAdmin(ReadOnlyAdmin):
    list_display = ("member", "program", "status", "joined_at", "ended_at", "may_reapply_at")
    list_filter = ("program", "status", "end_reason")
    search_fields = ("member__username",)


@admin.register(BetaEvaluation)
class BetaEvaluationAdmin(ReadOnlyAdmin):
    list_display = ("program", "period_end", "warned_count", "kept_count", "removed_count")
    list_filter = ("program",)


@admin.register(BugReport)
class BugReportAdmin(ReadOnlyAdmin):
    list_display = ("title", "release", "reporter", "severity", "status", "created_at")
    list_filter = ("status", "severity")
    search_fields = ("title",)
