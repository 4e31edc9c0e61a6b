"""Releases: the busiest product's weekly development builds and 50,000
four-grid experience reports on them, as the report actions leave them.

The phone (`aurora`) gets its release rhythm (Friday 18:00, Shanghai time,
report windows closing the following Tuesday 24:00), four teams and 100
weekly published development builds `1.0.0`…`1.9.9` on the Fridays before
END, each with 5–10 bilingual changelog entries; up to two per build ship an
idea the ideas part shipped before it (the entry links the idea, its author
and first supporters are credited). Reports spread over the builds, more on
recent ones, by members of the pyramid, at most one per member and build:
1–3 entries liked most and 0–2 least, a third with a problem in mixed
Chinese and English, scores 1–5 whose average drifts from build to build.
Every tally (`Release` report and score counts, problems, audience;
`ChangelogEntry` liked and disliked counts; `Team` awards) is counted here
and written with its row; each build whose window closed before END has its
feature-of-the-week award, given as the award task would.

The newest build's window is still open at END. `refresh_report_window`
keeps it open whatever the day the benchmark runs, so report submission can
be measured; the members it is measured with (`SUBMITTERS`, with their API
keys in REPORT_TOKENS_FILE) have not reported on that build, and
`remove_report_writes` takes away what runs wrote.
"""

import base64
import bisect
import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from typing import Any

from .base import BATCH, END, SEED, Sizes, db_time, insert_rows, pyramid_picker, reserve_keys
from .ideas import FEATURES
from .reputation import Event

TIME_ZONE = "Asia/Shanghai"
ENTRIES = (5, 10)  # changelog entries per build, at least and at most
LINKS = 2  # shipped ideas a build links at most
RECENT_WEIGHT = 2.0  # the newest closed build draws 1 + this times the oldest's reports
OPEN_SHARE = 0.3  # of its weight, what the newest build (a few hours old at END) drew
PROBLEM_SHARE = 0.3  # of the reports, those that list a problem
SECOND_PROBLEM = 0.15  # of those, the ones that list two
SUBMITTER_TOKEN = "bench-report"  # the name of the submitters' API tokens

# slug, name, Chinese name; and the team that ships an idea by its tag.
TEAMS = [
    ("camera", "Camera", "相机组"),
    ("system", "System experience", "系统体验组"),
    ("battery", "Battery & power", "续航组"),
    ("connectivity", "Connectivity", "连接组"),
]
TEAM_OF_TAG = {"camera": 0, "battery": 2, "charging": 2, "connectivity": 3, "audio": 3}
# kind, team (index in TEAMS), title, Chinese title, description, Chinese description
CHANGES = [
    ("feature", 0, "Portrait mode for the front camera", "前置摄像头人像模式",
     "Blurs the background of selfies.", "自拍也能虚化背景。"),
    ("improvement", 0, "Sharper zoom at 5×", "5 倍变焦更清晰", "", ""),
    ("fix", 0, "Fixed green tint in low light", "修复暗光下画面偏绿", "", ""),
    ("feature", 0, "Document scanner in the camera", "相机内置文档扫描", "", ""),
    ("improvement", 0, "Quicker shutter in burst mode", "连拍模式快门更快", "", ""),
    ("fix", 0, "Fixed a crash when switching lenses", "修复切换镜头时闪退", "", ""),
    ("improvement", 1, "Faster app switching", "应用切换更快",
     "Recent apps open 20% faster.", "最近任务打开速度提升 20%。"),
    ("feature", 1, "Quick reply from the lock screen", "锁屏快捷回复",
     "Answer messages without unlocking.", "无需解锁即可回复消息。"),
    ("fix", 1, "Fixed the keyboard covering the search box", "修复键盘遮挡搜索框", "", ""),
    ("improvement", 1, "New volume panel", "全新音量面板",
     "Per-app volume at a swipe.", "轻扫即可分别调节各应用音量。"),
    ("fix", 1, "Fixed notifications arriving late", "修复通知延迟", "", ""),
    ("improvement", 1, "Smoother scrolling in long lists", "长列表滚动更流畅", "", ""),
    ("fix", 1, "Fixed the clock widget freezing", "修复时钟小组件卡住", "", ""),
    ("fix", 2, "Fixed battery drain with Bluetooth on", "修复蓝牙开启时耗电异常", "", ""),
    ("improvement", 2, "Smarter background limits", "更智能的后台管理",
     "Apps you rarely use sleep sooner.", "不常用的应用更快休眠。"),
    ("fix", 2, "Fixed wrong remaining-time estimate", "修复剩余时间估算不准", "", ""),
    ("improvement", 2, "Cooler while charging", "充电时温度更低", "", ""),
    ("feature", 2, "Battery usage by hour", "按小时查看耗电", "", ""),
    ("fix", 3, "Fixed Wi-Fi dropping after sleep", "修复休眠后 Wi-Fi 断开", "", ""),
    ("improvement", 3, "Faster pairing with earbuds", "与耳机配对更快", "", ""),
    ("feature", 3, "Share Wi-Fi with a QR code", "二维码分享 Wi-Fi", "", ""),
    ("fix", 3, "Fixed calls dropping on 5G", "修复 5G 下通话中断", "", ""),
    ("improvement", 3, "Better signal in lifts", "电梯内信号更好", "", ""),
]  # fmt: skip
# Problems as members type them, Chinese and English mixed ({v}: the version).
PROBLEMS = [
    "升级到 {v} 之后 Bluetooth 经常断开",
    "相机 app crashes when I switch to night mode",
    "After {v} the 电池 drains overnight, about 15%",
    "锁屏 notifications 延迟十几分钟",
    "Wi-Fi 休眠后断开, have to toggle it every morning",
    "夜景模式 photos are blurry since {v}",
    "The keyboard 卡顿 in WeChat",
    "充电时 phone gets hot, 有时超过 45°C",
    "GPS 定位 drifts a lot in the city",
    "桌面 widgets disappear after reboot",
    "5G 信号 weaker than on the previous build",
    "Screen flickers at low brightness, 低亮度闪屏",
]
SEVERITIES = [("low", 30), ("medium", 45), ("high", 20), ("critical", 5)]
LIKED_COMMENTS = [
    "Finally! Works great for me.",
    "Much smoother than last week's build.",
    "终于等到了，好用！",
    "这个改进很实用，点赞。",
]
DISLIKED_COMMENTS = [
    "Not what I expected; please make it optional.",
    "改了之后反而不习惯。",
    "Feels slower than before.",
    "希望可以在设置里关闭。",
]
WANT_NEXT = [
    "A better night mode, please.",
    "希望下个版本优化续航。",
    "Dual SIM settings per app.",
    "希望增加更多表盘和主题。",
]
NOTES = (
    "Weekly development build **{v}** for the Aurora Phone. Thank you for testing and "
    "for your four-grid reports.\n\n第 {n} 周开发版 **{v}**：感谢参与测试并提交四格体验报告。"
)


@dataclass(slots=True)
class PlannedEntry:
    kind: str
    team: int  # index in TEAMS
    title: str
    title_zh: str
    description: str = ""
    description_zh: str = ""
    idea: int | None = None  # the key of the idea it ships
    appeal: float = 1.0  # how readily reports like it most
    dislike: float = 1.0  # … and least
    liked: int = 0
    disliked: int = 0


@dataclass(slots=True)
class PlannedReport:
    member: int  # index in the members list
    at: datetime
    score: int
    liked: tuple[int, ...]  # positions in the build's entries
    disliked: tuple[int, ...]
    problems: tuple[tuple[str, str], ...]  # (text, severity)
    liked_comment: str = ""
    disliked_comment: str = ""
    want_next: str = ""
    want_next_idea: int | None = None


@dataclass(slots=True)
class PlannedRelease:
    version: str
    day: date
    published: datetime
    closes: datetime
    entries: list[PlannedEntry]
    reports: list[PlannedReport] = field(default_factory=list)
    audience: int = 0
    scores: list[int] = field(default_factory=lambda: [0] * 5)  # how many gave 1…5
    problems: int = 0

    @property
    def award(self) -> int | None:
        """The position of the entry the feature of the week goes to, once
        the window closed: the best net liking, ties to the more liked, then
        the changelog's order, among the entries someone liked most."""
        if self.closes > END:
            return None
        ranked = sorted(
            range(len(self.entries)),
            key=lambda i: (
                -(self.entries[i].liked - self.entries[i].disliked),
                -self.entries[i].liked,
                i,
            ),
        )
        return next((i for i in ranked if self.entries[i].liked), None)


@dataclass
class ReleasesPlan:
    product: int  # the product's key
    releases: list[PlannedRelease]  # oldest first
    submitters: list[int]  # indexes of the members the submission scenario files as


def release_settings(product: int) -> Any:
    """The phone's release rhythm (unsaved): Friday 18:00 in Shanghai, report
    windows closing at the end of the following Tuesday."""
    from cocreate.releases.models import ProductReleaseSettings

    return ProductReleaseSettings(
        product_id=product,
        time_zone=TIME_ZONE,
        release_weekday=4,
        release_time=time(18, 0),
        report_closes_weekday=1,
    )


# --- Planning --------------------------------------------------------------------------


def plan_releases(
    rng: random.Random, members: list[tuple[int, datetime]], product: int, sizes: Sizes
) -> ReleasesPlan:
    """The builds on the Fridays before END, their changelogs (linking the
    product's shipped ideas), reports and tallies, and the submitters."""
    from cocreate.ideas.enums import OPEN
    from cocreate.ideas.models import Idea
    from cocreate.releases import calendar

    settings = release_settings(product)
    newest = calendar.coming_slot(settings, END) - timedelta(weeks=1)
    releases = []
    for week in range(sizes.releases):
        day = newest - timedelta(weeks=sizes.releases - 1 - week)
        published = calendar.release_moment(settings, day)
        releases.append(
            PlannedRelease(
                version=f"1.{week // 10}.{week % 10}",
                day=day,
                published=published,
                closes=calendar.reports_close_at(settings, published),
                entries=[],
            )
        )
    shipped = Idea.objects.filter(product_id=product, status="shipped").order_by(
        "status_changed_at", "pk"
    )
    plan_changelogs(rng, releases, list(shipped.values_list("pk", "title", "status_changed_at")))
    open_ideas = list(
        Idea.objects.filter(product_id=product, status__in=OPEN)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    plan_reports(rng, releases, members, open_ideas, sizes)
    plan_audiences(releases)
    reported = {report.member for report in releases[-1].reports}
    candidates = [index for index in range(len(members)) if index not in reported]
    submitters = sorted(rng.sample(candidates, min(sizes.report_submitters, len(candidates))))
    return ReleasesPlan(product, releases, submitters)


def shipped_entry(title: str) -> tuple[str, str, int]:
    """The changelog title, Chinese title and team of an entry shipping the
    idea titled `title` (the ideas part writes the feature into every title)."""
    for english, chinese, tag, _products in FEATURES:
        if english in title or chinese in title:
            return english[:1].upper() + english[1:], chinese, TEAM_OF_TAG.get(tag, 1)
    return title, "", 1


def plan_changelogs(
    rng: random.Random,
    releases: list[PlannedRelease],
    shipped: list[Any],
) -> None:
    """5–10 entries per build; an idea shipped (by the ideas part; `shipped`:
    key, title and time of each, in time order) goes to the first build
    published after it, while that build links fewer than LINKS."""
    published = [release.published for release in releases]
    links: list[list[tuple[int, str]]] = [[] for _ in releases]
    for pk, title, at in shipped:
        index = bisect.bisect_left(published, at)
        if index < len(releases) and len(links[index]) < LINKS:
            links[index].append((pk, title))
    for release, linked in zip(releases, links, strict=True):
        count = rng.randint(*ENTRIES)
        for pk, title in linked:
            english, chinese, team = shipped_entry(title)
            release.entries.append(PlannedEntry("feature", team, english, chinese, idea=pk))
        for change in rng.sample(CHANGES, count - len(linked)):
            release.entries.append(PlannedEntry(*change))
        rng.shuffle(release.entries)
        for entry in release.entries:
            boost = 3.0 if entry.idea else 1.0  # what members asked for is liked most
            entry.appeal = boost * min(rng.paretovariate(1.5), 20.0)
            entry.dislike = min(rng.paretovariate(1.5), 20.0)


def report_counts(releases: list[PlannedRelease], total: int) -> list[int]:
    """`total` reports over the builds, growing towards the newest closed one
    (RECENT_WEIGHT); the newest, a few hours old at END, drew OPEN_SHARE of
    its weight. Largest remainders, so they add up to `total`."""
    last = max(1, len(releases) - 1)
    weights = [1.0 + RECENT_WEIGHT * index / last for index in range(len(releases))]
    weights[-1] *= OPEN_SHARE
    shares = [total * weight / sum(weights) for weight in weights]
    counts = [math.floor(share) for share in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])
    for index in by_remainder[: total - sum(counts)]:
        counts[index] += 1
    return counts


def weighted_sample(rng: random.Random, cumulative: list[float], k: int, taken: set[int]) -> tuple:
    """`k` distinct positions by their `cumulative` weights, none of `taken`."""
    chosen: list[int] = []
    while len(chosen) < k:
        index = rng.choices(range(len(cumulative)), cum_weights=cumulative)[0]
        if index not in taken and index not in chosen:
            chosen.append(index)
    return tuple(chosen)


def plan_reports(
    rng: random.Random,
    releases: list[PlannedRelease],
    members: list[tuple[int, datetime]],
    open_ideas: list[int],
    sizes: Sizes,
) -> None:
    """Each build's reports by members of the pyramid who had joined, at most
    one each, mostly in the window's first days; their picks, problems and
    scores (whose average drifts from build to build), tallied as filed."""
    pick = pyramid_picker(len(members))
    last = max(1, len(releases) - 1)
    for index, (release, count) in enumerate(
        zip(releases, report_counts(releases, sizes.reports), strict=True)
    ):
        mean = 3.3 + 0.5 * math.sin(index / 6) + 0.5 * index / last
        end = min(release.closes, END)
        reporters: set[int] = set()
        liking = list(accumulate(entry.appeal for entry in release.entries))
        disliking = list(accumulate(entry.dislike for entry in release.entries))
        for _ in range(count):
            at = release.published + (end - release.published) * rng.random() ** 2
            member = reporter(rng, pick, members, reporters, at)
            score = min(5, max(1, round(rng.gauss(mean, 0.9))))
            liked = weighted_sample(rng, liking, rng.choice((1, 1, 2, 2, 3)), set())
            dislikes = rng.choice((0, 0, 1, 1, 2)) + (score <= 2)
            disliked = weighted_sample(rng, disliking, min(dislikes, 2), set(liked))
            problems: tuple[tuple[str, str], ...] = ()
            if rng.random() < PROBLEM_SHARE:
                many = 2 if rng.random() < SECOND_PROBLEM else 1
                problems = tuple(
                    (
                        text.format(v=release.version),
                        rng.choices(*zip(*SEVERITIES, strict=True))[0],
                    )
                    for text in rng.sample(PROBLEMS, many)
                )
            report = PlannedReport(member, at, score, liked, disliked, problems)
            if rng.random() < 0.5:
                report.liked_comment = rng.choice(LIKED_COMMENTS)
            if disliked and rng.random() < 0.3:
                report.disliked_comment = rng.choice(DISLIKED_COMMENTS)
            if rng.random() < 0.3:
                report.want_next = rng.choice(WANT_NEXT)
            elif open_ideas and rng.random() < 0.15:
                report.want_next_idea = rng.choice(open_ideas)
            release.reports.append(report)
            release.scores[score - 1] += 1
            release.problems += len(problems)
            for position in liked:
                release.entries[position].liked += 1
            for position in disliked:
                release.entries[position].disliked += 1
        release.reports.sort(key=lambda report: report.at)


def reporter(
    rng: random.Random,
    pick: Any,
    members: list[tuple[int, datetime]],
    taken: set[int],
    at: datetime,
) -> int:
    """A member of the pyramid who joined before `at` and has not reported on
    the build yet (any such member when the draws keep missing)."""
    for _ in range(50):
        member = pick(rng)
        if member not in taken and members[member][1] < at:
            taken.add(member)
            return member
    start = rng.randrange(len(members))
    for offset in range(len(members)):
        member = (start + offset) % len(members)
        if member not in taken and members[member][1] < at:
            taken.add(member)
            return member
    raise ValueError(f"no member left to report at {at}: too many reports for the members")


def plan_audiences(releases: list[PlannedRelease]) -> None:
    """What publishing counts as a development build's audience (no beta
    programs on the channel): the members who reported on its previous
    AUDIENCE_RELEASES builds."""
    from cocreate.releases.actions.releases import AUDIENCE_RELEASES

    for index, release in enumerate(releases):
        previous = releases[max(0, index - AUDIENCE_RELEASES) : index]
        reporters = {report.member for earlier in previous for report in earlier.reports}
        release.audience = len(reporters)


def release_events(plan: ReleasesPlan) -> list[Event]:
    """The activities reputation reads (see reputation.Event): each report filed."""
    return [
        (report.at, "report.filed", report.member, "report", None, plan.product)
        for release in plan.releases
        for report in release.reports
    ]


# --- Rows ------------------------------------------------------------------------------


def submitter_keys(count: int | None = None) -> list[str]:
    """The submitters' API keys, the same on every build: `count` of them,
    or as many as the database holds tokens for."""
    from cocreate.accounts.models import ApiToken

    if count is None:
        count = ApiToken.objects.filter(name=SUBMITTER_TOKEN).count()
    rng = random.Random(f"{SEED}-report-tokens")
    return [
        ApiToken.PREFIX + base64.urlsafe_b64encode(rng.randbytes(32)).decode().rstrip("=")
        for _ in range(count)
    ]


def insert_releases(plan: ReleasesPlan, members: list[tuple[int, datetime]]) -> None:
    """The rhythm, teams, builds, entries and their ideas, reports with their
    picks and problems, awards, credits and the submitters' API tokens,
    every tally as planned."""
    from django.contrib.auth import get_user_model

    from cocreate.accounts.models import ApiToken
    from cocreate.core.markdown import render_markdown
    from cocreate.releases.enums import Channel, CreditRole, ReleaseStatus
    from cocreate.releases.models import (
        ChangelogEntry,
        ExperienceReport,
        FeatureAward,
        Release,
        ReportPick,
        ReportProblem,
        Team,
    )

    release_settings(plan.product).save()
    product = plan.product
    staff = get_user_model().objects.filter(is_staff=True, username__endswith="-team")
    team_account = staff.order_by("pk").values_list("pk", flat=True).first()
    releases = plan.releases
    awards: list[int] = [0] * len(TEAMS)
    for release in releases:
        won = release.award
        if won is not None:
            awards[release.entries[won].team] += 1
    teams = Team.objects.bulk_create(
        Team(product_id=product, slug=slug, name=name, name_zh=zh, award_count=awards[index])
        for index, (slug, name, zh) in enumerate(TEAMS)
    )
    rows = Release.objects.bulk_create(
        Release(
            product_id=product,
            channel=Channel.DEVELOPMENT,
            version=release.version,
            release_date=release.day,
            notes=(notes := NOTES.format(v=release.version, n=index + 1)),
            notes_html=render_markdown(notes),
            status=ReleaseStatus.PUBLISHED,
            published_at=release.published,
            reports_close_at=release.closes,
            created_by_id=team_account,
            created_at=release.published - timedelta(days=2),
            updated_at=release.published,
            audience_count=release.audience,
            report_count=len(release.reports),
            score_total=sum(score * n for score, n in enumerate(release.scores, start=1)),
            score_1=release.scores[0],
            score_2=release.scores[1],
            score_3=release.scores[2],
            score_4=release.scores[3],
            score_5=release.scores[4],
            problem_count=release.problems,
        )
        for index, release in enumerate(releases)
    )
    entries = ChangelogEntry.objects.bulk_create(
        ChangelogEntry(
            release_id=row.pk,
            kind=entry.kind,
            title=entry.title,
            title_zh=entry.title_zh,
            description=entry.description,
            description_zh=entry.description_zh,
            team_id=teams[entry.team].pk,
            position=position,
            liked_count=entry.liked,
            disliked_count=entry.disliked,
        )
        for release, row in zip(releases, rows, strict=True)
        for position, entry in enumerate(release.entries)
    )
    entry_pks: list[list[int]] = []
    for release in releases:
        entry_pks.append([entry.pk for entry in entries[: len(release.entries)]])
        entries = entries[len(release.entries) :]
    insert_rows(
        ChangelogEntry.ideas.through,
        ["changelogentry_id", "idea_id"],
        (
            (pks[position], entry.idea)
            for release, pks in zip(releases, entry_pks, strict=True)
            for position, entry in enumerate(release.entries)
            if entry.idea
        ),
    )
    as_time = db_time()
    report_rows, picks, problems = [], [], []
    report_keys = iter(reserve_keys(ExperienceReport, sum(len(r.reports) for r in releases)))
    for release, row, pks in zip(releases, rows, entry_pks, strict=True):
        for report in release.reports:
            key = next(report_keys)
            at = as_time(report.at)
            report_rows.append(
                (
                    key,
                    row.pk,
                    members[report.member][0],
                    report.score,
                    report.liked_comment,
                    report.disliked_comment,
                    report.want_next,
                    report.want_next_idea,
                    at,
                    at,
                )
            )
            picks += [(key, pks[position], True) for position in report.liked]
            picks += [(key, pks[position], False) for position in report.disliked]
            problems += [
                (key, text, severity, "", position)
                for position, (text, severity) in enumerate(report.problems)
            ]
    insert_rows(
        ExperienceReport,
        [
            "id",
            "release_id",
            "member_id",
            "score",
            "liked_comment",
            "disliked_comment",
            "want_next",
            "want_next_idea_id",
            "created_at",
            "updated_at",
        ],
        report_rows,
    )
    insert_rows(ReportPick, ["report_id", "entry_id", "liked"], picks)
    insert_rows(
        ReportProblem, ["report_id", "text", "severity", "screenshot", "position"], problems
    )
    FeatureAward.objects.bulk_create(
        FeatureAward(
            release_id=row.pk,
            entry_id=pks[release.award],
            team_id=teams[release.entries[release.award].team].pk,
            net_liking=release.entries[release.award].liked
            - release.entries[release.award].disliked,
            awarded_at=release.closes,
        )
        for release, row, pks in zip(releases, rows, entry_pks, strict=True)
        if release.award is not None
    )
    insert_credits(releases, rows, CreditRole)
    keys = submitter_keys(len(plan.submitters))
    ApiToken.objects.bulk_create(
        (
            ApiToken(
                user_id=members[member][0],
                name=SUBMITTER_TOKEN,
                key_hash=ApiToken.hash(key),
                hint=key[: len(ApiToken.PREFIX) + 4],
            )
            for member, key in zip(plan.submitters, keys, strict=True)
        ),
        batch_size=BATCH,
    )


def insert_credits(releases: list[PlannedRelease], rows: list[Any], roles: Any) -> None:
    """What publishing credits for each shipped idea a build links: its
    author and its first EARLY_SUPPORTERS supporters (the author aside)."""
    from cocreate.ideas.models import Idea, Support
    from cocreate.releases.actions.releases import EARLY_SUPPORTERS
    from cocreate.releases.models import ReleaseCredit

    credits: dict[tuple[int, int, str], datetime] = {}
    for release, row in zip(releases, rows, strict=True):
        for entry in release.entries:
            if not entry.idea:
                continue
            author = Idea.objects.values_list("author_id", flat=True).get(pk=entry.idea)
            credits.setdefault((row.pk, author, roles.IDEA_AUTHOR), release.published)
            early = (
                Support.objects.filter(idea_id=entry.idea)
                .exclude(member_id=author)
                .order_by("created_at", "id")
                .values_list("member_id", flat=True)[:EARLY_SUPPORTERS]
            )
            for member in early:
                credits.setdefault((row.pk, member, roles.EARLY_SUPPORTER), release.published)
    ReleaseCredit.objects.bulk_create(
        ReleaseCredit(release_id=release, member_id=member, role=role, created_at=at)
        for (release, member, role), at in credits.items()
    )


# --- Between runs ----------------------------------------------------------------------


def newest_release() -> Any:
    """The newest build of the dataset: the one reports are submitted to."""
    from cocreate.releases.models import Release

    return Release.objects.filter(status="published").order_by("-published_at", "-pk").first()


def refresh_report_window() -> bool:
    """Keep the newest build's report window open: when it closes within a
    day, move its close to the end of the next report-closing weekday from
    now (as though it had been published today). Returns whether it moved."""
    from django.utils import timezone

    from cocreate.releases import calendar
    from cocreate.releases.models import ProductReleaseSettings, Release

    release = newest_release()
    if release is None:
        return False
    now = timezone.now()
    if release.reports_close_at > now + timedelta(days=1):
        return False
    settings = ProductReleaseSettings.objects.get(product_id=release.product_id)
    closes = calendar.reports_close_at(settings, now)
    return bool(Release.objects.filter(pk=release.pk).update(reports_close_at=closes))


def submitter_ids() -> list[int]:
    """The members the submission scenario files as (and the bench member)."""
    from django.contrib.auth import get_user_model

    from cocreate.accounts.models import ApiToken

    from .base import BENCH_USERNAME

    ids = set(ApiToken.objects.filter(name=SUBMITTER_TOKEN).values_list("user_id", flat=True))
    ids |= set(
        get_user_model().objects.filter(username=BENCH_USERNAME).values_list("pk", flat=True)
    )
    return sorted(ids)


def release_counters(release_id: int) -> list:
    """The releases app's own counters (those `recount` checks), narrowed to
    one build and its changelog entries."""
    from dataclasses import replace

    from cocreate.releases.counters import COUNTERS
    from cocreate.releases.models import ChangelogEntry, Release

    scope = {Release: {"pk": release_id}, ChangelogEntry: {"release_id": release_id}}
    return [
        replace(counter, rows=counter.rows.filter(**scope[counter.model]))
        for counter in COUNTERS
        if counter.model in scope
    ]


def recount_release(release_id: int) -> None:
    """Set a build's report tallies and its entries' liked counts from their rows."""
    for counter in release_counters(release_id):
        counter.fix(counter.mismatches())


def remove_report_writes() -> int:
    """Take away the reports earlier runs filed on the newest build (by the
    submitters and the bench member) and their activities, and recount the
    build's tallies. Returns how many rows went."""
    from cocreate.core.models import Activity
    from cocreate.releases.models import ExperienceReport

    release = newest_release()
    if release is None:
        return 0
    members = submitter_ids()
    removed = ExperienceReport.objects.filter(release=release, member_id__in=members).delete()[0]
    removed += Activity.objects.filter(actor_id__in=members, verb__startswith="report.").delete()[0]
    recount_release(release.pk)
    return removed


def release_targets() -> dict[str, Any]:
    """What the report scenarios use: the newest build whose window closed
    (the summary pages), the newest build (submission) and the report the
    submitters file on it, as a client sends it."""
    from cocreate.ideas.enums import OPEN
    from cocreate.ideas.models import Idea
    from cocreate.releases.models import Release

    newest = newest_release()
    summary = (
        Release.objects.filter(status="published", published_at__lt=newest.published_at)
        .order_by("-published_at", "-pk")
        .values_list("pk", flat=True)[0]
    )
    entries = list(newest.entries.order_by("position", "pk").values_list("pk", flat=True))
    idea = (
        Idea.objects.filter(product_id=newest.product_id, status__in=OPEN)
        .order_by("-support_count", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    body = {
        "score": 4,
        "liked": entries[:2],
        "disliked": entries[-1:],
        "liked_comment": "Benchmark report: smoother than last week. 比上周流畅。",
        "disliked_comment": "",
        "problems": [{"text": "升级之后 Bluetooth 偶尔断开", "severity": "medium"}],
        "want_next": "",
        "want_next_idea": idea,
    }
    return {"summary_release": summary, "report_release": newest.pk, "report_body": body}


def report_tallies(release_id: int, member_ids: list[int]) -> dict[str, int]:
    """A build's tallies and its entries' next to what their rows add up to
    (the app's own counters), and what the members wrote: their report
    activities (one per filing or replacement)."""
    from cocreate.core.models import Activity
    from cocreate.releases.models import ChangelogEntry, ExperienceReport, Release

    wrong = {counter: counter.mismatches() for counter in release_counters(release_id)}
    return {
        "report_count": Release.objects.get(pk=release_id).report_count,
        "reports": ExperienceReport.objects.filter(release_id=release_id).count(),
        "misreported": sum(len(rows) for c, rows in wrong.items() if c.model is Release),
        "entries": ChangelogEntry.objects.filter(release_id=release_id).count(),
        "miscounted_entries": len(
            {m.pk for c, rows in wrong.items() if c.model is ChangelogEntry for m in rows}
        ),
        "member_writes": Activity.objects.filter(
            actor_id__in=member_ids, verb__in=["report.filed", "report.edited"]
        ).count(),
    }
