"""A design contest from entry to royalties, driven through a real Chromium:
a member enters with an image; once entries close, the author cannot score
their own entry but another member scores it; when scoring closes the team
shortlists it, the judge scores it on every criterion, the team confirms
the winners and the results page credits the author, whose prize is in the
ledger; the team adopts the design, records a quarter's sales, and the
author reads prize and royalty on their earnings statement.

Deadlines pass the way the clock would pass them: the test moves the
challenge's deadlines, and every page asks the server's clock. The flow runs
in English and in Chinese; expected sentences come from the catalogue.
Screenshots go to test-artifacts/."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from cocreate.accounts.tests.factories import PASSWORD, UserFactory
from cocreate.challenges.enums import EntryStatus
from cocreate.challenges.models import Challenge, Entry, LedgerEntry, Score
from cocreate.challenges.tests.fixtures import add_criteria, add_prizes, make_challenge
from cocreate.forum.models import Product
from tests.browser.conftest import ARTIFACTS, log_in, submit
from tests.browser.test_orange_friday import say

TITLE = "Tidal lines"


def window(browser: Browser, url: str, username: str, language: str) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, url, username, PASSWORD)
    page.locator(f".site-header .language-switcher button[lang='{language}']:visible").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", language)
    return page


def move_clock(challenge: Challenge, phase: str) -> None:
    """Let the deadline before `phase` pass."""
    now = timezone.now()
    if phase == "scoring":
        fields = {"submissions_close_at": now - timedelta(minutes=1)}
    else:
        fields = {"scoring_closes_at": now - timedelta(minutes=1)}
    Challenge.objects.filter(pk=challenge.pk).update(**fields)


@pytest.fixture
def contest(transactional_db):
    """An open design contest of the phone with three prizes and two
    criteria, its judge, and three members: an entrant, a scorer and staff."""
    phone = Product.objects.create(slug="phone", name="Orange Phone", name_zh="橙子手机")
    UserFactory(username="team", display_name="The Team", is_staff=True)
    UserFactory(username="ada", display_name="Ada Lovelace")
    UserFactory(username="grace", display_name="Grace Hopper")
    judy = UserFactory(username="judy", display_name="Judy")
    challenge = make_challenge(phone)
    add_prizes(challenge)
    add_criteria(challenge)
    challenge.judges.create(member=judy)
    return challenge


@pytest.fixture
def artwork(tmp_path):
    path = tmp_path / "tidal-lines.png"
    Image.new("RGB", (900, 700), "#ff7a1a").save(path)
    return path


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "zh-hans"], ids=["english", "chinese"])
def test_an_entry_is_scored_judged_wins_and_earns_royalties(
    browser, live_server, contest, artwork, site, language
):
    url = live_server.url

    def shot(page: Page, name: str) -> None:
        page.screenshot(path=ARTIFACTS / f"challenge-{language}-{name}.png", full_page=True)

    ada = window(browser, url, "ada", language)

    # 1. Ada opens the contest and enters it with an image.
    ada.goto(url + contest.get_absolute_url())
    expect(ada.locator("h1")).to_contain_text(contest.name if language == "en" else contest.name_zh)
    ada.locator(f"a.button[href='/challenges/{contest.slug}/enter/']").first.click()
    ada.wait_for_load_state()
    form = "form[action$='/enter/']"
    ada.fill(f"{form} input[name=title]", TITLE)
    ada.fill(f"{form} textarea[name=description]", "Contour lines of a tide map.")
    ada.set_input_files(f"{form} input[name=images]", str(artwork))
    shot(ada, "01-enter")
    ada.check(f"{form} input[name=accept_terms]")
    submit(ada, form)
    entry = Entry.objects.get(challenge=contest, title=TITLE)
    expect(ada).to_have_url(url + entry.get_absolute_url())
    expect(ada.locator("h1")).to_have_text(TITLE)
    assert entry.images.count() == 1 and entry.thumbnail
    shot(ada, "02-entry")

    # 2. Entries close: scoring opens. Ada may not score her own entry…
    move_clock(contest, "scoring")
    ada.reload()
    expect(ada.locator("#entry-score")).to_contain_text(
        say(language, "You cannot score your own or your team's entry.")
    )
    expect(ada.locator("#entry-score button[name=score]")).to_have_count(0)

    # …Grace scores it 4, and changes nothing else.
    grace = window(browser, url, "grace", language)
    grace.goto(url + entry.get_absolute_url())
    grace.locator("#entry-score button[name=score][value='4']").click()
    expect(grace.locator("#entry-score [role=status]")).to_have_text(
        say(language, "Saved. You can change it until scoring closes.")
    )
    four = grace.locator("#entry-score button[value='4']")
    expect(four).to_have_attribute("aria-pressed", "true")
    assert Score.objects.get(entry=entry).value == 4
    shot(grace, "03-scored")

    # 3. Scoring closes: the team shortlists the entry…
    move_clock(contest, "judging")
    team = window(browser, url, "team", language)
    team.goto(url + f"/challenges/{contest.slug}/judging/")
    shortlist = "form:has(input[name=do][value=shortlist])"
    team.check(f"{shortlist} input[name=entries][value='{entry.pk}']")
    submit(team, shortlist)
    assert Entry.objects.get(pk=entry.pk).is_shortlisted

    # …the judge scores it on every criterion…
    judy = window(browser, url, "judy", language)
    judy.goto(url + f"/challenges/entries/{entry.pk}/judge/")
    for criterion, score in zip(contest.criteria.all(), (9, 8), strict=True):
        judy.fill(f"input[name=score_{criterion.pk}]", str(score))
        judy.fill(f"textarea[name=comment_{criterion.pk}]", "Bold and printable.")
    shot(judy, "04-judging")
    submit(judy, "form:has(input[name^=score_])")
    assert Entry.objects.get(pk=entry.pk).jury_score == pytest.approx((9 * 2 + 8) / 3)

    # …and the team confirms the winners: Ada's entry takes the first prize.
    team.goto(url + f"/challenges/{contest.slug}/ranking/")
    shot(team, "05-ranking")
    submit(team, "form:has(select)")
    team.goto(url + f"/challenges/{contest.slug}/results/")
    expect(team.locator("main")).to_contain_text(TITLE)
    expect(team.locator("main")).to_contain_text("Ada Lovelace")
    shot(team, "06-results")
    prize = LedgerEntry.objects.get(entry=entry, kind="prize")
    assert (prize.member.username, prize.amount) == ("ada", Decimal("10000.00"))

    # 4. The team adopts the design and records a quarter's sales at 1%.
    team.goto(url + f"/challenges/entries/{entry.pk}/adopt/")
    team.fill("form[action$='/adopt/'] input[name=product_name]", "Tidal case")
    submit(team, "form[action$='/adopt/']")
    sales = "form.royalty-period-form"
    expect(team.locator(sales)).to_be_visible()
    team.fill(f"{sales} input[name=starts_on]", "2026-07-01")
    team.fill(f"{sales} input[name=ends_on]", "2026-09-30")
    team.fill(f"{sales} input[name=units]", "1200")
    team.fill(f"{sales} input[name=revenue]", "143988.50")
    submit(team, sales)
    royalty = LedgerEntry.objects.get(entry=entry, kind="royalty")
    assert royalty.amount == Decimal("1439.89")
    shot(team, "07-adoption")

    # 5. Ada reads her prize and her royalty on her statement.
    ada.goto(url + "/challenges/earnings/")
    statement = ada.locator("main")
    expect(statement).to_contain_text("10000.00")
    expect(statement).to_contain_text("1439.89")
    expect(statement).to_contain_text("11439.89")
    shot(ada, "08-earnings")
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.SUBMITTED
