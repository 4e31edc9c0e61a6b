"""The product team's demand view: supports by tier, level band and city
(queries), the ranked list of what one tier wants, the pages and their CSV
files, and who may see them."""

import csv
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocreate.accounts.tests.factories import UserFactory
from cocreate.betas.models import BetaMembership
from cocreate.betas.tests.fixtures import make_program
from cocreate.forum.models import Product
from cocreate.ideas import actions, exports, permissions, queries
from cocreate.moderation import actions as moderation
from cocreate.reputation.enums import Tier
from cocreate.reputation.models import MemberStats
from conftest import logged_in

pytestmark = pytest.mark.django_db


def _fan(*, tier=None, level=None, city=""):
    """A member with a stats row when `tier` or `level` is given (else none: Lv.1 member)."""
    fan = UserFactory(city=city)
    if tier or level:
        MemberStats.objects.create(member=fan, tier=tier or Tier.MEMBER, level=level or 1)
    return fan


@pytest.fixture
def crowd(idea, other_idea):
    """`idea` (by Ada, Lv.1 member in London) gets a VIP Lv.7 in Shanghai, a
    VIP Lv.5 in 上海 and a certified Lv.3 without a city; `other_idea` gets
    the first VIP and a senior Lv.9 in =cmd (a formula-like city)."""
    vip = _fan(tier=Tier.VIP, level=7, city="Shanghai")
    fans = [
        vip,
        _fan(tier=Tier.VIP, level=5, city="上海"),
        _fan(tier=Tier.CERTIFIED, level=3),
    ]
    for fan in fans:
        actions.support_idea(idea, member=fan)
    for fan in (vip, _fan(tier=Tier.SENIOR, level=9, city="=cmd")):
        actions.support_idea(other_idea, member=fan)
    return fans


def _counts(slices) -> dict[str, int]:
    return {item.key: item.count for item in slices if item.count}


# Queries -----------------------------------------------------------------------------


def test_one_idea_demand_by_tier_level_and_city(idea, crowd):
    demand = queries.demand_for(idea)

    assert demand.supports == 4
    assert _counts(demand.tiers) == {"vip": 2, "certified": 1, "member": 1}
    assert [item.key for item in demand.tiers][:2] == ["moderator", "senior"]  # top tier first
    assert _counts(demand.levels) == {"1-2": 1, "3-4": 1, "5-6": 1, "7+": 1}
    assert [(item.key, item.count) for item in demand.cities] == [
        ("London", 1),
        ("Shanghai", 1),
        ("上海", 1),
        ("", 1),
    ]
    vip = next(item for item in demand.tiers if item.key == "vip")
    assert vip.share == 0.5 and vip.percent == 50.0
    assert [(item.key, item.count) for item in demand.betas] == [("none", 4)]


def test_demand_by_beta_program_counts_active_testers(idea, crowd, product):
    vip, second_vip, _certified = crowd
    closed, open_ = make_program(product), make_program(product, slug="phone-open", kind="open")
    BetaMembership.objects.create(program=closed, member=vip)
    BetaMembership.objects.create(program=open_, member=vip)
    BetaMembership.objects.create(program=open_, member=second_vip)
    BetaMembership.objects.create(program=closed, member=second_vip, status="left")

    betas = queries.demand_for(idea).betas

    assert [(item.key, item.label, item.count) for item in betas] == [
        ("phone-open", "Phone beta", 2),
        ("phone-beta", "Phone beta", 1),
        ("none", "In no beta program", 2),  # Ada and the certified fan
    ]
    assert betas[0].percent == 50.0


def test_a_list_demand_sums_its_ideas_supports(idea, other_idea, crowd, product):
    demand = queries.demand_for(queries.demand_ideas(product=product))

    assert demand.supports == 7  # 4 + other_idea's author and 2 fans
    assert _counts(demand.tiers) == {"vip": 3, "senior": 1, "certified": 1, "member": 2}


def test_cities_past_the_top_ones_are_other(idea, monkeypatch):
    monkeypatch.setattr(queries, "TOP_CITIES", 2)
    for city in ("Paris", "Paris", "Rome", "Oslo"):
        actions.support_idea(idea, member=_fan(city=city))

    cities = queries.demand_for(idea).cities

    assert [(item.key, item.count) for item in cities] == [
        ("Paris", 2),
        ("London", 1),
        (queries.OTHER_CITIES, 2),
    ]
    assert cities[-1].label == "Other cities"


def test_demand_follows_the_list_filters(idea, other_idea, crowd, staff, camera_tag):
    actions.change_status(other_idea, actor=staff, status="planned", response="Yes")
    watch = Product.objects.create(slug="watch", name="Watch")
    actions.submit_idea(watch, author=crowd[0], title="Watch idea", description="d")

    planned = queries.demand_for(queries.demand_ideas(status="planned"))
    tagged = queries.demand_for(queries.demand_ideas(tag=camera_tag))
    watch_only = queries.demand_for(queries.demand_ideas(product=watch))

    assert (planned.supports, tagged.supports, watch_only.supports) == (3, 4, 1)


def test_an_idea_without_supports_has_empty_breakdowns(idea, member):
    actions.withdraw_support(idea, member=member)

    demand = queries.demand_for(idea)

    assert demand.supports == 0 and demand.cities == []
    assert all(item.count == 0 and item.share == 0 for item in demand.tiers + demand.levels)


def test_what_a_tier_wants_ranks_ideas_by_its_supports(idea, other_idea, crowd):
    vips = queries.ideas_wanted_by(Tier.VIP, queries.demand_ideas())
    seniors = queries.ideas_wanted_by(Tier.SENIOR, queries.demand_ideas())
    members = queries.ideas_wanted_by(Tier.MEMBER, queries.demand_ideas())

    assert [(i.pk, i.tier_supports) for i in vips] == [(idea.pk, 2), (other_idea.pk, 1)]
    assert [(i.pk, i.tier_supports) for i in seniors] == [(other_idea.pk, 1)]
    # Members without a stats row (the two authors) count as plain members.
    assert sorted((i.pk, i.tier_supports) for i in members) == [(idea.pk, 1), (other_idea.pk, 1)]


def test_demand_costs_one_query_and_the_ranking_two(idea, crowd, django_assert_num_queries):
    for number in range(20):
        actions.support_idea(
            idea, member=_fan(tier=Tier.VIP, level=number % 10 + 1, city=f"C{number}")
        )

    with django_assert_num_queries(1):
        queries.demand_for(queries.demand_ideas())
    with django_assert_num_queries(1):
        queries.demand_for(idea)
    with django_assert_num_queries(2):
        queries.ideas_wanted_by(Tier.VIP, queries.demand_ideas())
    BetaMembership.objects.create(program=make_program(idea.product), member=crowd[0])
    cache.clear()
    with django_assert_num_queries(2):  # and the programs' names
        queries.demand_for(idea)


# Who may see it (the roles are in test_permissions' matrix) ------------------------------


def test_an_inactive_staff_account_does_not_see_it(staff):
    staff.is_active = False

    assert not permissions.can_see_demand(staff)


@pytest.fixture
def staff_client(staff):
    return logged_in(Client(), staff)


DEMAND_PAGES = [
    ("demand", False),
    ("demand_csv", False),
    ("wanted", False),
    ("wanted_csv", False),
    ("idea_demand", True),
    ("idea_demand_csv", True),
]


@pytest.mark.parametrize(("name", "per_idea"), DEMAND_PAGES)
def test_others_are_refused_with_the_reason(member_client, idea, name, per_idea):
    url = reverse(f"ideas:{name}", args=[idea.pk] if per_idea else None)

    visitor, member = Client().get(url), member_client.get(url)

    assert visitor.status_code == 403 and "team account" in visitor.content.decode()
    assert member.status_code == 403
    assert "Only the product team sees" in member.content.decode()


# Pages -------------------------------------------------------------------------------------


def test_the_demand_page_shows_the_breakdowns_and_the_vip_link(staff_client, crowd):
    response = staff_client.get(reverse("ideas:demand"), {"product": "phone"})

    text = response.content.decode()
    assert response.status_code == 200
    assert "By tier" in text and "By level" in text and "By city" in text
    assert "By beta program" in text and "In no beta program" in text
    assert "Lv.7 and up" in text and "Lv.1–2" in text and "上海" in text
    assert "No city given" in text and "42.9%" in text  # 3 VIP supports of 7
    assert f"{reverse('ideas:wanted')}?product=phone&amp;tier=vip" in text
    assert f"{reverse('ideas:demand_csv')}?product=phone" in text


@pytest.mark.parametrize(
    "query", [{"product": "nope"}, {"status": "lost"}, {"tag": "nope"}, {"tier": "king"}]
)
def test_bad_filters_answer_400(staff_client, idea, query):
    for name in ("demand", "wanted", "demand_csv", "wanted_csv"):
        assert staff_client.get(reverse(f"ideas:{name}"), query).status_code == 400


def test_the_demand_page_answers_htmx_with_the_part_alone(staff_client, idea):
    response = staff_client.get(reverse("ideas:demand"), headers={"HX-Request": "true"})

    assert response.status_code == 200 and "<html" not in response.content.decode()


def test_one_idea_demand_page(staff_client, idea, crowd):
    response = staff_client.get(reverse("ideas:idea_demand", args=[idea.pk]))

    text = response.content.decode()
    assert response.status_code == 200
    assert "Demand for “Night mode for the camera app”" in text and "Shanghai" in text
    assert staff_client.get(reverse("ideas:idea_demand", args=[999])).status_code == 404


def test_the_wanted_page_ranks_ideas_for_the_chosen_tier(staff_client, idea, other_idea, crowd):
    text = staff_client.get(reverse("ideas:wanted"), {"tier": "senior"}).content.decode()
    vip = staff_client.get(reverse("ideas:wanted")).content.decode()

    assert "What Senior members want" in text
    assert other_idea.title in text and idea.title not in text
    assert "What VIP members want" in vip  # VIPs unless another tier is asked for
    assert vip.index(idea.title) < vip.index(other_idea.title)


def test_staff_find_the_demand_from_the_ideas_list_and_the_idea(staff_client, client, idea):
    index = staff_client.get(reverse("ideas:index"), {"product": "phone"}).content.decode()
    page = staff_client.get(idea.get_absolute_url()).content.decode()
    public = client.get(idea.get_absolute_url()).content.decode()

    assert f"{reverse('ideas:demand')}?product=phone" in index
    assert reverse("ideas:idea_demand", args=[idea.pk]) in page
    assert reverse("ideas:idea_demand", args=[idea.pk]) not in public


def test_the_pages_cost_the_same_queries_for_few_or_many_supports(
    staff_client, idea, crowd, django_assert_max_num_queries
):
    urls = [
        reverse("ideas:demand"),
        reverse("ideas:wanted"),
        reverse("ideas:idea_demand", args=[idea.pk]),
    ]
    few = {}
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            staff_client.get(url)
        few[url] = len(captured.captured_queries)
    for number in range(15):
        other = actions.submit_idea(
            idea.product, author=crowd[0], title=f"More {number}", description="d"
        )
        actions.support_idea(other, member=_fan(tier=Tier.VIP, city=f"City {number}"))
        actions.support_idea(idea, member=_fan(tier=Tier.SENIOR, city=f"Town {number}"))
    cache.clear()  # the reports of a minute ago
    for url in urls:
        with django_assert_max_num_queries(few[url]):
            assert staff_client.get(url).status_code == 200


# CSV -----------------------------------------------------------------------------------------


def _rows(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_the_demand_csv_is_an_excel_friendly_attachment(staff_client, crowd):
    response = staff_client.get(reverse("ideas:demand_csv"), {"product": "phone"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="demand-phone-')
    rows = _rows(response)
    assert rows[0] == ["Scope", "Breakdown", "Group", "Key", "Supports", "Share (%)"]
    assert ["Orange Phone", "Tier", "VIP", "vip", "3", "42.9"] in rows
    assert ["Orange Phone", "Level", "Lv.7 and up", "7+", "3", "42.9"] in rows
    assert ["Orange Phone", "City", "上海", "上海", "1", "14.3"] in rows
    # A city that reads like a formula stays text.
    assert ["Orange Phone", "City", "'=cmd", "'=cmd", "1", "14.3"] in rows
    assert ["Orange Phone", "Beta program", "In no beta program", "none", "7", "100.0"] in rows
    assert rows[-1] == ["Orange Phone", "All", "All supports", "", "7", "100"]


def test_one_idea_demand_csv(staff_client, idea, crowd):
    response = staff_client.get(reverse("ideas:idea_demand_csv", args=[idea.pk]))

    rows = _rows(response)
    assert f'filename="demand-idea-{idea.pk}-' in response["Content-Disposition"]
    assert rows[1][0] == f"Idea {idea.pk}: Night mode for the camera app"
    assert rows[-1][-2:] == ["4", "100"]


def test_the_wanted_csv_ranks_the_tiers_ideas(staff_client, idea, other_idea, crowd):
    response = staff_client.get(reverse("ideas:wanted_csv"), {"tier": "vip"})

    rows = _rows(response)
    assert 'filename="wanted-vip-' in response["Content-Disposition"]
    assert rows[0][5] == "Supports from VIP"
    assert rows[1][:8] == ["1", str(idea.pk), idea.title, "Orange Phone", "New", "2", "4", "50.0"]
    assert rows[1][8] == f"http://testserver/ideas/{idea.pk}/"
    assert rows[2][:2] == ["2", str(other_idea.pk)]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("safe = text", "safe = text"),
        (12, 12),
    ],
)
def test_cells_that_read_as_formulas_are_made_text(value, cell):
    assert exports.safe_cell(value) == cell


def test_a_report_is_computed_once_a_minute(idea, crowd, other_member, django_assert_num_queries):
    first = queries.demand_for(idea)
    actions.support_idea(idea, member=other_member)

    with django_assert_num_queries(0):
        again = queries.demand_for(idea)
    cache.clear()  # as when the minute turns

    assert again == first and queries.demand_for(idea).supports == first.supports + 1


def test_an_idea_hidden_by_moderators_leaves_the_ranking(idea, other_idea, crowd, staff):
    queries.ideas_wanted_by(Tier.VIP, queries.demand_ideas())  # counted, and kept a minute
    moderation.hide_post(idea.thread.posts.get(number=1), actor=staff, reason="Spam")

    ranked = queries.ideas_wanted_by(Tier.VIP, queries.demand_ideas())

    assert [item.pk for item in ranked] == [other_idea.pk]
