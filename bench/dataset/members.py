"""Members: 100,000 in pyramid proportions with verified addresses, their
public activity, and the member the runner logs in as."""

import base64
import random
from datetime import datetime, timedelta

from .base import (
    BATCH,
    BENCH_PASSWORD,
    BENCH_USERNAME,
    END,
    PYRAMID,
    SEED,
    SPAN,
    Sizes,
    explicit_created_at,
)

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


def build_members(rng: random.Random, sizes: Sizes) -> list[tuple[int, datetime]]:
    """Bulk-insert the members and their verified addresses; returns
    (pk, date_joined) in joining order."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    User = get_user_model()
    password = make_password("bench-member")  # hashed once, shared: fast to build
    start = END - SPAN
    count = sizes.members
    members: list[tuple[int, datetime]] = []
    for offset in range(0, count, BATCH):
        batch = []
        for n in range(offset + 1, min(offset + BATCH, count) + 1):
            joined = start + SPAN * (n / count) - timedelta(seconds=rng.randrange(3600))
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


def build_activity(rng: random.Random, members: list[tuple[int, datetime]], sizes: Sizes) -> int:
    """One public "account.joined" per member plus `extra_activities` by the
    pyramid, inserted oldest first so ids follow time."""
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType

    from cocreate.core.models import Activity

    user_type = ContentType.objects.get_for_model(get_user_model())
    rows: list[tuple[datetime, int, str]] = [
        (joined, pk, "account.joined") for pk, joined in members
    ]
    for _ in range(sizes.extra_activities):
        pk, joined = pick_actor(rng, members)
        when = joined + (END - joined) * rng.random()
        rows.append((when, pk, rng.choice(VERBS)))
    rows.sort()
    with explicit_created_at(Activity):
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
    """The member the runner logs in as, with a known password and API token.
    A moderator by tier (not staff): moderators may post without the hourly
    limit, yet their posts are ordinary member posts, not official replies."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    from cocreate.accounts.models import ApiToken
    from cocreate.reputation.models import MemberStats

    user = get_user_model().objects.create_user(
        BENCH_USERNAME,
        email="benchuser@bench.example",
        password=BENCH_PASSWORD,
        display_name="Bench 测试",
        city="上海",
        date_joined=END,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    MemberStats.objects.create(
        member=user, tier="moderator", tier_locked=True, last_visit_date=END.date()
    )
    key = api_key()
    ApiToken.objects.create(
        user=user, name="bench", key_hash=ApiToken.hash(key), hint=key[: len(ApiToken.PREFIX) + 4]
    )
    return key
