"""The notification counter kept on the member's row (see cocreate.core.counters)."""

from django.db.models import Count, Q

from cocreate.accounts.models import User
from cocreate.core.counters import stored_on_row

COUNTERS = [
    stored_on_row(
        User,
        "unread_notifications",
        Count("notifications", filter=Q(notifications__read_at__isnull=True)),
    ),
]
