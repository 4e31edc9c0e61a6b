"""The forum: 3 products, 8 boards, 20,000 threads, 200,000 posts and
1,000,000 likes, drawn in memory first so every row goes in once with its
final counters."""

import bisect
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from .base import (
    BATCH,
    END,
    SPAN,
    Sizes,
    db_time,
    insert_rows,
    pyramid_picker,
)

REPLY_HORIZON = timedelta(days=60)  # replies come within two months of the opening post

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


def plan_forum(rng: random.Random, members: list[tuple[int, datetime]], sizes: Sizes) -> ForumPlan:
    """Threads by the pyramid on weighted boards, replies spread over threads
    with a long tail (a few threads run to many pages) and over the two months
    after each opening post, by members who had joined by then."""
    pick = pyramid_picker(len(members))
    shares = [board[4] for board in BOARDS]
    threads = []
    for _ in range(sizes.threads):
        author = pick(rng)
        joined = members[author][1]
        created = joined + (END - joined) * rng.random()
        board = rng.choices(range(len(BOARDS)), weights=shares)[0]
        threads.append(PlannedThread(board, author, created, thread_title(rng)))
    threads.sort(key=lambda thread: thread.created)
    popularity = [min(rng.paretovariate(1.3), 200.0) for _ in threads]
    replies = Counter(
        rng.choices(range(sizes.threads), weights=popularity, k=sizes.posts - sizes.threads)
    )
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


def plan_likes(
    rng: random.Random, members: list[tuple[int, datetime]], plan: ForumPlan, sizes: Sizes
) -> None:
    """`sizes.reactions` likes, at most one per member and post and never by
    the post's author; opening posts and a long tail of popular posts get most.
    Most likes come soon after the post (or after the liker joined)."""
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

    draws = Counter(rng.choices(range(len(posts)), cum_weights=cumulative, k=sizes.reactions))
    for index in sorted(draws):
        for _ in range(draws[index]):
            like(index)
    while len(plan.likes) < sizes.reactions:  # the rare draw that found no one left
        like(min(bisect.bisect(cumulative, rng.random() * total), len(posts) - 1))
    plan.likes.sort()


@dataclass(frozen=True)
class ForumRows:
    """What the later steps need of the inserted forum: the products' keys
    (in PRODUCTS order) and each board's product key (None: a general board)."""

    products: list[int]
    board_products: list[int | None]


def insert_forum(plan: ForumPlan, members: list[tuple[int, datetime]]) -> ForumRows:
    """Products, boards, threads, posts and likes, oldest first so ids follow time."""
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
    as_time = db_time()
    insert_rows(
        Reaction,
        ["post_id", "user_id", "kind", "created_at"],
        (
            (post_pks[post], members[member][0], Reaction.Kind.LIKE.value, as_time(at))
            for at, post, member in plan.likes
        ),
    )
    return ForumRows(
        products=[products[slug].pk for slug, _name, _zh in PRODUCTS],
        board_products=[board.product_id for board in boards],
    )


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


def forum_events(plan: ForumPlan, rows: ForumRows) -> list[Any]:
    """Every activity the forum would have recorded, as reputation reads it
    (see reputation.Event)."""
    events = []
    for post in plan.posts:
        verb = "thread.created" if post.number == 1 else "post.created"
        product = rows.board_products[plan.threads[post.thread].board]
        events.append((post.at, verb, post.author, "post_author", post.author, product))
    for at, index, member in plan.likes:
        post = plan.posts[index]
        product = rows.board_products[plan.threads[post.thread].board]
        events.append((at, "reaction.added", member, "post_author", post.author, product))
    return events
