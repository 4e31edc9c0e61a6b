"""Ideas: 50,000 over the three products, as `submit_idea` would have left
them, and 2,000,000 supports.

Each idea has its discussion thread on the product's ideas board (the
opening post as `opening_post` writes it; replies on a minority, most on the
popular ideas), tags, and a status in realistic proportions (most new; the
team reviews, plans, builds, ships or declines mostly the popular ones) with
its timeline of StatusChange rows and the team's responses; about 1 % are
duplicates merged into an earlier idea of the same product and feature.

Supports follow popularity with a long tail: at most one per member and
idea, the author's own first (a duplicate's author's support went to the
original with the merge), each within the idea's life (before it shipped or
was declined) and mostly soon after it was proposed, with a share of the
open ideas' supports in the last week before END so "trending this week" has
content (`refresh_recent_supports` keeps that week ending now). Every
`support_count` equals its rows and every hot score is the app's formula.
"""

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice
from typing import Any

from .base import BATCH, END, Sizes, db_time, insert_rows, pyramid_picker
from .forum import POST_BODIES, PRODUCTS, REPLY_HORIZON, ForumRows, PlannedPost

IDEAS_SPAN = timedelta(days=2 * 365)  # members have proposed ideas for the last two years
PRODUCT_SHARES = [0.45, 0.30, 0.25]  # of the ideas, in PRODUCTS order
RECENT = timedelta(days=7)  # "trending this week"
RECENT_SHARE = 0.04  # of the open ideas' supports, given in the last week
EARLY = 3  # supports cluster after the submission: time = life × random ** EARLY
POPULARITY_ALPHA = 1.2  # Pareto tail of the ideas' appeal
POPULARITY_CAP = 1_500.0  # the most appealing idea draws at most this many times the least
MOST_SUPPORTERS = 0.4  # share of all members that one idea's supporters never exceed
REPLY_WEIGHT = 1.3  # replies go to ideas by supports ** REPLY_WEIGHT: a minority is discussed
QUIET = timedelta(days=14)  # ideas this young are all still new
# No status changes after END - SETTLE: the last week's supports all go to open ideas.
SETTLE = timedelta(days=8)
MERGE_WITHIN = timedelta(days=30)  # duplicates are merged within a month
DUPLICATE_SHARE = 0.01
# Open ideas the support scenario toggles (targets.json): a quarter for the
# warm-up, the rest for the measured run, split between wrk's two threads.
# Each thread's share must be far more than its connections (16), so that the
# support and the withdrawal of one idea are never in flight together, and
# far less than the requests it sends, so that it withdraws as much as it
# supports: about 190 each.
SUPPORT_TARGETS = 500
MARK = 987_654_321  # stands for an idea's number in the Markdown rendered once per text

# What ideas ask for: English, Chinese, tag, the products (slugs) it fits.
FEATURES = [
    ("dark mode", "深色模式", "display", "aurora nimbus"),
    ("an always-on display", "息屏显示", "display", "aurora nimbus"),
    ("a battery saver mode", "省电模式", "battery", "aurora nimbus pulse"),
    ("a battery health report", "电池健康报告", "battery", "aurora nimbus pulse"),
    ("longer battery life", "更长的续航", "battery", "aurora nimbus pulse"),
    ("camera night mode", "相机夜景模式", "camera", "aurora"),
    ("camera grid lines", "相机网格线", "camera", "aurora"),
    ("a pro camera mode", "专业相机模式", "camera", "aurora"),
    ("custom watch faces", "自定义表盘", "design", "nimbus"),
    ("blood oxygen tracking", "血氧监测", "health", "nimbus"),
    ("sleep apnea alerts", "睡眠呼吸暂停提醒", "health", "nimbus"),
    ("spatial audio", "空间音频", "audio", "pulse"),
    ("a custom equaliser", "自定义均衡器", "audio", "pulse"),
    ("ear detection settings", "入耳检测设置", "audio", "pulse"),
    ("multipoint Bluetooth", "蓝牙多设备连接", "connectivity", "aurora pulse"),
    ("fast charging", "快速充电", "charging", "aurora nimbus pulse"),
    ("wireless charging", "无线充电", "charging", "nimbus pulse"),
    ("a one-handed mode", "单手模式", "accessibility", "aurora"),
    ("larger fonts", "更大的字体", "accessibility", "aurora nimbus"),
    ("offline maps", "离线地图", "software", "aurora nimbus"),
    ("gesture controls", "手势控制", "software", "aurora nimbus pulse"),
    ("a lock screen widget", "锁屏小组件", "software", "aurora"),
]
TAGS = [
    ("display", "Display", "屏幕"),
    ("battery", "Battery", "电池"),
    ("camera", "Camera", "相机"),
    ("audio", "Audio", "音频"),
    ("health", "Health", "健康"),
    ("connectivity", "Connectivity", "连接"),
    ("charging", "Charging", "充电"),
    ("accessibility", "Accessibility", "无障碍"),
    ("software", "Software", "软件"),
    ("design", "Design", "设计"),
]
TAG_INDEX = {slug: index for index, (slug, _en, _zh) in enumerate(TAGS)}
SECOND_TAG = 0.3  # share of ideas with a second tag
# {f}: the feature, {F}: the same capitalised, {p}: the product's name.
TITLES = (
    [
        "Add {f}",
        "Please add {f}",
        "Improve {f}",
        "{F} on the {p}",
        "Let us turn on {f} in the settings",
    ],
    ["希望增加{f}", "建议优化{f}", "请支持{f}", "{p}需要{f}", "能否在设置里打开{f}"],
)
DESCRIPTIONS = (
    [
        "It would be great to have {f} on the {p}. I use it every day and miss this most "
        "in the evening.",
        "**Why:** {f} would save me time every day.\n\n**How:** a switch in the settings, "
        "off by default.\n\nOther brands already offer it.",
        "Steps today:\n\n1. open the settings\n2. look for {f}\n3. it is not there\n\n"
        "Please consider it for the next firmware of the {p}.",
        "+1 from a long-time {p} owner: {f} is the one thing I still miss.",
    ],
    [
        "希望{p}能加入{f}。我每天都在用，晚上最需要这个功能。",
        "**原因：**{f}每天都能帮我节省时间。\n\n**做法：**在设置里加一个开关，默认关闭。"
        "\n\n其他品牌已经有了。",
        "现在的步骤：\n\n1. 打开设置\n2. 找{f}\n3. 没有找到\n\n希望{p}的下个固件版本能考虑。",
        "{p}老用户支持一下：{f}是我唯一还想要的功能。",
    ],
)
# The team's responses by status, in English and Chinese.
RESPONSES = {
    "under_review": (
        [
            "Thanks! The team is looking into this.",
            "We are reviewing this with engineering; keep the supports coming.",
        ],
        ["感谢建议！团队正在评估。", "我们正在和研发团队评估，欢迎继续支持。"],
    ),
    "planned": (
        [
            "Planned for the next major firmware update.",
            "This is on our roadmap for **next quarter**.",
        ],
        ["已列入下一个大版本固件计划。", "已加入**下个季度**的路线图。"],
    ),
    "in_progress": (
        ["We have started work on this; beta testers will see it first."],
        ["已经开始开发，测试版用户会最先体验到。"],
    ),
    "shipped": (
        [
            "Shipped in firmware **2.4**. Thank you for all the supports!",
            "Available now: update your device to try it.",
        ],
        ["已在固件 **2.4** 中上线，感谢大家的支持！", "现已上线：升级设备即可体验。"],
    ),
    "declined": (
        [
            "Thanks for the idea. We will not build this: it would cost too much battery life.",
            "Not for now: the hardware cannot support it well.",
        ],
        ["感谢建议。我们暂不考虑：会明显影响续航。", "暂时不做：现有硬件无法很好地支持。"],
    ),
}
MERGED = ("Merged into “{title}”.", "已合并到“{title}”。")
STATUSES = ("new", "under_review", "planned", "in_progress", "shipped", "declined")
# The statuses an idea passes through on its way to each (after "new").
PATHS = {
    "new": (),
    "under_review": ("under_review",),
    "planned": ("under_review", "planned"),
    "in_progress": ("under_review", "planned", "in_progress"),
    "shipped": ("under_review", "planned", "in_progress", "shipped"),
    "declined": ("under_review", "declined"),
}
DECLINED_AT_ONCE = 0.5  # share of declined ideas the team declined without a review first
# By rank in supports (the top 1 %, the next 9 %, the rest): how likely each
# of STATUSES is. The team looks at popular ideas first.
STATUS_MIX = [
    (0.01, (10, 15, 25, 15, 25, 10)),
    (0.10, (55, 12, 10, 5, 8, 10)),
    (1.00, (90, 3, 1, 0.5, 0.5, 5)),
]
CLOSING = frozenset({"shipped", "declined", "duplicate"})  # no supports after these
REWARDED = frozenset({"planned", "shipped"})  # statuses whose activity earns the author points


@dataclass(slots=True)
class PlannedIdea:
    product: int  # index in PRODUCTS
    author: int  # index in the members list
    created: datetime
    feature: int  # index in FEATURES
    chinese: bool
    title: int  # index in TITLES
    body: int  # index in DESCRIPTIONS
    tags: tuple[int, ...]  # indexes in TAGS
    status: str = "new"
    # (time, from, to, index in RESPONSES[to]; -1 for the merge's own text)
    changes: list[tuple[datetime, str, str, int]] = field(default_factory=list)
    duplicate_of: int | None = None  # index of the original
    supports: int = 0
    last_number: int = 1
    last_post_at: datetime | None = None
    last_poster: int = 0

    @property
    def closes(self) -> datetime:
        """When it stopped taking supports: shipped, declined or merged; END if still open."""
        if self.changes and self.changes[-1][2] in CLOSING:
            return self.changes[-1][0]
        return END


@dataclass
class IdeasPlan:
    """All the ideas drawn in memory before a row is written."""

    ideas: list[PlannedIdea]  # in time order
    supports: list[tuple[datetime, int, int]]  # (time, idea, member), in time order
    moved: set[tuple[int, int]]  # (idea, member): a duplicate's author's support, merged there
    replies: list[PlannedPost]  # in the ideas' discussions (`thread`: the idea), in time order


def feature_text(idea: PlannedIdea) -> tuple[str, str]:
    """The feature and the product's name in the idea's language."""
    english, chinese, _tag, _products = FEATURES[idea.feature]
    _slug, name, name_zh = PRODUCTS[idea.product]
    return (chinese, name_zh) if idea.chinese else (english, name)


def idea_title(idea: PlannedIdea) -> str:
    feature, product = feature_text(idea)
    template = TITLES[idea.chinese][idea.title]
    return template.format(f=feature, F=feature[:1].upper() + feature[1:], p=product)


def idea_description(idea: PlannedIdea) -> str:
    feature, product = feature_text(idea)
    return DESCRIPTIONS[idea.chinese][idea.body].format(f=feature, p=product)


# --- Planning --------------------------------------------------------------------------


def plan_ideas(rng: random.Random, members: list[tuple[int, datetime]], sizes: Sizes) -> IdeasPlan:
    """Ideas by the pyramid's members over the last two years, their
    duplicates, supports, statuses and discussions."""
    pick = pyramid_picker(len(members))
    fits = [
        [index for index, feature in enumerate(FEATURES) if slug in feature[3].split()]
        for slug, _name, _zh in PRODUCTS
    ]
    ideas = []
    for _ in range(sizes.ideas):
        author = pick(rng)
        start = max(members[author][1], END - IDEAS_SPAN)
        product = rng.choices(range(len(PRODUCTS)), weights=PRODUCT_SHARES)[0]
        feature = rng.choice(fits[product])
        tags = (TAG_INDEX[FEATURES[feature][2]],)
        if rng.random() < SECOND_TAG:
            second = rng.randrange(len(TAGS))
            tags += (second,) if second not in tags else ()
        ideas.append(
            PlannedIdea(
                product=product,
                author=author,
                created=start + (END - start) * rng.random(),
                feature=feature,
                chinese=rng.random() < 0.5,
                title=rng.randrange(len(TITLES[0])),
                body=rng.randrange(len(DESCRIPTIONS[0])),
                tags=tags,
            )
        )
    ideas.sort(key=lambda idea: idea.created)
    plan_duplicates(rng, ideas)
    appeal = [
        0.0
        if idea.duplicate_of is not None
        else min(rng.paretovariate(POPULARITY_ALPHA), POPULARITY_CAP)
        for idea in ideas
    ]
    others = sizes.supports - len(ideas)  # each idea's author supports it (or its original)
    cap = max(1, int(len(members) * MOST_SUPPORTERS))
    draws = Counter(rng.choices(range(len(ideas)), weights=appeal, k=max(0, others)))
    draws = Counter({index: min(count, cap) for index, count in draws.items()})
    plan_statuses(rng, ideas, draws)
    supports, moved = plan_supports(rng, ideas, members, draws, appeal, sizes)
    return IdeasPlan(ideas, supports, moved, plan_replies(rng, ideas, members, sizes))


def plan_duplicates(rng: random.Random, ideas: list[PlannedIdea]) -> None:
    """About DUPLICATE_SHARE of the ideas repeat an earlier one of the same
    product and feature and were merged into it within a month."""
    originals: dict[tuple[int, int], list[int]] = defaultdict(list)
    for index, idea in enumerate(ideas):
        earlier = originals[(idea.product, idea.feature)]
        if earlier and idea.created < END - QUIET and rng.random() < DUPLICATE_SHARE:
            latest = min(END - SETTLE, idea.created + MERGE_WITHIN)
            idea.duplicate_of = rng.choice(earlier)
            idea.status = "duplicate"
            idea.changes.append(
                (idea.created + (latest - idea.created) * rng.random(), "new", "duplicate", -1)
            )
        else:
            earlier.append(index)


def plan_statuses(rng: random.Random, ideas: list[PlannedIdea], draws: Counter) -> None:
    """Statuses by rank in supports (STATUS_MIX), except for ideas younger
    than QUIET; each step of the way on the timeline, at random times
    between the submission and END - SETTLE."""
    ranked = sorted(
        (index for index, idea in enumerate(ideas) if idea.duplicate_of is None),
        key=lambda index: (-draws[index], index),
    )
    latest = END - SETTLE
    for rank, index in enumerate(ranked):
        idea = ideas[index]
        if idea.created > END - QUIET:
            continue
        weights = next(mix for top, mix in STATUS_MIX if rank < top * len(ranked))
        status = rng.choices(STATUSES, weights=weights)[0]
        path = PATHS[status]
        if status == "declined" and rng.random() < DECLINED_AT_ONCE:
            path = ("declined",)
        times = sorted(idea.created + (latest - idea.created) * rng.random() for _ in path)
        previous = "new"
        for at, to in zip(times, path, strict=True):
            idea.changes.append((at, previous, to, rng.randrange(len(RESPONSES[to][0]))))
            previous = to
        idea.status = status


def plan_supports(
    rng: random.Random,
    ideas: list[PlannedIdea],
    members: list[tuple[int, datetime]],
    draws: Counter,
    appeal: list[float],
    sizes: Sizes,
) -> tuple[list[tuple[datetime, int, int]], set[tuple[int, int]]]:
    """Exactly `sizes.supports` supports: each author's own at the
    submission (a duplicate's went to its original, unless its author
    supported that already), then `draws` more per idea by members of the
    pyramid who had joined before the idea closed, at most one each."""
    pick = pyramid_picker(len(members))
    supporters: list[set[int]] = [set() for _ in ideas]
    supports: list[tuple[datetime, int, int]] = []
    moved: set[tuple[int, int]] = set()
    for index, idea in enumerate(ideas):
        if idea.duplicate_of is None:
            supporters[index].add(idea.author)
            supports.append((idea.created, index, idea.author))
    for idea in ideas:
        original = idea.duplicate_of
        if original is not None and idea.author not in supporters[original]:
            supporters[original].add(idea.author)
            supports.append((idea.created, original, idea.author))
            moved.add((original, idea.author))
    closes = [idea.closes for idea in ideas]
    week = END - RECENT

    def support(index: int) -> None:
        idea, taken, end = ideas[index], supporters[index], closes[index]
        for _ in range(50):
            member = pick(rng)
            joined = members[member][1]
            if member in taken or joined >= end:
                continue
            taken.add(member)
            since = max(idea.created, joined)
            if end == END and rng.random() < RECENT_SHARE:  # still open: a support this week
                since = max(since, week)
                at = since + (end - since) * rng.random()
            else:
                at = since + (end - since) * rng.random() ** EARLY
            supports.append((at, index, member))
            return

    for index in sorted(draws):
        for _ in range(draws[index]):
            support(index)
    cumulative, total = [], 0.0
    for weight in appeal:
        total += weight
        cumulative.append(total)
    while len(supports) < sizes.supports:  # draws that found no one left, capped ideas
        support(rng.choices(range(len(ideas)), cum_weights=cumulative)[0])
    for index, idea in enumerate(ideas):
        idea.supports = len(supporters[index]) if idea.duplicate_of is None else 0
    supports.sort()
    return supports, moved


def plan_replies(
    rng: random.Random, ideas: list[PlannedIdea], members: list[tuple[int, datetime]], sizes: Sizes
) -> list[PlannedPost]:
    """`sizes.idea_replies` replies in the discussions, most on the popular
    ideas, within two months of the submission, by members who had joined."""
    pick = pyramid_picker(len(members))
    weights = [idea.supports**REPLY_WEIGHT for idea in ideas]
    counts = Counter(rng.choices(range(len(ideas)), weights=weights, k=sizes.idea_replies))
    replies = []
    for index, idea in enumerate(ideas):
        idea.last_post_at, idea.last_poster = idea.created, idea.author
        horizon = min(END - idea.created, REPLY_HORIZON)
        times = sorted(idea.created + horizon * rng.random() for _ in range(counts[index]))
        for number, at in enumerate(times, start=2):
            author = pick(rng)
            if members[author][1] > at:  # joined later: the idea's author answers instead
                author = idea.author
            replies.append(PlannedPost(index, number, author, at, rng.randrange(len(POST_BODIES))))
            idea.last_post_at, idea.last_poster = at, author
        idea.last_number = len(times) + 1
    replies.sort(key=lambda post: (post.at, post.thread, post.number))
    return replies


# --- Rows ------------------------------------------------------------------------------


def build_team() -> list[int]:
    """One staff account per product (in PRODUCTS order), who answers its
    ideas; returns their keys."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from cocreate.reputation.models import MemberStats

    team = get_user_model().objects.bulk_create(
        get_user_model()(
            username=f"{slug}-team",
            email=f"{slug}-team@bench.example",
            password=make_password(None),
            display_name=f"{name} team",
            is_staff=True,
            date_joined=END - IDEAS_SPAN,
        )
        for slug, name, _zh in PRODUCTS
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user_id=user.pk, email=user.email, verified=True, primary=True)
        for user in team
    )
    MemberStats.objects.bulk_create(MemberStats(member_id=user.pk) for user in team)
    return [user.pk for user in team]


def insert_ideas(plan: IdeasPlan, members: list[tuple[int, datetime]], rows: ForumRows) -> None:
    """The team, tags, each product's ideas board (made by the app's own
    `ideas_board_for`) with its counters, then threads, ideas, posts, tags,
    timelines and supports, oldest first so ids follow time."""
    from cocreate.core.markdown import render_markdown
    from cocreate.forum.actions import hot_score as thread_hot_score
    from cocreate.forum.content import render_post
    from cocreate.forum.models import Board, Post, Product, Thread
    from cocreate.ideas.actions import hot_score, ideas_board_for, opening_post
    from cocreate.ideas.models import Idea, StatusChange, Support, Tag

    team = build_team()
    tags = Tag.objects.bulk_create(
        Tag(slug=slug, name=name, name_zh=zh, position=position)
        for position, (slug, name, zh) in enumerate(TAGS)
    )
    products = Product.objects.in_bulk(rows.products)
    boards = [ideas_board_for(products[pk]) for pk in rows.products]
    ideas = plan.ideas
    for position, board in enumerate(boards):
        own = [idea for idea in ideas if idea.product == position]
        Board.objects.filter(pk=board.pk).update(
            thread_count=len(own),
            post_count=sum(idea.last_number for idea in own),
            last_post_at=max((idea.last_post_at for idea in own), default=None),
        )
    thread_pks: list[int] = []
    for offset in range(0, len(ideas), BATCH):
        thread_pks += [
            thread.pk
            for thread in Thread.objects.bulk_create(
                Thread(
                    board_id=boards[idea.product].pk,
                    author_id=members[idea.author][0],
                    title=idea_title(idea),
                    created_at=idea.created,
                    last_post_at=idea.last_post_at,
                    last_poster_id=members[idea.last_poster][0],
                    last_number=idea.last_number,
                    reply_count=idea.last_number - 1,
                    hot_score=thread_hot_score(idea.last_number - 1, 0, idea.created),
                )
                for idea in ideas[offset : offset + BATCH]
            )
        ]

    # Markdown rendered once per text (and the opening post once per text
    # with MARK for the idea's number): the texts repeat.
    described: dict[str, tuple[str, str, str]] = {}

    def texts(idea: PlannedIdea) -> tuple[str, str, str]:
        """The description, its HTML and the opening post's HTML."""
        description = idea_description(idea)
        if description not in described:
            opening = opening_post(Idea(pk=MARK, description=description))
            described[description] = (
                description,
                render_post(description, []),
                render_post(opening, []),
            )
        return described[description]

    responses = {
        (status, chinese, index): (text, render_markdown(text))
        for status, languages in RESPONSES.items()
        for chinese, choices in enumerate(languages)
        for index, text in enumerate(choices)
    }

    def response(idea: PlannedIdea, status: str, index: int) -> tuple[str, str]:
        if index >= 0:
            return responses[(status, idea.chinese, index)]
        text = MERGED[idea.chinese].format(title=idea_title(ideas[idea.duplicate_of]))
        return text, render_markdown(text)

    idea_pks: list[int] = []
    for offset in range(0, len(ideas), BATCH):
        batch = []
        for index in range(offset, min(offset + BATCH, len(ideas))):
            idea = ideas[index]
            description, html, _opening = texts(idea)
            latest = idea.changes[-1] if idea.changes else None
            answer, answer_html = response(idea, latest[2], latest[3]) if latest else ("", "")
            batch.append(
                Idea(
                    product_id=rows.products[idea.product],
                    thread_id=thread_pks[index],
                    author_id=members[idea.author][0],
                    title=idea_title(idea),
                    description=description,
                    description_html=html,
                    status=idea.status,
                    support_count=idea.supports,
                    hot_score=hot_score(idea.supports, idea.created),
                    created_at=idea.created,
                    updated_at=latest[0] if latest else idea.created,
                    status_changed_at=latest[0] if latest else None,
                    response=answer,
                    response_html=answer_html,
                )
            )
        idea_pks += [idea.pk for idea in Idea.objects.bulk_create(batch)]
    duplicates = [index for index, idea in enumerate(ideas) if idea.duplicate_of is not None]
    Idea.objects.bulk_update(
        [Idea(pk=idea_pks[i], duplicate_of_id=idea_pks[ideas[i].duplicate_of]) for i in duplicates],
        ["duplicate_of"],
        batch_size=BATCH,
    )

    def posts() -> Any:
        """The opening posts, then the replies."""
        reply_html = [render_post(body, []) for body in POST_BODIES]
        for index, idea in enumerate(ideas):
            description, _html, opening_html = texts(idea)
            pk = idea_pks[index]
            yield Post(
                thread_id=thread_pks[index],
                author_id=members[idea.author][0],
                body=opening_post(Idea(pk=pk, description=description)),
                body_html=opening_html.replace(f"/{MARK}/", f"/{pk}/"),
                number=1,
                created_at=idea.created,
            )
        for reply in plan.replies:
            yield Post(
                thread_id=thread_pks[reply.thread],
                author_id=members[reply.author][0],
                body=POST_BODIES[reply.body],
                body_html=reply_html[reply.body],
                number=reply.number,
                created_at=reply.at,
            )

    pending = posts()
    while batch := list(islice(pending, BATCH)):
        Post.objects.bulk_create(batch)
    insert_rows(
        Idea.tags.through,
        ["idea_id", "tag_id"],
        ((idea_pks[index], tags[tag].pk) for index, idea in enumerate(ideas) for tag in idea.tags),
    )
    changes = []
    for index, idea in enumerate(ideas):
        for at, before, after, choice in idea.changes:
            text, html = response(idea, after, choice)
            original = idea.duplicate_of if after == "duplicate" else None
            changes.append(
                StatusChange(
                    idea_id=idea_pks[index],
                    from_status=before,
                    to_status=after,
                    actor_id=team[idea.product],
                    response=text,
                    response_html=html,
                    duplicate_of_id=idea_pks[original] if original is not None else None,
                    created_at=at,
                )
            )
    changes.sort(key=lambda change: change.created_at)
    StatusChange.objects.bulk_create(changes, batch_size=BATCH)
    as_time = db_time()
    insert_rows(
        Support,
        ["idea_id", "member_id", "created_at"],
        ((idea_pks[index], members[member][0], as_time(at)) for at, index, member in plan.supports),
    )


def idea_events(plan: IdeasPlan, rows: ForumRows) -> list[Any]:
    """Every activity the ideas (and their discussions) would have recorded,
    as reputation reads it (see reputation.Event): the thread and the idea
    submitted, replies, supports (the author's own earns nothing, nor does a
    duplicate's author's support that the merge moved), and the statuses
    whose first reaching earns the author points (REWARDED)."""
    events: list[Any] = []
    ideas = plan.ideas
    for idea in ideas:
        product = rows.products[idea.product]
        author = idea.author
        events.append((idea.created, "thread.created", author, "post_author", author, product))
        events.append((idea.created, "idea.submitted", author, "idea_author", None, product))
        for at, _before, after, _response in idea.changes:
            if after in REWARDED:
                events.append((at, f"idea.{after}", None, "idea_author", author, product))
    for reply in plan.replies:
        product = rows.products[ideas[reply.thread].product]
        author = reply.author
        events.append((reply.at, "post.created", author, "post_author", author, product))
    for at, index, member in plan.supports:
        idea = ideas[index]
        credited = None if member == idea.author or (index, member) in plan.moved else idea.author
        events.append(
            (at, "idea.supported", member, "idea_author", credited, rows.products[idea.product])
        )
    return events


# --- Between runs ----------------------------------------------------------------------


def recount_ideas(idea_ids: set[int]) -> None:
    """Set the ideas' support counts and hot scores from their rows."""
    from django.db.models import Count

    from cocreate.ideas.actions import hot_score
    from cocreate.ideas.models import Idea

    ideas = list(
        Idea.objects.filter(pk__in=idea_ids)
        .annotate(rows=Count("supports"))
        .only("pk", "created_at", "support_count", "hot_score")
    )
    for idea in ideas:
        idea.support_count = idea.rows
        idea.hot_score = hot_score(idea.rows, idea.created_at)
    Idea.objects.bulk_update(ideas, ["support_count", "hot_score"], batch_size=BATCH)


def refresh_recent_supports() -> int:
    """Move the last RECENT of the supports to end an hour ago, so "trending
    this week" (counted back from now) has content whatever the day the
    benchmark runs; like `refresh_recent_points`. Only open ideas have
    supports that recent (no status changes after END - SETTLE). Returns how
    many moved (none when they already end near now)."""
    from django.db.models import F, Max
    from django.utils import timezone

    from cocreate.ideas.models import Support

    latest = Support.objects.aggregate(latest=Max("created_at"))["latest"]
    if latest is None:
        return 0
    shift = timezone.now() - timedelta(hours=1) - latest
    if abs(shift) < timedelta(hours=12):
        return 0
    return Support.objects.filter(created_at__gt=latest - RECENT).update(
        created_at=F("created_at") + shift
    )


def idea_targets() -> dict[str, Any]:
    """What the ideas scenarios use: the most supported open idea (the detail
    pages), and SUPPORT_TARGETS other open ideas spread over all of them,
    plus one for the support scenario's probe."""
    from cocreate.ideas.enums import OPEN
    from cocreate.ideas.models import Idea

    open_ideas = Idea.objects.filter(status__in=OPEN)
    popular = open_ideas.order_by("-support_count", "-pk").values_list("pk", flat=True)[0]
    others = list(open_ideas.exclude(pk=popular).order_by("pk").values_list("pk", flat=True))
    chosen = others[:: max(1, len(others) // (SUPPORT_TARGETS + 1))][: SUPPORT_TARGETS + 1]
    return {"popular_idea": popular, "support_probe": chosen[0], "support_ideas": chosen[1:]}


def idea_tallies(idea_ids: list[int], member_id: int) -> dict[str, int]:
    """The ideas' support counts and hot scores next to their rows, and what
    the member wrote to them: their supports and their support activities."""
    from django.db.models import Count

    from cocreate.core.models import Activity
    from cocreate.ideas.actions import hot_score
    from cocreate.ideas.models import Idea, Support

    rows = (
        Idea.objects.filter(pk__in=idea_ids)
        .annotate(rows=Count("supports"))
        .values_list("support_count", "rows", "hot_score", "created_at")
    )
    tallies = {"ideas": 0, "support_count": 0, "supports": 0, "miscounted": 0, "misscored": 0}
    for stored, counted, score, created in rows:
        tallies["ideas"] += 1
        tallies["support_count"] += stored
        tallies["supports"] += counted
        tallies["miscounted"] += stored != counted
        tallies["misscored"] += abs(score - hot_score(stored, created)) > 1e-9
    tallies["member_supports"] = Support.objects.filter(
        member_id=member_id, idea_id__in=idea_ids
    ).count()
    tallies["member_writes"] = Activity.objects.filter(
        actor_id=member_id, verb__in=["idea.supported", "idea.support_withdrawn"]
    ).count()
    return tallies
