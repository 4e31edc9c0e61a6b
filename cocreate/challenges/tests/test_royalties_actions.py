"""Adopting entries, recording sales periods into the ledger, paying it."""

from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cocreate.accounts.tests.factories import UserFactory
from cocreate.challenges.actions import royalties as actions
from cocreate.challenges.enums import (
    ChallengeKind,
    ChallengeStatus,
    EntryStatus,
    LedgerKind,
    TeamStatus,
)
from cocreate.challenges.models import Adoption, Challenge, EntryMember, LedgerEntry, SalesPeriod
from cocreate.challenges.tests.fixtures import make_challenge, make_entry
from cocreate.core.models import Activity
from cocreate.notifications.enums import NotificationKind
from cocreate.notifications.models import Notification
from cocreate.reputation.models import MedalGrant

pytestmark = pytest.mark.django_db

TODAY = date.today()
LAST_MONTH = (TODAY.replace(day=1) - timedelta(days=1)).replace(day=1)


def add_teammate(entry, member, share, status=TeamStatus.CONFIRMED):
    return EntryMember.objects.create(entry=entry, member=member, share=share, status=status)


@pytest.fixture
def announced(product):
    return make_challenge(product, phase="announced")


@pytest.fixture
def entry(announced, member):
    return make_entry(announced, member)


@pytest.fixture
def team(entry, member):
    """Ada (author, 50), Grace (30), Linus (20) confirmed; Joan only invited."""
    EntryMember.objects.filter(entry=entry, member=member).update(share=Decimal("50"))
    grace = UserFactory(username="grace")
    linus = UserFactory(username="linus")
    joan = UserFactory(username="joan")
    add_teammate(entry, grace, Decimal("30"))
    add_teammate(entry, linus, Decimal("20"))
    add_teammate(entry, joan, Decimal("40"), status=TeamStatus.INVITED)
    return member, grace, linus, joan


def adopt(entry, staff, **fields):
    fields.setdefault("product", entry.challenge.product)
    fields.setdefault("product_name", "Ink Waves case")
    return actions.adopt_entry(entry, actor=staff, **fields)


def sell(adoption, staff, *, starts_on=LAST_MONTH, ends_on=None, units=100, revenue="1000.00"):
    ends_on = ends_on or (starts_on + timedelta(days=27))
    return actions.record_sales(
        adoption,
        actor=staff,
        starts_on=starts_on,
        ends_on=ends_on,
        units=units,
        revenue=Decimal(revenue),
    )


# Adoption ------------------------------------------------------------------------


def test_adopt_entry_uses_the_challenges_rate_and_records_a_public_activity(entry, staff):
    adoption = adopt(entry, staff)

    assert adoption.royalty_rate == Decimal("0.0100")
    assert adoption.currency == "CNY" and adoption.adopted_by == staff
    activity = Activity.objects.get(verb="entry.adopted")
    assert activity.public and activity.target_id == entry.pk
    assert activity.data["author"] == entry.author_id


def test_adopt_entry_gives_every_confirmed_teammate_the_medal_and_tells_them(entry, staff, team):
    ada, grace, linus, _joan = team

    adopt(entry, staff)

    medalled = set(
        MedalGrant.objects.filter(medal__slug="product-creator").values_list("member", flat=True)
    )
    assert medalled == {ada.pk, grace.pk, linus.pk}
    told = set(
        Notification.objects.filter(kind=NotificationKind.ROYALTY).values_list(
            "recipient", flat=True
        )
    )
    assert told == {ada.pk, grace.pk, linus.pk}


def test_an_entry_is_adopted_once(entry, staff):
    adopt(entry, staff)

    with pytest.raises(ValidationError) as refused:
        adopt(entry, staff, product_name="Again")
    assert refused.value.code == "adopted"
    assert "already been adopted" in refused.value.messages[0]
    assert Adoption.objects.count() == 1


@pytest.mark.parametrize("phase", ["open", "scoring", "judging", "draft"])
def test_an_entry_of_an_unfinished_challenge_is_not_adoptable(product, member, staff, phase):
    entry = make_entry(make_challenge(product, phase=phase), member)

    with pytest.raises(ValidationError) as refused:
        adopt(entry, staff)
    assert refused.value.code == "not_adoptable"
    assert not Adoption.objects.exists()


def test_a_closed_solution_challenges_entry_is_adoptable(product, member, staff):
    challenge = make_challenge(
        product, slug="battery", kind=ChallengeKind.SOLUTION, phase="announced"
    )
    Challenge.objects.filter(pk=challenge.pk).update(status=ChallengeStatus.CLOSED)
    assert adopt(make_entry(challenge, member), staff).pk


@pytest.mark.parametrize("status", [EntryStatus.WITHDRAWN, EntryStatus.DISQUALIFIED])
def test_a_withdrawn_or_disqualified_entry_is_not_adoptable(announced, member, staff, status):
    entry = make_entry(announced, member, status=status)

    with pytest.raises(ValidationError) as refused:
        adopt(entry, staff)
    assert refused.value.code == "not_adoptable"


@pytest.mark.parametrize(
    "fields",
    [
        {"royalty_rate": Decimal("-0.01")},
        {"royalty_rate": Decimal("1.5")},
        {"royalty_rate": Decimal("0.00001")},
        {"royalty_rate": Decimal("NaN")},
        {"product_name": "   "},
        {"currency": "yuan"},
    ],
)
def test_bad_adoption_input_is_refused_and_nothing_is_written(entry, staff, fields):
    with pytest.raises(ValidationError):
        adopt(entry, staff, **fields)
    assert not Adoption.objects.exists()
    assert not MedalGrant.objects.filter(medal__slug="product-creator").exists()


# Sales periods -------------------------------------------------------------------


def test_record_sales_splits_the_royalty_exactly_among_the_confirmed_team(entry, staff, team):
    ada, grace, linus, joan = team
    adoption = adopt(entry, staff, royalty_rate=Decimal("0.0100"))

    period = sell(adoption, staff, revenue="1000.01")

    # 1% of 1000.01 is 10.0001 → 10.00; 50/30/20 of it.
    assert period.royalty == Decimal("10.00")
    amounts = dict(LedgerEntry.objects.filter(sales_period=period).values_list("member", "amount"))
    assert amounts == {
        ada.pk: Decimal("5.00"),
        grace.pk: Decimal("3.00"),
        linus.pk: Decimal("2.00"),
    }
    assert all(row.kind == LedgerKind.ROYALTY for row in LedgerEntry.objects.all())
    assert joan.pk not in amounts


def test_odd_cents_across_three_equal_shares_add_up_to_the_royalty(entry, staff, member):
    EntryMember.objects.filter(entry=entry).update(share=Decimal("1"))
    others = [UserFactory(username=name) for name in ("grace", "linus")]
    for other in others:
        add_teammate(entry, other, Decimal("1"))
    adoption = adopt(entry, staff, royalty_rate=Decimal("1"))

    period = sell(adoption, staff, revenue="0.10")
    sell(adoption, staff, starts_on=LAST_MONTH - timedelta(days=60), revenue="0.20")

    rows = LedgerEntry.objects.filter(sales_period=period).order_by("member__username")
    # 0.10 in three: the author (first in order) gets the odd cent.
    assert {row.member_id: row.amount for row in rows} == {
        member.pk: Decimal("0.04"),
        others[0].pk: Decimal("0.03"),
        others[1].pk: Decimal("0.03"),
    }
    assert sum(row.amount for row in rows) == Decimal("0.10")
    total = sum(LedgerEntry.objects.values_list("amount", flat=True), Decimal(0))
    assert total == Decimal("0.30")  # never 0.30000000000000004
    assert {row.share for row in rows} == {Decimal("33.33")}


def test_a_half_cent_royalty_rounds_half_up(entry, staff):
    adoption = adopt(entry, staff, royalty_rate=Decimal("0.0150"))

    # 1.5% of 0.30 = 0.0045 → 0.00; of 0.70 = 0.0105 → 0.01; of 3.00 = 0.045 → 0.05
    assert sell(adoption, staff, revenue="3.00").royalty == Decimal("0.05")


def test_record_sales_tells_each_creator_their_amount(entry, staff, team):
    ada, grace, linus, _joan = team
    adoption = adopt(entry, staff)
    Notification.objects.all().delete()

    sell(adoption, staff, revenue="1000.00")

    told = {
        n.recipient_id: n.data["amount"]
        for n in Notification.objects.filter(kind=NotificationKind.ROYALTY)
    }
    assert told == {ada.pk: "5.00", grace.pk: "3.00", linus.pk: "2.00"}
    assert Activity.objects.filter(verb="royalty.recorded", public=False).count() == 1


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"ends_on": LAST_MONTH - timedelta(days=1)}, "ends_on"),
        ({"starts_on": TODAY, "ends_on": TODAY + timedelta(days=2)}, "ends_on"),
        ({"units": -1}, "units"),
        ({"revenue": "-5.00"}, "revenue"),
        ({"revenue": "1.005"}, "revenue"),
        ({"revenue": "Infinity"}, "revenue"),
    ],
)
def test_bad_sales_periods_are_refused_and_nothing_is_written(entry, staff, changes, field):
    adoption = adopt(entry, staff)

    with pytest.raises(ValidationError) as refused:
        sell(adoption, staff, **changes)
    assert field in refused.value.error_dict
    assert not SalesPeriod.objects.exists() and not LedgerEntry.objects.exists()


def test_a_period_overlapping_a_recorded_one_is_refused(entry, staff):
    adoption = adopt(entry, staff)
    sell(adoption, staff, starts_on=LAST_MONTH, ends_on=LAST_MONTH + timedelta(days=9))

    with pytest.raises(ValidationError) as refused:
        sell(
            adoption,
            staff,
            starts_on=LAST_MONTH + timedelta(days=9),
            ends_on=LAST_MONTH + timedelta(days=20),
        )
    assert refused.value.error_dict["starts_on"][0].code == "overlap"
    assert SalesPeriod.objects.count() == 1 and LedgerEntry.objects.count() == 1
    # The day after is fine.
    sell(
        adoption,
        staff,
        starts_on=LAST_MONTH + timedelta(days=10),
        ends_on=LAST_MONTH + timedelta(days=20),
    )
    assert SalesPeriod.objects.count() == 2


def test_a_period_may_end_today(entry, staff):
    adoption = adopt(entry, staff)
    today = timezone.localdate(timezone=ZoneInfo(adoption.entry.challenge.time_zone))
    assert sell(adoption, staff, starts_on=today - timedelta(days=6), ends_on=today).pk


# Payments ------------------------------------------------------------------------


def test_mark_paid_sets_the_date_once(entry, staff, team):
    adoption = adopt(entry, staff)
    sell(adoption, staff)
    first = LedgerEntry.objects.order_by("id")[:1]

    assert actions.mark_paid(first, actor=staff) == 1
    paid_at = LedgerEntry.objects.get(pk=first[0].pk).paid_at
    assert paid_at is not None

    assert actions.mark_paid(LedgerEntry.objects.all(), actor=staff) == 2
    assert LedgerEntry.objects.get(pk=first[0].pk).paid_at == paid_at
    assert actions.mark_paid(LedgerEntry.objects.all(), actor=staff) == 0
