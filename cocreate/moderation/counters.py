"""Moderation's counters and their truth (see cocreate.core.counters)."""

from django.db.models import Count, Sum, Value
from django.db.models.functions import Coalesce

from cocreate.core.counters import stored_on_row

from .models import Review

COUNTERS = [
    stored_on_row(Review, "flag_count", Count("flags")),
    stored_on_row(Review, "weight", Coalesce(Sum("flags__weight"), Value(0))),
]
