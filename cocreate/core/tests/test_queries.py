import datetime

import pytest

from cocreate.core.queries import plain_instance, plain_rows
from cocreate.reputation.enums import Tier
from cocreate.reputation.models import MemberStats

pytestmark = pytest.mark.django_db


@pytest.fixture
def stats(member):
    stats, _ = MemberStats.objects.update_or_create(
        member=member,
        defaults={
            "points": 120,
            "level": 3,
            "tier": Tier.VIP,
            "tier_locked": True,
            "last_visit_date": datetime.date(2026, 11, 30),
        },
    )
    return stats


def test_plain_rows_filter_by_equal_fields_and_among_values(stats, member, other_member):
    among = ("member", [member.pk, other_member.pk])

    assert plain_rows(MemberStats, ["member", "points"], among, level=3) == [(member.pk, 120)]
    assert plain_rows(MemberStats, ["points"], among, level=9) == []
    assert plain_rows(MemberStats, ["points"], ("member", [])) == []


def test_plain_instance_converts_values_as_the_orm_does(stats, member):
    loaded = plain_instance(MemberStats, member=member.pk)
    expected = MemberStats.objects.get(member=member)

    assert [getattr(loaded, field.attname) for field in MemberStats._meta.concrete_fields] == [
        getattr(expected, field.attname) for field in MemberStats._meta.concrete_fields
    ]
    assert loaded.tier_locked is True and loaded.last_visit_date == datetime.date(2026, 11, 30)
    assert not loaded._state.adding


def test_plain_instance_of_no_row_is_none(member):
    MemberStats.objects.filter(member=member).delete()

    assert plain_instance(MemberStats, member=member.pk) is None
