"""Challenge fixtures, shared by the challenges' and the API's tests: a
design contest and a solution challenge of the phone, put in any phase of
their timeline by moving the deadlines around now, and entries with their
author on the team."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from cocreate.challenges.enums import ChallengeKind, ChallengeStatus
from cocreate.challenges.models import Challenge, Criterion, Entry, EntryMember, Judge, Prize
from cocreate.core.markdown import render_markdown

ZONE = "Asia/Shanghai"
DAY = timedelta(days=1)

# Deadlines, in days from now, that put a challenge in each phase.
PHASES = {
    "draft": (ChallengeStatus.DRAFT, 1, 10, 15, 20),
    "upcoming": (ChallengeStatus.OPEN, 1, 10, 15, 20),
    "open": (ChallengeStatus.OPEN, -5, 10, 15, 20),
    "scoring": (ChallengeStatus.SCORING, -10, -2, 5, 10),
    "judging": (ChallengeStatus.JUDGING, -20, -10, -3, 5),
    "announced": (ChallengeStatus.ANNOUNCED, -40, -30, -20, -10),
}


def make_challenge(
    product, *, slug="phone-case", kind=ChallengeKind.DESIGN, phase="open", **fields
):
    status, opens, closes, scoring, judging = PHASES[phase]
    now = timezone.now()
    brief = fields.pop("brief", "Design the **back** of the next phone case.")
    ip_terms = fields.pop("ip_terms", "You license the design to the company.")
    return Challenge.objects.create(
        product=product,
        slug=slug,
        kind=kind,
        status=status,
        name=fields.pop("name", "Phone case design"),
        name_zh=fields.pop("name_zh", "手机壳设计大赛"),
        description="Your art on a million phones.",
        brief=brief,
        brief_html=render_markdown(brief),
        ip_terms=ip_terms,
        ip_terms_html=render_markdown(ip_terms),
        time_zone=ZONE,
        opens_at=now + opens * DAY,
        submissions_close_at=now + closes * DAY,
        scoring_closes_at=now + scoring * DAY if kind == ChallengeKind.DESIGN else None,
        judging_closes_at=now + judging * DAY,
        announced_at=now - 10 * DAY if phase == "announced" else None,
        **fields,
    )


def make_entry(challenge, author, *, title="Ink waves", **fields):
    entry = Entry.objects.create(
        challenge=challenge,
        author=author,
        title=title,
        description="Waves in ink.",
        description_html=render_markdown("Waves in ink."),
        terms_accepted_at=timezone.now(),
        **fields,
    )
    EntryMember.objects.create(
        entry=entry, member=author, share=Decimal("100"), status="confirmed", is_author=True
    )
    Challenge.objects.filter(pk=challenge.pk).update(entry_count=challenge.entries.count())
    return entry


def add_prizes(challenge):
    """First, second and third prize, with cash, points and (first) a medal."""
    from cocreate.reputation.models import Medal

    # Seeded by a migration; gone after a transactional test flushed the tables.
    winner = Medal.objects.filter(slug="challenge-winner").first()
    return [
        Prize.objects.create(
            challenge=challenge,
            rank=1,
            label="First prize",
            label_zh="一等奖",
            cash=Decimal("10000.00"),
            points=500,
            medal=winner,
        ),
        Prize.objects.create(
            challenge=challenge,
            rank=2,
            label="Second prize",
            label_zh="二等奖",
            cash=Decimal("3000.00"),
            points=200,
        ),
        Prize.objects.create(
            challenge=challenge,
            rank=3,
            label="Third prize",
            label_zh="三等奖",
            cash=Decimal("1000.00"),
            points=100,
        ),
    ]


def add_criteria(challenge):
    return [
        Criterion.objects.create(
            challenge=challenge, name="Originality", name_zh="原创性", weight=2, position=0
        ),
        Criterion.objects.create(
            challenge=challenge, name="Feasibility", name_zh="可行性", weight=1, position=1
        ),
    ]


@pytest.fixture
def contest(product):
    """A design contest open for entries."""
    return make_challenge(product)


@pytest.fixture
def solution_challenge(product):
    return make_challenge(
        product,
        slug="battery-life",
        kind=ChallengeKind.SOLUTION,
        name="Two-day battery",
        name_zh="两天续航",
    )


@pytest.fixture
def make_judge(db):
    """Seat a new member (or the one given) on a challenge's jury."""
    from cocreate.accounts.tests.factories import UserFactory

    def make(challenge, user=None, *, username="judy"):
        user = user or UserFactory(username=username)
        Judge.objects.create(challenge=challenge, member=user)
        return user

    return make
