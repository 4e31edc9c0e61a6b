"""The beta part of the demo community, made through the same actions as real
life: one closed program for the phone, "Orange Phone beta", with two
versions of its risk statement, members (demo members and fans), pending
applicants, one on the waiting list, a member removed for missing the rules
(in cool-down) and one who left, last week's evaluation, and bug reports on
the two beta builds in every triage status, one fixed in beta.2.

Loaded after the releases demo, whose beta builds it uses; it creates them
itself when loaded alone. Safe to load again: nothing happens once the
program exists.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from cocreate.forum.models import Product
from cocreate.ideas.demo import _fans
from cocreate.releases.enums import Channel, ReleaseStatus
from cocreate.releases.models import Release

from . import actions, rules
from .enums import ApplicationStatus, RemovalReason
from .models import BetaApplication, BetaEvaluation, BetaMembership, BetaProgram

PHONE = "orange-phone-14"
SLUG = "orange-phone-beta"

RISKS = [
    (
        "Beta builds are unfinished. Apps may crash, the battery may drain faster, and in rare "
        "cases you may need to reset the phone. Back up your data before you install one.",
        "测试版尚未完成。应用可能崩溃，耗电可能更快，极少数情况下需要恢复出厂设置。安装前请备份数据。",
    ),
    (
        "Beta builds are unfinished. Apps may crash, the battery may drain faster, and in rare "
        "cases you may need to reset the phone. Back up your data before you install one.\n\n"
        "Banking and payment apps may refuse to run on a beta build.",
        "测试版尚未完成。应用可能崩溃，耗电可能更快，极少数情况下需要恢复出厂设置。安装前请备份数据。\n\n"
        "银行和支付类应用可能无法在测试版上运行。",
    ),
]

# (username or fan number, motivation, device)
MEMBERS = [
    ("alice", "I file a four-grid report every Friday.", "Orange Phone 14 Pro"),
    ("lilei", "想第一时间体验新相机算法。", "橙子手机 14"),
    ("carlos", "Weekly builds are why I'm here.", "Orange Phone 14"),
    ("wangfang", "关注交互细节，愿意写详细反馈。", "橙子手机 14 Pro"),
    (1, "", "Orange Phone 14"),
    (2, "", "Orange Phone 14"),
    (3, "", "橙子手机 14"),
    (4, "", "Orange Phone 14 Pro"),
]
PENDING = [
    ("bob", "I design accessories and want to test the new camera API.", "Orange Phone 13"),
    ("hanmeimei", "城市俱乐部的朋友们都想参加测试。", "橙子手机 14"),
    (5, "", "Orange Phone 14"),
]
REMOVED, LEFT, WAITLISTED = 6, 7, 8

# reporter, build, title, steps, expected, actual, severity, triage: (status, response, fixed in)
BUGS: list[tuple[Any, str, str, str, str, str, str, tuple[str, str, str] | None]] = [
    (
        "alice",
        "3.3.0-beta.1",
        "Camera app freezes when switching to night mode",
        "1. Open the camera\n2. Swipe to Night\n3. Tap the shutter at once",
        "A night photo is taken.",
        "The preview freezes for about 5 seconds, then the app closes.",
        "high",
        (
            "fixed",
            "Thank you! The night pipeline now waits for the sensor. Fixed in beta.2.",
            "3.3.0-beta.2",
        ),
    ),
    (
        "lilei",
        "3.3.0-beta.1",
        "锁屏时钟在息屏显示下偏移",
        "1. 打开息屏显示\n2. 锁屏等待一分钟",
        "时钟位置保持不变。",
        "时钟每分钟向右偏移几个像素。",
        "low",
        ("confirmed", "已复现，负责显示的同事正在处理。", ""),
    ),
    (
        "carlos",
        "3.3.0-beta.1",
        "Old launcher theme looks washed out",
        'Apply the 2019 "Classic" theme from the theme store.',
        "The theme's colours as before.",
        "Every icon is pale.",
        "low",
        (
            "wont_fix",
            "The Classic theme is retired in 3.3; we recommend the new Classic+ theme.",
            "",
        ),
    ),
    (
        1,
        "3.3.0-beta.2",
        "Bluetooth earbuds disconnect after a call",
        "1. Pair earbuds\n2. Take a phone call\n3. Hang up",
        "Music resumes on the earbuds.",
        "The earbuds disconnect and must be paired again.",
        "medium",
        None,
    ),
    (
        "alice",
        "3.3.0-beta.2",
        "Phone restarts when charging with the 120 W charger",
        "Plug in the 120 W charger with the battery under 10 %.",
        "Fast charging starts.",
        "The phone restarts twice, then charges slowly.",
        "critical",
        None,
    ),
]


def load(members: dict[str, Any]) -> None:
    product = Product.objects.filter(slug=PHONE).first()
    if product is None or BetaProgram.objects.filter(slug=SLUG).exists():
        return
    admin = members["admin"]
    builds = _builds(product)
    program = BetaProgram.objects.create(
        product=product,
        channel=Channel.BETA,
        slug=SLUG,
        name="Orange Phone beta",
        name_zh="橙子手机内测",
        description=(
            "Run the next version of the phone's system weeks before everyone else, and tell "
            "us what works. Beta builds come out on Fridays."
        ),
        description_zh="比所有人早几周用上手机的下一版系统，并告诉我们体验如何。测试版每周五发布。",
        capacity=12,
        min_level=3,
        time_zone="Asia/Shanghai",
    )
    now = timezone.now()
    for number, (text, text_zh) in enumerate(RISKS, start=1):
        risk = actions.publish_risk(program, actor=admin, text=text, text_zh=text_zh)
        risk.created_at = now - timedelta(days=90 if number == 1 else 20)
        risk.save(update_fields=["created_at"])
    fans = {number + 1: fan for number, fan in enumerate(_fans())}

    def who(key: Any) -> Any:
        return members.get(key) if isinstance(key, str) else fans[key]

    def apply(key: Any, motivation: str = "", device: str = "") -> BetaApplication:
        return actions.apply_to_program(
            program, member=who(key), risk_version=len(RISKS), motivation=motivation, device=device
        )

    for days, (key, motivation, device) in enumerate(MEMBERS):
        application = apply(key, motivation, device)
        actions.decide_application(application, actor=admin, status=ApplicationStatus.ACCEPTED)
        BetaMembership.objects.filter(member=who(key), program=program).update(
            joined_at=now - timedelta(days=45 - days * 3)
        )
    for key in (REMOVED, LEFT):
        actions.decide_application(apply(key), actor=admin, status=ApplicationStatus.ACCEPTED)
    last_week = rules.week_end(program, now)
    removed = BetaMembership.objects.get(program=program, member=who(REMOVED), status="active")
    actions.remove_member(
        removed,
        actor=None,
        reason="no experience report on 3.3.0-beta.1",
        end_reason=RemovalReason.MISSED_RULES,
    )
    BetaMembership.objects.filter(pk=removed.pk).update(
        joined_at=now - timedelta(days=40),
        ended_at=last_week,
        may_reapply_at=last_week + timedelta(days=program.removed_cooldown_days),
    )
    left = BetaMembership.objects.get(program=program, member=who(LEFT), status="active")
    actions.leave_program(left, member=who(LEFT))
    for key, motivation, device in PENDING:
        apply(key, motivation, device)
    actions.decide_application(
        apply(WAITLISTED, "", "Orange Phone 14"),
        actor=admin,
        status=ApplicationStatus.WAITLISTED,
        reason="We take more testers when the next wave opens.",
    )
    BetaEvaluation.objects.create(
        program=program,
        period_end=last_week,
        warned_at=last_week - timedelta(hours=program.warn_hours),
        warned_count=2,
        evaluated_at=last_week + timedelta(minutes=5),
        kept_count=len(MEMBERS) - 1,
        removed_count=1,
        exempt_count=1,
    )
    for reporter, version, title, steps, expected, actual, severity, triage in BUGS:
        bug = actions.file_bug(
            builds[version],
            reporter=who(reporter),
            title=title,
            steps=steps,
            expected=expected,
            actual=actual,
            severity=severity,
        )
        if triage is not None:
            status, response, fixed_in = triage
            actions.triage_bug(
                bug,
                actor=admin,
                status=status,
                response=response,
                fixed_in=builds.get(fixed_in),
            )


def _builds(product: Product) -> dict[str, Release]:
    """The two beta builds, as the releases demo makes them (or found)."""
    now = timezone.now()
    builds = {}
    for version, days in (("3.3.0-beta.1", 10), ("3.3.0-beta.2", 3)):
        published = now - timedelta(days=days)
        builds[version] = Release.objects.get_or_create(
            product=product,
            channel=Channel.BETA,
            version=version,
            defaults={
                "release_date": published.date(),
                "status": ReleaseStatus.PUBLISHED,
                "published_at": published,
                "reports_close_at": published + timedelta(days=5),
                "notes": "Beta build for the members of the beta program.",
            },
        )[0]
    return builds
