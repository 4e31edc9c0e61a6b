"""The pyramid and its moderation, driven through a real Chromium.

A member accepts the guidelines, is told why they cannot post a link yet,
takes part until the background worker lifts them from Lv.1 to Lv.2 and the
VIP tier, and then can. A board moderator handles a flag on their own board
and is refused on another. Screenshots go to test-artifacts/."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from cocreate.accounts.tests.factories import PASSWORD, UserFactory
from cocreate.core.models import SiteSettings
from cocreate.forum import actions as forum
from cocreate.forum.models import Board, Post, Product, Thread
from cocreate.moderation import actions as moderation
from cocreate.moderation.enums import FlagReason, ReviewStatus
from cocreate.moderation.models import Review
from cocreate.reputation.actions import change_tier
from cocreate.reputation.enums import Tier
from cocreate.reputation.models import MemberStats, PointsRule
from tests.browser.conftest import ARTIFACTS, log_in, submit


def shot(page: Page, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"pyramid-{name}.png", full_page=True)


@pytest.fixture
def boards(transactional_db):
    phone = Product.objects.create(slug="phone", name="Orange Phone", name_zh="橙子手机")
    chat = Board.objects.create(slug="chat", product=phone, name="Chat", name_zh="闲聊")
    camera = Board.objects.create(slug="camera", product=phone, name="Camera", name_zh="相机")
    return chat, camera


@pytest.mark.browser
def test_a_member_climbs_the_pyramid_by_taking_part(page, live_server, boards, run_worker, site):
    # A small pyramid so a few posts and likes are enough: Lv.2 from 10
    # points, VIP from Lv.2 with two replies and three likes received.
    SiteSettings.objects.update_or_create(
        pk=1,
        defaults={
            "level_thresholds": [0, 10, 60, 150, 350, 700, 1200, 2000, 3500, 6000],
            "tier_thresholds": {
                "vip": {"level": 2, "posts": 2, "likes_received": 3},
                "senior": {"level": 7, "posts": 150, "likes_received": 100},
            },
        },
    )
    # Earlier browser tests flush the tables, seeded points rules included.
    for verb, who, points in [
        ("thread.created", "actor", 5),
        ("post.created", "actor", 2),
        ("reaction.added", "post_author", 1),
    ]:
        PointsRule.objects.get_or_create(verb=verb, who=who, defaults={"points": points})
    staff = UserFactory(username="team", is_staff=True)
    moderation.publish_guidelines(actor=staff, body="# Be kind\n\nNo ads, no insults.")
    climber = UserFactory(username="climber", display_name="Clara Climber")
    fans = [UserFactory(username=f"fan{n}") for n in range(3)]
    url = live_server.url

    log_in(page, url, "climber", PASSWORD)
    page.goto(url + reverse("forum:board", args=["chat"]))
    expect(page.locator(".forum-reason")).to_contain_text("accept the community guidelines")
    shot(page, "01-guidelines-first")
    page.locator(".forum-reason a").click()
    page.wait_for_load_state()
    shot(page, "02-guidelines")
    submit(page, "form.guidelines-accept")
    assert page.url.endswith(reverse("forum:board", args=["chat"]))

    # Lv.1 cannot post links yet, and is told what it takes.
    page.goto(url + reverse("forum:new_thread", args=["chat"]))
    page.fill("input[name=title]", "My first night shots")
    page.fill("textarea[name=body]", "Taken with [the new lens](https://example.com/lens).")
    submit(page, "main form")
    expect(page.locator("main")).to_contain_text("You can post links from Lv.2")
    expect(page.locator("main")).to_contain_text("you are Lv.1, Member")
    shot(page, "03-links-need-lv2")
    assert not Thread.objects.exists()

    page.fill("textarea[name=body]", "Taken with the new lens, handheld.")
    submit(page, "main form")
    thread = Thread.objects.get()
    for text in ("The second one is at ISO 6400.", "And here is the third, at dawn."):
        page.fill("textarea[name=body]", text)
        submit(page, "form[action$='/reply/']")
    shot(page, "04-thread")

    # Fans like the posts; the worker turns that into points, a level and a tier.
    for post in Post.objects.filter(thread=thread):
        for fan in fans[: 1 + post.number % 2]:
            forum.add_reaction(post, user=fan)
    run_worker()
    stats = MemberStats.objects.get(member=climber)
    assert stats.level == 2 and stats.tier == Tier.VIP

    page.goto(url + reverse("profile", args=["climber"]))
    expect(page.locator("main")).to_contain_text("Lv.2")
    expect(page.locator("main")).to_contain_text("VIP")
    expect(page.locator(".site-header")).to_contain_text(re.compile(r"\d"))
    shot(page, "05-profile-vip")

    page.goto(url + thread.get_absolute_url())
    page.fill("textarea[name=body]", "More in [my album](https://example.com/album).")
    submit(page, "form[action$='/reply/']")
    expect(page.locator(".post-body a[href='https://example.com/album']")).to_be_visible()
    shot(page, "06-link-allowed")


@pytest.mark.browser
def test_a_board_moderator_handles_a_flag_on_their_board_and_not_on_another(
    page, live_server, boards, run_worker, site
):
    chat, camera = boards
    staff = UserFactory(username="team", is_staff=True)
    mo = UserFactory(username="mo", display_name="Mo Moderator")
    change_tier(mo, tier=Tier.MODERATOR, actor=staff)
    moderation.appoint_moderator(chat, member=mo, actor=staff)
    author, reporter, bystander = (UserFactory(username=n) for n in ("ann", "rex", "bea"))
    on_chat = forum.create_thread(chat, author=author, title="Chat thread", body="Hello all")
    spam = forum.reply_to_thread(on_chat, author=bystander, body="Cheap watches here!")
    on_camera = forum.create_thread(camera, author=author, title="Camera thread", body="Lens?")
    elsewhere = forum.reply_to_thread(on_camera, author=bystander, body="Cheap lenses here!")
    moderation.flag_post(elsewhere, reporter=reporter, reason=FlagReason.SPAM)
    url = live_server.url

    # A member flags the spam through the post's "Flag" button.
    log_in(page, url, "rex", PASSWORD)
    page.goto(url + spam.get_absolute_url())
    post = page.locator(f"#post-{spam.number}")
    post.get_by_role("link", name="Flag").click()
    form = post.locator("form.mod-flag-form")
    form.get_by_label("Spam").check()
    form.locator("textarea, input[name=text]").first.fill("Advertising watches")
    shot(page, "10-flag-form")
    form.locator("[type=submit]").click()
    expect(post).to_contain_text("moderators")
    shot(page, "11-flagged")
    assert Review.objects.get(post=spam).flag_count == 1
    page.context.clear_cookies()

    # The board moderator finds it in their queue, without the other board's flag.
    log_in(page, url, "mo", PASSWORD)
    page.locator(".user-menu summary").click()
    page.get_by_role("link", name="Review queue").click()
    page.wait_for_load_state()
    queue = page.locator("main")
    expect(queue).to_contain_text("Cheap watches here!")
    expect(queue).not_to_contain_text("Cheap lenses here!")
    shot(page, "12-queue")
    review = page.locator(f"#review-{Review.objects.get(post=spam).pk}")
    review.get_by_label("Agree: keep the post hidden").check()
    review.locator("textarea[name=reason], input[name=reason]").first.fill("Advertising")
    review.locator("[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Advertising")
    shot(page, "13-decided")

    spam.refresh_from_db()
    assert spam.hidden_at is not None
    assert Review.objects.get(post=spam).status == ReviewStatus.AGREED
    assert Review.objects.get(post=elsewhere).status == ReviewStatus.PENDING

    # The public log says who acted and why, never who flagged.
    page.goto(url + reverse("moderation:log"))
    expect(page.locator("main")).to_contain_text("Mo Moderator")
    expect(page.locator("main")).to_contain_text("Advertising")
    expect(page.locator("main")).not_to_contain_text("rex")
    shot(page, "14-log")

    # On another board, the tools refuse with the reason.
    response = page.goto(url + reverse("moderation:thread", args=[on_camera.pk]))
    assert response.status == 403
    expect(page.locator("main")).to_contain_text("You moderate other boards, not Camera")
    shot(page, "15-other-board-refused")

    # The author of the hidden post is told, by the worker, why.
    run_worker()
    assert bystander.notifications.filter(kind="moderation").exists()
