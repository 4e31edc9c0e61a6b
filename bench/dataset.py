"""Build the benchmark dataset: `python -m bench.dataset`.

Deterministic (fixed seed, fixed clock) and idempotent: a database that already
holds this DATASET_VERSION is reused, after removing the rows earlier runs of
the insert benchmark left behind. Data lives in bench/data/ (SQLite) unless
DATABASE_URL points elsewhere; an external database is only ever built when
empty, never wiped.

Members follow a pyramid: a small core writes most of the activity, a wider
ring of regulars some, and the broad base joins and mostly reads.
"""

import base64
import os
import random
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

DATASET_VERSION = 1
SEED = 20251123
MEMBERS = 100_000
EXTRA_ACTIVITIES = 100_000  # on top of one "account.joined" per member
BATCH = 10_000
END = datetime(2025, 11, 1, tzinfo=UTC)
SPAN = timedelta(days=3 * 365)

BENCH_DIR = Path(__file__).resolve().parent
DATA_DIR = BENCH_DIR / "data"
TOKEN_FILE = DATA_DIR / "token.txt"
BENCH_USERNAME = "benchuser"
BENCH_PASSWORD = "bench"
MARKER_VERB = "bench.dataset"
INSERT_VERB = "bench.insert"

# (share of members, share of extra activity), from the tip of the pyramid down.
PYRAMID = [(0.01, 0.50), (0.09, 0.35), (0.90, 0.15)]
VERBS = [
    "idea.created",
    "idea.supported",
    "post.created",
    "comment.created",
    "challenge.entered",
    "event.joined",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "磊",
    "洋",
    "艳",
    "勇",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "桂英",
    "志强",
    "晓东",
    "子涵",
    "雨桐",
    "浩然",
    "欣怡",
]
FIRST = [
    "Alex",
    "Sam",
    "Maria",
    "Jonas",
    "Priya",
    "Kenji",
    "Lena",
    "Omar",
    "Chloe",
    "Diego",
    "Nina",
    "Tom",
    "Aisha",
    "Lucas",
    "Mei",
    "Ivan",
]
LAST = [
    "Smith",
    "Müller",
    "Garcia",
    "Tanaka",
    "Singh",
    "Rossi",
    "Dubois",
    "Kim",
    "Novak",
    "Silva",
    "Brown",
    "Nguyen",
]
CITIES = [
    "北京",
    "上海",
    "深圳",
    "广州",
    "杭州",
    "成都",
    "武汉",
    "西安",
    "南京",
    "重庆",
    "Beijing",
    "Shanghai",
    "Berlin",
    "London",
    "New York",
    "San Francisco",
    "Tokyo",
    "Singapore",
    "Paris",
    "São Paulo",
    "",
]


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


def api_key() -> str:
    """The bench member's API token, the same on every build."""
    from cocreate.accounts.models import ApiToken

    raw = random.Random(f"{SEED}-token").randbytes(32)
    return ApiToken.PREFIX + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def display_name(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.35:
        return rng.choice(SURNAMES) + rng.choice(GIVEN)
    if roll < 0.75:
        return f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    return ""


def build_members(rng: random.Random) -> list[tuple[int, datetime]]:
    """Bulk-insert the members and their verified addresses; returns
    (pk, date_joined) in joining order."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    User = get_user_model()
    password = make_password("bench-member")  # hashed once, shared: fast to build
    start = END - SPAN
    members: list[tuple[int, datetime]] = []
    for offset in range(0, MEMBERS, BATCH):
        batch = []
        for n in range(offset + 1, min(offset + BATCH, MEMBERS) + 1):
            joined = start + SPAN * (n / MEMBERS) - timedelta(seconds=rng.randrange(3600))
            batch.append(
                User(
                    username=f"bench{n:05d}",
                    email=f"bench{n:05d}@bench.example",
                    password=password,
                    display_name=display_name(rng),
                    city=rng.choice(CITIES),
                    language=rng.choice(["", "", "en", "zh-hans"]),
                    date_joined=joined,
                )
            )
        created = User.objects.bulk_create(batch)
        EmailAddress.objects.bulk_create(
            EmailAddress(user_id=u.pk, email=u.email, verified=True, primary=True) for u in created
        )
        members.extend((u.pk, u.date_joined) for u in created)
    return members


def pick_actor(rng: random.Random, members: list[tuple[int, datetime]]) -> tuple[int, datetime]:
    """A member chosen by the pyramid: the earliest members form the core."""
    tier = rng.choices(range(len(PYRAMID)), weights=[w for _s, w in PYRAMID])[0]
    low = int(sum(s for s, _w in PYRAMID[:tier]) * len(members))
    high = int(sum(s for s, _w in PYRAMID[: tier + 1]) * len(members))
    return members[rng.randrange(low, max(high, low + 1))]


@contextmanager
def explicit_created_at() -> Iterator[None]:
    """Let bulk_create keep the timestamps we give (auto_now_add overwrites them)."""
    from cocreate.core.models import Activity

    field = Activity._meta.get_field("created_at")
    field.auto_now_add = False
    try:
        yield
    finally:
        field.auto_now_add = True


def build_activity(rng: random.Random, members: list[tuple[int, datetime]]) -> int:
    """One public "account.joined" per member plus EXTRA_ACTIVITIES by the
    pyramid, inserted oldest first so ids follow time."""
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType

    from cocreate.core.models import Activity

    user_type = ContentType.objects.get_for_model(get_user_model())
    rows: list[tuple[datetime, int, str]] = [
        (joined, pk, "account.joined") for pk, joined in members
    ]
    for _ in range(EXTRA_ACTIVITIES):
        pk, joined = pick_actor(rng, members)
        when = joined + (END - joined) * rng.random()
        rows.append((when, pk, rng.choice(VERBS)))
    rows.sort()
    with explicit_created_at():
        for offset in range(0, len(rows), BATCH):
            Activity.objects.bulk_create(
                Activity(
                    actor_id=pk,
                    verb=verb,
                    public=True,
                    created_at=when,
                    target_type=user_type if verb == "account.joined" else None,
                    target_id=pk if verb == "account.joined" else None,
                )
                for when, pk, verb in rows[offset : offset + BATCH]
            )
    return len(rows)


def build_bench_user() -> str:
    """The member the runner logs in as, with a known password and API token."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    from cocreate.accounts.models import ApiToken

    user = get_user_model().objects.create_user(
        BENCH_USERNAME,
        email="benchuser@bench.example",
        password=BENCH_PASSWORD,
        display_name="Bench 测试",
        city="上海",
        date_joined=END,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    key = api_key()
    ApiToken.objects.create(
        user=user, name="bench", key_hash=ApiToken.hash(key), hint=key[: len(ApiToken.PREFIX) + 4]
    )
    return key


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


def build() -> None:
    from django.db import transaction

    from cocreate.core.models import Activity

    rng = random.Random(SEED)
    print(f"Building benchmark dataset v{DATASET_VERSION} (seed {SEED})")
    with transaction.atomic():
        with step(f"{MEMBERS:,} members with verified e-mail addresses"):
            members = build_members(rng)
        with step("public activity"):
            count = build_activity(rng, members)
        with step(f"{BENCH_USERNAME} and API token"):
            key = build_bench_user()
        Activity.objects.create(
            verb=MARKER_VERB,
            data={"version": DATASET_VERSION, "members": MEMBERS, "activities": count},
        )
    TOKEN_FILE.write_text(key + "\n")


def main() -> None:
    started = time.perf_counter()
    configure()
    from django.db import connection

    from cocreate.core.models import Activity

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
        build()
        if connection.vendor == "sqlite":
            with step("analyze"):
                connection.cursor().execute("ANALYZE")
    else:
        removed, _ = Activity.objects.filter(verb=INSERT_VERB).delete()
        TOKEN_FILE.write_text(api_key() + "\n")
        print(f"Dataset v{version} already built; removed {removed} rows of earlier inserts.")
    print(f"Dataset ready in {time.perf_counter() - started:.1f}s ({DATA_DIR})")


if __name__ == "__main__":
    main()
