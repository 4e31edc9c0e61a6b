import pytest
from django.urls import reverse

from cocreate.accounts.tests.factories import UserFactory
from cocreate.reputation import actions, queries
from cocreate.reputation.enums import Tier
from cocreate.reputation.models import CertificationRequest, Medal, MemberStats

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.mark.parametrize(
    "url",
    [
        reverse("reputation:leaderboard"),
        reverse("reputation:leaderboard") + "?window=all&product=phone",
        reverse("reputation:pyramid"),
        reverse("reputation:privileges"),
        reverse("reputation:medals"),
        reverse("reputation:medal", args=["first-post"]),
    ],
)
def test_pages_render_in_full_and_as_partials(client, member, product, url):
    actions.award_points(member.pk, points=30, verb="post.created", product=product)
    actions.award_medal(member, medal=Medal.objects.get(slug="first-post"))

    page = client.get(url)
    partial = client.get(url, headers=HTMX)

    assert page.status_code == partial.status_code == 200
    assert b"<html" in page.content
    assert b"<html" not in partial.content


def test_leaderboard_shows_members_and_ignores_bad_input(client, member):
    actions.award_points(member.pk, points=30, verb="post.created")

    response = client.get(reverse("reputation:leaderboard"), {"window": "decade", "product": "!"})

    assert response.status_code == 200
    assert response.context["window"] == "week"
    assert "Ada Lovelace" in response.text


def test_leaderboard_query_count(client, django_assert_max_num_queries):
    for n in range(20):
        actions.award_points(UserFactory(username=f"m{n}").pk, points=n + 1, verb="post.created")

    with django_assert_max_num_queries(6):
        client.get(reverse("reputation:leaderboard"), {"window": "month"})


def test_pyramid_counts_members_per_tier(client, member, other_member, staff):
    actions.change_tier(other_member, tier=Tier.SENIOR, actor=staff)

    response = client.get(reverse("reputation:pyramid"))

    layers = {layer["tier"]: layer["count"] for layer in response.context["layers"]}
    assert layers[Tier.SENIOR] == 1
    assert layers[Tier.MEMBER] == 2
    assert "20 posts" in response.text


def test_privileges_page_marks_what_the_member_has(client, member):
    client.force_login(member)

    response = client.get(reverse("reputation:privileges"))

    held = {privilege.name: has for privilege, has in response.context["privileges"]}
    assert held == {
        "create_thread": True,
        "post_links": False,
        "post_images": False,
        "edit_wiki": False,
        "see_review_queue": False,
    }
    assert "You have it" in response.text


def test_medal_page_lists_holders_paginated(client, member):
    medal = Medal.objects.get(slug="regular")
    for n in range(50):
        actions.award_medal(UserFactory(username=f"h{n}"), medal=medal)

    first = client.get(reverse("reputation:medal", args=["regular"]))
    second = client.get(reverse("reputation:medal", args=["regular"]), {"page": 2})

    assert len(first.context["page"].object_list) == 48
    assert len(second.context["page"].object_list) == 2
    assert "50 members hold this medal." in first.text


def test_unknown_medal_is_404(client, db):
    assert client.get(reverse("reputation:medal", args=["nope"])).status_code == 404


def test_profile_shows_level_tier_and_medals(client, member, staff):
    actions.grant_points(member, points=70, reason="r", actor=staff)
    actions.change_tier(member, tier=Tier.VIP, actor=staff)
    actions.award_medal(member, medal=Medal.objects.get(slug="liked"))

    response = client.get(reverse("profile", args=["ada"]))

    assert "Lv.3" in response.text
    assert "VIP" in response.text
    assert "Liked" in response.text
    assert 'aria-valuenow="11"' in response.text


def test_certification_request_from_the_pyramid(client, member):
    client.force_login(member)

    response = client.post(reverse("reputation:request_certification"), {"message": "Me"})
    again = client.post(reverse("reputation:request_certification"), {"message": "Me"})

    assert response.status_code == again.status_code == 302
    assert CertificationRequest.objects.get().member == member


def test_certification_request_with_too_long_message_writes_nothing(client, member):
    client.force_login(member)

    client.post(reverse("reputation:request_certification"), {"message": "x" * 1001})

    assert not CertificationRequest.objects.exists()


def test_certification_request_needs_login(client, db):
    response = client.post(reverse("reputation:request_certification"))

    assert response.status_code == 302
    assert not CertificationRequest.objects.exists()


def test_visit_middleware_counts_a_day_once(client, member, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "cocreate.reputation.middleware.VisitMiddleware"]
    client.force_login(member)

    client.get(reverse("reputation:privileges"))
    client.get(reverse("reputation:privileges"))

    assert MemberStats.objects.get(member=member).days_visited == 1


def test_leaderboard_list_is_shared_until_the_next_generation(
    client, member, other_member, monkeypatch
):
    monkeypatch.setattr(queries, "leaderboard_generation", lambda: 1)
    actions.award_points(member.pk, points=30, verb="post.created")
    url = reverse("reputation:leaderboard")
    assert "Ada Lovelace" in client.get(url).text  # anonymous: the page is cached
    client.force_login(other_member)
    assert "Ada Lovelace" in client.get(url).text  # a member: the list is shared

    actions.award_points(other_member.pk, points=50, verb="post.created")
    client.logout()
    grace = '">grace</a>'
    assert grace not in client.get(url).text  # stale by design within a generation

    monkeypatch.setattr(queries, "leaderboard_generation", lambda: 2)
    assert grace in client.get(url).text
    client.force_login(other_member)
    assert grace in client.get(url).text
