"""The main navigation, designed for every capability to come.

Each entry is shown only once its URL name reverses, so an app appears in the
header the moment its ``urls.py`` is wired in — no template edit needed.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MAIN_NAV: list[tuple[str, Promise]] = [
    ("forum:index", _("Forum")),
    ("ideas:index", _("Ideas")),
    ("releases:index", _("Releases")),
    ("betas:index", _("Beta")),
    ("challenges:index", _("Challenges")),
    ("events:index", _("Events")),
    ("events:clubs", _("Clubs")),
    ("reputation:leaderboard", _("Leaderboard")),
]

# Account settings pages, in the order members look for them. Names owned by
# allauth exist already; the others appear once their views are wired in.
SETTINGS_NAV: list[tuple[str, Promise]] = [
    ("account_settings", _("Profile")),
    ("account_email", _("E-mail")),
    ("account_change_password", _("Password")),
    ("mfa_index", _("Two-factor")),
    ("usersessions_list", _("Sessions")),
    ("notifications:preferences", _("Notifications")),
    ("api_tokens", _("API tokens")),
    ("account_data", _("Your data")),
]


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str
    current: bool


def reverse_or_none(url_name: str, *args: object) -> str | None:
    try:
        return reverse(url_name, args=args or None)
    except NoReverseMatch:
        return None


def main_nav(path: str = "") -> list[NavItem]:
    """The main entries whose views exist, the one containing `path` marked current."""
    return _build(MAIN_NAV, path)


def settings_nav(path: str = "") -> list[NavItem]:
    """The settings pages whose views exist, the one containing `path` marked current."""
    return _build(SETTINGS_NAV, path)


@lru_cache(maxsize=64)
def _page_url(url_name: str) -> str | None:
    """Argument-free URLs never change while the process runs: resolve once."""
    return reverse_or_none(url_name)


def _build(entries: list[tuple[str, Promise]], path: str) -> list[NavItem]:
    items = []
    for url_name, label in entries:
        url = _page_url(url_name)
        if url is None:
            continue
        current = url != "/" and path.startswith(url)
        items.append(NavItem(url=url, label=str(label), current=current))
    # Only the longest matching prefix is current (e.g. /releases/beta/ over /releases/).
    current = [i for i in items if i.current]
    if len(current) > 1:
        best = max(current, key=lambda i: len(i.url))
        items = [NavItem(i.url, i.label, i is best) for i in items]
    return items
