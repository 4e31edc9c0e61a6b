"""Challenges in the admin.

Judging: criteria, judges, judgements and awards change on the jury's pages,
through the actions (criteria lock once judged, a judge's conflicts are
refused, jury scores and the ledger are kept exact, every change is in the
activity log); here staff read them."""

from django.contrib import admin

from cocreate.ideas.admin import ReadOnlyAdmin

from .models import Award, Criterion, Judge, Judgement

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
