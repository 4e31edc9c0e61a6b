"""The forum part of the demo community. Safe to load again: products and
boards are found by slug, threads by title, and replies are only added to a
thread that was just created."""

from .actions import add_reaction, create_thread, pin_thread, reply_to_thread
from .models import Board, Product, Thread

PRODUCTS = [
    ("orange-phone-14", "Orange Phone 14", "橙子手机 14", "The flagship phone.", "旗舰手机。"),
    (
        "orangeos",
        "OrangeOS",
        "橙子系统",
        "The system on every Orange device.",
        "所有橙子设备上的系统。",
    ),
]

BOARDS = [
    # slug, product slug, name, Chinese name, description, staff only
    ("announcements", None, "Announcements", "官方公告", "News from the team.", True),
    ("general", None, "General discussion", "综合讨论", "Anything about Orange.", False),
    (
        "phone-14-chat",
        "orange-phone-14",
        "Phone 14 chat",
        "手机 14 闲聊",
        "Talk about the phone.",
        False,
    ),
    ("phone-14-help", "orange-phone-14", "Phone 14 help", "手机 14 求助", "Ask and help.", False),
    (
        "orangeos-ideas",
        "orangeos",
        "Feature ideas chat",
        "功能建议交流",
        "Shape the next OrangeOS.",
        False,
    ),
    ("orangeos-help", "orangeos", "OrangeOS help", "系统求助", "Bugs, questions, fixes.", False),
]

# board, author, title, body, replies [(author, body, quote index or None)], likers
THREADS = [
    (
        "announcements",
        "admin",
        "Welcome to the Orange community forum",
        "Hello everyone! This is where you talk with the people who build Orange.\n\n"
        "Be kind, stay on topic, and tell us what you really think.\n\n"
        "欢迎来到橙子社区论坛！",
        [("alice", "Glad to be here. Friday builds, here I come!", None)],
        ["alice", "bob", "lilei", "hanmeimei", "carlos", "wangfang"],
    ),
    (
        "phone-14-chat",
        "lilei",
        "橙子手机 14 的夜景拍照真的惊艳",
        "昨晚在深圳湾拍了几张，噪点控制比上一代好太多。大家觉得呢？",
        [
            ("hanmeimei", "同感！成都的夜景也很出片。", None),
            ("wangfang", "> 噪点控制比上一代好太多\n\n同意，但是对焦偶尔会慢一点。", 0),
            (
                "admin",
                "Thanks for the feedback! Focus speed in low light improves in build 24.19.",
                None,
            ),
        ],
        ["hanmeimei", "wangfang", "alice"],
    ),
    (
        "phone-14-help",
        "carlos",
        "Battery drains overnight after the last update",
        "My Phone 14 loses about 15% overnight since build 24.18. Anyone else?",
        [
            ("alice", "Same here. Turning off *Nearby sharing* helped me.", None),
            ("bob", "@alice thanks, that fixed it for me too.", None),
            ("moderator", "已反馈给团队，请大家在设置里提交日志。", None),
        ],
        ["bob", "lilei"],
    ),
    (
        "orangeos-ideas",
        "alice",
        "Idea: per-app language settings",
        "I read news in English but chat in Chinese. Could OrangeOS let me pick "
        "a language **per app**?",
        [
            ("wangfang", "非常需要这个功能！", None),
            ("carlos", "Yes please, and per-app font size too.", None),
        ],
        ["wangfang", "carlos", "lilei", "bob"],
    ),
    (
        "orangeos-ideas",
        "wangfang",
        "建议：通知中心按重要程度分组",
        "现在通知太多了，希望能自动把验证码和聊天排在前面。",
        [("lilei", "@wangfang 赞同，还可以加一个「稍后提醒」。", None)],
        ["lilei", "hanmeimei"],
    ),
    (
        "orangeos-help",
        "bob",
        "How do I back up my home screen layout?",
        "Switching phones next week. Is there a way to keep my icons where they are?",
        [("admin", "Settings → System → Backup includes the layout since OrangeOS 3.2.", None)],
        ["carlos"],
    ),
    (
        "general",
        "hanmeimei",
        "成都城市俱乐部周末聚会",
        "这周六下午在春熙路，带上你的橙子设备一起交流！",
        [
            ("lilei", "报名！", None),
            ("alice", "Wish I could join from Berlin!", None),
        ],
        ["lilei", "wangfang"],
    ),
    (
        "general",
        "carlos",
        "Which Orange device was your first?",
        "Mine was the Orange Phone 9. Still works as a music player.",
        [("bob", "Phone 11 — the one with the orange back.", None)],
        ["alice"],
    ),
    (
        "phone-14-chat",
        "alice",
        "Four-grid report for build 24.18",
        "**Liked most:** smoother scrolling.\n\n**What broke:** Bluetooth audio "
        "stutters in the car.",
        [("moderator", "感谢详细的报告！已转给蓝牙团队。", None)],
        ["moderator", "carlos", "lilei"],
    ),
    (
        "orangeos-help",
        "lilei",
        "刷机后无法收到短信",
        "升级到最新测试版后收不到短信，有人遇到过吗？",
        [],
        [],
    ),
]


def load(members: dict) -> None:
    products = {
        slug: Product.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_zh": name_zh,
                "description": description,
                "description_zh": description_zh,
                "position": position,
            },
        )[0]
        for position, (slug, name, name_zh, description, description_zh) in enumerate(PRODUCTS)
    }
    boards = {
        slug: Board.objects.get_or_create(
            slug=slug,
            defaults={
                "product": products.get(product) if product else None,
                "name": name,
                "name_zh": name_zh,
                "description": description,
                "staff_only_threads": staff_only,
                "position": position,
            },
        )[0]
        for position, (slug, product, name, name_zh, description, staff_only) in enumerate(BOARDS)
    }
    for board, author, title, body, replies, likers in THREADS:
        if Thread.objects.filter(title=title).exists():
            continue
        thread = create_thread(boards[board], author=members[author], title=title, body=body)
        posts = [thread.posts.get(number=1)]
        for replier, text, quote in replies:
            quoted = posts[quote] if quote is not None else None
            posts.append(
                reply_to_thread(thread, author=members[replier], body=text, quoted_post=quoted)
            )
        for liker in likers:
            add_reaction(posts[0], user=members[liker])
        if board == "announcements":
            pin_thread(thread, actor=members[author])
