"""What the search index does when an activity is fanned out to it: each
source names the verbs that change its documents and which ones; those
documents are read again and rewritten (or removed)."""

from cocreate.core.activity import Consumer
from cocreate.core.models import Activity

from . import registry
from .actions import index_documents


def reindex(activity: Activity) -> None:
    for source in registry.sources().values():
        affected = source.affected_by.get(activity.verb)
        if affected is not None:
            index_documents(source.kind, affected(activity))


CONSUMERS: dict[str, list[Consumer]] = {verb: [reindex] for verb in registry.verbs()}
