"""Denormalised counters and the truth they stand for.

Actions keep counters on the rows pages read (a board's thread count, a
member's unread notifications) with F() expressions. Each app lists its
counters in its `counters.py` as COUNTERS: for each one, the rows annotated
with `stored` (the counter as kept) and `truth` (the same number computed
from the rows it counts, with one GROUP BY). The `recount` command checks
every counter of the modules in COUNTER_MODULES and, asked to, corrects them.

A new app with a counter adds one `Counter` to its own list, and its module
to COUNTER_MODULES.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from importlib import import_module
from itertools import islice

from django.db import models, transaction
from django.db.models import F

COUNTER_MODULES = [
    "cocreate.betas.counters",
    "cocreate.challenges.counters",
    "cocreate.forum.counters",
    "cocreate.ideas.counters",
    "cocreate.moderation.counters",
    "cocreate.notifications.counters",
    "cocreate.releases.counters",
    "cocreate.reputation.counters",
]

BATCH = 1000


@dataclass(frozen=True)
class Mismatch:
    pk: int
    stored: int
    truth: int


@dataclass(frozen=True)
class Counter:
    """One counter column: `model.field`, checked against `rows`.

    `rows` is a queryset of `.values("pk")` (so it groups by the key alone)
    whose keys are those of `model`'s rows (or of rows `model` may lack, with
    `create_missing`), annotated with `stored` and `truth`. With
    `create_missing`, a missing row stands for a counter at 0 and fixing it
    creates the row (stats rows that appear on first use)."""

    model: type[models.Model]
    field: str
    rows: models.QuerySet
    create_missing: bool = False

    @property
    def name(self) -> str:
        return f"{self.model._meta.label}.{self.field}"

    def mismatches(self) -> list[Mismatch]:
        """The rows whose stored value differs from the truth (one query)."""
        differing = self.rows.exclude(stored=F("truth")).order_by("pk")
        return [Mismatch(*row) for row in differing.values_list("pk", "stored", "truth")]

    def fix(self, mismatches: Iterable[Mismatch]) -> int:
        """Write the true values over the wrong ones; returns how many rows changed."""
        truths = {m.pk: m.truth for m in mismatches}
        with transaction.atomic():
            existing = set()
            for chunk in _chunks(truths):
                existing |= set(
                    self.model._default_manager.filter(pk__in=chunk).values_list("pk", flat=True)
                )
            self.model._default_manager.bulk_update(
                [self.model(pk=pk, **{self.field: truths[pk]}) for pk in existing],
                [self.field],
                batch_size=BATCH,
            )
            missing = [pk for pk in truths if pk not in existing]
            if missing and self.create_missing:
                self.model._default_manager.bulk_create(
                    [self.model(pk=pk, **{self.field: truths[pk]}) for pk in missing],
                    batch_size=BATCH,
                    ignore_conflicts=True,
                )
        return len(existing) + (len(missing) if self.create_missing else 0)


def stored_on_row(model: type[models.Model], field: str, truth: models.Expression) -> Counter:
    """The common case: the counter is a column of the rows it describes."""
    rows = model._default_manager.values("pk").annotate(stored=F(field), truth=truth)
    return Counter(model, field, rows)


def all_counters() -> list[Counter]:
    return [counter for module in COUNTER_MODULES for counter in import_module(module).COUNTERS]


def _chunks(values: Iterable[int]) -> Iterable[list[int]]:
    iterator = iter(values)
    while chunk := list(islice(iterator, BATCH)):
        yield chunk
