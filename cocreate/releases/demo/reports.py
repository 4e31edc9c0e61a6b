"""Demo four-grid reports on the phone's weekly releases.

Demo members and the quiet demo fans (`fan01`…, from the ideas demo) report
on each published build of the public channels: more of them week after
week, with scores that climb as the builds get better, picks that make one
change of each week the favourite, problems in English and Chinese (so the
summary's terms show Chinese words) and a few comments. Every report goes
through `file_report`, with the clock moved to a moment inside the
release's window (the actions read `timezone.now()`), then the closed weeks
get their feature of the week. Releases that have reports are left alone,
so loading twice adds nothing; without published releases (the releases
demo did not run) nothing happens.
"""

import random
from datetime import timedelta
from typing import Any
from unittest import mock

from django.contrib.auth import get_user_model
from django.utils import timezone

from cocreate.ideas.demo import PHONE

from ..actions import reports as actions
from ..actions.reports import ProblemIn, ReportIn
from ..enums import Channel, ReleaseStatus, Severity
from ..models import Release

PROBLEMS = [
    ("相机打开后偶尔闪退", Severity.HIGH),
    ("蓝牙耳机经常断开连接", Severity.MEDIUM),
    ("Battery drains fast overnight with the screen off", Severity.HIGH),
    ("玩游戏时手机发热严重", Severity.MEDIUM),
    ("Notifications arrive late when battery saver is on", Severity.MEDIUM),
    ("相机夜景模式对焦很慢", Severity.LOW),
    ("Wi-Fi drops after waking from sleep", Severity.HIGH),
    ("桌面滑动偶尔卡顿", Severity.LOW),
    ("The camera crashes when switching to video", Severity.CRITICAL),
    ("指纹解锁失败率变高", Severity.MEDIUM),
    ("Keyboard lags in chat apps", Severity.LOW),
    ("更新后蓝牙耗电增加", Severity.MEDIUM),
]
LIKED_COMMENTS = [
    "Noticeably smoother than last week.",
    "这周的改动很实用，点赞！",
    "Finally! I asked for this one.",
    "拍照速度快多了。",
    "",
    "",
]
DISLIKED_COMMENTS = [
    "The new animation feels slower to me.",
    "这个改动打乱了我的使用习惯。",
    "",
    "",
]
WANT_NEXT = [
    "Always-on display schedules",
    "希望加入息屏显示的时间段设置",
    "A one-handed mode for the big phone",
    "希望优化游戏模式的发热",
    "",
    "",
]


def load(members: dict[str, Any]) -> None:
    releases = list(
        Release.objects.filter(
            product__slug=PHONE,
            status=ReleaseStatus.PUBLISHED,
            channel__in=[channel for channel in Channel if not channel.is_restricted],
        ).order_by("published_at", "pk")
    )
    if not releases:
        return  # no published releases: the releases demo did not run
    fans = list(get_user_model().objects.filter(username__startswith="fan").order_by("username"))
    crowd = [member for name, member in members.items() if name != "admin"] + fans
    for week, release in enumerate(releases):
        if release.report_count or release.published_at is None:
            continue
        _report_on(release, week=week, weeks=len(releases), crowd=crowd)
    # The demo's builds were published before anyone had reported, so nobody
    # was counted as their audience: the crowd is.
    Release.objects.filter(pk__in=[release.pk for release in releases], audience_count=0).update(
        audience_count=len(crowd)
    )
    for release in releases:
        actions.award_feature_of_the_week(release)


def _report_on(release: Release, *, week: int, weeks: int, crowd: list) -> None:
    """Reports from a share of the crowd that grows week after week, with
    scores centred on a mean that climbs from about 3 to about 4.5."""
    entries = list(release.entries.order_by("position", "pk").values_list("pk", flat=True))
    chance = random.Random(f"{release.product_id}:{release.version}")  # demo data
    progress = week / max(weeks - 1, 1)
    reporters = crowd[: max(3, int(len(crowd) * (0.35 + 0.45 * progress)))]
    mean = 3.0 + 1.5 * progress
    favourite = entries[week % len(entries)] if entries else None
    window = (release.reports_close_at or release.published_at + timedelta(days=4)) - (
        release.published_at
    )
    for turn, member in enumerate(reporters):
        score = min(5, max(1, round(chance.gauss(mean, 0.9))))
        liked, disliked = _picks(chance, entries, favourite)
        problems = [
            ProblemIn(text=text, severity=severity)
            for text, severity in chance.sample(PROBLEMS, k=chance.choice([0, 0, 1, 1, 2]))
        ]
        data = ReportIn(
            score=score,
            liked=liked,
            disliked=disliked,
            liked_comment=chance.choice(LIKED_COMMENTS) if liked else "",
            disliked_comment=chance.choice(DISLIKED_COMMENTS) if disliked else "",
            problems=problems,
            want_next=chance.choice(WANT_NEXT),
        )
        moment = release.published_at + window * (turn + 1) / (len(reporters) + 2)
        with mock.patch.object(timezone, "now", return_value=moment):
            actions.file_report(release, member=member, data=data)


def _picks(chance: random.Random, entries: list[int], favourite: int | None) -> tuple[list, list]:
    if not entries:
        return [], []
    liked = {favourite} if chance.random() < 0.7 else set()
    liked |= set(chance.sample(entries, k=chance.choice([0, 1, 1, 2])))
    others = [entry for entry in entries if entry not in liked]
    disliked = chance.sample(others, k=1) if others and chance.random() < 0.35 else []
    return sorted(liked), disliked
