"""Ideas from proposal to release, driven through a real Chromium.

A member starts to propose an idea, sees the same idea appear under the
title while typing (htmx), and supports it instead. Another idea reaches its
product's support threshold and goes to review by itself; the team plans it
and later ships it, and each supporter is told at every step; the roadmap
shows it planned, then shipped. A duplicate is merged and every supporter is
counted once. The last part runs in Chinese, switched with the header's
language switcher. Screenshots go to test-artifacts/."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Browser, Page, expect

from cocreate.accounts.tests.factories import PASSWORD, UserFactory
from cocreate.forum.models import Product
from cocreate.ideas import actions
from cocreate.ideas.enums import IdeaStatus
from cocreate.ideas.models import Idea, Support, Tag
from cocreate.notifications.enums import NotificationKind
from cocreate.notifications.models import Notification
from tests.browser.conftest import ARTIFACTS, log_in, submit

NIGHT_MODE = "Night mode for the camera app"
BATTERY = "Longer battery life in standby"
DUPLICATE = "Night photos with the camera"


def shot(page: Page, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"ideas-flow-{name}.png", full_page=True)


def member_page(browser: Browser, url: str, username: str) -> Page:
    """A browser window of its own, logged in as `username`."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, url, username, PASSWORD)
    return page


def supported_news(member, idea) -> list[tuple[str, str]]:
    """The (action, status) of each notification `member` got as a supporter of `idea`."""
    rows = Notification.objects.filter(
        recipient=member, kind=NotificationKind.IDEA_SUPPORTED, target_id=idea.pk
    ).order_by("pk")
    return [(row.data["action"], row.data["status"]) for row in rows]


@pytest.fixture
def community(transactional_db):
    """A product whose ideas go to review at 3 supports within 30 days; Ada's
    two ideas (one of them about the camera); the team; four members."""
    phone = Product.objects.create(slug="phone", name="Orange Phone", name_zh="橙子手机")
    actions.ideas_board_for(phone)
    phone.idea_settings.threshold_supports, phone.idea_settings.threshold_days = 3, 30
    phone.idea_settings.save()
    camera = Tag.objects.create(slug="camera", name="Camera", name_zh="相机")
    battery = Tag.objects.create(slug="battery", name="Battery", name_zh="电池")
    ada, bea, cy, dan, eve = (
        UserFactory(username=name) for name in ("ada", "bea", "cy", "dan", "eve")
    )
    UserFactory(username="team", is_staff=True)
    night = actions.submit_idea(
        phone, author=ada, title=NIGHT_MODE, description="Stack frames at night.", tags=[camera]
    )
    standby = actions.submit_idea(
        phone, author=ada, title=BATTERY, description="Two days on a charge.", tags=[battery]
    )
    return phone, night, standby, (ada, bea, cy, dan, eve)


@pytest.mark.browser
def test_an_idea_goes_from_supports_to_the_roadmap_with_its_supporters_told(
    browser, live_server, community, run_worker, site
):
    phone, night, standby, (ada, bea, cy, dan, eve) = community
    url = live_server.url
    run_worker()  # the worker puts Ada's ideas in the search index

    # Bea starts to propose the night mode again; the similar idea appears
    # under the title as she types, and she supports it instead.
    page = member_page(browser, url, "bea")
    page.goto(url + reverse("ideas:submit") + "?product=phone")
    page.fill("input[name=title]", "Night mode camera")
    similar = page.locator("#similar-ideas .similar-item", has_text=NIGHT_MODE)
    expect(similar).to_be_visible()
    shot(page, "01-similar-while-typing")
    similar.locator("button.support-button").click()
    expect(similar.locator("button.support-button")).to_have_attribute("aria-pressed", "true")
    expect(similar.locator(".support-count")).to_have_text("2")
    shot(page, "02-supported-instead")
    assert Idea.objects.count() == 2
    assert Support.objects.filter(idea=night).count() == 2

    # Bea and Cy support the standby idea from the list: the third support
    # (Ada's own is the first) sends it to review by itself.
    others = member_page(browser, url, "cy")
    for supporter in (page, others):
        supporter.goto(url + reverse("ideas:index") + "?sort=new")
        row = supporter.locator(".idea-row", has_text=BATTERY)
        row.locator("button.support-button").click()
        expect(row.locator("button.support-button")).to_have_attribute("aria-pressed", "true")
    standby.refresh_from_db()
    assert (standby.status, standby.support_count) == (IdeaStatus.UNDER_REVIEW, 3)
    others.goto(url + standby.get_absolute_url())
    expect(others.locator(".idea-header")).to_contain_text("Under review")
    expect(others.locator(".idea-timeline")).to_contain_text("It reached its support goal in time.")
    shot(others, "03-threshold-reached")
    run_worker()

    # The team plans it, with a response everyone reads.
    team = member_page(browser, url, "team")
    team.goto(url + standby.get_absolute_url())
    team.get_by_role("link", name="Change status").click()
    team.select_option("select[name=status]", IdeaStatus.PLANNED.value)
    team.fill("textarea[name=response]", "Planned for build 24.30.")
    shot(team, "04-team-plans")
    submit(team, "form[action$='/status/']")
    expect(team.locator(".messages")).to_contain_text("The idea is now Planned.")
    run_worker()

    # A supporter reads it on her notifications page; the roadmap shows it planned.
    page.goto(url + reverse("notifications:list"))
    notifications = page.locator(".notification-list")
    expect(notifications).to_contain_text(f"“{BATTERY}”, which you support, is now Planned")
    expect(notifications).to_contain_text("Planned for build 24.30.")
    expect(notifications).to_contain_text("reached its support goal and is now under review")
    shot(page, "05-supporter-notified")
    visitor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    visitor.goto(url + reverse("ideas:roadmap"))
    expect(visitor.locator(".roadmap-column-planned")).to_contain_text(BATTERY)
    expect(visitor.locator(".roadmap-column-planned")).to_contain_text("Planned for build 24.30.")
    shot(visitor, "06-roadmap-planned")

    # Later the team ships it; the roadmap moves it to "Recently shipped".
    team.goto(url + reverse("ideas:status", args=[standby.pk]))
    team.select_option("select[name=status]", IdeaStatus.SHIPPED.value)
    team.fill("textarea[name=response]", "Shipped in build 24.30. Thank you!")
    submit(team, "form[action$='/status/']")
    expect(team.locator(".messages")).to_contain_text("The idea is now Shipped.")
    run_worker()
    visitor.goto(url + reverse("ideas:roadmap") + "?product=phone")
    shipped = visitor.locator(".roadmap-column-shipped")
    expect(shipped).to_contain_text(BATTERY)
    expect(shipped).to_contain_text("Shipped in build 24.30.")
    expect(visitor.locator(".roadmap-column-planned")).not_to_contain_text(BATTERY)
    shot(visitor, "07-roadmap-shipped")

    # Every supporter heard each step; the author heard as the author.
    steps = [("threshold", "under_review"), ("status", "planned"), ("status", "shipped")]
    assert supported_news(bea, standby) == steps
    assert supported_news(cy, standby) == steps
    assert (
        Notification.objects.filter(recipient=ada, kind=NotificationKind.IDEA_STATUS).count() == 3
    )

    # A duplicate of the night mode, supported by Bea (again) and Eve, is merged:
    # the original counts each member once.
    duplicate = actions.submit_idea(phone, author=dan, title=DUPLICATE, description="Same.")
    for fan in (bea, eve):
        actions.support_idea(duplicate, member=fan)
    team.goto(url + duplicate.get_absolute_url())
    team.get_by_role("link", name="Merge into another idea").click()
    team.fill("input[name=into]", str(night.pk))
    shot(team, "08-merge")
    submit(team, "form[action$='/merge/']")
    expect(team.locator("main")).to_contain_text("This idea was merged into")
    team.goto(url + night.get_absolute_url())
    expect(team.locator(".idea-support-card .support-count")).to_have_text("4")
    shot(team, "09-merged-counts")
    night.refresh_from_db()
    duplicate.refresh_from_db()
    assert night.support_count == 4
    assert set(Support.objects.filter(idea=night).values_list("member__username", flat=True)) == {
        "ada",
        "bea",
        "dan",
        "eve",
    }
    assert (duplicate.status, duplicate.support_count) == (IdeaStatus.DUPLICATE, 0)
    assert not Support.objects.filter(idea=duplicate).exists()
    run_worker()
    assert supported_news(eve, duplicate) == [("merged", "duplicate")]

    # In Chinese, switched with the header's language switcher.
    page.goto(url + reverse("ideas:roadmap") + "?product=phone")
    page.locator(".site-header .language-switcher button[lang='zh-hans']:visible").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    with translation.override("zh-hans"):
        recently_shipped = gettext("Recently shipped")
        shipped_label = str(IdeaStatus.SHIPPED.label)
    expect(page.locator(".site-header")).to_contain_text("创意")
    expect(page.locator(".roadmap-products")).to_contain_text("橙子手机")
    shipped = page.locator(".roadmap-column-shipped")
    expect(shipped.locator("h2")).to_have_text(recently_shipped)
    expect(shipped).to_contain_text("#电池")
    expect(shipped).to_contain_text(BATTERY)
    shot(page, "10-roadmap-chinese")
    page.goto(url + reverse("notifications:list"))
    expect(page.locator("main h1")).to_have_text("通知")
    expect(page.locator(".notification-list")).to_contain_text(shipped_label)
    expect(page.locator(".notification-list")).to_contain_text(BATTERY)
    shot(page, "11-notifications-chinese")
