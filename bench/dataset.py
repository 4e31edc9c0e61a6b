"""Build the benchmark dataset: `python -m bench.dataset`.

Deterministic (fixed seed, fixed clock) and idempotent: a database that already
holds this DATASET_VERSION is reused, after removing the rows earlier runs of
the insert benchmark left behind. Data lives in bench/data/ (SQLite) unless
DATABASE_URL points elsewhere; an external database is only ever built when
empty, never wiped.

Members follow a pyramid: a small core writes most of the activity, a wider
ring of regulars some, and the broad base joins and mostly reads. The forum
(threads, posts, likes) and the reputation built on it (points ledger, stats,
tiers) follow the same pyramid, with every denormalised counter equal to what
its rows add up to.
"""

import base64
import bisect
import json
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

DATASET_VERSION = 2
SEED = 20251123
MEMBERS = 100_000
EXTRA_ACTIVITIES = 100_000  # on top of one "account.joined" per member
BATCH = 10_000
END = datetime(2025, 11, 1, tzinfo=UTC)
SPAN = timedelta(days=3 * 365)

THREADS = 20_000
POSTS = 200_000  # opening posts included
REACTIONS = 1_000_000
REPLY_HORIZON = timedelta(days=60)  # replies come within two months of the opening post
RECENT_POINTS = timedelta(days=31)  # ledger window kept ending now (week/month leaderboards)
BUILD_CACHE_KB = 4_000_000  # SQLite page cache while building (the data is about 1 GB)

BENCH_DIR = Path(__file__).resolve().parent
DATA_DIR = BENCH_DIR / "data"
TOKEN_FILE = DATA_DIR / "token.txt"
TARGETS_FILE = DATA_DIR / "targets.json"
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

PRODUCTS = [
    ("aurora", "Aurora Phone", "极光手机"),
    ("nimbus", "Nimbus Watch", "云朵手表"),
    ("pulse", "Pulse Buds", "脉动耳机"),
]
# slug, name, Chinese name, product slug (None: a general board), share of the threads
BOARDS = [
    ("aurora-talk", "Aurora Phone talk", "极光手机讨论", "aurora", 0.20),
    ("aurora-feedback", "Aurora Phone feedback", "极光手机反馈", "aurora", 0.12),
    ("nimbus-talk", "Nimbus Watch talk", "云朵手表讨论", "nimbus", 0.12),
    ("nimbus-feedback", "Nimbus Watch feedback", "云朵手表反馈", "nimbus", 0.08),
    ("pulse-talk", "Pulse Buds talk", "脉动耳机讨论", "pulse", 0.10),
    ("pulse-feedback", "Pulse Buds feedback", "脉动耳机反馈", "pulse", 0.06),
    ("general", "General", "综合讨论", None, 0.22),
    ("off-topic", "Off topic", "闲聊", None, 0.10),
]
# The board the thread-list and thread-page scenarios read.
BENCH_BOARD = "aurora-talk"
# Tiers above "member", from the top: the 50 : 200 : 100k : 1M : 5M : 20M pyramid
# scaled to 100k members (0.2 : 0.8 : 383 : 3,831 : 19,157 : the rest), with the
# two staff-picked tips raised to a handful and a few dozen so pages show them.
# The first three go to the members with the most points, the others at random.
TIERS_BY_POINTS = [("moderator", 5), ("senior", 40), ("vip", 383)]
TIERS_AT_RANDOM = [("club_member", 3_831), ("certified", 19_157)]

TITLE_TOPICS_EN = [
    "Battery life",
    "Night mode photos",
    "The new firmware",
    "Bluetooth pairing",
    "Charging case",
    "Heart-rate readings",
    "Screen brightness",
    "Noise cancelling",
    "Strap sizes",
    "Wireless charging",
    "Call quality",
    "Sleep tracking",
]
TITLE_ENDINGS_EN = [
    "after the latest update",
    "— any tips?",
    "compared with last year's model",
    "is better than I expected",
    "keeps dropping for me",
    "feature request",
    "in cold weather",
    "on a long trip",
]
TITLE_TOPICS_ZH = [
    "续航",
    "夜景拍照",
    "新固件",
    "蓝牙连接",
    "充电盒",
    "心率数据",
    "屏幕亮度",
    "降噪效果",
    "表带尺寸",
    "无线充电",
    "通话质量",
    "睡眠监测",
]
TITLE_ENDINGS_ZH = [
    "升级之后的体验",
    "有什么技巧吗？",
    "和去年的型号对比",
    "比预期好很多",
    "经常断开怎么办",
    "功能建议",
    "冬天使用的问题",
    "出差一周的感受",
]
# Post texts, rendered to HTML once and shared by all posts: about half
# English, half Chinese, from one line to a few paragraphs, with the Markdown
# members use (no links or images, which need privileges).
POST_BODIES = [
    "Same here. Thanks for sharing!",
    "I had the same problem. Turning it off and on again fixed it for a day or two.",
    "After two weeks with it:\n\n* battery lasts **two days** with normal use\n"
    "* the screen is bright enough outside\n* charging takes about an hour\n\n"
    "Overall I am happy, but the case could be thinner.",
    "Has anyone tried the beta firmware yet? I am wondering whether it is stable "
    "enough for daily use or whether I should wait for the release.",
    "> the pairing keeps dropping\n\nTry forgetting the device in the Bluetooth "
    "settings and pairing it again. That solved it for me *and* for my partner.",
    "Steps to reproduce:\n\n1. open the camera\n2. switch to night mode\n"
    "3. take a photo of a bright lamp\n\nExpected: a sharp photo. Actual: a halo "
    "around the lamp. Firmware `2.3.1`.",
    "Feature request: please let us choose which apps may show notifications on "
    "the watch face. Right now it is all or nothing, which is too much in meetings.",
    "Great write-up, thank you. I would add that the charging case fits in a "
    "jeans pocket, which my old one did not.",
    "同感，谢谢分享！",
    "我也遇到了同样的问题，重启之后能好一两天。",
    "用了两周的感受：\n\n* 正常使用**续航两天**\n* 户外屏幕亮度足够\n"
    "* 充满电大约一个小时\n\n总体很满意，就是保护壳可以再薄一点。",
    "有人试过测试版固件吗？想知道日常使用够不够稳定，还是应该等正式版。",
    "> 蓝牙经常断开\n\n可以试试在蓝牙设置里忽略设备再重新配对，我和家人都是这样解决的。",
    "复现步骤：\n\n1. 打开相机\n2. 切换到夜景模式\n3. 拍一盏很亮的灯\n\n"
    "预期：照片清晰。实际：灯周围有光晕。固件版本 `2.3.1`。",
    "功能建议：希望可以选择哪些应用能在表盘上显示通知。现在只能全开或全关，开会的时候太打扰了。",
    "写得很详细，感谢！补充一点：新的充电盒可以放进牛仔裤口袋，旧的不行。",
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
def explicit_created_at(model: Any = None) -> Iterator[None]:
    """Let bulk_create keep the timestamps we give (auto_now_add overwrites
    them) on `model`, Activity by default."""
    from cocreate.core.models import Activity

    created_at = (model or Activity)._meta.get_field("created_at")
    created_at.auto_now_add = False
    try:
        yield
    finally:
        created_at.auto_now_add = True


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


# --- Forum ---------------------------------------------------------------------------


def pyramid_picker(count: int) -> Callable[[random.Random], int]:
    """A fast draw of member indexes by PYRAMID (the earliest members form the
    core), for the millions of draws the forum needs."""
    bounds, cumulative, share_so_far, weight_so_far = [], [], 0.0, 0.0
    for share, weight in PYRAMID:
        low = int(share_so_far * count)
        share_so_far += share
        bounds.append((low, max(int(share_so_far * count), low + 1)))
        weight_so_far += weight
        cumulative.append(weight_so_far)

    def pick(rng: random.Random) -> int:
        tier = min(bisect.bisect(cumulative, rng.random() * weight_so_far), len(bounds) - 1)
        low, high = bounds[tier]
        return low + int(rng.random() * (high - low))

    return pick


@dataclass(slots=True)
class PlannedThread:
    board: int  # index in BOARDS
    author: int  # index in the members list
    created: datetime
    title: str
    last_number: int = 1
    last_post_at: datetime | None = None
    last_poster: int = 0
    like_count: int = 0  # of the opening post


@dataclass(slots=True)
class PlannedPost:
    thread: int  # index in the planned threads
    number: int
    author: int
    at: datetime
    body: int  # index in POST_BODIES
    likes: int = 0


@dataclass
class ForumPlan:
    """The whole forum drawn in memory before a row is written, so each row is
    inserted once with its final counters."""

    threads: list[PlannedThread]
    posts: list[PlannedPost]  # in time order
    likes: list[tuple[datetime, int, int]] = field(default_factory=list)  # (time, post, member)


def thread_title(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(TITLE_TOPICS_ZH)}：{rng.choice(TITLE_ENDINGS_ZH)}"
    return f"{rng.choice(TITLE_TOPICS_EN)} {rng.choice(TITLE_ENDINGS_EN)}"


def plan_forum(rng: random.Random, members: list[tuple[int, datetime]]) -> ForumPlan:
    """Threads by the pyramid on weighted boards, replies spread over threads
    with a long tail (a few threads run to many pages) and over the two months
    after each opening post, by members who had joined by then."""
    pick = pyramid_picker(len(members))
    shares = [board[4] for board in BOARDS]
    threads = []
    for _ in range(THREADS):
        author = pick(rng)
        joined = members[author][1]
        created = joined + (END - joined) * rng.random()
        board = rng.choices(range(len(BOARDS)), weights=shares)[0]
        threads.append(PlannedThread(board, author, created, thread_title(rng)))
    threads.sort(key=lambda thread: thread.created)
    popularity = [min(rng.paretovariate(1.3), 200.0) for _ in threads]
    replies = Counter(rng.choices(range(THREADS), weights=popularity, k=POSTS - THREADS))
    posts = []
    for index, thread in enumerate(threads):
        horizon = min(END - thread.created, REPLY_HORIZON)
        times = sorted(thread.created + horizon * rng.random() for _ in range(replies[index]))
        body = rng.randrange(len(POST_BODIES))
        posts.append(PlannedPost(index, 1, thread.author, thread.created, body))
        author = thread.author
        for number, at in enumerate(times, start=2):
            author = pick(rng)
            if members[author][1] > at:  # joined later: the opening poster answers instead
                author = thread.author
            posts.append(PlannedPost(index, number, author, at, rng.randrange(len(POST_BODIES))))
        thread.last_number = len(times) + 1
        thread.last_post_at = times[-1] if times else thread.created
        thread.last_poster = author
    posts.sort(key=lambda post: (post.at, post.thread, post.number))
    return ForumPlan(threads, posts)


def plan_likes(rng: random.Random, members: list[tuple[int, datetime]], plan: ForumPlan) -> None:
    """REACTIONS likes, at most one per member and post and never by the post's
    author; opening posts and a long tail of popular posts get most. Most
    likes come soon after the post (or after the liker joined)."""
    pick = pyramid_picker(len(members))
    posts = plan.posts
    appeal = [
        (3.0 if post.number == 1 else 1.0) * min(rng.paretovariate(1.5), 100.0) for post in posts
    ]
    cumulative, total = [], 0.0
    for weight in appeal:
        total += weight
        cumulative.append(total)
    likers: dict[int, set[int]] = {}

    def like(index: int) -> None:
        post = posts[index]
        taken = likers.setdefault(index, {post.author})
        for _ in range(50):
            member = pick(rng)
            if member not in taken:
                taken.add(member)
                since = max(post.at, members[member][1])
                plan.likes.append((since + (END - since) * rng.random() ** 3, index, member))
                post.likes += 1
                if post.number == 1:
                    plan.threads[post.thread].like_count += 1
                return

    draws = Counter(rng.choices(range(len(posts)), cum_weights=cumulative, k=REACTIONS))
    for index in sorted(draws):
        for _ in range(draws[index]):
            like(index)
    while len(plan.likes) < REACTIONS:  # the rare draw that found no one left
        like(min(bisect.bisect(cumulative, rng.random() * total), len(posts) - 1))
    plan.likes.sort()


def insert_forum(plan: ForumPlan, members: list[tuple[int, datetime]]) -> dict[int, Any]:
    """Products, boards, threads, posts and likes, oldest first so ids follow
    time; returns the products by board index (None for general boards)."""
    from cocreate.forum.actions import hot_score
    from cocreate.forum.content import render_post
    from cocreate.forum.models import Board, Post, Product, Reaction, Thread

    products = {
        slug: product
        for (slug, _name, _zh), product in zip(
            PRODUCTS,
            Product.objects.bulk_create(
                Product(slug=slug, name=name, name_zh=zh, position=position)
                for position, (slug, name, zh) in enumerate(PRODUCTS)
            ),
            strict=True,
        )
    }
    threads_on, posts_on = Counter(), Counter()
    last_on: dict[int, datetime] = {}
    for thread in plan.threads:
        threads_on[thread.board] += 1
        posts_on[thread.board] += thread.last_number
        last_on[thread.board] = max(last_on.get(thread.board, END - SPAN), thread.last_post_at)
    boards = Board.objects.bulk_create(
        Board(
            slug=slug,
            name=name,
            name_zh=zh,
            product=products.get(product),
            position=position,
            thread_count=threads_on[position],
            post_count=posts_on[position],
            last_post_at=last_on.get(position),
        )
        for position, (slug, name, zh, product, _share) in enumerate(BOARDS)
    )
    thread_pks: list[int] = []
    for offset in range(0, len(plan.threads), BATCH):
        thread_pks += [
            thread.pk
            for thread in Thread.objects.bulk_create(
                Thread(
                    board_id=boards[planned.board].pk,
                    author_id=members[planned.author][0],
                    title=planned.title,
                    created_at=planned.created,
                    last_post_at=planned.last_post_at,
                    last_poster_id=members[planned.last_poster][0],
                    last_number=planned.last_number,
                    reply_count=planned.last_number - 1,
                    like_count=planned.like_count,
                    hot_score=hot_score(
                        planned.last_number - 1, planned.like_count, planned.created
                    ),
                )
                for planned in plan.threads[offset : offset + BATCH]
            )
        ]
    html = [render_post(body, []) for body in POST_BODIES]
    post_pks: list[int] = []
    for offset in range(0, len(plan.posts), BATCH):
        post_pks += [
            post.pk
            for post in Post.objects.bulk_create(
                Post(
                    thread_id=thread_pks[planned.thread],
                    author_id=members[planned.author][0],
                    body=POST_BODIES[planned.body],
                    body_html=html[planned.body],
                    number=planned.number,
                    created_at=planned.at,
                    like_count=planned.likes,
                )
                for planned in plan.posts[offset : offset + BATCH]
            )
        ]
    with explicit_created_at(Reaction):
        for offset in range(0, len(plan.likes), BATCH):
            Reaction.objects.bulk_create(
                Reaction(
                    post_id=post_pks[post],
                    user_id=members[member][0],
                    kind=Reaction.Kind.LIKE,
                    created_at=at,
                )
                for at, post, member in plan.likes[offset : offset + BATCH]
            )
    return {index: board.product for index, board in enumerate(boards)}


# --- Reputation ----------------------------------------------------------------------


@dataclass(slots=True)
class Tally:
    """One member's reputation counters, as the reputation consumers would
    have counted them from the forum's activities."""

    points: int = 0
    threads: int = 0
    posts: int = 0
    likes_given: int = 0
    likes_received: int = 0
    events: int = 0
    last_active: datetime | None = None


def forum_events(plan: ForumPlan) -> list[tuple[datetime, str, int, int, int]]:
    """(time, verb, actor, post author, board) for every activity the forum
    would have recorded, in time order (members as indexes)."""
    events = []
    for post in plan.posts:
        verb = "thread.created" if post.number == 1 else "post.created"
        board = plan.threads[post.thread].board
        events.append((post.at, verb, post.author, post.author, board))
    for at, index, member in plan.likes:
        post = plan.posts[index]
        events.append((at, "reaction.added", member, post.author, plan.threads[post.thread].board))
    events.sort(key=lambda event: event[0])
    return events


def build_reputation(
    rng: random.Random,
    plan: ForumPlan,
    members: list[tuple[int, datetime]],
    board_products: dict[int, Any],
) -> int:
    """The points ledger and one stats row per member, as the reputation
    consumers would have written them from the forum's activities: the active
    PointsRule rows with their daily caps, the same counters, levels from the
    points; then tiers in pyramid proportions. Returns the ledger's length."""
    from django.utils import timezone

    from cocreate.reputation.actions import COUNTERS
    from cocreate.reputation.levels import level_for, thresholds
    from cocreate.reputation.models import MemberStats, PointsEntry, PointsRule

    rules: dict[str, list[PointsRule]] = {}
    for rule in PointsRule.objects.filter(is_active=True):
        rules.setdefault(rule.verb, []).append(rule)
    zone = timezone.get_default_timezone()
    tallies = [Tally() for _ in members]
    earned_today: Counter[tuple[int, str, date]] = Counter()
    entries: list[PointsEntry] = []
    inserted = 0
    with explicit_created_at(PointsEntry):
        for at, verb, actor, author, board in forum_events(plan):
            who = {"actor": actor, "post_author": author}
            for role, counter, step in COUNTERS.get(verb, []):
                setattr(tallies[who[role]], counter, getattr(tallies[who[role]], counter) + step)
            tally = tallies[actor]
            tally.events += 1
            tally.last_active = at
            for rule in rules.get(verb, []):
                if rule.who not in who:
                    continue
                member, points = who[rule.who], rule.points
                if rule.daily_cap:
                    key = (member, verb, at.astimezone(zone).date())
                    room = max(0, rule.daily_cap - abs(earned_today[key]))
                    points = max(-room, min(room, points))
                    earned_today[key] += points
                if not points:
                    continue
                tallies[member].points += points
                entries.append(
                    PointsEntry(
                        member_id=members[member][0],
                        points=points,
                        verb=verb,
                        reason=rule.description,
                        product=board_products[board],
                        created_at=at,
                    )
                )
                if len(entries) == BATCH:
                    PointsEntry.objects.bulk_create(entries)
                    inserted += len(entries)
                    entries = []
        PointsEntry.objects.bulk_create(entries)
        inserted += len(entries)

    tiers = ["member"] * len(members)
    by_points = sorted(range(len(members)), key=lambda index: (-tallies[index].points, index))
    position = 0
    for tier, count in TIERS_BY_POINTS:
        for index in by_points[position : position + count]:
            tiers[index] = tier
        position += count
    rest = by_points[position:]
    drawn = rng.sample(rest, sum(count for _tier, count in TIERS_AT_RANDOM))
    for tier, count in TIERS_AT_RANDOM:
        for index in drawn[:count]:
            tiers[index] = tier
        drawn = drawn[count:]

    steps = thresholds()
    for offset in range(0, len(members), BATCH):
        batch = []
        for index in range(offset, min(offset + BATCH, len(members))):
            pk, joined = members[index]
            tally = tallies[index]
            days_member = max(1, (END - joined).days)
            last = tally.last_active or joined
            batch.append(
                MemberStats(
                    member_id=pk,
                    points=tally.points,
                    level=level_for(tally.points, steps=steps),
                    tier=tiers[index],
                    threads=tally.threads,
                    posts=tally.posts,
                    likes_given=tally.likes_given,
                    likes_received=tally.likes_received,
                    days_visited=min(days_member, 1 + tally.events + rng.randrange(10)),
                    last_visit_date=last.astimezone(zone).date(),
                )
            )
        MemberStats.objects.bulk_create(batch)
    return inserted


def refresh_recent_points() -> int:
    """Move the last RECENT_POINTS of the ledger to end an hour ago, so the
    week and month leaderboards (counted back from now) show data whatever the
    day the benchmark runs. The one place the dataset follows the real clock;
    returns how many entries moved (none when they already end near now)."""
    from django.db.models import F, Max
    from django.utils import timezone

    from cocreate.reputation.models import PointsEntry

    latest = PointsEntry.objects.aggregate(latest=Max("created_at"))["latest"]
    if latest is None:
        return 0
    shift = timezone.now() - timedelta(hours=1) - latest
    if abs(shift) < timedelta(hours=12):
        return 0
    return PointsEntry.objects.filter(created_at__gt=latest - RECENT_POINTS).update(
        created_at=F("created_at") + shift
    )


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


def recount_thread(thread: Any) -> None:
    """Set a thread's counters, last post and hot score from its rows."""
    from cocreate.forum.actions import hot_score

    live = thread.posts.filter(deleted_at__isnull=True)
    last = live.order_by("-number").only("created_at", "author_id").first()
    thread.last_number = thread.posts.order_by("-number").values_list("number", flat=True)[0]
    thread.reply_count = live.count() - 1
    thread.like_count = live.filter(number=1).values_list("like_count", flat=True).first() or 0
    thread.last_post_at, thread.last_poster_id = last.created_at, last.author_id
    thread.hot_score = hot_score(thread.reply_count, thread.like_count, thread.created_at)
    thread.save(
        update_fields=[
            "last_number",
            "reply_count",
            "like_count",
            "last_post_at",
            "last_poster",
            "hot_score",
        ]
    )


def recount_board(board: Any) -> None:
    """Set a board's counters and last post time from its rows."""
    from django.db.models import Max

    from cocreate.forum.models import Post

    threads = board.threads.filter(deleted_at__isnull=True)
    board.thread_count = threads.count()
    board.post_count = Post.objects.filter(
        thread__in=threads.values("pk"), deleted_at__isnull=True
    ).count()
    board.last_post_at = threads.aggregate(last=Max("last_post_at"))["last"]
    board.save(update_fields=["thread_count", "post_count", "last_post_at"])


def remove_bench_writes() -> int:
    """Undo what earlier runs wrote: minimal inserts, the bench member's posts
    (their threads' and boards' counters recounted), their activities and the
    background tasks nobody ran. Returns how many rows went."""
    from django.contrib.auth import get_user_model
    from django_tasks_db.models import DBTaskResult

    from cocreate.core.models import Activity
    from cocreate.forum.models import Board, Post, Thread

    bench = get_user_model().objects.get(username=BENCH_USERNAME)
    written = Post.objects.filter(author=bench)
    thread_ids = set(written.values_list("thread_id", flat=True))
    removed = written.delete()[0]
    for thread in Thread.objects.filter(pk__in=thread_ids):
        recount_thread(thread)
    for board in Board.objects.filter(threads__in=thread_ids).distinct():
        recount_board(board)
    removed += Activity.objects.filter(verb=INSERT_VERB).delete()[0]
    removed += Activity.objects.filter(actor=bench).delete()[0]
    removed += DBTaskResult.objects.all().delete()[0]
    return removed


def write_targets() -> dict[str, Any]:
    """Pick what the forum scenarios use and save it in TARGETS_FILE: the bench
    board, a thread of two pages that the bench member has read before (a
    returning reader) and another one they reply to."""
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
    TARGETS_FILE.write_text(json.dumps(targets) + "\n")
    return targets


def thread_tallies(thread_id: int) -> dict[str, int]:
    """A thread's and its board's counters next to what their rows add up to."""
    from cocreate.forum.models import Post, Thread

    thread = Thread.objects.select_related("board").get(pk=thread_id)
    live = thread.posts.filter(deleted_at__isnull=True)
    board_posts = Post.objects.filter(
        thread__board=thread.board, thread__deleted_at__isnull=True, deleted_at__isnull=True
    )
    return {
        "reply_count": thread.reply_count,
        "live_posts": live.count(),
        "last_number": thread.last_number,
        "max_number": thread.posts.order_by("-number").values_list("number", flat=True)[0],
        "board_post_count": thread.board.post_count,
        "board_live_posts": board_posts.count(),
    }


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
    from django.db import connection, transaction

    from cocreate.core.models import Activity

    rng = random.Random(SEED)
    print(f"Building benchmark dataset v{DATASET_VERSION} (seed {SEED})")
    if connection.vendor == "sqlite":
        # The whole build is one transaction: with the server's 20 MB page
        # cache, SQLite spills the randomly written index pages of the big
        # tables to the WAL again and again, and the build takes many times
        # longer. Keep them in memory until the commit instead.
        connection.cursor().execute(f"PRAGMA cache_size=-{BUILD_CACHE_KB}")
    with transaction.atomic():
        with step(f"{MEMBERS:,} members with verified e-mail addresses"):
            members = build_members(rng)
        with step("public activity"):
            count = build_activity(rng, members)
        with step("forum plan: threads, posts and likes"):
            plan = plan_forum(rng, members)
            plan_likes(rng, members, plan)
        with step(
            f"{len(PRODUCTS)} products, {len(BOARDS)} boards, {THREADS:,} threads, "
            f"{POSTS:,} posts, {REACTIONS:,} likes"
        ):
            board_products = insert_forum(plan, members)
        with step("points ledger and member stats"):
            entries = build_reputation(rng, plan, members, board_products)
        with step(f"{BENCH_USERNAME} and API token"):
            key = build_bench_user()
        Activity.objects.create(
            verb=MARKER_VERB,
            data={
                "version": DATASET_VERSION,
                "members": MEMBERS,
                "activities": count,
                "threads": THREADS,
                "posts": POSTS,
                "reactions": REACTIONS,
                "points_entries": entries,
            },
        )
    TOKEN_FILE.write_text(key + "\n")


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
        build()
        if connection.vendor == "sqlite":
            with step("analyze"):
                connection.cursor().execute("ANALYZE")
    else:
        removed = remove_bench_writes()
        TOKEN_FILE.write_text(api_key() + "\n")
        print(f"Dataset v{version} already built; removed {removed} rows earlier runs wrote.")
    moved = refresh_recent_points()
    if moved:
        days = RECENT_POINTS.days
        print(f"  moved the ledger's last {days} days ({moved:,} entries) to end now")
    targets = write_targets()
    print(f"Dataset ready in {time.perf_counter() - started:.1f}s ({DATA_DIR}); targets {targets}")


if __name__ == "__main__":
    main()
