"""The releases part of the demo community, made through the same actions
as real life: the phone's weekly rhythm (Friday 18:00, Shanghai time), three
teams, twelve weekly development builds on the past twelve Fridays with
bilingual changelogs (two of them shipping demo ideas the team had planned),
the two beta builds, and next Friday's build scheduled.

Each build is published through `publish_release`, then its times are moved
to its Friday, as the ideas demo spreads its times. Loaded after the ideas.
Safe to load again: a version that exists is left as it is."""

from datetime import date, time, timedelta
from typing import Any

from django.utils import timezone

from cocreate.core.models import Activity
from cocreate.forum.models import Product
from cocreate.ideas.demo import PHONE
from cocreate.ideas.models import Idea, StatusChange

from .. import calendar
from ..actions import releases as actions
from ..enums import Channel, EntryKind, ReleaseStatus
from ..models import ProductReleaseSettings, Release, Team

TEAMS = [
    ("camera", "Camera", "相机组"),
    ("system", "System experience", "系统体验组"),
    ("battery", "Battery & power", "续航组"),
]

WEEKS = 12
F, IMP, X = EntryKind.FEATURE, EntryKind.IMPROVEMENT, EntryKind.FIX

# kind, team, title, Chinese title, description, Chinese description
CHANGES: list[tuple[str, str, str, str, str, str]] = [
    (
        F,
        "camera",
        "Portrait mode for the front camera",
        "前置摄像头人像模式",
        "Blurs the background of selfies.",
        "自拍也能虚化背景。",
    ),
    (
        IMP,
        "system",
        "Faster app switching",
        "应用切换更快",
        "Recent apps open 20% faster.",
        "最近任务打开速度提升 20%。",
    ),
    (X, "battery", "Fixed battery drain with Bluetooth on", "修复蓝牙开启时耗电异常", "", ""),
    (IMP, "camera", "Sharper zoom at 5×", "5 倍变焦更清晰", "", ""),
    (
        F,
        "system",
        "Quick reply from the lock screen",
        "锁屏快捷回复",
        "Answer messages without unlocking.",
        "无需解锁即可回复消息。",
    ),
    (X, "system", "Fixed the keyboard covering the search box", "修复键盘遮挡搜索框", "", ""),
    (
        IMP,
        "battery",
        "Smarter background limits",
        "更智能的后台管理",
        "Apps you rarely use sleep sooner.",
        "不常用的应用更快休眠。",
    ),
    (F, "camera", "Document scanner in the camera", "相机内置文档扫描", "", ""),
    (X, "camera", "Fixed green tint in low light", "修复暗光下画面偏绿", "", ""),
    (
        IMP,
        "system",
        "New volume panel",
        "全新音量面板",
        "Per-app volume at a swipe.",
        "轻扫即可分别调节各应用音量。",
    ),
    (X, "battery", "Fixed wrong remaining-time estimate", "修复剩余时间估算不准", "", ""),
    (
        F,
        "battery",
        "Battery health page",
        "电池健康页面",
        "See your battery's capacity and cycles.",
        "查看电池容量和循环次数。",
    ),
    (IMP, "camera", "Quicker shutter in burst mode", "连拍模式快门更快", "", ""),
    (X, "system", "Fixed notifications arriving late", "修复通知延迟", "", ""),
]

# Demo ideas the team had planned or started, shipped by these builds.
SHIPS = {
    10: (
        "充电到 80% 自动停止，保护电池",
        F,
        "battery",
        "Optimised charging stops at 80%",
        "优化充电：充到 80% 自动停止",
    ),
    11: ("希望增加息屏显示功能", F, "system", "Always-on display", "息屏显示"),
}

BETAS = [("3.3.0-beta.1", 10), ("3.3.0-beta.2", 3)]


def load(members: dict[str, Any]) -> None:
    product = Product.objects.filter(slug=PHONE).first()
    if product is None:
        return  # the forum demo did not run
    admin = members["admin"]
    settings = actions.release_settings_for(product)
    ProductReleaseSettings.objects.filter(pk=settings.pk).update(
        time_zone="Asia/Shanghai", release_weekday=4, release_time=time(18, 0)
    )
    settings.refresh_from_db()
    teams = {
        slug: Team.objects.get_or_create(
            product=product, slug=slug, defaults={"name": name, "name_zh": name_zh}
        )[0]
        for slug, name, name_zh in TEAMS
    }
    coming = calendar.coming_slot(settings, timezone.now())
    for week in range(WEEKS):
        friday = coming - timedelta(weeks=WEEKS - week)
        version = f"3.2.{week}"
        if _exists(product, Channel.DEVELOPMENT, version):
            continue
        release = actions.draft_release(
            product,
            actor=admin,
            channel=Channel.DEVELOPMENT,
            version=version,
            release_date=friday,
            notes=_notes(version),
            entries=_entries(week, teams),
        )
        actions.publish_release(release, actor=admin)
        _move_to(release, settings, friday)
    for version, days_ago in BETAS:
        _beta(product, admin, settings, teams, version, days_ago)
    _scheduled(product, admin, settings, teams, coming)


def _exists(product: Product, channel: str, version: str) -> bool:
    return Release.objects.filter(product=product, channel=channel, version=version).exists()


def _notes(version: str) -> str:
    return (
        f"This week's build, **{version}**. Install it from Settings → Updates → Development "
        "builds, and file your four-grid report by Tuesday night.\n\n"
        f"本周开发版 **{version}**：设置 → 系统更新 → 开发版。请在周二晚上前提交四格体验报告。"
    )


def _entries(week: int, teams: dict[str, Team]) -> list[actions.EntryData]:
    count = 3 + week % 4  # 3 to 6 changes
    picks = [CHANGES[(week * 3 + n) % len(CHANGES)] for n in range(count)]
    entries = [
        actions.EntryData(
            kind=kind,
            title=title,
            title_zh=title_zh,
            description=description,
            description_zh=description_zh,
            team=teams[team],
        )
        for kind, team, title, title_zh, description, description_zh in picks
    ]
    if week in SHIPS:
        idea_title, kind, team, title, title_zh = SHIPS[week]
        idea = Idea.objects.filter(title=idea_title, status__in=("planned", "in_progress")).first()
        if idea is not None:
            entries.insert(
                0,
                actions.EntryData(
                    kind=kind, title=title, title_zh=title_zh, team=teams[team], ideas=[idea]
                ),
            )
    return entries


def _move_to(release: Release, settings: ProductReleaseSettings, day: date) -> None:
    """Make a release published at the release time of `day`, with its report
    window, its shipped ideas' timeline and its activity at that time."""
    moment = calendar.release_moment(settings, day)
    Release.objects.filter(pk=release.pk).update(
        release_date=day,
        published_at=moment,
        reports_close_at=calendar.reports_close_at(settings, moment),
        created_at=moment - timedelta(days=2),
        updated_at=moment,
    )
    shipped = Idea.objects.filter(changelog_entries__release=release, status="shipped")
    StatusChange.objects.filter(idea__in=shipped, to_status="shipped").update(created_at=moment)
    shipped.update(status_changed_at=moment)
    Activity.objects.filter(verb="release.published", target_id=release.pk).update(
        created_at=moment
    )


def _beta(
    product: Product,
    admin: Any,
    settings: ProductReleaseSettings,
    teams: dict[str, Team],
    version: str,
    days_ago: int,
) -> None:
    """A beta build, shared with the betas demo (whichever runs first makes it)."""
    day = calendar.local_date(settings, timezone.now() - timedelta(days=days_ago))
    release, created = Release.objects.get_or_create(
        product=product,
        channel=Channel.BETA,
        version=version,
        defaults={"release_date": day, "created_by": admin},
    )
    if release.status == ReleaseStatus.PUBLISHED:
        return
    if created or not release.entries.exists():
        for entry in _entries(days_ago, teams)[:4]:
            actions.add_entry(release, actor=admin, entry=entry)
    actions.publish_release(release, actor=admin)
    _move_to(release, settings, day)


def _scheduled(
    product: Product,
    admin: Any,
    settings: ProductReleaseSettings,
    teams: dict[str, Team],
    coming: date,
) -> None:
    version = f"3.2.{WEEKS}"
    if _exists(product, Channel.DEVELOPMENT, version):
        return
    release = actions.draft_release(
        product,
        actor=admin,
        channel=Channel.DEVELOPMENT,
        version=version,
        release_date=coming,
        notes=_notes(version),
        entries=_entries(WEEKS, teams),
    )
    actions.schedule_release(
        release, actor=admin, publish_at=calendar.release_moment(settings, coming)
    )
