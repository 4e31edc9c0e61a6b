"""What every browser test needs: a headless Debian Chromium page, mail
written to files, media in a throwaway folder, and the screenshot folder."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# worker makes here are still plain synchronous calls.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    return browser.new_context(viewport={"width": 1280, "height": 900}).new_page()


@pytest.fixture
def site(settings, tmp_path):
    """Mail to files we can read, media in a throwaway folder."""
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    settings.MEDIA_ROOT = tmp_path / "media"
    ARTIFACTS.mkdir(exist_ok=True)
    return tmp_path


def submit(page: Page, form: str) -> None:
    page.locator(f"{form} [type=submit]").first.click()
    page.wait_for_load_state()


def log_in(page: Page, base_url: str, username: str, password: str) -> None:
    """Log in through the login form, as a person would."""
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    submit(page, "form:has(input[name=login])")
