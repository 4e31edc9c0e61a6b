"""Record what happened, then hand it to its consumers after commit.

`record()` is called by every action inside its transaction. `fan_out()` is the
single place where an activity reaches the parts that react to it; each
consumer is a plain function listed in CONSUMERS and runs in the background
worker, so a slow consumer never slows the request that caused it.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from .models import Activity
from .pagecache import bump

Consumer = Callable[[Activity], None]


def record(
    *,
    actor: Any,
    verb: str,
    target: models.Model | None = None,
    public: bool = False,
    **data: Any,
) -> Activity:
    """Write one Activity row in the caller's transaction and schedule its fan-out."""
    activity = Activity.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        verb=verb,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
        public=public,
        data=data,
    )
    if public:
        bump("activity")
    if consumers_for(verb):
        from .tasks import fan_out_activity

        transaction.on_commit(lambda: fan_out_activity.enqueue(activity.pk))
    return activity


def consumers_for(verb: str) -> list[Consumer]:
    # Imported here: consumers live in the apps that own them, and those apps
    # import this module to record their own activities.
    from cocreate.accounts.consumers import send_security_notice

    consumers: dict[str, list[Consumer]] = {
        "account.email_changed": [send_security_notice],
        "account.password_changed": [send_security_notice],
        "account.mfa_changed": [send_security_notice],
        "api_token.created": [send_security_notice],
    }
    return consumers.get(verb, [])


def fan_out(activity: Activity) -> None:
    """Hand one committed activity to every consumer of its verb."""
    for consumer in consumers_for(activity.verb):
        consumer(activity)
