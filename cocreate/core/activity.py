"""Record what happened, then hand it to its consumers after commit.

`record()` is called by every action inside its transaction. `fan_out()` is the
single place where an activity reaches the parts that react to it: the apps
listed in CONSUMER_MODULES each declare, in their `consumers.py`, which verbs
they consume with which plain functions. Consumers run in the background
worker, so a slow consumer never slows the request that caused it.
"""

from collections.abc import Callable
from functools import cache
from importlib import import_module
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import Activity
from .pagecache import bump

Consumer = Callable[[Activity], None]


def record(
    *,
    actor: Any,
    verb: str,
    target: models.Model | None = None,
    public: bool = False,
    product: models.Model | int | None = None,
    **data: Any,
) -> Activity:
    """Write one Activity row in the caller's transaction and schedule its fan-out.

    `product` (a forum Product or its id) goes to its own column, so streams,
    points and analytics per product filter on an index, not on JSON."""
    activity = Activity.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        verb=verb,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
        public=public,
        product_id=product.pk if isinstance(product, models.Model) else product,
        data=data,
    )
    if public:
        bump("activity")
    if consumers_for(verb):
        from .tasks import fan_out_activity

        # The task's row is written in the caller's transaction: it commits
        # with the activity or not at all, in one commit instead of two.
        fan_out_activity.enqueue(activity.pk)
    return activity


# The apps that react to activities, in the order they are called. Each
# module's CONSUMERS maps a verb to the functions that consume it.
CONSUMER_MODULES = [
    "cocreate.accounts.consumers",
    "cocreate.reputation.consumers",
    "cocreate.notifications.consumers",
    "cocreate.search.consumers",
]


@cache
def _registry() -> dict[str, list[Consumer]]:
    registry: dict[str, list[Consumer]] = {}
    for module in CONSUMER_MODULES:
        for verb, consumers in import_module(module).CONSUMERS.items():
            registry.setdefault(verb, []).extend(consumers)
    return registry


def consumers_for(verb: str) -> list[Consumer]:
    return _registry().get(verb, [])


def fan_out(activity: Activity) -> None:
    """Hand one committed activity to every consumer of its verb."""
    for consumer in consumers_for(activity.verb):
        consumer(activity)
