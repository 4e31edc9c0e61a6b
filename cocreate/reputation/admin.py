from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import actions
from .enums import RequestStatus, Tier
from .models import (
    CertificationRequest,
    Medal,
    MedalGrant,
    MemberStats,
    PointsEntry,
    PointsRule,
    TierChange,
)
from .queries import stats_for


@admin.register(PointsRule)
class PointsRuleAdmin(admin.ModelAdmin):
    list_display = ["verb", "who", "points", "daily_cap", "is_active", "description"]
    list_editable = ["points", "daily_cap", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["verb", "description"]


class GrantForm(forms.ModelForm):
    """Staff grant or deduct points: validated by the same rule the API uses."""

    class Meta:
        model = PointsEntry
        fields = ["member", "points", "reason"]

    def clean(self):
        cleaned = super().clean()
        actions.check_grant(points=cleaned.get("points") or 0, reason=cleaned.get("reason") or "")
        return cleaned


@admin.register(PointsEntry)
class PointsEntryAdmin(admin.ModelAdmin):
    """The ledger is append-only: staff add grants here, nothing is edited."""

    form = GrantForm
    list_display = ["created_at", "member", "points", "verb", "product", "reason", "granted_by"]
    list_filter = ["verb"]
    search_fields = ["member__username", "reason"]
    autocomplete_fields = ["member"]
    list_select_related = ["member", "product", "granted_by"]
    date_hierarchy = "created_at"

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        entry = actions.grant_points(
            form.cleaned_data["member"],
            points=form.cleaned_data["points"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
        obj.pk = entry.pk


@admin.register(MemberStats)
class MemberStatsAdmin(admin.ModelAdmin):
    list_display = [
        "member", "points", "level", "tier", "tier_locked", "posts", "likes_received",
        "days_visited", "medals",
    ]  # fmt: skip
    list_filter = ["tier", "tier_locked", "level"]
    search_fields = ["member__username", "member__display_name"]
    list_select_related = ["member"]
    readonly_fields = [
        "member", "points", "level", "tier", "tier_locked", "threads", "posts", "likes_given",
        "likes_received", "days_visited", "last_visit_date", "flags_agreed", "medals",
    ]  # fmt: skip
    actions = ["lock", "unlock"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Lock tier (no automatic promotion)"))
    def lock(self, request, queryset):
        for stats in queryset.select_related("member"):
            actions.lock_tier(stats.member, locked=True, actor=request.user)

    @admin.action(description=_("Unlock tier"))
    def unlock(self, request, queryset):
        for stats in queryset.select_related("member"):
            actions.lock_tier(stats.member, locked=False, actor=request.user)


class TierChangeForm(forms.ModelForm):
    class Meta:
        model = TierChange
        fields = ["member", "tier", "reason"]

    def clean(self):
        cleaned = super().clean()
        member = cleaned.get("member")
        if member is not None and stats_for(member).tier == cleaned.get("tier"):
            raise ValidationError(_("The member already has this tier."))
        return cleaned


@admin.register(TierChange)
class TierChangeAdmin(admin.ModelAdmin):
    """The history, and the place staff grant a tier: adding a row here calls
    the same action automatic promotion uses."""

    list_display = ["created_at", "member", "previous", "tier", "changed_by", "reason"]
    list_filter = ["tier"]
    search_fields = ["member__username"]
    autocomplete_fields = ["member"]
    list_select_related = ["member", "changed_by"]
    form = TierChangeForm

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        member = form.cleaned_data["member"]
        actions.change_tier(
            member, tier=Tier(form.cleaned_data["tier"]), actor=request.user, reason=obj.reason
        )
        obj.pk = TierChange.objects.filter(member=member).values_list("pk", flat=True).first()


@admin.register(Medal)
class MedalAdmin(admin.ModelAdmin):
    list_display = ["icon", "name", "slug", "criteria", "holder_count", "is_active", "position"]
    list_display_links = ["name"]
    list_editable = ["is_active", "position"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["holder_count"]


@admin.register(MedalGrant)
class MedalGrantAdmin(admin.ModelAdmin):
    list_display = ["granted_at", "member", "medal"]
    list_filter = ["medal"]
    search_fields = ["member__username"]
    list_select_related = ["member", "medal"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CertificationRequest)
class CertificationRequestAdmin(admin.ModelAdmin):
    list_display = ["created_at", "member", "status", "message", "decided_by"]
    list_filter = ["status"]
    search_fields = ["member__username"]
    list_select_related = ["member", "decided_by"]
    readonly_fields = ["member", "message", "status", "decided_by", "decided_at"]
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False

    def _decide(self, request, queryset, *, approve: bool) -> None:
        pending = queryset.filter(status=RequestStatus.PENDING).select_related("member")
        decided = sum(
            actions.decide_certification(item, approve=approve, actor=request.user)
            for item in pending
        )
        self.message_user(request, _("%(n)d requests decided.") % {"n": decided}, messages.SUCCESS)

    @admin.action(description=_("Approve: certify the members"))
    def approve(self, request, queryset):
        self._decide(request, queryset, approve=True)

    @admin.action(description=_("Reject"))
    def reject(self, request, queryset):
        self._decide(request, queryset, approve=False)
