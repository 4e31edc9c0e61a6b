"""What moderation pages accept. Forms validate input and never save; the
permission checks and the writes are the view's, through permissions.py and
actions.py."""

import re
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from cocreate.forum.models import Board, Post, Thread
from cocreate.forum.queries import boards

from .enums import FlagReason, Outcome
from .models import Flag, Guidelines, Review
from .permissions import MAX_SUSPENSION_DAYS

REASON_MAX_LENGTH = Review._meta.get_field("reason").max_length
PICK_AN_ACTION = _("That action does not apply here now: reload the page and pick another.")


def reason_field(label: Any = None, *, help_text: Any = None) -> forms.CharField:
    """The reason every moderator action carries; shown in the public log."""
    return forms.CharField(
        label=label or _("Reason"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=help_text or _("Shown in the public moderation log."),
    )


class BoardFilterForm(forms.Form):
    """The query string of the queue and the log: an optional board and a page."""

    board = forms.ModelChoiceField(
        queryset=Board.objects.none(),
        to_field_name="slug",
        required=False,
        label=_("Board"),
        empty_label=_("All boards"),
        error_messages={"invalid_choice": _("There is no board with this address.")},
    )
    page = forms.IntegerField(min_value=1, max_value=100_000, required=False)

    def __init__(self, *args: Any, boards: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = boards


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this post?"),
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Details for the moderators"),
        max_length=Flag._meta.get_field("text").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only moderators read this. Required for “Something else”."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("reason") == FlagReason.OTHER and not data.get("text"):
            self.add_error("text", _("Tell the moderators what is wrong with the post."))
        return data


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    reason = reason_field(help_text=_("Shown in the public log and to the post's author."))


class PostToolsForm(forms.Form):
    """Hide, restore or delete one post; the choices are the ones that apply
    to the post as it is now."""

    action = forms.ChoiceField(choices=[], error_messages={"invalid_choice": PICK_AN_ACTION})
    reason = reason_field()

    def __init__(self, post: Post, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hide_or_restore = ("restore", _("Show again")) if post.hidden_at else ("hide", _("Hide"))
        self.fields["action"].choices = [hide_or_restore, ("delete", _("Delete"))]


MERGE_TARGET = re.compile(r"^\s*#?(\d+)\s*$|/t/(\d+)(?:[/?#]|$)")


class ThreadToolsForm(forms.Form):
    """Pin, lock, move or merge one thread, with a reason."""

    action = forms.ChoiceField(choices=[], error_messages={"invalid_choice": PICK_AN_ACTION})
    reason = reason_field()
    board = forms.ModelChoiceField(
        queryset=Board.objects.none(),
        required=False,
        label=_("Move to board"),
        error_messages={"invalid_choice": _("Choose one of the boards in the list.")},
    )
    into = forms.CharField(
        label=_("Merge into thread"),
        required=False,
        max_length=300,
        help_text=_("The number of the thread to merge into, or its address."),
    )

    def __init__(self, thread: Thread, *args: Any, movable_to: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.thread = thread
        self.fields["action"].choices = [
            ("unpin", _("Unpin")) if thread.is_pinned else ("pin", _("Pin")),
            ("unlock", _("Unlock")) if thread.is_locked else ("lock", _("Lock")),
            ("move", _("Move")),
            ("merge", _("Merge")),
        ]
        # Any other board validates (so a refusal explains itself); the list
        # offers the boards the moderator can move to.
        self.fields["board"].queryset = boards().exclude(pk=thread.board_id)
        self.fields["board"].widget.choices = [
            ("", _("Choose a board")),
            *[(board.pk, board.display_name) for board in movable_to],
        ]

    def clean_into(self) -> Thread | None:
        text = self.cleaned_data.get("into", "")
        if not text:
            return None
        match = MERGE_TARGET.search(text)
        if match is None:
            raise forms.ValidationError(
                _("Give the thread's number (like 123) or its address (like /forum/t/123/).")
            )
        pk = int(match.group(1) or match.group(2))
        if pk == self.thread.pk:
            raise forms.ValidationError(_("A thread cannot be merged into itself."))
        into = Thread.objects.select_related("board").filter(pk=pk, deleted_at__isnull=True).first()
        if into is None:
            raise forms.ValidationError(_("There is no thread number %(number)d.") % {"number": pk})
        return into

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        action = data.get("action")
        if action == "move" and not data.get("board") and "board" not in self.errors:
            self.add_error("board", _("Choose the board to move the thread to."))
        if action == "merge" and not data.get("into") and "into" not in self.errors:
            self.add_error("into", _("Give the thread to merge into."))
        return data


class MemberActionForm(forms.Form):
    """Warn or suspend a member, or lift their suspension."""

    action = forms.ChoiceField(
        choices=[("warn", _("Warn")), ("suspend", _("Suspend")), ("lift", _("Lift suspension"))],
        error_messages={"invalid_choice": PICK_AN_ACTION},
    )
    days = forms.IntegerField(
        label=_("Days"),
        min_value=1,
        max_value=MAX_SUSPENSION_DAYS,
        required=False,
        help_text=_("They can read everything and write nothing until then."),
    )
    reason = reason_field(help_text=_("The member reads it; the public log shows it."))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("action") == "suspend" and not data.get("days") and "days" not in self.errors:
            self.add_error("days", _("Say for how many days."))
        return data


class PostContextForm(forms.Form):
    """`?post=<id>`: the post a board moderator acts from."""

    post = forms.IntegerField(min_value=1, required=False)


class ModeratorForm(forms.Form):
    """Appoint a member to a board, or dismiss them from it."""

    action = forms.ChoiceField(
        choices=[("appoint", _("Appoint")), ("dismiss", _("Dismiss"))],
        error_messages={"invalid_choice": PICK_AN_ACTION},
    )
    username = forms.CharField(label=_("Member's username"), max_length=150)
    board = forms.ModelChoiceField(
        queryset=Board.objects.none(),
        label=_("Board"),
        empty_label=_("Choose a board"),
        error_messages={"invalid_choice": _("Choose one of the boards in the list.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = boards().order_by("position", "name")

    def clean_username(self) -> Any:
        username = self.cleaned_data["username"].strip().lstrip("@")
        member = (
            get_user_model()
            .objects.filter(username__iexact=username, is_active=True, deleted_at__isnull=True)
            .first()
        )
        if member is None:
            raise forms.ValidationError(
                _("No member is called “%(username)s”.") % {"username": username}
            )
        return member


class AcceptGuidelinesForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


class PublishGuidelinesForm(forms.Form):
    body = forms.CharField(
        label=_("Guidelines (Markdown)"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    body_zh = forms.CharField(
        label=_("Guidelines in Chinese (Markdown)"),
        max_length=50_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Chinese readers see the English text when this is empty."),
    )
    changes = forms.CharField(
        label=_("What changed"),
        max_length=Guidelines._meta.get_field("changes").max_length,
        required=False,
        help_text=_("One sentence members read before accepting the new version."),
    )
    changes_zh = forms.CharField(
        label=_("What changed (Chinese)"),
        max_length=Guidelines._meta.get_field("changes_zh").max_length,
        required=False,
    )
