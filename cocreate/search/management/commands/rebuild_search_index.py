"""Rebuild the whole search index from every source.

Run it after loading data outside the actions (imports, the demo), after
changing the search dictionary, or to repair the index. Searches keep using
the old index until the new one is complete.
"""

import os
import time

from django.core.management.base import BaseCommand

from cocreate.search.actions import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the search index from every searchable source."

    def add_arguments(self, parser):
        parser.add_argument(
            "--jobs",
            type=int,
            default=min(4, os.cpu_count() or 1),
            help="Processes that cut text into words (default: the CPUs, at most 4).",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        verbosity = options["verbosity"]

        def progress(written: int, listed: int) -> None:
            if verbosity > 1:
                self.stdout.write(f"  {written}/{listed}")

        counts = rebuild_index(jobs=max(1, options["jobs"]), progress=progress)
        if verbosity:
            summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
            self.stdout.write(
                self.style.SUCCESS(
                    f"Search index rebuilt in {time.monotonic() - started:.1f} s: {summary}."
                )
            )
