"""Challenges in the admin."""

from django.contrib import admin

from cocreate.ideas.admin import ReadOnlyAdmin

from .models import Entry, EntryFile, EntryImage, EntryMember, Score

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


# Entries end.
