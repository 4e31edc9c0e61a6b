from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Post, Thread, Watch
from .queries import PERIODS, SORTS

BODY_HELP = _("Markdown: **bold**, *italic*, `code`, > quote, @username to mention someone.")


class BoardListForm(forms.Form):
    """The query string of a thread list."""

    sort = forms.ChoiceField(choices=[(s, s) for s in SORTS], required=False)
    period = forms.ChoiceField(choices=[(p, p) for p in PERIODS], required=False)
    page = forms.IntegerField(min_value=1, max_value=100_000, required=False)

    def clean(self):
        data = super().clean()
        data["sort"] = data.get("sort") or "latest"
        data["period"] = data.get("period") or "all"
        data["page"] = data.get("page") or 1
        return data


class ThreadPageForm(forms.Form):
    page = forms.IntegerField(min_value=1, max_value=1_000_000, required=False)
    quote = forms.IntegerField(min_value=1, required=False)


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=Thread._meta.get_field("title").max_length)
    body = forms.CharField(
        label=_("Message"),
        max_length=Post._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=BODY_HELP,
    )


class PostForm(forms.Form):
    """A reply, possibly quoting a post of the same thread."""

    body = forms.CharField(
        label=_("Your reply"),
        max_length=Post._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=BODY_HELP,
    )
    quote = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, thread: Thread, *args, **kwargs) -> None:
        self.thread = thread
        super().__init__(*args, **kwargs)

    def clean_quote(self) -> Post | None:
        quote = self.cleaned_data.get("quote")
        if quote is None:
            return None
        post = self.thread.posts.filter(pk=quote, deleted_at__isnull=True).first()
        if post is None:
            raise forms.ValidationError(_("The quoted post is not in this thread."))
        return post


class EditPostForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=Post._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=BODY_HELP,
    )


class LikeForm(forms.Form):
    liked = forms.BooleanField(required=False)


class WatchForm(forms.Form):
    level = forms.ChoiceField(
        choices=[*Watch.Level.choices, ("none", _("Not watching"))],
    )


def quote_text(post: Post) -> str:
    """A reply's opening: the quoted post as Markdown, signed with a mention."""
    lines = "\n".join(f"> {line}" for line in post.body.splitlines())
    return f"@{post.author.username}\n{lines}\n\n"


class ImageUploadForm(forms.Form):
    """An image for a post; the file is checked and re-encoded by the action."""

    image = forms.FileField(
        label=_("Image"),
        help_text=_("A JPEG, PNG, GIF or WebP image."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}),
    )
    alt = forms.CharField(
        label=_("Description"),
        max_length=100,
        required=False,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
