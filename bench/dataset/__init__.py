"""Build the benchmark dataset: `python -m bench.dataset`.

Deterministic (fixed seeds, fixed clock) and idempotent: a database that
already holds this DATASET_VERSION is reused, after removing the rows earlier
runs of the benchmark wrote. Data lives in bench/data/ (SQLite) unless
DATABASE_URL points elsewhere; an external database is only ever built when
empty, never wiped.

Members follow a pyramid: a small core writes most of the activity, a wider
ring of regulars some, and the broad base joins and mostly reads. The forum
(threads, posts, likes), the ideas (threads, supports, statuses) and the
reputation built on both (points ledger, stats, tiers) follow the same
pyramid, with every denormalised counter equal to what its rows add up to.

One module per part: `members`, `forum`, `ideas`, `releases` (weekly builds
and four-grid reports), `reputation`; `base` holds what they share. This
module puts them together and prepares each run.
"""

import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

from .base import (
    BENCH_PASSWORD,
    BENCH_USERNAME,
    BUILD_CACHE_KB,
    DATA_DIR,
    FULL,
    INSERT_VERB,
    MARKER_VERB,
    REPORT_TOKENS_FILE,
    SEED,
    TARGETS_FILE,
    TOKEN_FILE,
    Sizes,
    configure,
    step,
)
from .challenges import (
    challenge_targets,
    insert_challenges,
    plan_challenges,
    refresh_challenge_windows,
    remove_score_writes,
    score_tallies,
)
from .forum import (
    BENCH_BOARD,
    BOARDS,
    PRODUCTS,
    forum_events,
    insert_forum,
    plan_forum,
    plan_likes,
    recount_board,
    recount_thread,
    thread_tallies,
)
from .ideas import (
    idea_events,
    idea_tallies,
    idea_targets,
    insert_ideas,
    plan_ideas,
    recount_ideas,
    refresh_recent_supports,
)
from .members import api_key, build_activity, build_bench_user, build_members
from .releases import (
    insert_releases,
    plan_releases,
    refresh_report_window,
    release_events,
    release_targets,
    remove_report_writes,
    report_tallies,
    submitter_ids,
    submitter_keys,
)
from .reputation import RECENT_POINTS, build_reputation, refresh_recent_points

__all__ = [
    "BENCH_PASSWORD",
    "BENCH_USERNAME",
    "DATASET_VERSION",
    "DATA_DIR",
    "REPORT_TOKENS_FILE",
    "TARGETS_FILE",
    "TOKEN_FILE",
    "Sizes",
    "build",
    "configure",
    "idea_tallies",
    "main",
    "report_tallies",
    "score_tallies",
    "submitter_ids",
    "thread_tallies",
]

DATASET_VERSION = 6


def build(sizes: Sizes = FULL) -> tuple[str, dict[str, float]]:
    """Build the dataset into the (empty) database in one transaction.
    Returns the bench member's API key and how long each part took."""
    from django.db import connection, transaction

    from cocreate.core.models import Activity
    from cocreate.search.actions import rebuild_index

    rng = random.Random(SEED)
    # The ideas draw from their own generator, so the forum stays as it was.
    ideas_rng = random.Random(f"{SEED}-ideas")
    releases_rng = random.Random(f"{SEED}-releases")
    challenges_rng = random.Random(f"{SEED}-challenges")
    timings: dict[str, float] = {}
    print(f"Building benchmark dataset v{DATASET_VERSION} (seed {SEED})")
    if connection.vendor == "sqlite":
        # The whole build is one transaction: with the server's 20 MB page
        # cache, SQLite spills the randomly written index pages of the big
        # tables to the WAL again and again, and the build takes many times
        # longer. Keep them in memory until the commit instead.
        connection.cursor().execute(f"PRAGMA cache_size=-{BUILD_CACHE_KB}")
    started = time.perf_counter()
    with transaction.atomic():
        with step(f"{sizes.members:,} members with verified e-mail addresses"):
            members = build_members(rng, sizes)
        with step("public activity"):
            count = build_activity(rng, members, sizes)
        with step("forum plan: threads, posts and likes"):
            forum = plan_forum(rng, members, sizes)
            plan_likes(rng, members, forum, sizes)
        with step(
            f"{len(PRODUCTS)} products, {len(BOARDS)} boards, {sizes.threads:,} threads, "
            f"{sizes.posts:,} posts, {sizes.reactions:,} likes"
        ):
            rows = insert_forum(forum, members)
        ideas_started = time.perf_counter()
        with step("ideas plan: ideas, statuses, supports and discussions"):
            ideas = plan_ideas(ideas_rng, members, sizes)
        with step(
            f"{sizes.ideas:,} ideas with their threads and timelines, "
            f"{len(ideas.replies):,} replies, {len(ideas.supports):,} supports"
        ):
            insert_ideas(ideas, members, rows)
        timings["ideas"] = time.perf_counter() - ideas_started
        releases_started = time.perf_counter()
        with step("releases plan: builds, changelogs and four-grid reports"):
            releases = plan_releases(releases_rng, members, rows.products[0], sizes)
        with step(
            f"{sizes.releases} weekly builds, {sizes.reports:,} reports, "
            f"{len(releases.submitters):,} submitters' API tokens"
        ):
            insert_releases(releases, members)
        timings["releases"] = time.perf_counter() - releases_started
        challenges_started = time.perf_counter()
        with step("challenges plan: challenges, entries and community scores"):
            challenges = plan_challenges(challenges_rng, members, rows.products, sizes)
        with step(
            f"{sizes.challenges} challenges, {len(challenges.entries):,} entries, "
            f"{len(challenges.scores):,} scores"
        ):
            insert_challenges(challenges, members)
        timings["challenges"] = time.perf_counter() - challenges_started
        with step("points ledger and member stats"):
            events = forum_events(forum, rows) + idea_events(ideas, rows)
            entries = build_reputation(rng, events + release_events(releases), members, sizes)
        with step(f"{BENCH_USERNAME} and API token"):
            key = build_bench_user()
        with step("search index: threads, replies and ideas"):
            documents = rebuild_index(jobs=min(4, os.cpu_count() or 1))
        Activity.objects.create(
            verb=MARKER_VERB,
            data={
                "version": DATASET_VERSION,
                "members": sizes.members,
                "activities": count,
                "threads": sizes.threads,
                "posts": sizes.posts,
                "reactions": sizes.reactions,
                "ideas": sizes.ideas,
                "idea_replies": len(ideas.replies),
                "supports": len(ideas.supports),
                "releases": sizes.releases,
                "reports": sizes.reports,
                "challenges": sizes.challenges,
                "entries": len(challenges.entries),
                "scores": len(challenges.scores),
                "points_entries": entries,
                "search_documents": documents,
            },
        )
    timings["build"] = time.perf_counter() - started
    return key, timings


def remove_bench_writes() -> int:
    """Undo what earlier runs wrote: minimal inserts, the bench member's posts
    (their threads' and boards' counters recounted) and supports (their
    ideas' counts and hot scores recounted), the reports filed on the newest
    build (its tallies recounted), their activities and the background tasks
    nobody ran. Returns how many rows went."""
    from django.contrib.auth import get_user_model
    from django_tasks_db.models import DBTaskResult

    from cocreate.core.models import Activity
    from cocreate.forum.models import Board, Post, Thread
    from cocreate.ideas.models import Support

    bench = get_user_model().objects.get(username=BENCH_USERNAME)
    written = Post.objects.filter(author=bench)
    thread_ids = set(written.values_list("thread_id", flat=True))
    removed = written.delete()[0]
    for thread in Thread.objects.filter(pk__in=thread_ids):
        recount_thread(thread)
    for board in Board.objects.filter(threads__in=thread_ids).distinct():
        recount_board(board)
    supported = Support.objects.filter(member=bench)
    idea_ids = set(supported.values_list("idea_id", flat=True))
    removed += supported.delete()[0]
    recount_ideas(idea_ids)
    removed += remove_report_writes()
    removed += remove_score_writes()
    removed += Activity.objects.filter(verb=INSERT_VERB).delete()[0]
    removed += Activity.objects.filter(actor=bench).delete()[0]
    removed += DBTaskResult.objects.all().delete()[0]
    return removed


def write_targets() -> dict[str, Any]:
    """Pick what the scenarios use and save it in TARGETS_FILE: the bench
    board, a thread of two pages that the bench member has read before (a
    returning reader), another one they reply to, the ideas (see
    `ideas.idea_targets`) and the builds (see `releases.release_targets`)."""
    from django.contrib.auth import get_user_model

    from cocreate.forum.models import Thread, ThreadRead

    threads = list(
        Thread.objects.filter(
            board__slug=BENCH_BOARD, deleted_at__isnull=True, last_number__range=(21, 40)
        ).order_by("-last_post_at", "-pk")[:2]
    )
    read, reply = threads
    bench = get_user_model().objects.get(username=BENCH_USERNAME)
    ThreadRead.objects.update_or_create(
        user=bench, thread=read, defaults={"last_read_number": read.last_number}
    )
    targets = {"board": BENCH_BOARD, "read_thread": read.pk, "reply_thread": reply.pk}
    targets.update(idea_targets())
    targets.update(release_targets())
    targets.update(challenge_targets())
    TARGETS_FILE.write_text(json.dumps(targets) + "\n")
    return targets


def existing_version() -> int | None:
    """The dataset version in the database, 0 when it holds other data, None when empty."""
    from django.contrib.auth import get_user_model

    from cocreate.core.models import Activity

    marker = Activity.objects.filter(verb=MARKER_VERB).order_by("-id").first()
    if marker:
        return int(marker.data.get("version", 0))
    return 0 if get_user_model().objects.exists() else None


def reset_sqlite() -> None:
    """Delete the bench SQLite database (ours alone) so it is built afresh."""
    from django.db import connection

    name = Path(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" or DATA_DIR not in name.parents:
        sys.exit(f"Database {name} holds other data; point DATABASE_URL at an empty one.")
    connection.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{name}{suffix}").unlink(missing_ok=True)


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def main() -> None:
    started = time.perf_counter()
    configure()
    from django.db import connection

    with step("migrate"):
        migrate()
    version = existing_version()
    if version is not None and version != DATASET_VERSION:
        print(f"Database holds dataset v{version}; rebuilding.")
        reset_sqlite()
        with step("migrate"):
            migrate()
        version = None
    if version is None:
        key, timings = build()
        TOKEN_FILE.write_text(key + "\n")
        print(
            f"  built in {timings['build']:.1f}s, the ideas in {timings['ideas']:.1f}s "
            f"the releases in {timings['releases']:.1f}s "
            f"and the challenges in {timings['challenges']:.1f}s of it"
        )
        # A settled database, as autovacuum leaves one on PostgreSQL: without
        # the visibility map and hint bits of a VACUUM, every scan checks
        # each freshly loaded row's transaction (a common word's search took
        # four times as long).
        sqlite = connection.vendor == "sqlite"
        with step("analyze" if sqlite else "vacuum and analyze"):
            connection.cursor().execute("ANALYZE" if sqlite else "VACUUM ANALYZE")
    else:
        removed = remove_bench_writes()
        TOKEN_FILE.write_text(api_key() + "\n")
        print(f"Dataset v{version} already built; removed {removed} rows earlier runs wrote.")
    REPORT_TOKENS_FILE.write_text("\n".join(submitter_keys()) + "\n")
    moved = refresh_recent_points()
    if moved:
        days = RECENT_POINTS.days
        print(f"  moved the ledger's last {days} days ({moved:,} entries) to end now")
    moved = refresh_recent_supports()
    if moved:
        print(f"  moved the last week's supports ({moved:,}) to end now")
    if refresh_report_window():
        print("  moved the newest build's report window to close after now")
    moved = refresh_challenge_windows()
    if moved:
        print(f"  moved the deadlines of {moved} open, scoring or judging challenges around now")
    targets = write_targets()
    shown = {
        **targets,
        "support_ideas": f"{len(targets['support_ideas'])} ideas",
        "report_body": "…",
        "score_entries": f"{len(targets.get('score_entries', []))} entries",
    }
    print(f"Dataset ready in {time.perf_counter() - started:.1f}s ({DATA_DIR}); targets {shown}")
