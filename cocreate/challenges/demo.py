"""The challenges of the demo community, made through the same actions as
real life; between steps the timeline is moved the way the clock would move
it (a challenge goes from open to scoring when its deadline passes):

* "Orange Phone 15 case design" — a design contest open for entries, with a
  gallery of entries whose artwork is drawn here;
* "Lock-screen wallpaper contest" — a design contest in community scoring,
  scored by the fans (scores hidden until scoring closes);
* "Orange Buds charging-case skin" — announced: scored, shortlisted, judged
  on two criteria by a jury of two, winners paid in the ledger; the winning
  design by Alice and Li Lei was adopted into a product, and two quarters of
  sales have earned them royalties (log in as `alice`, open Earnings);
* "Two-day battery" — a solution challenge whose entries only the team,
  the jury and each entry's own team see.

Safe to load again: nothing happens once the first challenge exists.
"""

import io
import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils import timezone
from PIL import Image, ImageDraw

from cocreate.forum.models import Product
from cocreate.ideas.demo import _fans
from cocreate.reputation.models import Medal

from .actions import challenges, entries, judging, royalties, scoring
from .actions.challenges import PrizeData
from .actions.judging import Mark
from .entry_uploads import make_entry_image
from .enums import ChallengeKind
from .models import Challenge, Entry, Score

PHONE = "orange-phone-14"
OS = "orangeos"
DAY = timedelta(days=1)
ZONE = "Asia/Shanghai"

IP_TERMS = (
    "You keep the copyright of your design. By entering you grant Orange a worldwide, "
    "non-exclusive licence to show it in the gallery and on the results page. If your "
    "design wins or is adopted, you assign Orange the right to manufacture and sell it, "
    "in return for the prize and a royalty of the stated rate on net revenue."
)
IP_TERMS_ZH = (
    "作品版权归你所有。参赛即授权橙子在作品展示区和结果页面展示你的作品（全球范围、非独占）。"
    "作品获奖或被采纳后，你将生产和销售该作品的权利转让给橙子，以换取奖金和按约定比例计算的净收入版税。"
)
RULES = (
    "* One entry per member; teams of up to six share the prize as they agree.\n"
    "* Your own original work only; no logos or characters you do not own.\n"
    "* Entries can be edited and withdrawn until the deadline."
)
RULES_ZH = (
    "* 每位会员限投一件作品；最多六人组队，奖金按约定比例分配。\n"
    "* 仅限本人原创；不得使用不属于你的标志或形象。\n"
    "* 截稿前可随时修改或撤回作品。"
)

CHALLENGES = {
    "phone-15-case": {
        "kind": ChallengeKind.DESIGN,
        "product": PHONE,
        "name": "Orange Phone 15 case design",
        "name_zh": "橙子手机 15 手机壳设计大赛",
        "description": "Design the back of the official Phone 15 case: the winner goes on sale.",
        "description_zh": "设计橙子手机 15 官方手机壳的背面图案：冠军作品将量产发售。",
        "brief": (
            "The Phone 15 case is **matte, 160 × 78 mm**, with the camera "
            "island in the top left corner. Send artwork for the back: bold, printable in "
            "four colours, and beautiful from arm's length.\n\n"
            "## What we look for\n\n* originality\n* how it prints on a curved surface\n"
            "* how it feels Orange without the logo"
        ),
        "brief_zh": (
            "橙子手机 15 手机壳为**磨砂材质，160 × 78 毫米**，摄像头模组位于左上角。"
            "请提交背面图案：大胆、可四色印刷，一臂之外也好看。\n\n"
            "## 我们看重\n\n* 原创性\n* 在曲面上的印刷效果\n* 不用标志也有橙子的味道"
        ),
    },
    "lock-screen-wallpaper": {
        "kind": ChallengeKind.DESIGN,
        "product": OS,
        "name": "Lock-screen wallpaper contest",
        "name_zh": "锁屏壁纸设计大赛",
        "description": "The default lock screen of OrangeOS 4 is yours to draw.",
        "description_zh": "橙子系统 4 的默认锁屏壁纸，由你来画。",
        "brief": (
            "Draw a lock-screen wallpaper for OrangeOS 4, **1440 × 3200**, that leaves room "
            "for the clock at the top and stays readable in dark mode."
        ),
        "brief_zh": (
            "为橙子系统 4 绘制一张锁屏壁纸，**1440 × 3200**，"
            "顶部为时钟留出空间，深色模式下依然清晰。"
        ),
    },
    "buds-case-skin": {
        "kind": ChallengeKind.DESIGN,
        "product": PHONE,
        "name": "Orange Buds charging-case skin",
        "name_zh": "橙子耳机充电盒外观设计",
        "description": "A skin for the Orange Buds charging case, sold in the Orange store.",
        "description_zh": "为橙子耳机充电盒设计外观贴膜，在橙子商城发售。",
        "brief": "A skin for the round Orange Buds charging case, **52 mm** across.",
        "brief_zh": "为圆形的橙子耳机充电盒设计外观贴膜，直径 **52 毫米**。",
    },
    "two-day-battery": {
        "kind": ChallengeKind.SOLUTION,
        "product": PHONE,
        "name": "Two-day battery",
        "name_zh": "两天续航方案征集",
        "description": (
            "How could a phone last two days without a bigger battery? ¥50,000 for the best answer."
        ),
        "description_zh": "不增大电池，手机如何撑过两天？最佳方案奖金 5 万元。",
        "brief": (
            "Our users charge every night. Propose a way — software, hardware or habit — for "
            "the Phone 15 to last **two days of typical use** on its 5,000 mAh battery. "
            "Entries are seen only by the team and the jury."
        ),
        "brief_zh": (
            "我们的用户每晚都要充电。请提出一种方法（软件、硬件或使用习惯均可），让橙子手机 15 "
            "用 5000 毫安时电池撑过**两天日常使用**。作品仅工作人员和评审团可见。"
        ),
        "min_level": 3,
    },
}

PRIZES = [
    PrizeData(rank=1, label="Winner", label_zh="冠军", cash=Decimal("20000.00"), points=500),
    PrizeData(rank=2, label="Runner-up", label_zh="亚军", cash=Decimal("5000.00"), points=200),
    PrizeData(rank=3, label="Third place", label_zh="季军", cash=Decimal("2000.00"), points=100),
]

# (author, teammate or None, title, description)
CASE_ENTRIES = [
    ("alice", None, "Tidal lines", "Contour lines of a tide map, in orange on slate."),
    ("lilei", None, "山水橙", "用水墨山水勾勒的橙色远山。"),
    ("carlos", None, "Circuit bloom", "A flower grown from a circuit board."),
    ("wangfang", None, "纸鹤", "一千只纸鹤，只有一只是橙色的。"),
    ("bob", None, "Grid pop", "A Swiss grid, broken once."),
    (1, None, "Citrus slice", "A cross-section of an orange, as a radar screen."),
    (2, None, "Night market", "夜市的霓虹灯招牌。"),
    (3, None, "Orbit", "Rings around the camera island."),
    (4, None, "Terrazzo", "Stone chips in four colours."),
]
WALLPAPER_ENTRIES = [
    ("alice", "carlos", "Dawn over the bay", "The first light, with room for the clock."),
    ("lilei", None, "晨雾", "雾里的城市，时钟落在云上。"),
    ("bob", None, "Quiet orange", "One gradient, nothing else."),
    ("wangfang", None, "竹影", "竹叶的影子，深色模式下变成月光。"),
    (5, None, "Aurora", "Northern lights in OrangeOS colours."),
    (6, None, "Paper city", "A city folded from paper."),
    (7, None, "Koi", "两条锦鲤绕着时钟游。"),
    (8, None, "Dunes", "Wind on sand at dusk."),
]
BUDS_ENTRIES = [
    ("alice", "lilei", "Sunrise rings", "Concentric rings from deep red to pale orange."),
    ("carlos", None, "Pebble", "A river pebble, smooth and warm."),
    ("wangfang", None, "青花", "青花瓷纹样，橙色点睛。"),
    ("bob", None, "Vinyl", "The grooves of a record."),
    (9, None, "Honeycomb", "Hexagons, one of them orange."),
    (10, None, "Orbit mini", "The Phone 15 orbit, small."),
]
SOLUTION_ENTRIES = [
    (
        "carlos",
        None,
        "Sleep the radios by place",
        "Learn where the phone sleeps and turn radios down there.",
    ),
    ("lilei", None, "按应用分配功耗预算", "给每个后台应用一个每日功耗预算，超出即冻结。"),
]

PALETTES = [
    ("#ff7a1a", "#1f2937", "#fde68a"),
    ("#f97316", "#0f766e", "#ecfeff"),
    ("#fb923c", "#312e81", "#fef3c7"),
    ("#ea580c", "#14532d", "#fefce8"),
    ("#f59e0b", "#7c2d12", "#fff7ed"),
    ("#ff6b00", "#111827", "#e0f2fe"),
]


def load(members: dict[str, Any]) -> None:
    if Challenge.objects.filter(slug="phone-15-case").exists():
        return
    products = {p.slug: p for p in Product.objects.filter(slug__in=[PHONE, OS])}
    if len(products) < 2:
        return
    admin = members["admin"]
    fans = _fans()
    people = {**members, **{number: fan for number, fan in enumerate(fans, start=1)}}
    rng = random.Random(15)

    case = _challenge("phone-15-case", products, admin, opens=-6, closes=12, scoring=19, judging=30)
    _enter_all(case, CASE_ENTRIES, people)

    wallpaper = _challenge(
        "lock-screen-wallpaper", products, admin, opens=-20, closes=-6, scoring=5, judging=15
    )
    _enter_all(wallpaper, WALLPAPER_ENTRIES, people)
    _move(wallpaper, "scoring")
    _score(wallpaper, [members["moderator"], members["hanmeimei"], *fans], admin, rng)

    buds = _challenge(
        "buds-case-skin", products, admin, opens=-120, closes=-90, scoring=-80, judging=-70
    )
    buds_entries = _enter_all(buds, BUDS_ENTRIES, people)
    _move(buds, "scoring")
    _score(buds, [members["moderator"], members["hanmeimei"], *fans], admin, rng)
    _judge(buds, admin, [members["moderator"], members["hanmeimei"]], rng)
    judging.confirm_winners(buds, actor=admin)
    _backdate(buds)
    _adopt(buds_entries[0], products[PHONE], admin)

    battery = _challenge(
        "two-day-battery", products, admin, opens=-10, closes=20, scoring=None, judging=35
    )
    _enter_all(battery, SOLUTION_ENTRIES, people)
    judging.assign_judge(battery, actor=admin, username="moderator")


def _challenge(
    slug: str,
    products: dict,
    admin: Any,
    *,
    opens: int,
    closes: int,
    scoring: int | None,
    judging: int,
) -> Challenge:
    """Draft the challenge with an open timeline, publish it, then give it
    the demo's deadlines (which may lie in the past)."""
    spec = dict(CHALLENGES[slug])
    now = timezone.now()
    kind = spec.pop("kind")
    challenge = challenges.create_challenge(
        products[spec.pop("product")],
        actor=admin,
        slug=slug,
        kind=kind,
        rules=RULES,
        rules_zh=RULES_ZH,
        ip_terms=IP_TERMS,
        ip_terms_zh=IP_TERMS_ZH,
        time_zone=ZONE,
        opens_at=now + DAY,
        submissions_close_at=now + 20 * DAY,
        scoring_closes_at=now + 25 * DAY if kind == ChallengeKind.DESIGN else None,
        judging_closes_at=now + 30 * DAY,
        prizes=PRIZES,
        cover=_artwork(len(slug) * 7, size=(1200, 600)),
        **spec,
    )
    medal = Medal.objects.filter(slug="challenge-winner").first()
    challenge.prizes.filter(rank=1).update(medal=medal)
    challenges.publish_challenge(challenge, actor=admin)
    Challenge.objects.filter(pk=challenge.pk).update(
        opens_at=now + opens * DAY,
        submissions_close_at=now + closes * DAY,
        scoring_closes_at=now + scoring * DAY if scoring is not None else None,
        judging_closes_at=now + judging * DAY,
    )
    challenge.refresh_from_db()
    if challenge.submissions_close_at < now:
        # Entries were sent while it was open: open it for them first.
        _move(challenge, "open")
    return challenge


def _move(challenge: Challenge, phase: str) -> None:
    """Put the clock where `phase` begins, as the minute task would find it."""
    now = timezone.now()
    if phase == "open":
        fields = {"opens_at": now - 2 * DAY, "submissions_close_at": now + DAY}
    elif phase == "scoring":
        fields = {"submissions_close_at": now - DAY, "scoring_closes_at": now + 5 * DAY}
    else:
        fields = {"scoring_closes_at": now - DAY} if challenge.is_design else {}
        fields["submissions_close_at"] = min(challenge.submissions_close_at, now - 2 * DAY)
    Challenge.objects.filter(pk=challenge.pk).update(**fields)
    challenge.refresh_from_db()
    challenges.advance_timelines(now)
    challenge.refresh_from_db()


def _artwork(seed: int, size: tuple[int, int] = (800, 600)) -> SimpleUploadedFile:
    """A generated design: rings and tiles in one of the Orange palettes."""
    rng = random.Random(seed)
    accent, ground, light = PALETTES[seed % len(PALETTES)]
    width, height = size
    image = Image.new("RGB", size, ground)
    draw = ImageDraw.Draw(image)
    for step in range(rng.randint(6, 14)):
        x, y = rng.randint(0, width), rng.randint(0, height)
        radius = rng.randint(40, 260)
        colour = (accent, light, ground)[step % 3]
        if step % 2:
            draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=colour, width=18)
        else:
            draw.rounded_rectangle(
                [x - radius, y - radius // 2, x + radius, y + radius // 2], radius=30, fill=colour
            )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(f"{seed}.png", buffer.getvalue(), content_type="image/png")


def _enter_all(challenge: Challenge, specs: list[tuple], people: dict) -> list[Entry]:
    made = []
    for seed, (author, teammate, title, description) in enumerate(specs):
        entry = entries.submit_entry(
            challenge,
            author=people[author],
            title=title,
            description=description,
            images=[make_entry_image(_artwork(seed + challenge.pk * 31))],
            accept_terms=True,
        )
        if teammate:
            membership = entries.invite_teammate(
                entry, author=people[author], username=people[teammate].username, share="30"
            )
            entries.answer_invitation(membership, member=people[teammate], accept=True)
        made.append(entry)
    return made


def _score(challenge: Challenge, scorers: list, admin: Any, rng: random.Random) -> None:
    """Each scorer scores most entries, leaning on a taste per entry. Every
    demo account is brand-new, so every score is flagged: the team clears
    the flags of all but the last few scorers, who stay in the review queue."""
    pool = list(challenge.entries.order_by("pk"))
    # The first entries of each list are the crowd's favourites.
    taste = {
        entry.pk: 4.5 - 0.3 * place + rng.uniform(-0.2, 0.2) for place, entry in enumerate(pool)
    }
    for scorer in scorers:
        own = set(scorer.entry_teams.values_list("entry_id", flat=True))
        for entry in pool:
            if entry.pk in own or rng.random() < 0.2:
                continue
            value = max(0, min(5, round(rng.gauss(taste[entry.pk], 0.9))))
            scoring.score_entry(entry, member=scorer, value=value, network="")
    for score in Score.objects.filter(entry__challenge=challenge).exclude(member__in=scorers[-3:]):
        scoring.clear_flag(score, actor=admin)


def _judge(challenge: Challenge, admin: Any, jury: list, rng: random.Random) -> None:
    originality = judging.add_criterion(
        challenge, actor=admin, name="Originality", name_zh="原创性", weight=2
    )
    printability = judging.add_criterion(
        challenge, actor=admin, name="Fit for print", name_zh="印刷适配", weight=1
    )
    for judge in jury:
        judging.assign_judge(challenge, actor=admin, username=judge.username)
    _move(challenge, "judging")
    top = challenge.entries.order_by("-community_score")[:4]
    judging.set_shortlist(challenge, actor=admin, entry_ids=[entry.pk for entry in top])
    for place, entry in enumerate(challenge.entries.filter(is_shortlisted=True).order_by("pk")):
        for judge in jury:
            judging.judge_entry(
                entry,
                judge=judge,
                marks=[
                    Mark(originality.pk, 9 - place - rng.randint(0, 1), "Fresh and confident."),
                    Mark(printability.pk, 8 - place, "Prints well on the curve."),
                ],
            )


def _backdate(challenge: Challenge) -> None:
    """The results came out ten weeks ago."""
    now = timezone.now()
    Challenge.objects.filter(pk=challenge.pk).update(
        opens_at=now - 120 * DAY,
        submissions_close_at=now - 90 * DAY,
        scoring_closes_at=now - 80 * DAY,
        judging_closes_at=now - 70 * DAY,
        announced_at=now - 70 * DAY,
    )
    challenge.entries.update(created_at=F("created_at") - 95 * DAY)


def _adopt(entry: Entry, product: Product, admin: Any) -> None:
    adoption = royalties.adopt_entry(
        entry, actor=admin, product=product, product_name="Orange Buds case — Sunrise rings"
    )
    for (starts, ends), units, revenue in zip(
        _last_quarters(2), (1840, 2315), (Decimal("220616.00"), Decimal("277569.35")), strict=True
    ):
        royalties.record_sales(
            adoption, actor=admin, starts_on=starts, ends_on=ends, units=units, revenue=revenue
        )


def _last_quarters(count: int) -> list[tuple[date, date]]:
    """The last `count` calendar quarters that have ended, oldest first."""
    today = date.today()
    year, quarter = today.year, (today.month - 1) // 3  # the current quarter, from 0
    quarters = []
    for _ in range(count):
        year, quarter = (year - 1, 3) if quarter == 0 else (year, quarter - 1)
        starts = date(year, quarter * 3 + 1, 1)
        following = date(year + 1, 1, 1) if quarter == 3 else date(year, quarter * 3 + 4, 1)
        quarters.insert(0, (starts, following - timedelta(days=1)))
    return quarters
