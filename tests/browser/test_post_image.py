"""Adding an image to a new thread in a real Chromium: the script uploads it
through the API and puts its Markdown at the cursor; the posted thread shows
the re-encoded image."""

import re

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from cocreate.accounts.tests.factories import PASSWORD, UserFactory
from cocreate.forum.models import Board
from cocreate.reputation.models import MemberStats
from tests.browser.conftest import ARTIFACTS, log_in


def shot(browser_page, name: str) -> None:
    browser_page.screenshot(path=ARTIFACTS / f"post-image-{name}.png", full_page=True)


@pytest.mark.browser
def test_a_member_adds_an_image_to_a_new_thread(page, live_server, transactional_db, site):
    member = UserFactory(username="painter")
    MemberStats.objects.create(member=member, level=3, points=150)
    Board.objects.create(slug="chat", name="Chat")
    url = live_server.url

    log_in(page, url, "painter", PASSWORD)

    page.goto(url + reverse("forum:new_thread", args=["chat"]))
    expect(page.locator("[data-image-upload-submit]")).to_be_hidden()
    page.fill("input[name=title]", "My sunset")
    page.fill("textarea[name=body]", "Look at this:")
    picture = site / "sunset.png"
    Image.new("RGB", (2400, 1200), (250, 120, 40)).save(picture)
    page.set_input_files("#image-upload-file", picture)

    body = page.locator("textarea[name=body]")
    expect(body).to_have_value(re.compile(r"Look at this:\n!\[sunset\]\(/media/forum/.+\.webp\)\n"))
    expect(page.locator("[data-image-upload-status]")).to_have_text("Image added to your text.")
    shot(page, "01-inserted")

    page.locator("form[action$='/new/'] .form-actions [type=submit]").click()
    page.wait_for_load_state()
    image = page.locator(".post-body img").first
    expect(image).to_have_attribute("src", re.compile(r"^/media/forum/.+\.webp$"))
    assert image.evaluate("img => img.complete && img.naturalWidth") == 2000
    shot(page, "02-posted")
