import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from cocreate.reputation.enums import Tier
from cocreate.reputation.models import MemberStats
from cocreate.reputation.privileges import (
    PRIVILEGES,
    can,
    check_privilege,
    flag_weight,
    hourly_post_limit,
)

pytestmark = pytest.mark.django_db

EXPECTED = {
    #                     anonymous, Lv.1, Lv.3, staff
    "create_thread": (False, True, True, True),
    "post_links": (False, False, True, True),
    "post_images": (False, False, True, True),
    "edit_wiki": (False, False, False, True),
    "see_review_queue": (False, False, False, True),
}


@pytest.fixture
def people(member, other_member, staff):
    MemberStats.objects.create(member=other_member, level=3, points=60)
    return (AnonymousUser(), member, other_member, staff)


@pytest.mark.parametrize("name", EXPECTED)
def test_privilege_matrix(people, name):
    assert tuple(can(person, name) for person in people) == EXPECTED[name]


def test_every_privilege_is_in_the_matrix():
    assert set(PRIVILEGES) == set(EXPECTED)


def test_refusal_explains_what_is_needed(member):
    with pytest.raises(PermissionDenied) as refused:
        check_privilege(member, "post_links")

    assert str(refused.value) == "You can post links from Lv.2 — you are Lv.1, Member."


def test_refusal_names_level_or_tier(member):
    with pytest.raises(PermissionDenied, match=r"from Lv\.6 or VIP"):
        check_privilege(member, "edit_wiki")


def test_anonymous_is_asked_to_sign_in():
    with pytest.raises(PermissionDenied, match="Sign in to start threads"):
        check_privilege(AnonymousUser(), "create_thread")


def test_allowed_check_returns_quietly(staff):
    check_privilege(staff, "see_review_queue")


def test_tier_grants_privilege_regardless_of_level(member):
    MemberStats.objects.create(member=member, tier=Tier.SENIOR)

    assert can(member, "see_review_queue")
    assert can(member, "edit_wiki")
    assert not can(member, "post_links")


def test_suspended_account_can_nothing(staff):
    staff.is_active = False

    assert not can(staff, "create_thread")
    assert hourly_post_limit(staff) == 0


def test_hourly_post_limit_grows_with_level(member, other_member, staff):
    MemberStats.objects.create(member=other_member, level=3)

    assert hourly_post_limit(AnonymousUser()) == 0
    assert hourly_post_limit(member) == 10
    assert hourly_post_limit(other_member) == 60
    assert hourly_post_limit(staff) > 1000


def test_stats_are_read_once_per_user_object(member, django_assert_num_queries):
    with django_assert_num_queries(1):
        for name in PRIVILEGES:
            can(member, name)


def test_flag_weight_by_tier(member, other_member):
    MemberStats.objects.create(member=other_member, tier=Tier.SENIOR)

    assert flag_weight(AnonymousUser()) == 0
    assert flag_weight(member) == 1
    assert flag_weight(other_member) == 3
