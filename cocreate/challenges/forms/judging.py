"""The jury's forms: a criterion, a judge by username, the shortlist, one
entry's judgement (a score and comment per criterion) and the winners'
confirmation. They shape input; the actions hold the rules."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..actions.judging import COMMENT_MAX, MAX_WEIGHT, MIN_WEIGHT, Mark
from ..models import MAX_JUDGEMENT, Criterion, Entry, Judgement, Prize


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=80, required=False)
    description = forms.CharField(label=_("What judges look for"), max_length=300, required=False)
    description_zh = forms.CharField(
        label=_("What judges look for (Chinese)"), max_length=300, required=False
    )
    weight = forms.IntegerField(
        label=_("Weight"), min_value=MIN_WEIGHT, max_value=MAX_WEIGHT, initial=1
    )


class JudgeForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)


class ShortlistForm(forms.Form):
    entries = forms.TypedMultipleChoiceField(
        label=_("Shortlist"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, candidates: list[Entry], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entries"].choices = [(entry.pk, entry.title) for entry in candidates]


class JudgementForm(forms.Form):
    """A score (0–10) and a comment for each criterion, as `score_<id>`
    and `comment_<id>`. Criteria left blank are not scored yet."""

    def __init__(
        self,
        *args: Any,
        criteria: list[Criterion],
        given: dict[int, Judgement] | None = None,
        **kwargs: Any,
    ) -> None:
        given = given or {}
        initial = {}
        for criterion_id, judgement in given.items():
            initial[f"score_{criterion_id}"] = judgement.value
            initial[f"comment_{criterion_id}"] = judgement.comment
        super().__init__(*args, initial=initial, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=criterion.display_name,
                min_value=0,
                max_value=MAX_JUDGEMENT,
                required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"),
                max_length=COMMENT_MAX,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self) -> list[tuple[Criterion, forms.BoundField, forms.BoundField]]:
        return [
            (criterion, self[f"score_{criterion.pk}"], self[f"comment_{criterion.pk}"])
            for criterion in self.criteria
        ]

    def marks(self) -> list[Mark]:
        data = self.cleaned_data
        return [
            Mark(criterion.pk, data[f"score_{criterion.pk}"], data[f"comment_{criterion.pk}"])
            for criterion in self.criteria
            if data.get(f"score_{criterion.pk}") is not None
        ]

    def add_action_errors(self, errors: dict[str, list[str]]) -> None:
        """Put the action's `criterion_<id>` errors on the comment fields."""
        for key, messages in errors.items():
            name = key.replace("criterion_", "comment_")
            self.add_error(name if name in self.fields else None, messages)


class ConfirmForm(forms.Form):
    """Which entry takes each prize (the proposed ranking by default)."""

    despite_missing = forms.BooleanField(
        label=_("Confirm despite missing judgements"), required=False
    )

    def __init__(self, *args: Any, prizes: list[Prize], entries: list[Entry], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.prizes = prizes
        choices = [("", _("Nobody"))] + [(entry.pk, entry.title) for entry in entries]
        for prize in prizes:
            self.fields[f"prize_{prize.rank}"] = forms.TypedChoiceField(
                label=prize.display_label,
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
            )

    def prize_fields(self) -> list[tuple[Prize, forms.BoundField]]:
        return [(prize, self[f"prize_{prize.rank}"]) for prize in self.prizes]

    def names_winners(self) -> bool:
        """Whether the form says who wins (else: the proposed ranking)."""
        return any(f"prize_{prize.rank}" in self.data for prize in self.prizes)

    def assignments(self) -> dict[int, int]:
        return {
            prize.rank: self.cleaned_data[f"prize_{prize.rank}"]
            for prize in self.prizes
            if self.cleaned_data.get(f"prize_{prize.rank}") is not None
        }
