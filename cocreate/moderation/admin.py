"""Moderation in the admin: reviews, flags and the log to read; board
moderators and guidelines to add, through the same actions as the pages, so
every change writes its Activity and its line in the public log."""

from django.contrib import admin

from . import actions, permissions
from .models import Flag, Guidelines, LogEntry, ModeratorAssignment, Review


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by actions only: staff read them here, nothing else."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FlagInline(admin.TabularInline):
    model = Flag
    fields = ("created_at", "reporter", "reason", "text", "weight")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    """The queue and its history. Decisions are taken on the review queue
    page, where the post is shown beside its flags."""

    list_display = (
        "created_at",
        "post",
        "board",
        "status",
        "weight",
        "flag_count",
        "auto_hidden",
        "outcome",
        "resolved_by",
        "resolved_at",
    )
    list_filter = ("status", "auto_hidden", "outcome", "board")
    list_select_related = ("post", "board", "resolved_by")
    search_fields = ("post__body", "reason")
    date_hierarchy = "created_at"
    inlines = [FlagInline]


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "post", "reason", "reporter", "weight", "review")
    list_filter = ("reason",)
    list_select_related = ("post", "reporter", "review")
    search_fields = ("reporter__username", "text")
    date_hierarchy = "created_at"


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdmin):
    """The public moderation log, append-only."""

    list_display = ("created_at", "actor", "action", "board", "thread", "member", "reason")
    list_filter = ("action", "board")
    list_select_related = ("actor", "board", "thread", "member")
    search_fields = ("reason", "actor__username", "member__username")
    date_hierarchy = "created_at"


@admin.register(ModeratorAssignment)
class ModeratorAssignmentAdmin(admin.ModelAdmin):
    """Appoint board moderators here: adding a row appoints, deleting one
    dismisses, both through the moderation actions."""

    list_display = ("board", "member", "appointed_by", "created_at")
    list_filter = ("board",)
    list_select_related = ("board", "member", "appointed_by")
    search_fields = ("member__username", "member__display_name", "board__name")
    autocomplete_fields = ("member", "board")
    fields = ("board", "member")

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        permissions.check_manage_moderators(request.user)
        board, member = form.cleaned_data["board"], form.cleaned_data["member"]
        actions.appoint_moderator(board, member=member, actor=request.user)
        obj.pk = ModeratorAssignment.objects.get(board=board, member=member).pk

    def delete_model(self, request, obj):
        permissions.check_manage_moderators(request.user)
        actions.dismiss_moderator(obj.board, member=obj.member, actor=request.user)

    def delete_queryset(self, request, queryset):
        permissions.check_manage_moderators(request.user)
        for assignment in queryset.select_related("board", "member"):
            actions.dismiss_moderator(
                assignment.board, member=assignment.member, actor=request.user
            )


@admin.register(Guidelines)
class GuidelinesAdmin(admin.ModelAdmin):
    """Publish a new version here (every member accepts it before posting
    again); published versions stay as they were."""

    list_display = ("version", "published_at", "published_by", "changes")
    list_select_related = ("published_by",)
    fields = ("body", "body_zh", "changes", "changes_zh")
    readonly_fields = ("version", "published_at", "published_by")

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.fields
        return ("version", "published_at", "published_by", *self.fields)

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        permissions.check_publish_guidelines(request.user)
        published = actions.publish_guidelines(
            actor=request.user,
            body=form.cleaned_data["body"],
            body_zh=form.cleaned_data["body_zh"],
            changes=form.cleaned_data["changes"],
            changes_zh=form.cleaned_data["changes_zh"],
        )
        obj.pk, obj.version = published.pk, published.version
