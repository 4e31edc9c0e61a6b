"""The four-grid report form: picks among the release's changelog, comments,
up to three problems with screenshots, what the member wants next (words, or
an idea of the product by number or link) and a score from 1 to 5.

It only validates; `report_input()` hands the action a `ReportIn`, which the
action checks again against the release before writing.
"""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cocreate.forum.images import make_post_image
from cocreate.ideas.models import Idea
from cocreate.ideas.queries import ideas_visible_to

from ..actions.reports import MAX_PROBLEMS, TEXT_MAX, ProblemIn, ReportIn
from ..enums import Severity
from ..models import ChangelogEntry, ExperienceReport, Release

SCORES = [(score, str(score)) for score in range(5, 0, -1)]
# "42", "#42", or an address ending in /ideas/42/.
IDEA_REFERENCE = re.compile(r"^\s*(?:#?(\d{1,18})|\S*/ideas/(\d{1,18})/?(?:[?#]\S*)?)\s*$")


def _comment(label: Any) -> forms.CharField:
    """A free-text answer under its question (no colon after a question mark)."""
    return forms.CharField(
        label=label,
        label_suffix="",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReportForm(forms.Form):
    """One form for filing and editing. Problem rows are fields named
    `problem_<n>_text`, `_severity`, `_screenshot` and `_keep` (keep the
    screenshot the report's problem at that place has), n = 1…3."""

    score = forms.TypedChoiceField(
        label=_("Overall score"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Give the build a score from 1 to 5.")},
    )
    liked = forms.TypedMultipleChoiceField(
        label=_("Liked most"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    liked_comment = _comment(_("Why these?"))
    disliked = forms.TypedMultipleChoiceField(
        label=_("Liked least"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    disliked_comment = _comment(_("What went wrong with them?"))
    want_next = _comment(_("What you want next"))
    want_next_idea = forms.CharField(
        label=_("Or an idea"),
        required=False,
        max_length=300,
        help_text=_("The number of one of this product's ideas, or its address."),
    )

    def __init__(
        self,
        *args: Any,
        release: Release,
        entries: list[ChangelogEntry],
        user: Any,
        report: ExperienceReport | None = None,
        **kwargs: Any,
    ) -> None:
        if report is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_of(report)
        super().__init__(*args, **kwargs)
        self.release, self.user, self.report = release, user, report
        self.entries = entries
        choices = [(entry.pk, entry.display_title) for entry in entries]
        self.fields["liked"].choices = choices  # type: ignore[attr-defined]
        self.fields["disliked"].choices = choices  # type: ignore[attr-defined]
        old = list(report.problems.all()) if report is not None else []
        self.problem_rows = []
        for n in range(1, MAX_PROBLEMS + 1):
            self.fields[f"problem_{n}_text"] = forms.CharField(
                label=_("Problem %(number)d") % {"number": n},
                required=False,
                max_length=TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"problem_{n}_severity"] = forms.ChoiceField(
                label=_("Severity"),
                choices=Severity.choices,
                initial=Severity.MEDIUM,
                required=False,
            )
            self.fields[f"problem_{n}_screenshot"] = forms.ImageField(
                label=_("Screenshot"), required=False
            )
            self.fields[f"problem_{n}_keep"] = forms.BooleanField(
                label=_("Keep the screenshot"), required=False, initial=True
            )
            existing = old[n - 1] if n <= len(old) else None
            self.problem_rows.append(
                {
                    "number": n,
                    "text": self[f"problem_{n}_text"],
                    "severity": self[f"problem_{n}_severity"],
                    "screenshot": self[f"problem_{n}_screenshot"],
                    "keep": self[f"problem_{n}_keep"],
                    "existing": existing.screenshot if existing and existing.screenshot else None,
                }
            )

    def entry_rows(self) -> list[dict[str, Any]]:
        """Each entry with whether it is ticked in grid 1 and in grid 2."""
        liked = {str(value) for value in (self["liked"].value() or [])}
        disliked = {str(value) for value in (self["disliked"].value() or [])}
        return [
            {"entry": entry, "liked": str(entry.pk) in liked, "disliked": str(entry.pk) in disliked}
            for entry in self.entries
        ]

    def clean_want_next_idea(self) -> Idea | None:
        text = self.cleaned_data["want_next_idea"].strip()
        if not text:
            return None
        match = IDEA_REFERENCE.match(text)
        idea = None
        if match:
            number = int(match.group(1) or match.group(2))
            idea = (
                ideas_visible_to(self.user)
                .filter(pk=number, product_id=self.release.product_id)
                .first()
            )
        if idea is None:
            raise ValidationError(
                _("No idea of this product has that number or address."), code="invalid"
            )
        return idea

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        both = set(data.get("liked") or []) & set(data.get("disliked") or [])
        if both:
            self.add_error(
                "disliked", _("An entry cannot be liked most and least at once: untick one.")
            )
        problems = []
        for n in range(1, MAX_PROBLEMS + 1):
            text = (data.get(f"problem_{n}_text") or "").strip()
            upload = data.get(f"problem_{n}_screenshot")
            if not text:
                if upload:
                    self.add_error(
                        f"problem_{n}_text", _("Say what went wrong with this screenshot.")
                    )
                continue
            screenshot = None
            if upload:
                try:
                    screenshot = make_post_image(upload)
                except ValidationError as error:
                    self.add_error(f"problem_{n}_screenshot", error)
                    continue
            problems.append(
                ProblemIn(
                    text=text,
                    severity=data.get(f"problem_{n}_severity") or Severity.MEDIUM,
                    screenshot=screenshot,
                    keep_screenshot_of=n - 1 if data.get(f"problem_{n}_keep") else None,
                )
            )
        data["problems"] = problems
        return data

    def report_input(self) -> ReportIn:
        data = self.cleaned_data
        return ReportIn(
            score=data["score"],
            liked=list(data["liked"]),
            disliked=list(data["disliked"]),
            liked_comment=data["liked_comment"],
            disliked_comment=data["disliked_comment"],
            problems=data["problems"],
            want_next=data["want_next"],
            want_next_idea=data["want_next_idea"],
        )


def initial_of(report: ExperienceReport) -> dict[str, Any]:
    """The form's values for an existing report (its picks and problems
    prefetched by queries.report_of)."""
    picks = list(report.picks.all())
    initial: dict[str, Any] = {
        "score": report.score,
        "liked": [pick.entry_id for pick in picks if pick.liked],
        "disliked": [pick.entry_id for pick in picks if not pick.liked],
        "liked_comment": report.liked_comment,
        "disliked_comment": report.disliked_comment,
        "want_next": report.want_next,
        "want_next_idea": str(report.want_next_idea_id or ""),
    }
    for n, problem in enumerate(report.problems.all(), start=1):
        initial[f"problem_{n}_text"] = problem.text
        initial[f"problem_{n}_severity"] = problem.severity
    return initial
