"""The release pages, the team's tools on them, and the feeds."""

from datetime import date, timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from cocreate.ideas import actions as ideas
from cocreate.releases.actions import releases as actions
from cocreate.releases.enums import Channel, ReleaseStatus
from cocreate.releases.models import ChangelogEntry, Release
from cocreate.releases.tests.fixtures import make_release

from .test_release_actions import beta_member, beta_program  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def draft(product):
    return make_release(product, version="3.2.9", published=False)


def _text(response) -> str:
    return response.content.decode()


# Pages ------------------------------------------------------------------------------------


def test_index_lists_a_products_public_releases_newest_first(
    client, product, release, beta_release, draft
):
    newer = make_release(product, version="3.2.2")
    Release.objects.filter(pk=newer.pk).update(release_date=date.today())

    page = _text(client.get(reverse("releases:index")))

    assert page.index("3.2.2") < page.index("3.2.1")
    assert "3.3.0-beta.1" not in page and "3.2.9" not in page
    assert 'rel="alternate" type="application/rss+xml"' in page
    assert "/releases/phone/feed.atom" in page


def test_index_shows_staff_drafts_with_their_badge_and_the_beta_tab(
    staff_client, draft, beta_release
):
    page = _text(staff_client.get(reverse("releases:index")))

    assert "3.2.9" in page and "release-status-draft" in page
    assert "channel=beta" in page and "Draft a release" in page


def test_a_beta_member_sees_the_beta_channel(client, beta_member, beta_release):  # noqa: F811
    client.force_login(beta_member)
    page = _text(client.get(reverse("releases:index") + "?channel=beta"))
    assert "3.3.0-beta.1" in page


def test_index_answers_htmx_with_the_partial(client, release):
    response = client.get(reverse("releases:index") + "?channel=development", headers=HTMX)
    assert "<html" not in _text(response) and "3.2.1" in _text(response)


@pytest.mark.parametrize("query", ["product=nope", "channel=nightly", "page=0", "page=x"])
def test_index_refuses_bad_filters(client, release, query):
    assert client.get(reverse("releases:index") + "?" + query).status_code == 400


@pytest.mark.parametrize("releases", [1, 12])
def test_index_takes_a_fixed_number_of_queries(
    client, member, product, releases, django_assert_max_num_queries
):
    for number in range(releases):
        make_release(product, version=f"1.0.{number}")
    client.force_login(member)
    client.get(reverse("releases:index"))

    with django_assert_max_num_queries(12):
        assert client.get(reverse("releases:index")).status_code == 200


def test_detail_shows_the_changelog_grouped_by_kind_with_team_and_ideas(
    client, product, staff, idea, camera_team
):
    draft = make_release(product, version="3.2.5", published=False, entries=0)
    actions.add_entry(
        draft,
        actor=staff,
        entry=actions.EntryData(kind="fix", title="Crash on start", team=camera_team),
    )
    actions.add_entry(
        draft, actor=staff, entry=actions.EntryData(kind="feature", title="Night", ideas=[idea])
    )
    actions.publish_release(draft, actor=staff)

    page = _text(client.get(draft.get_absolute_url()))

    assert page.index("New features") < page.index("Fixes")
    assert "Camera" in page and f"#{idea.pk} Night mode for the camera app" in page
    assert "Publish now" not in page


def test_detail_hides_invisible_releases(client, member, draft, beta_release):
    client.force_login(member)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(beta_release.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("entries", [1, 10])
def test_detail_takes_a_fixed_number_of_queries(
    staff_client, product, staff, idea, entries, django_assert_max_num_queries
):
    draft = make_release(product, version="3.2.5", published=False, entries=entries)
    for entry in draft.entries.all():
        entry.ideas.set([idea])
    staff_client.get(draft.get_absolute_url())

    with django_assert_max_num_queries(14):
        assert staff_client.get(draft.get_absolute_url()).status_code == 200


def test_credits_page_names_the_co_creators_and_the_reports_on_the_previous_release(
    client, product, staff, idea, other_member, django_assert_max_num_queries
):
    previous = make_release(product, version="3.2.0")
    Release.objects.filter(pk=previous.pk).update(
        report_count=7, published_at=timezone.now() - timedelta(days=7)
    )
    ideas.support_idea(idea, member=other_member)
    draft = make_release(product, version="3.2.1", published=False, entries=0)
    actions.add_entry(
        draft, actor=staff, entry=actions.EntryData(kind="feature", title="N", ideas=[idea])
    )
    actions.publish_release(draft, actor=staff)
    url = reverse("releases:credits", args=[draft.pk])

    with django_assert_max_num_queries(12):
        page = _text(client.get(url))

    assert "Ada Lovelace" in page and "Night mode for the camera app" in page
    assert "grace" in page
    assert "Shaped by 7 four-grid reports on" in page and "3.2.0" in page


def test_calendar_shows_weekly_slots_with_releases_and_staff_drafting_links(
    staff_client, product, staff
):
    actions.release_settings_for(product)
    upcoming = actions.draft_release(
        product,
        actor=staff,
        channel=Channel.DEVELOPMENT,
        version="3.4.0",
        release_date=timezone.localdate() + timedelta(days=14),
    )
    actions.schedule_release(upcoming, actor=staff, publish_at=timezone.now() + timedelta(days=14))

    page = _text(staff_client.get(reverse("releases:calendar")))

    assert page.count('<li class="release-slot') == 12
    assert "3.4.0" in page and "Draft a release for this day" in page
    assert "Next build" in page


def test_calendar_for_a_visitor_is_cached_and_has_no_tools(
    client, release, django_assert_max_num_queries
):
    first = _text(client.get(reverse("releases:calendar")))
    with django_assert_max_num_queries(2):
        again = _text(client.get(reverse("releases:calendar")))
    assert first == again and "Draft a release" not in first


def test_anonymous_pages_are_refreshed_when_a_release_is_published(
    client, draft, staff, django_capture_on_commit_callbacks
):
    assert "3.2.9" not in _text(client.get(reverse("releases:index")))
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_release(draft, actor=staff)
    assert "3.2.9" in _text(client.get(reverse("releases:index")))


# Feeds -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feeds_parse_as_xml_and_carry_the_changelog(
    client, release, beta_release, kind, django_assert_max_num_queries
):
    url = reverse(f"releases:feed_{kind}", args=["phone"])
    with django_assert_max_num_queries(8):
        response = client.get(url)

    root = ElementTree.fromstring(response.content)
    text = response.content.decode()
    assert root.tag in ("rss", "{http://www.w3.org/2005/Atom}feed")
    assert "3.2.1" in text and "Change 1 of 3.2.1" in text
    assert "3.3.0-beta.1" not in text


def test_feed_of_an_unknown_product_is_not_found(client):
    assert client.get("/releases/nope/feed.rss").status_code == 404


# The team's tools ---------------------------------------------------------------------------


def test_staff_draft_a_release_from_the_form(staff_client, product):
    response = staff_client.post(
        reverse("releases:new"),
        {
            "product": "phone",
            "channel": "development",
            "version": "3.5.0",
            "release_date": "2025-03-07",
        },
    )
    release = Release.objects.get(version="3.5.0")
    assert response.status_code == 302 and response["Location"] == release.get_absolute_url()


@pytest.mark.parametrize(
    "data",
    [
        {"version": "3.2.1"},  # taken
        {"version": "3 2 1"},
        {"release_date": "yesterday"},
        {"channel": "nightly"},
    ],
)
def test_drafting_refuses_bad_input_and_writes_nothing(staff_client, release, data):
    before = Release.objects.count()
    fields = {
        "product": "phone",
        "channel": "development",
        "version": "9.0.0",
        "release_date": "2025-03-07",
    }
    response = staff_client.post(reverse("releases:new"), {**fields, **data})
    assert response.status_code == 400 and Release.objects.count() == before


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_members_cannot_reach_the_tools(client, member, draft, who):
    if who == "member":
        client.force_login(member)
    for url in (
        reverse("releases:new"),
        reverse("releases:edit", args=[draft.pk]),
        reverse("releases:entry_new", args=[draft.pk]),
    ):
        assert client.get(url).status_code in (302, 403, 404)
    response = client.post(reverse("releases:publish", args=[draft.pk]))
    assert response.status_code in (302, 403)
    draft.refresh_from_db()
    assert draft.status == ReleaseStatus.DRAFT


def test_staff_add_an_entry_linking_ideas_by_number(staff_client, draft, idea, camera_team):
    response = staff_client.post(
        reverse("releases:entry_new", args=[draft.pk]),
        {
            "kind": "feature",
            "title": "Night mode",
            "team": camera_team.pk,
            "ideas": [f"{idea.pk}, "],
        },
    )
    assert response.status_code == 302
    entry = draft.entries.get(title="Night mode")
    assert list(entry.ideas.all()) == [idea] and entry.team == camera_team


@pytest.mark.parametrize("ideas_field", ["abc", "999999"])
def test_adding_an_entry_refuses_bad_idea_numbers(staff_client, draft, ideas_field):
    before = ChangelogEntry.objects.count()
    response = staff_client.post(
        reverse("releases:entry_new", args=[draft.pk]),
        {"kind": "feature", "title": "X", "ideas": ideas_field},
    )
    assert response.status_code == 400 and ChangelogEntry.objects.count() == before


def test_adding_an_entry_refuses_a_closed_idea(staff_client, staff, draft, idea):
    ideas.change_status(idea, actor=staff, status="declined", response="No")
    response = staff_client.post(
        reverse("releases:entry_new", args=[draft.pk]),
        {"kind": "feature", "title": "X", "ideas": str(idea.pk)},
    )
    assert response.status_code == 400 and "link only open ideas" in _text(response)


def test_the_idea_search_lists_open_ideas_of_the_product(staff_client, draft, idea, other_idea):
    response = staff_client.get(reverse("releases:idea_search", args=[draft.pk]) + "?q=night")
    assert "Night mode" in _text(response) and "息屏" not in _text(response)
    by_number = staff_client.get(
        reverse("releases:idea_search", args=[draft.pk]) + f"?q={other_idea.pk}"
    )
    assert "息屏" in _text(by_number)


def test_moving_and_removing_entries_answer_htmx_with_the_changelog(staff_client, draft):
    first, second, _third = draft.entries.all()
    url = reverse("releases:entry_move", args=[draft.pk, second.pk])

    response = staff_client.post(url, {"offset": "-1"}, headers=HTMX)

    assert response.status_code == 200 and 'id="changelog"' in _text(response)
    assert "<html" not in _text(response)
    assert list(draft.entries.values_list("pk", flat=True)[:2]) == [second.pk, first.pk]
    assert staff_client.post(url, {"offset": "7"}).status_code == 400
    remove = reverse("releases:entry_remove", args=[draft.pk, first.pk])
    assert staff_client.post(remove, headers=HTMX).status_code == 200
    assert draft.entries.count() == 2


def test_changing_a_published_changelog_is_refused(staff_client, release):
    entry = release.entries.first()
    response = staff_client.post(reverse("releases:entry_remove", args=[release.pk, entry.pk]))
    assert response.status_code == 400 and release.entries.count() == 3


def test_staff_schedule_in_the_products_zone_unschedule_and_publish(staff_client, draft):
    future = timezone.now() + timedelta(days=3)
    local = future.strftime("%Y-%m-%dT%H:%M")
    assert (
        staff_client.post(
            reverse("releases:schedule", args=[draft.pk]), {"publish_at": local}
        ).status_code
        == 302
    )
    draft.refresh_from_db()
    assert draft.status == ReleaseStatus.SCHEDULED

    assert staff_client.post(reverse("releases:unschedule", args=[draft.pk])).status_code == 302
    assert staff_client.post(reverse("releases:publish", args=[draft.pk])).status_code == 302
    draft.refresh_from_db()
    assert draft.status == ReleaseStatus.PUBLISHED
    again = staff_client.post(reverse("releases:publish", args=[draft.pk]))
    assert again.status_code == 409 and "cannot become" in _text(again)


@pytest.mark.parametrize("value", ["", "2020-01-01T10:00", "not a time"])
def test_scheduling_refuses_a_missing_or_past_time(staff_client, draft, value):
    response = staff_client.post(
        reverse("releases:schedule", args=[draft.pk]), {"publish_at": value}
    )
    draft.refresh_from_db()
    assert response.status_code == 400 and draft.status == ReleaseStatus.DRAFT


def test_staff_edit_a_release(staff_client, draft):
    response = staff_client.post(
        reverse("releases:edit", args=[draft.pk]),
        {
            "channel": "development",
            "version": "3.2.10",
            "release_date": "2025-03-14",
            "codename": "Yuzu",
            "notes": "*Hi*",
        },
    )
    draft.refresh_from_db()
    assert (
        response.status_code == 302
        and draft.version == "3.2.10"
        and "<em>Hi</em>" in draft.notes_html
    )


# Profiles --------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 8])
def test_profiles_list_co_created_releases_in_fixed_queries(
    client, other_member, member, product, beta_release, count, django_assert_max_num_queries
):
    from cocreate.releases.actions.releases import credit_members
    from cocreate.releases.enums import CreditRole

    for number in range(count):
        release = make_release(product, version=f"2.0.{number}")
        credit_members(release, member_ids=[member.pk], role=CreditRole.IDEA_AUTHOR)
        credit_members(release, member_ids=[member.pk], role=CreditRole.EARLY_SUPPORTER)
    credit_members(beta_release, member_ids=[member.pk], role=CreditRole.BUG_REPORTER)
    client.force_login(other_member)
    url = reverse("profile", args=["ada"])
    client.get(url)

    with django_assert_max_num_queries(8):  # adopted designs: one more
        page = _text(client.get(url))

    assert "Co-created releases" in page and "Orange Phone 2.0.0" in page
    assert "Early supporter of a shipped idea · Proposed a shipped idea" in page
    assert "3.3.0-beta.1" not in page  # a beta build the viewer does not take


def test_detail_leads_to_the_report_form_while_its_window_is_open(client, member, release):
    client.force_login(member)
    page = _text(client.get(release.get_absolute_url()))
    assert reverse("releases:report", args=[release.pk]) in page
    assert reverse("releases:summary", args=[release.pk]) in page

    Release.objects.filter(pk=release.pk).update(reports_close_at=timezone.now())
    page = _text(client.get(release.get_absolute_url()))
    assert reverse("releases:report", args=[release.pk]) not in page
    assert reverse("releases:summary", args=[release.pk]) in page


def test_only_beta_members_are_offered_to_report_a_bug_on_a_beta_build(
    client,
    beta_member,  # noqa: F811
    release,
    beta_release,
    staff,
):
    bug_link = reverse("betas:file_bug") + f"?release={beta_release.pk}"
    client.force_login(beta_member)
    assert bug_link in _text(client.get(beta_release.get_absolute_url()))
    assert reverse("betas:file_bug") not in _text(client.get(release.get_absolute_url()))
