from django.contrib import admin

from .models import Board, Post, PostImage, Product, Thread


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("name", "name_zh", "slug", "position", "is_active")
    list_editable = ("position", "is_active")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name", "name_zh")


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "product",
        "slug",
        "position",
        "staff_only_threads",
        "thread_count",
        "post_count",
    )
    list_filter = ("product", "staff_only_threads")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("thread_count", "post_count", "last_post_at")
    search_fields = ("name", "name_zh")


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    """Read and find; changes go through the forum's pages and actions."""

    list_display = (
        "title",
        "board",
        "author",
        "created_at",
        "reply_count",
        "like_count",
        "is_pinned",
        "is_locked",
        "deleted_at",
    )
    list_filter = ("board", "is_pinned", "is_locked", "has_official_reply", "deleted_at")
    list_select_related = ("board", "author")
    search_fields = ("title",)
    raw_id_fields = ("author", "last_poster")
    readonly_fields = (
        "board",
        "author",
        "title",
        "created_at",
        "last_post_at",
        "last_poster",
        "last_number",
        "reply_count",
        "like_count",
        "view_count",
        "hot_score",
        "is_pinned",
        "is_locked",
        "has_official_reply",
        "deleted_at",
    )
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "thread",
        "author",
        "created_at",
        "is_official",
        "like_count",
        "deleted_at",
    )
    list_filter = ("is_official", "deleted_at")
    list_select_related = ("thread", "author")
    search_fields = ("body", "author__username")
    readonly_fields = (
        "thread",
        "author",
        "body",
        "number",
        "created_at",
        "edited_at",
        "deleted_at",
        "is_official",
        "like_count",
        "quoted_post",
    )

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(PostImage)
class PostImageAdmin(admin.ModelAdmin):
    """Uploaded images, to find and remove one; uploads come only through the site."""

    list_display = ("file", "uploader", "width", "height", "bytes", "created_at")
    list_select_related = ("uploader",)
    search_fields = ("file", "uploader__username")
    readonly_fields = ("uploader", "file", "width", "height", "bytes", "created_at")
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
