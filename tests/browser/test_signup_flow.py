"""A newcomer's first visit, driven through a real Chromium: sign up, verify
the address from the delivered e-mail, log in, switch to Chinese, upload an
avatar, log out. Each step leaves a full-page screenshot in test-artifacts/."""

import re

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS, log_in, submit

USERNAME, EMAIL, PASSWORD = "newcomer", "newcomer@example.com", "a-long-fresh-passphrase"


def shot(page: Page, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"signup-flow-{name}.png", full_page=True)


@pytest.mark.browser
def test_a_newcomer_signs_up_verifies_sets_an_avatar_and_leaves(
    page, live_server, transactional_db, run_worker, site
):
    url = live_server.url

    # Sign up
    page.goto(url + reverse("account_signup"))
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=username]", USERNAME)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    shot(page, "01-signup")
    submit(page, "form:has(input[name=password1])")
    shot(page, "02-verification-sent")

    # The worker delivers the verification e-mail; follow its link
    run_worker()
    mail = "\n".join(p.read_text() for p in (site / "mail").iterdir())
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail).group(0)
    page.goto(link)
    shot(page, "03-confirm-email")
    # allauth re-signs the key with the current time, so match the form by prefix.
    submit(page, "form[action^='/accounts/confirm-email/']")
    shot(page, "04-email-confirmed")

    # Log in
    log_in(page, url, USERNAME, PASSWORD)
    expect(page.locator(".user-menu")).to_be_visible()
    shot(page, "05-logged-in")

    # Switch to Chinese with the header's language switcher
    page.locator(".site-header .language-switcher button[lang='zh-hans']:visible").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    shot(page, "06-chinese")
    # Translations arrive separately: checked at the end so the rest still runs.
    log_out_translated = "退出" in page.content()

    # Upload an avatar and see it on the public profile
    avatar = site / "avatar.png"
    Image.new("RGB", (640, 480), (30, 120, 200)).save(avatar)
    page.goto(url + reverse("account_settings"))
    page.set_input_files("input[name=avatar]", avatar)
    shot(page, "07-avatar-chosen")
    submit(page, f"form[action='{reverse('account_avatar')}']")
    shot(page, "08-avatar-saved")
    page.goto(url + reverse("profile", args=[USERNAME]))
    image = page.locator(".profile img.avatar-lg")
    expect(image).to_have_attribute("src", re.compile(r"/media/avatars/.+"))
    assert image.evaluate("img => img.complete && img.naturalWidth") == 512
    shot(page, "09-profile")

    # Log out
    page.goto(url + reverse("account_logout"))
    submit(page, f"main form[action='{reverse('account_logout')}']")
    expect(page.locator(".user-menu")).to_have_count(0)
    shot(page, "10-logged-out")

    assert log_out_translated, "“Log out” is not yet translated to 退出 in locale/zh_Hans"
