from django_tasks import task

from . import actions, queries


@task()
def archive_unreached_ideas() -> int:
    """Archive the new ideas that missed their product's support threshold,
    where the product asks for it; each author is told. Scheduled every
    hour; running again archives nothing twice. Returns how many went."""
    archived = 0
    for settings in queries.archiving_settings():
        for idea in (
            queries.unreached_ideas(settings).select_related("product").iterator(chunk_size=500)
        ):
            archived += actions.archive_idea(idea, settings=settings)
    return archived
