"""What every part of the dataset shares: the fixed seed and clock, the sizes,
the pyramid members are drawn by, and the fast ways rows go in."""

import bisect
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

SEED = 20251123
BATCH = 10_000
END = datetime(2025, 11, 1, tzinfo=UTC)
SPAN = timedelta(days=3 * 365)
BUILD_CACHE_KB = 4_000_000  # SQLite page cache while building (the data is about 1.5 GB)

BENCH_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BENCH_DIR / "data"
TOKEN_FILE = DATA_DIR / "token.txt"
TARGETS_FILE = DATA_DIR / "targets.json"
REPORT_TOKENS_FILE = DATA_DIR / "report_tokens.txt"  # the report submitters' API keys
BENCH_USERNAME = "benchuser"
BENCH_PASSWORD = "bench"
MARKER_VERB = "bench.dataset"
INSERT_VERB = "bench.insert"

# (share of members, share of what they do), from the tip of the pyramid down.
PYRAMID = [(0.01, 0.50), (0.09, 0.35), (0.90, 0.15)]


@dataclass(frozen=True)
class Sizes:
    """How much of everything: the benchmark's full dataset by default, a
    small one in the tests."""

    members: int = 100_000
    extra_activities: int = 100_000  # on top of one "account.joined" per member
    threads: int = 20_000
    posts: int = 200_000  # opening posts included
    reactions: int = 1_000_000
    ideas: int = 50_000
    supports: int = 2_000_000  # the authors' own included
    idea_replies: int = 25_000  # in the ideas' discussions, opening posts not included
    releases: int = 100  # weekly development builds of the busiest product
    reports: int = 50_000  # four-grid experience reports on them
    report_submitters: int = 4_000  # members with API tokens the submission scenario files as
    challenges: int = 200  # design contests mostly, a few solution challenges
    entries: int = 20_000  # to the challenges
    scores: int = 1_000_000  # community scores of the design contests' entries

    @property
    def scale(self) -> float:
        """The share of the full 100,000 members: tier sizes follow it."""
        return self.members / 100_000


FULL = Sizes()


def configure() -> None:
    """Point Django at the benchmark data folder and load it."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    os.environ["DATA_DIR"] = str(DATA_DIR)
    os.environ["BENCHMARK"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


@contextmanager
def step(label: str) -> Iterator[None]:
    started = time.perf_counter()
    print(f"  {label} …", end="", flush=True)
    yield
    print(f" {time.perf_counter() - started:.1f}s", flush=True)


def pyramid_picker(count: int) -> Callable[[Any], int]:
    """A fast draw of member indexes by PYRAMID (the earliest members form the
    core), for the millions of draws the forum and the ideas need."""
    bounds, cumulative, share_so_far, weight_so_far = [], [], 0.0, 0.0
    for share, weight in PYRAMID:
        low = int(share_so_far * count)
        share_so_far += share
        bounds.append((low, max(int(share_so_far * count), low + 1)))
        weight_so_far += weight
        cumulative.append(weight_so_far)

    def pick(rng: Any) -> int:
        tier = min(bisect.bisect(cumulative, rng.random() * weight_so_far), len(bounds) - 1)
        low, high = bounds[tier]
        return low + int(rng.random() * (high - low))

    return pick


@contextmanager
def explicit_created_at(model: Any) -> Iterator[None]:
    """Let bulk_create keep the timestamps we give (auto_now_add overwrites them)."""
    created_at = model._meta.get_field("created_at")
    created_at.auto_now_add = False
    try:
        yield
    finally:
        created_at.auto_now_add = True


def db_time() -> Callable[[datetime], Any]:
    """How a (UTC) time goes into a raw INSERT: as Django stores it on SQLite
    (naive UTC text, which sorts and compares as the ORM expects), as it is
    on PostgreSQL (psycopg sends it as timestamptz)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return lambda when: when
    return lambda when: when.astimezone(UTC).replace(tzinfo=None).isoformat(" ")


def insert_rows(model: Any, fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert plain rows (values in the order of `fields`, foreign keys as
    `…_id`) straight through the DB-API cursor, for the millions of rows that
    need no primary key back: PostgreSQL's COPY, elsewhere `executemany` in
    batches. Times must come through `db_time()`. Returns how many went in."""
    from django.db import connection

    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        iterator = iter(rows)
        while batch := list(islice(iterator, BATCH)):
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def reserve_keys(model: Any, count: int) -> range:
    """Primary keys for `count` rows of `model` that go in through
    `insert_rows` (which gives none back), after the table's highest. On
    PostgreSQL the key sequence moves past them, so rows inserted later (by
    the benchmark) take the next ones; SQLite does so by itself."""
    from django.db import connection
    from django.db.models import Max

    start = (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1
    keys = range(start, start + count)
    if count and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
                [model._meta.db_table, model._meta.pk.column, keys[-1]],
            )
    return keys
