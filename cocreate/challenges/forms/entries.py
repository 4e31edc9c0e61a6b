"""HTML input for entries: text, several images and files per field, the
IP terms, team invitations, scores. Uploads are checked and re-encoded here
(entry_uploads), so a bad file is a form error before anything is written."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..actions.entries import DESCRIPTION_MAX, MAX_FILES, MAX_IMAGES, REASON_MAX, TITLE_MAX
from ..entry_uploads import make_entry_file, make_entry_image
from ..models import MAX_SCORE


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleUploadField(forms.FileField):
    """Several files in one field; each is made into what `prepare` returns."""

    def __init__(self, *, prepare, limit: int, **kwargs):
        self.prepare, self.limit = prepare, limit
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = (
            [upload for upload in (data or []) if upload]
            if isinstance(data, list)
            else ([data] if data else [])
        )
        if len(uploads) > self.limit:
            raise ValidationError(
                _("Choose at most %(max)d files here.") % {"max": self.limit}, code="too_many"
            )
        errors, prepared = [], []
        for upload in uploads:
            try:
                prepared.append(self.prepare(upload))
            except ValidationError as refused:
                errors.extend(refused.messages)
        if errors:
            raise ValidationError(errors)
        return prepared


class EntryTextForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown: **bold**, *italic*, lists and links."),
    )


def _images_field(label: str) -> MultipleUploadField:
    return MultipleUploadField(
        prepare=make_entry_image,
        limit=MAX_IMAGES,
        label=label,
        help_text=_("JPEG, PNG, GIF or WebP, up to six. The first is the gallery's picture."),
        widget=MultipleFileInput(attrs={"accept": "image/*"}),
    )


def _files_field() -> MultipleUploadField:
    return MultipleUploadField(
        prepare=make_entry_file,
        limit=MAX_FILES,
        label=_("Files"),
        help_text=_("Up to five: PDF, ZIP, PNG, JPEG, or plain text (.txt, .md)."),
    )


class EnterForm(EntryTextForm):
    images = _images_field(_("Images"))
    files = _files_field()
    accept_terms = forms.BooleanField(
        label=_("I accept the challenge's IP terms for this entry."), required=True
    )


class EditEntryForm(EntryTextForm):
    new_images = _images_field(_("Add images"))
    new_files = _files_field()
    remove_images = forms.TypedMultipleChoiceField(
        label=_("Remove images"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    remove_files = forms.TypedMultipleChoiceField(
        label=_("Remove files"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    image_order = forms.CharField(
        label=_("Order of the images"),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, entry, **kwargs):
        super().__init__(*args, **kwargs)
        images = list(entry.images.all())
        self.fields["remove_images"].choices = [(i.pk, i.pk) for i in images]
        self.fields["remove_files"].choices = [(f.pk, f.name) for f in entry.files.all()]
        self.initial.setdefault("image_order", ",".join(str(i.pk) for i in images))

    def clean_image_order(self) -> list[int]:
        raw = self.cleaned_data.get("image_order") or ""
        try:
            return [int(part) for part in raw.split(",") if part.strip()]
        except ValueError as exc:
            raise ValidationError(_("The order of the images is not readable.")) from exc


class InviteForm(forms.Form):
    username = forms.CharField(label=_("Member's username"), max_length=150)
    share = forms.DecimalField(
        label=_("Their share (%)"), min_value=0.01, max_value=99.99, decimal_places=2
    )


class ScoreForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Your score"),
        coerce=int,
        choices=[(n, str(n)) for n in range(MAX_SCORE + 1)],
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX)
