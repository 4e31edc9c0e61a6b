"""The ideas part of the demo community, made through the same actions as
real life: bilingual ideas for both demo products with tags and supports,
the team's answers along the whole workflow (so the roadmap has planned, in
progress and shipped columns), one idea sent to review by its support
threshold, one duplicate merged by the ideas board's moderator, and a
thread of comments.

Supports come from the demo members and from a crowd of quiet demo fans
(`fan01`…, who cannot log in) so counts look like a live community's.
Submission and support times are then spread over the past weeks, so
"hot", "new" and "trending this week" differ.

Loaded after the forum and moderation. Safe to load again: an idea is
skipped once its title exists, and the rest changes nothing twice.
"""

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from cocreate.forum.actions import add_reaction, reply_to_thread
from cocreate.forum.models import Post, Product, Thread
from cocreate.moderation.actions import appoint_moderator

from . import actions
from .models import Idea, ProductIdeaSettings, StatusChange, Support, Tag

FANS = 36
# Where the demo fans live (the demand view breaks supports down by city);
# every fifth gives none.
FAN_CITIES = (
    "上海",
    "Beijing",
    "深圳",
    "Hangzhou",
    "",
    "Shanghai",
    "成都",
    "Guangzhou",
    "北京",
    "",
)

TAGS = [
    ("camera", "Camera", "相机"),
    ("battery", "Battery", "电池"),
    ("display", "Display", "显示"),
    ("audio", "Audio", "音频"),
    ("connectivity", "Connectivity", "连接"),
    ("system", "System", "系统"),
    ("accessibility", "Accessibility", "无障碍"),
    ("privacy", "Privacy", "隐私"),
]

# product slug: (threshold supports, days, archive unreached)
THRESHOLDS = {"orange-phone-14": (12, 60, False), "orangeos": (15, 90, True)}

PHONE, OS = "orange-phone-14", "orangeos"

# product, author, title, description, tags, supports, days ago, [(status, response)]
IDEAS: list[tuple[str, str, str, str, list[str], int, int, list[tuple[str, str]]]] = [
    (
        PHONE,
        "lilei",
        "希望增加息屏显示功能",
        "息屏时显示**时间、电量和通知图标**，不用每次都点亮屏幕。\n\n可以设置只在夜间关闭。",
        ["display"],
        34,
        40,
        [
            ("under_review", "感谢大家的支持！我们正在评估功耗影响。"),
            ("planned", "We are building it for build 24.22. 预计在 24.22 版本上线。"),
            (
                "in_progress",
                "In beta now: join the beta group to try it and tell us about battery life.",
            ),
        ],
    ),
    (
        PHONE,
        "alice",
        "Night mode for the camera app",
        "Long exposures with a steady hand are hard. A **night mode** that stacks "
        "frames automatically would make evening photos so much better.",
        ["camera"],
        31,
        55,
        [
            ("planned", "Yes! Frame stacking is planned for the next camera update."),
            ("in_progress", "The team is tuning the noise model with your sample photos."),
            ("shipped", "Shipped in build 24.19 — open Camera → Night. Thank you all! 感谢大家！"),
        ],
    ),
    (
        PHONE,
        "carlos",
        "Show the battery percentage in the status bar by default",
        "New users never find the setting. Most phones show it by default now.",
        ["battery", "display"],
        27,
        50,
        [
            ("planned", "Good point — it will be on by default."),
            ("shipped", "Done in build 24.18: the percentage shows by default."),
        ],
    ),
    (
        PHONE,
        "hanmeimei",
        "充电到 80% 自动停止，保护电池",
        "晚上充电一整夜对电池不好，希望有一个「优化充电」选项。",
        ["battery"],
        25,
        21,
        [
            ("planned", "Planned together with the new battery health page."),
        ],
    ),
    (
        PHONE,
        "bob",
        "Manual focus peaking in Pro mode",
        "Highlight in-focus edges when focusing manually, like mirrorless cameras do.",
        ["camera"],
        14,
        18,
        [("under_review", "Interesting for Pro users — the camera team is looking at it.")],
    ),
    (
        PHONE,
        "wangfang",
        "通话降噪可以手动调节强度",
        "地铁里打电话对方听不清，但在安静的地方降噪又让声音发闷。",
        ["audio"],
        19,
        12,
        [
            ("planned", "我们计划提供三档降噪强度。"),
            ("in_progress", "正在开发三档降噪强度，预计下个测试版可以体验。"),
        ],
    ),
    (
        PHONE,
        "alice",
        "Dual-SIM: choose the SIM per contact",
        "I call work contacts from my work SIM. Let me set the SIM on each contact.",
        ["connectivity"],
        9,
        9,
        [],
    ),
    (
        PHONE,
        "lilei",
        "相机加入 RAW 格式拍摄",
        "专业模式希望支持 RAW（DNG），方便后期。",
        ["camera"],
        22,
        30,
        [
            ("planned", "RAW (DNG) in Pro mode is planned. 专业模式 RAW 已排期。"),
            ("shipped", "Shipped in build 24.20."),
        ],
    ),
    (
        PHONE,
        "carlos",
        "Headphone EQ presets per device",
        "My earbuds and my car need different EQ settings. Remember them per device.",
        ["audio", "connectivity"],
        7,
        6,
        [],
    ),
    (
        PHONE,
        "bob",
        "A physical shortcut for the flashlight",
        "Double-press the power button to toggle the flashlight.",
        ["system"],
        5,
        25,
        [
            (
                "declined",
                "We keep double-press for the camera, which most of you use. "
                "Quick settings has the flashlight.",
            )
        ],
    ),
    (
        PHONE,
        "hanmeimei",
        "Always-on display with the clock",
        "Please show the clock on the screen when the phone is locked.",
        ["display"],
        4,
        8,
        [],
    ),
    (
        PHONE,
        "wangfang",
        "相册按人物自动分类",
        "希望能在本地识别人物，保护隐私的同时方便找照片。",
        ["camera", "privacy"],
        11,
        4,
        [],
    ),
    (
        PHONE,
        "carlos",
        "Wi-Fi calling on more carriers",
        "Wi-Fi calling works only with two carriers in Spain.",
        ["connectivity"],
        6,
        2,
        [],
    ),
    (
        PHONE,
        "alice",
        "Longer warranty for the battery",
        "Two years instead of one for the battery, like the screen.",
        ["battery"],
        3,
        1,
        [],
    ),
    (
        OS,
        "alice",
        "Per-app language settings",
        "I read news in English but chat in Chinese. Let me pick a language **per app**.\n\n"
        "我看新闻用英文，聊天用中文。",
        ["system", "accessibility"],
        33,
        45,
        [
            ("under_review", "A popular one! We are checking which apps can support it."),
            ("planned", "Planned for OrangeOS 4. 计划在 OrangeOS 4 中推出。"),
        ],
    ),
    (
        OS,
        "wangfang",
        "通知中心按重要程度分组",
        "验证码和聊天排在前面，营销通知自动折叠。",
        ["system"],
        29,
        35,
        [
            ("planned", "我们会在 OrangeOS 4 中加入通知分组。"),
            ("in_progress", "Grouping works in internal builds; the beta comes next month."),
        ],
    ),
    (
        OS,
        "lilei",
        "系统级深色模式定时切换",
        "日落后自动切换到深色模式，日出后切回。",
        ["display", "system"],
        24,
        60,
        [
            ("planned", "Coming in OrangeOS 3.3."),
            ("shipped", "OrangeOS 3.3 switches at sunset and sunrise. 已在 3.3 上线。"),
        ],
    ),
    (
        OS,
        "bob",
        "Larger text without breaking layouts",
        "At the largest font size, settings labels are cut off.",
        ["accessibility"],
        16,
        20,
        [
            ("planned", "Accessibility bugs come first in the next release."),
            ("in_progress", "Fixing the layouts one screen at a time; settings are done."),
        ],
    ),
    (
        OS,
        "carlos",
        "Private DNS presets",
        "Offer a few trusted DNS-over-TLS providers to pick from.",
        ["privacy", "connectivity"],
        8,
        14,
        [("under_review", "Looking at which providers to list in each region.")],
    ),
    (
        OS,
        "hanmeimei",
        "应用使用时间每周报告",
        "每周日推送一次使用时间总结，帮助控制刷手机的时间。",
        ["system"],
        13,
        10,
        [],
    ),
    (
        OS,
        "alice",
        "Undo for swipe-to-dismiss notifications",
        "I dismiss the wrong notification all the time. Show an undo for a few seconds.",
        ["system"],
        14,
        3,
        [],
    ),
    (
        OS,
        "lilei",
        "剪贴板历史记录",
        "保留最近 20 条剪贴板内容，敏感内容自动过期。",
        ["system", "privacy"],
        10,
        5,
        [],
    ),
    (
        OS,
        "bob",
        "Screen reader gestures like on desktop",
        "Let screen reader users define their own gestures.",
        ["accessibility"],
        6,
        7,
        [],
    ),
    (
        OS,
        "carlos",
        "Theme store with community themes",
        "Let members publish and share home screen themes.",
        ["display"],
        2,
        120,
        [],
    ),
    (
        OS,
        "wangfang",
        "桌面图标支持自定义大小",
        "希望可以单独放大常用应用的图标。",
        ["display"],
        5,
        2,
        [],
    ),
    (
        OS,
        "hanmeimei",
        "Lock individual apps with a fingerprint",
        "Protect chat and photo apps with a fingerprint even when the phone is unlocked.",
        ["privacy"],
        12,
        6,
        [("declined", "Coming as part of a wider private space instead: watch this space.")],
    ),
]

# The idea that reaches its product's threshold through the demo's last supports.
THRESHOLD_IDEA = "Smart charging reminder when I forget the charger"
THRESHOLD_TEXT = (
    "Remind me in the morning if the battery will not last the day. 出门前提醒我电量可能不够。"
)
# Merged into its original by the ideas board's moderator.
DUPLICATE, ORIGINAL = "Always-on display with the clock", "希望增加息屏显示功能"

COMMENTS = [
    ("希望增加息屏显示功能", "alice", "Yes please! Even just the clock would be great."),
    ("希望增加息屏显示功能", "wangfang", "功耗是关键，希望可以设置显示时间段。"),
    (
        "希望增加息屏显示功能",
        "admin",
        "Power draw is about 1% an hour in our tests. 每小时约 1% 电量。",
    ),
    ("Night mode for the camera app", "lilei", "夜景模式效果太好了，感谢团队！"),
    ("Per-app language settings", "carlos", "Even for the keyboard would be a good start."),
]


def load(members: dict[str, Any]) -> None:
    admin = members["admin"]
    products = {product.slug: product for product in Product.objects.filter(slug__in=THRESHOLDS)}
    if len(products) < len(THRESHOLDS):
        return  # the forum demo did not run
    tags = _tags()
    fans = _fans()
    crowd = [members[name] for name in members if name != "admin"] + fans
    for slug, product in products.items():
        actions.ideas_board_for(product)
        supports, days, archive = THRESHOLDS[slug]
        ProductIdeaSettings.objects.filter(product=product).update(
            threshold_supports=supports, threshold_days=days, archive_unreached=archive
        )
    phone_board = actions.ideas_board_for(products[PHONE])
    appoint_moderator(phone_board, member=members["moderator"], actor=admin)

    for index, (
        product,
        author,
        title,
        description,
        tag_slugs,
        supports,
        days_ago,
        path,
    ) in enumerate(IDEAS):
        if Idea.objects.filter(title=title).exists():
            continue
        idea = actions.submit_idea(
            products[product],
            author=members[author],
            title=title,
            description=description,
            tags=[tags[slug] for slug in tag_slugs],
        )
        _backdate(idea, days_ago)
        idea = Idea.objects.select_related("product__idea_settings").get(pk=idea.pk)
        turn = index * 7 % len(crowd)
        supporters = [fan for fan in crowd[turn:] + crowd[:turn] if fan.pk != idea.author_id]
        # The team takes an idea up before the crowd's supports could send it
        # to review by itself; a declined idea is declined after them.
        steps = list(path)
        if steps and steps[0][0] != "declined":
            status, response = steps.pop(0)
            actions.change_status(idea, actor=admin, status=status, response=response)
        _support(idea, supporters[: supports - 1])
        for status, response in steps:
            actions.change_status(idea, actor=admin, status=status, response=response)
        _spread_over_time(idea, days_ago)
    _threshold_idea(products[PHONE], members, crowd, tags)
    duplicate = Idea.objects.filter(title=DUPLICATE, duplicate_of__isnull=True).first()
    original = Idea.objects.filter(title=ORIGINAL).first()
    if duplicate and original:
        actions.merge_idea(
            duplicate,
            into=original,
            actor=members["moderator"],
            response="Same as the always-on display idea — your support counts there. "
            "与息屏显示的创意相同，你的支持已计入。",
        )
    _comments(members)


def _tags() -> dict[str, Tag]:
    return {
        slug: Tag.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_zh": name_zh, "position": position}
        )[0]
        for position, (slug, name, name_zh) in enumerate(TAGS)
    }


def _fans() -> list:
    User = get_user_model()
    fans = []
    for number in range(1, FANS + 1):
        fan, created = User.objects.get_or_create(
            username=f"fan{number:02d}",
            defaults={
                "display_name": f"Orange fan {number}",
                "email": "",
                "city": FAN_CITIES[number % len(FAN_CITIES)],
            },
        )
        if created:
            fan.set_unusable_password()
            fan.save(update_fields=["password"])
        fans.append(fan)
    return fans


def _support(idea: Idea, supporters: list) -> None:
    for supporter in supporters:
        if idea.status not in ("new", "under_review", "planned", "in_progress"):
            return
        actions.support_idea(idea, member=supporter)
        idea.refresh_from_db(fields=["status"])


def _backdate(idea: Idea, days_ago: int) -> None:
    """Submitted `days_ago`, scored as if it had been."""
    moment = timezone.now() - timedelta(days=days_ago, hours=days_ago % 7)
    Idea.objects.filter(pk=idea.pk).update(created_at=moment, updated_at=moment)
    Support.objects.filter(idea=idea).update(created_at=moment)
    Thread.objects.filter(pk=idea.thread_id).update(created_at=moment, last_post_at=moment)
    Post.objects.filter(thread=idea.thread_id).update(created_at=moment)


def _spread_over_time(idea: Idea, days_ago: int) -> None:
    """Supports and status changes arrive over the idea's life, and its hot
    score follows its submission time."""
    idea.refresh_from_db()
    now = timezone.now()
    supports = Support.objects.filter(idea=idea).exclude(member=idea.author_id)
    for index, support in enumerate(supports.order_by("pk")):
        offset = timedelta(days=days_ago * (index % 5) / 5, hours=index)
        Support.objects.filter(pk=support.pk).update(created_at=min(idea.created_at + offset, now))
    changes = list(idea.status_changes.order_by("pk"))
    for step, change in enumerate(changes, start=1):
        moment = idea.created_at + (now - idea.created_at) * step / (len(changes) + 1)
        StatusChange.objects.filter(pk=change.pk).update(created_at=moment)
    Idea.objects.filter(pk=idea.pk).update(
        hot_score=actions.hot_score(idea.support_count, idea.created_at),
        status_changed_at=moment if changes else None,
    )


def _threshold_idea(product: Product, members: dict, crowd: list, tags: dict) -> None:
    if Idea.objects.filter(title=THRESHOLD_IDEA).exists():
        return
    idea = actions.submit_idea(
        product,
        author=members["bob"],
        title=THRESHOLD_IDEA,
        description=THRESHOLD_TEXT,
        tags=[tags["battery"]],
    )
    idea = Idea.objects.select_related("product__idea_settings").get(pk=idea.pk)
    supporters = [fan for fan in crowd if fan.pk != idea.author_id]
    _support(idea, supporters[: idea.product.idea_settings.threshold_supports + 2])


def _comments(members: dict) -> None:
    for title, author, body in COMMENTS:
        idea = Idea.objects.filter(title=title).select_related("thread").first()
        if idea is None or idea.thread.posts.filter(body=body).exists():
            continue
        post = reply_to_thread(idea.thread, author=members[author], body=body)
        if author != "alice":
            add_reaction(post, user=members["alice"])
