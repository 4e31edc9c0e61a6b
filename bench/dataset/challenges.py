"""Challenges (v6): 200 challenges, 20,000 entries and 1,000,000 community
scores, with every counter equal to its rows.

Mostly design contests whose winners were announced (spread over the three
years before `END`), 12 in community scoring, 6 in jury judging, 10 open
for entries, and a few solution challenges (announced, no scores). The
open, scoring and judging ones keep their phase at run time: the deadlines
of those phases are moved around now by `refresh_challenge_windows` (the
server enforces the deadlines, whatever `status` says), as the releases'
report window is.

Entries follow a long tail (the largest scoring challenge has the most:
the gallery scenario's), by members of the pyramid who had joined, a few
with a teammate (shares 60/40). Thumbnails are six small generated images
shared by every row (`THUMBS`), not 20,000 files. Scores (0–5, ordinary
weight) go to the entries of scoring and finished design contests, by
members other than the entry's team, at most one per member and entry;
each entry's `score_count`, `score_sum`, `score_weight` and
`community_score` (the app's Bayesian average) and each challenge's
`entry_count` and `score_count` are summed while drawing and written with
their rows, not counted per row afterwards.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from io import BytesIO
from typing import Any

from .base import END, SPAN, Sizes, db_time, insert_rows, pyramid_picker, reserve_keys

THUMBS = [f"entries/thumbs/bench/thumb-{n}.png" for n in range(6)]
THUMB_COLOURS = ["#f97316", "#0ea5e9", "#22c55e", "#a855f7", "#ef4444", "#eab308"]
SCORE_TARGETS = 500  # entries the score scenario goes through
OPEN, SCORING, JUDGING = 10, 12, 6
SOLUTIONS = 8
DAY = timedelta(days=1)
PRIOR_MEAN = Decimal("2.50")
PRIOR_VOTES = 10
WEIGHT = 100  # an ordinary score, in hundredths

THEMES = [
    ("Phone case art", "手机壳艺术"),
    ("Lock screen wallpaper", "锁屏壁纸"),
    ("Earbuds colourway", "耳机配色"),
    ("Watch face", "表盘设计"),
    ("Packaging", "包装设计"),
    ("Charger design", "充电器设计"),
    ("Festival edition", "节日限定版"),
    ("Sticker pack", "贴纸包"),
]
ENTRY_TITLES = [
    "Ink waves",
    "Neon city",
    "Paper cranes",
    "水墨山水",
    "Night market",
    "霓虹灯",
    "Pixel garden",
    "青花瓷",
    "Aurora lines",
    "Tea leaves",
    "城市剪影",
    "Origami fox",
]


@dataclass
class PlannedChallenge:
    key: int
    slug: str
    phase: str  # open, scoring, judging, announced
    kind: str
    product: int
    opens_at: datetime
    entries: list[int] = field(default_factory=list)  # entry keys
    score_count: int = 0


@dataclass
class PlannedEntry:
    key: int
    challenge: int  # index in the plan's challenges
    author: int  # member index
    teammate: int | None
    created_at: datetime
    title: str
    thumb: str
    score_count: int = 0
    score_sum: int = 0


@dataclass
class ChallengesPlan:
    challenges: list[PlannedChallenge]
    entries: list[PlannedEntry]
    scores: list[tuple[int, int, int, datetime]]  # entry index, member index, value, when


def phases(count: int) -> list[str]:
    return (
        ["open"] * OPEN
        + ["scoring"] * SCORING
        + ["judging"] * JUDGING
        + ["announced"] * (count - OPEN - SCORING - JUDGING)
    )


def plan_challenges(
    rng: random.Random, members: list[tuple[int, datetime]], products: list[int], sizes: Sizes
) -> ChallengesPlan:
    pick = pyramid_picker(len(members))
    challenges = []
    kinds = phases(sizes.challenges)
    for index, phase in enumerate(kinds):
        solution = phase == "announced" and index >= len(kinds) - SOLUTIONS
        opens = END - SPAN + (SPAN - 60 * DAY) * (index / max(1, len(kinds) - 1))
        if phase != "announced":
            opens = END - 40 * DAY  # moved around now at run time
        challenges.append(
            PlannedChallenge(
                key=index,
                slug=f"bench-challenge-{index + 1:03d}",
                phase=phase,
                kind="solution" if solution else "design",
                product=products[index % len(products)],
                opens_at=opens,
            )
        )
    # Entries per challenge: a long tail, the largest share to the first
    # scoring challenge (the gallery scenario's); open ones are still young.
    appeal = [rng.paretovariate(1.3) for _ in challenges]
    for position, challenge in enumerate(challenges):
        if challenge.phase == "open":
            appeal[position] *= 0.2
    gallery = kinds.index("scoring") if "scoring" in kinds else 0
    appeal[gallery] = max(appeal) * 1.5
    total = sum(appeal)
    counts = [max(1, int(sizes.entries * a / total)) for a in appeal]
    counts[gallery] += sizes.entries - sum(counts)
    entries: list[PlannedEntry] = []
    for position, (challenge, count) in enumerate(zip(challenges, counts, strict=True)):
        for _ in range(count):
            author = pick(rng)
            while members[author][1] > challenge.opens_at:
                author = pick(rng)
            teammate = pick(rng) if rng.random() < 0.05 else None
            if teammate == author or (
                teammate is not None and members[teammate][1] > challenge.opens_at
            ):
                teammate = None
            challenge.entries.append(len(entries))
            entries.append(
                PlannedEntry(
                    key=len(entries),
                    challenge=position,
                    author=author,
                    teammate=teammate,
                    created_at=challenge.opens_at + timedelta(seconds=rng.randrange(20 * 86400)),
                    title=f"{rng.choice(ENTRY_TITLES)} #{len(entries) + 1}",
                    thumb=THUMBS[len(entries) % len(THUMBS)],
                )
            )
    scores = plan_scores(rng, members, challenges, entries, sizes, pick)
    return ChallengesPlan(challenges, entries, scores)


def plan_scores(
    rng: random.Random,
    members: list[tuple[int, datetime]],
    challenges: list[PlannedChallenge],
    entries: list[PlannedEntry],
    sizes: Sizes,
    pick: Any,
) -> list[tuple[int, int, int, datetime]]:
    """Scores on the entries of scoring and finished design contests, by
    appeal; never by the entry's team, at most one per member and entry."""
    scored = [
        entry
        for entry in entries
        if challenges[entry.challenge].kind == "design"
        and challenges[entry.challenge].phase in ("scoring", "judging", "announced")
    ]
    if not scored:
        return []
    appeal = [rng.paretovariate(1.6) for _ in scored]
    cumulative, running = [], 0.0
    for value in appeal:
        running += value
        cumulative.append(running)
    wanted = [int(sizes.scores * value / running) for value in appeal]
    short = sizes.scores - sum(wanted)
    for position in rng.choices(range(len(scored)), cum_weights=cumulative, k=short):
        wanted[position] += 1
    cap = max(1, len(members) // 4)  # no entry is scored by more than a quarter of members
    scores = []
    for entry, count in zip(scored, wanted, strict=True):
        taken = {entry.author, entry.teammate}
        challenge = challenges[entry.challenge]
        quality = rng.uniform(1.5, 4.5)
        for _ in range(min(count, cap)):
            member = pick(rng)
            tries = 0
            while member in taken and tries < 20:
                member = pick(rng)
                tries += 1
            if member in taken:
                member = rng.randrange(len(members))
                if member in taken:
                    continue
            taken.add(member)
            value = min(5, max(0, round(rng.gauss(quality, 1.0))))
            when = max(challenge.opens_at, members[member][1]) + timedelta(
                seconds=rng.randrange(30 * 86400)
            )
            scores.append((entry.key, member, value, when))
            entry.score_count += 1
            entry.score_sum += value * WEIGHT
            challenge.score_count += 1
    return scores


def community_score(score_sum: int, score_count: int) -> float:
    """The app's Bayesian average (scoring.community_score) with the
    default prior, on sums in hundredths."""
    prior_weight = PRIOR_VOTES * WEIGHT
    return float((score_sum + PRIOR_MEAN * prior_weight) / (score_count * WEIGHT + prior_weight))


def write_thumbnails() -> None:
    """The six shared thumbnails, generated once into the media folder."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from PIL import Image, ImageDraw

    for name, colour in zip(THUMBS, THUMB_COLOURS, strict=True):
        if default_storage.exists(name):
            continue
        image = Image.new("RGB", (480, 480), colour)
        draw = ImageDraw.Draw(image)
        for ring in range(0, 480, 60):
            draw.ellipse((ring // 2, ring // 2, 480 - ring // 2, 480 - ring // 2), outline="white")
        buffer = BytesIO()
        image.save(buffer, "PNG", optimize=True)
        default_storage.save(name, ContentFile(buffer.getvalue()))


def _dates(challenge: PlannedChallenge) -> dict[str, Any]:
    """The deadlines of a phase (for all but announced ones, around END;
    refresh_challenge_windows moves them around now)."""
    opens = challenge.opens_at
    if challenge.phase == "announced":
        return {
            "status": "announced",
            "opens_at": opens,
            "submissions_close_at": opens + 20 * DAY,
            "scoring_closes_at": opens + 30 * DAY if challenge.kind == "design" else None,
            "judging_closes_at": opens + 40 * DAY,
            "announced_at": opens + 45 * DAY,
        }
    return {
        "status": challenge.phase,
        **phase_deadlines(challenge.phase, END),
        "announced_at": None,
    }


def phase_deadlines(phase: str, now: datetime) -> dict[str, datetime]:
    """Deadlines that put a design contest in `phase` at `now`."""
    offsets = {
        "open": (-5, 10, 15, 20),
        "scoring": (-30, -2, 7, 14),
        "judging": (-40, -20, -10, 7),
    }[phase]
    opens, closes, scoring, judging = (now + days * DAY for days in offsets)
    return {
        "opens_at": opens,
        "submissions_close_at": closes,
        "scoring_closes_at": scoring,
        "judging_closes_at": judging,
    }


def insert_challenges(plan: ChallengesPlan, members: list[tuple[int, datetime]]) -> None:
    from cocreate.challenges.models import Challenge, Entry, EntryMember, Score
    from cocreate.core.markdown import render_markdown

    write_thumbnails()
    brief = "Design for **millions** of phones: bold, simple, ours.\n\n* 1:1 artwork\n* PNG or JPEG"
    ip_terms = "You license the design to the company for its products; you keep the credit."
    brief_html, ip_html = render_markdown(brief), render_markdown(ip_terms)
    rows = []
    for challenge in plan.challenges:
        name, name_zh = THEMES[challenge.key % len(THEMES)]
        number = challenge.key + 1
        rows.append(
            Challenge(
                product_id=challenge.product,
                slug=challenge.slug,
                kind=challenge.kind,
                name=f"{name} {number}",
                name_zh=f"{name_zh} {number}",
                description="Your art on a million phones.",
                brief=brief,
                brief_html=brief_html,
                ip_terms=ip_terms,
                ip_terms_html=ip_html,
                time_zone="Asia/Shanghai",
                prior_mean=PRIOR_MEAN,
                prior_votes=PRIOR_VOTES,
                entry_count=len(challenge.entries),
                score_count=challenge.score_count,
                created_at=challenge.opens_at - 7 * DAY,
                updated_at=challenge.opens_at - 7 * DAY,
                **_dates(challenge),
            )
        )
    created = Challenge.objects.bulk_create(rows, batch_size=500)
    challenge_ids = [row.pk for row in created]
    keys = reserve_keys(Entry, len(plan.entries))
    when = db_time()
    description = "An entry of the benchmark: waves, ink and light."
    description_html = render_markdown(description)
    insert_rows(
        Entry,
        [
            "id",
            "challenge_id",
            "author_id",
            "title",
            "description",
            "description_html",
            "status",
            "thumbnail",
            "terms_accepted_at",
            "is_shortlisted",
            "score_count",
            "score_sum",
            "score_weight",
            "community_score",
            "flagged_count",
            "judgement_count",
            "created_at",
            "updated_at",
        ],
        (
            (
                keys[entry.key],
                challenge_ids[entry.challenge],
                members[entry.author][0],
                entry.title,
                description,
                description_html,
                "submitted",
                entry.thumb,
                when(entry.created_at),
                False,
                entry.score_count,
                entry.score_sum,
                entry.score_count * WEIGHT,
                community_score(entry.score_sum, entry.score_count),
                0,
                0,
                when(entry.created_at),
                when(entry.created_at),
            )
            for entry in plan.entries
        ),
    )
    team = []
    for entry in plan.entries:
        at = when(entry.created_at)
        share = "100" if entry.teammate is None else "60"
        team.append((keys[entry.key], members[entry.author][0], share, "confirmed", True, at, at))
        if entry.teammate is not None:
            team.append(
                (keys[entry.key], members[entry.teammate][0], "40", "confirmed", False, at, at)
            )
    insert_rows(
        EntryMember,
        ["entry_id", "member_id", "share", "status", "is_author", "invited_at", "answered_at"],
        team,
    )
    insert_rows(
        Score,
        [
            "entry_id",
            "member_id",
            "challenge_id",
            "value",
            "weight",
            "network",
            "flag",
            "is_void",
            "created_at",
            "updated_at",
        ],
        (
            (
                keys[entry],
                members[member][0],
                challenge_ids[plan.entries[entry].challenge],
                value,
                WEIGHT,
                "",
                "",
                False,
                when(at),
                when(at),
            )
            for entry, member, value, at in plan.scores
        ),
    )


# At run time ---------------------------------------------------------------------


def refresh_challenge_windows() -> int:
    """Keep the open, scoring and judging challenges in their phase now:
    when one's phase ends within a day (or has ended), move its deadlines
    around now. Returns how many moved."""
    from django.utils import timezone

    from cocreate.challenges.models import Challenge

    now = timezone.now()
    moved = 0
    for phase, ends in (
        ("open", "submissions_close_at"),
        ("scoring", "scoring_closes_at"),
        ("judging", "judging_closes_at"),
    ):
        stale = Challenge.objects.filter(
            status=phase, slug__startswith="bench-challenge-", **{f"{ends}__lt": now + DAY}
        )
        moved += stale.update(**phase_deadlines(phase, now))
    return moved


def gallery_challenge() -> Any:
    """The scoring challenge with the most entries: the gallery scenario's."""
    from cocreate.challenges.models import Challenge

    return (
        Challenge.objects.filter(status="scoring", kind="design")
        .order_by("-entry_count", "pk")
        .first()
    )


def challenge_targets() -> dict[str, Any]:
    """The gallery's challenge and the entries the score scenario scores
    (of challenges in scoring, none on the bench member's team)."""
    from django.contrib.auth import get_user_model

    from cocreate.challenges.models import Entry, EntryMember

    from .base import BENCH_USERNAME

    gallery = gallery_challenge()
    if gallery is None:
        return {}
    bench = get_user_model().objects.get(username=BENCH_USERNAME)
    own = EntryMember.objects.filter(member=bench).values("entry_id")
    ids = list(
        Entry.objects.filter(challenge__status="scoring", status="submitted")
        .exclude(pk__in=own)
        .order_by("-challenge__entry_count", "pk")
        .values_list("pk", flat=True)[: SCORE_TARGETS + 1]
    )
    return {"gallery_challenge": gallery.slug, "score_probe": ids[0], "score_entries": ids[1:]}


def remove_score_writes() -> int:
    """Take away the scores the bench member gave in earlier runs and move
    their entries' and challenges' counters back."""
    from django.contrib.auth import get_user_model

    from cocreate.challenges.models import Score

    from .base import BENCH_USERNAME

    bench = get_user_model().objects.filter(username=BENCH_USERNAME).first()
    if bench is None:
        return 0
    written = Score.objects.filter(member=bench)
    entries = set(written.values_list("entry_id", flat=True))
    removed = written.delete()[0]
    recount_entries(entries)
    return removed


def recount_entries(entry_ids: set[int]) -> None:
    """Set the entries' score counters (and their challenges') from their
    rows, in a few bulk statements."""
    from django.db.models import Count, F, Q, Sum

    from cocreate.challenges.models import Challenge, Entry, Score
    from cocreate.challenges.scoring import community_score as app_score

    if not entry_ids:
        return
    live = Q(scores__is_void=False)
    entries = list(
        Entry.objects.filter(pk__in=entry_ids)
        .select_related("challenge")
        .annotate(
            counted=Count("scores", filter=live),
            points=Sum(F("scores__value") * F("scores__weight"), filter=live, default=0),
            weights=Sum("scores__weight", filter=live, default=0),
        )
    )
    for entry in entries:
        entry.score_count = entry.counted
        entry.score_sum = entry.points
        entry.score_weight = entry.weights
        entry.community_score = app_score(entry.challenge, entry.points, entry.weights)
    Entry.objects.bulk_update(
        entries, ["score_count", "score_sum", "score_weight", "community_score"], batch_size=500
    )
    for challenge_id in {entry.challenge_id for entry in entries}:
        Challenge.objects.filter(pk=challenge_id).update(
            score_count=Score.objects.filter(challenge_id=challenge_id, is_void=False).count()
        )


def score_tallies(entry_ids: list[int], member_id: int) -> dict[str, int]:
    """For the score scenario's check: how many of the entries' counters
    differ from their rows, and how many scores the member has given."""
    from django.db.models import Count, F, Q, Sum

    from cocreate.challenges.models import Entry, Score

    live = Q(scores__is_void=False)
    counted = Entry.objects.filter(pk__in=entry_ids).annotate(
        live_count=Count("scores", filter=live),
        live_sum=Sum(F("scores__value") * F("scores__weight"), filter=live, default=0),
    )
    return {
        "entries": len(entry_ids),
        "miscounted": counted.exclude(score_count=F("live_count")).count(),
        "missummed": counted.exclude(score_sum=F("live_sum")).count(),
        "member_scores": Score.objects.filter(member_id=member_id).count(),
    }
