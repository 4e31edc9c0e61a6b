"""The shared layout: the per-member header cache and the avatar tag."""

import re

from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from cocreate.accounts import actions


def logged_in(member) -> Client:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    browser.get("/")  # the first page sets the CSRF cookie
    return browser


def test_cached_header_shows_a_new_display_name_at_once(member):
    browser = logged_in(member)
    assert 'class="user-menu-name wide-only">Ada Lovelace<' in browser.get("/").content.decode()

    actions.update_profile(member, actor=member, display_name="Countess Ada")

    assert 'class="user-menu-name wide-only">Countess Ada<' in browser.get("/").content.decode()


def test_forms_in_a_cached_header_carry_a_valid_csrf_token(member):
    browser = logged_in(member)
    browser.get("/")
    page = browser.get("/").content.decode()  # served from the header cache
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    response = browser.post(
        reverse("switch_language", args=["zh-hans"]), {"csrfmiddlewaretoken": token, "next": "/"}
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.language == "zh-hans"


def render_avatar(member, **options) -> str:
    args = " ".join(f"{k}={v!r}" if isinstance(v, str) else f"{k}={v}" for k, v in options.items())
    return Template("{% load cocreate %}{% avatar member " + args + " %}").render(
        Context({"member": member})
    )


def test_avatar_without_a_picture_is_the_initial_named_for_screen_readers(member):
    html = render_avatar(member, size="sm")

    assert html.startswith('<span class="avatar avatar-sm tone-')
    assert 'role="img" aria-label="Ada Lovelace">A</span>' in html


def test_decorative_avatar_is_hidden_from_screen_readers(member):
    assert 'aria-hidden="true">A</span>' in render_avatar(member, decorative=True)


def test_avatar_of_a_former_member_is_a_question_mark():
    assert render_avatar(None).endswith('aria-label="">?</span>')
