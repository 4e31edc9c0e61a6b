from datetime import UTC, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cocreate.challenges.enums import ChallengeKind, ChallengeStatus
from cocreate.challenges.models import Challenge, ChallengeAttachment, Prize
from cocreate.challenges.tests.fixtures import add_prizes, make_challenge
from conftest import logged_in

pytestmark = pytest.mark.django_db

INDEX = reverse("challenges:index")


def detail_url(challenge):
    return reverse("challenges:detail", args=[challenge.slug])


@pytest.fixture
def phases(product):
    """One challenge in each phase."""
    made = {}
    for phase in ("draft", "upcoming", "open", "scoring", "judging", "announced"):
        made[phase] = make_challenge(product, slug=f"c-{phase}", phase=phase, name=f"C {phase}")
        add_prizes(made[phase])
    return made


@pytest.mark.parametrize(
    ("tab", "expected"),
    [
        ("open", ["c-open"]),
        ("upcoming", ["c-upcoming"]),
        ("in_progress", ["c-judging", "c-scoring"]),
        ("past", ["c-announced"]),
    ],
)
def test_index_tabs_list_their_challenges(client, phases, tab, expected):
    response = client.get(INDEX, {"tab": tab})
    assert response.status_code == 200
    assert [c.slug for c in response.context["page"]] == expected
    assert "10,000" in response.text or "10000" in response.text


def test_index_filters_by_product_and_hides_drafts_from_staff_lists_too(client, phases, staff):
    from cocreate.forum.models import Product

    other = Product.objects.create(slug="watch", name="Watch")
    make_challenge(other, slug="watch-open", phase="open")
    response = client.get(INDEX, {"tab": "open", "product": "watch"})
    assert [c.slug for c in response.context["page"]] == ["watch-open"]


def test_index_refuses_bad_filters(client, phases):
    assert client.get(INDEX, {"tab": "nope"}).status_code == 400
    assert client.get(INDEX, {"product": "nope"}).status_code == 400
    assert client.get(INDEX, {"page": "x"}).status_code == 400


def test_index_holds_its_query_count(
    client, product, django_assert_num_queries, django_assert_max_num_queries
):
    add_prizes(make_challenge(product, slug="open-first"))
    client.get(INDEX)  # the site's settings, cached from then on
    with django_assert_max_num_queries(4) as one:
        client.get(INDEX)
    for number in range(8):
        add_prizes(make_challenge(product, slug=f"open-{number}"))
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(INDEX)
    assert len(response.context["page"]) == 9


@pytest.mark.parametrize("phase", ["upcoming", "open", "scoring", "judging", "announced"])
def test_detail_shows_each_phase(client, phases, phase):
    response = client.get(detail_url(phases[phase]))
    assert response.status_code == 200
    assert "Asia/Shanghai" in response.text
    assert "First prize" in response.text
    assert response.context["phase"].key == phase


def test_a_draft_is_found_by_staff_only(client, phases, member, staff):
    draft = phases["draft"]
    assert client.get(detail_url(draft)).status_code == 404
    assert logged_in(client, member).get(detail_url(draft)).status_code == 404
    assert logged_in(client, staff).get(detail_url(draft)).status_code == 200


def test_detail_holds_its_query_count(client, member, contest, django_assert_max_num_queries):
    add_prizes(contest)
    logged_in(client, member)
    with django_assert_max_num_queries(14):
        assert client.get(detail_url(contest)).status_code == 200


def test_detail_shows_where_the_member_stands(client, product, member):
    strict = make_challenge(product, slug="strict", min_level=5)
    response = logged_in(client, member).get(detail_url(strict))
    assert not response.context["eligible"]
    assert "Level 5 or higher" in response.text


# The team's tools -----------------------------------------------------------------


def form_data(product, **overrides):
    data = {
        "product": product.slug,
        "kind": "design",
        "slug": "mascot",
        "name": "Mascot contest",
        "brief": "Draw our mascot.",
        "ip_terms": "You license it.",
        "min_level": "1",
        "min_tier": "member",
        "min_account_days": "0",
        "time_zone": "Asia/Shanghai",
        "opens_at": "2030-01-01T09:00",
        "submissions_close_at": "2030-02-01T18:00",
        "scoring_closes_at": "2030-02-10T18:00",
        "judging_closes_at": "2030-03-01T18:00",
        "hide_scores_until_closed": "on",
        "jury_share": "70",
        "prior_mean": "2.50",
        "prior_votes": "10",
        "royalty_rate": "0.0100",
    }
    data.update(overrides)
    return data


def test_staff_create_a_draft_with_times_in_its_zone(client, staff, product):
    logged_in(client, staff)
    assert client.get(reverse("challenges:create")).status_code == 200
    response = client.post(reverse("challenges:create"), form_data(product))
    assert response.status_code == 302
    challenge = Challenge.objects.get(slug="mascot")
    assert challenge.status == ChallengeStatus.DRAFT
    # 18:00 in Shanghai is 10:00 UTC.
    assert challenge.submissions_close_at.astimezone(UTC).hour == 10


@pytest.mark.parametrize(
    "overrides",
    [
        {"slug": "new"},
        {"judging_closes_at": "2030-01-15T00:00"},
        {"time_zone": "Nowhere/City"},
        {"kind": "solution"},
        {"name": ""},
        {"prior_mean": "7"},
    ],
)
def test_bad_challenge_input_changes_nothing(client, staff, product, overrides):
    logged_in(client, staff)
    response = client.post(reverse("challenges:create"), form_data(product, **overrides))
    assert response.status_code == 400
    assert not Challenge.objects.exists()


def test_staff_edit_a_challenge(client, staff, contest):
    logged_in(client, staff)
    url = reverse("challenges:edit", args=[contest.slug])
    assert client.get(url).status_code == 200
    data = form_data(contest.product, slug=contest.slug, brief="New *brief*", kind="design")
    data.pop("product")
    shanghai = timezone.get_fixed_timezone(480)
    for name in ("opens_at", "submissions_close_at", "scoring_closes_at", "judging_closes_at"):
        data[name] = getattr(contest, name).astimezone(shanghai).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, data)
    contest.refresh_from_db()
    assert response.status_code == 302, response.context["form"].errors
    assert "<em>brief</em>" in contest.brief_html

    # The kind is fixed: the field ignores what is sent, and the timeline stays a contest's.
    bad = client.post(url, {**data, "kind": "solution", "scoring_closes_at": ""})
    assert bad.status_code == 400
    contest.refresh_from_db()
    assert contest.kind == ChallengeKind.DESIGN


def test_staff_publish_and_close(client, staff, product):
    draft = make_challenge(product, phase="draft")
    logged_in(client, staff)
    url = reverse("challenges:transition", args=[draft.slug])
    refused = client.post(url, {"action": "publish"})
    assert refused.status_code == 409 and "Add at least one prize" in refused.text
    add_prizes(draft)
    assert client.post(url, {"action": "publish"}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == ChallengeStatus.OPEN
    assert client.post(url, {"action": "close"}).status_code == 409
    assert client.post(url, {"action": "explode"}).status_code == 400


def test_staff_manage_prizes(client, staff, contest):
    logged_in(client, staff)
    add = reverse("challenges:prize_add", args=[contest.slug])
    prize = {"rank": "1", "label": "Gold", "cash": "500.00", "currency": "USD", "points": "10"}
    assert client.post(add, prize).status_code == 302
    assert client.post(add, prize).status_code == 400  # the rank is taken
    assert client.post(add, {**prize, "rank": "2", "currency": "usd"}).status_code == 400
    assert client.post(add, {**prize, "rank": "2", "cash": "-1"}).status_code == 400
    row = Prize.objects.get()
    edit = reverse("challenges:prize_edit", args=[contest.slug, row.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {**prize, "cash": "750"}).status_code == 302
    row.refresh_from_db()
    assert row.cash == Decimal("750.00")
    remove = reverse("challenges:prize_remove", args=[contest.slug, row.pk])
    assert client.post(remove).status_code == 302
    assert not Prize.objects.exists()


def test_prizes_of_an_announced_challenge_are_locked(client, staff, product):
    announced = make_challenge(product, phase="announced")
    first = add_prizes(announced)[0]
    logged_in(client, staff)
    remove = reverse("challenges:prize_remove", args=[announced.slug, first.pk])
    add = reverse("challenges:prize_add", args=[announced.slug])
    assert client.post(remove).status_code == 409
    assert (
        client.post(
            add, {"rank": "9", "label": "Late", "cash": "0", "currency": "CNY", "points": "0"}
        ).status_code
        == 409
    )
    assert announced.prizes.count() == 3


def test_staff_manage_attachments(client, staff, contest, media_root):
    logged_in(client, staff)
    add = reverse("challenges:attachment_add", args=[contest.slug])
    good = SimpleUploadedFile("Brief v2.pdf", b"%PDF-1.4 rest")
    assert client.post(add, {"file": good}).status_code == 302
    bad = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00")
    assert client.post(add, {"file": bad}).status_code == 400
    attachment = ChallengeAttachment.objects.get()
    assert attachment.name == "Brief_v2.pdf"
    page = client.get(detail_url(contest))
    assert "Brief_v2.pdf" in page.text
    remove = reverse("challenges:attachment_remove", args=[contest.slug, attachment.pk])
    assert client.post(remove).status_code == 302
    assert not ChallengeAttachment.objects.exists()


@pytest.mark.parametrize("who", ["visitor", "member", "staff"])
def test_the_team_tools_are_staffs(client, who, member, staff, contest, media_root):
    prize = add_prizes(contest)[0]
    attachment = ChallengeAttachment.objects.create(
        challenge=contest, name="a.txt", size=1, file="challenges/files/a.txt"
    )
    if who != "visitor":
        logged_in(client, {"member": member, "staff": staff}[who])
    posts = {
        reverse("challenges:create"): {},
        reverse("challenges:edit", args=[contest.slug]): {},
        reverse("challenges:transition", args=[contest.slug]): {"action": "close"},
        reverse("challenges:prize_add", args=[contest.slug]): {},
        reverse("challenges:prize_edit", args=[contest.slug, prize.pk]): {},
        reverse("challenges:prize_remove", args=[contest.slug, 999]): {},
        reverse("challenges:attachment_add", args=[contest.slug]): {},
        reverse("challenges:attachment_remove", args=[contest.slug, 999]): {},
    }
    for url, data in posts.items():
        status = client.post(url, data).status_code
        if who == "visitor":
            assert status == 302 and url  # to the login page
        elif who == "member":
            assert status == 403, url
        else:
            assert status in (400, 404, 409), url
    assert Prize.objects.count() == 3 and ChallengeAttachment.objects.get() == attachment
    contest.refresh_from_db()
    assert contest.status == ChallengeStatus.OPEN


def test_staff_see_what_a_draft_misses(client, staff, product):
    draft = make_challenge(product, phase="draft")
    Challenge.objects.filter(pk=draft.pk).update(
        submissions_close_at=timezone.now() - timedelta(days=1)
    )
    response = logged_in(client, staff).get(detail_url(draft))
    assert "Add at least one prize." in response.text


def test_a_visitor_reads_the_conditions_and_is_asked_to_log_in(client, product):
    strict = make_challenge(product, slug="strict", min_level=4, min_account_days=30)
    response = client.get(detail_url(strict))
    assert "Level 4 or higher" in response.text
    assert "An account at least 30 days old" in response.text
    assert "Log in to see where you stand." in response.text


def test_htmx_gets_the_index_as_a_partial(client, phases):
    response = client.get(INDEX, {"tab": "past"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text and "C announced" in response.text
