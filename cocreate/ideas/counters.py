"""The ideas' counters and their truth (see cocreate.core.counters)."""

from django.db.models import Count

from cocreate.core.counters import stored_on_row

from .models import Idea

COUNTERS = [
    # One support per member, the author's own included.
    stored_on_row(Idea, "support_count", Count("supports")),
]
