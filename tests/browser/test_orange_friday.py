"""Orange Friday, driven through a real Chromium: a fan applies to a closed
beta program (refused until the risk is accepted), the team accepts them
from the queue, the new member sees the beta build, files a four-grid report
on it and reads the summary with the feature of the week; they report a bug
on the build from its page and the team confirms it; a release that ships an
idea the fan supports is published from its page, the fan hears that it
shipped in that version, and its credits page names the idea's author.

The whole flow runs once in English and once in Chinese, each window
switched with the header's language switcher. Expected sentences come from
the catalogue (gettext) and the data, so the Chinese run holds whether or not
a string is translated yet. Screenshots go to test-artifacts/."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import Browser, Page, expect

from cocreate.accounts.tests.factories import PASSWORD, UserFactory
from cocreate.betas import actions as betas
from cocreate.betas.enums import ApplicationStatus, BugStatus
from cocreate.betas.models import BetaApplication, BetaMembership, BetaProgram, BugReport
from cocreate.betas.tests.fixtures import eligible
from cocreate.forum.models import Product
from cocreate.ideas import actions as ideas
from cocreate.ideas.enums import IdeaStatus
from cocreate.releases.actions import releases
from cocreate.releases.enums import Channel, CreditRole, EntryKind, ReleaseStatus
from cocreate.releases.models import ExperienceReport, ReleaseCredit, Team
from cocreate.releases.terms import terms_of
from tests.browser.conftest import ARTIFACTS, log_in, submit

BETA_BUILD = "3.4.0-beta.1"
STABLE_BUILD = "3.4.0"
IDEA = "Dual clock on the lock screen"
NIGHT = ("Night mode in the camera", "相机夜景模式")
UNLOCK = ("Faster face unlock", "更快的面部解锁")
BLUETOOTH = ("Bluetooth reconnects by itself", "蓝牙自动重连")
CAMERA_TEAM = ("Camera", "相机组")
PROBLEM = {
    "en": "The camera freezes when night mode starts",
    "zh-hans": "夜景模式启动时相机卡死",
}
REASON = "Welcome aboard: your Lv.2 and your device fit the program."


def say(language: str, message: str, **values: str) -> str:
    """`message` as the catalogue has it in `language`, filled with `values`."""
    with translation.override(language):
        text = gettext(message)
    return text % values if values else text


def pick(language: str, pair: tuple[str, str]) -> str:
    return pair[0] if language == "en" else pair[1]


def window(browser: Browser, url: str, username: str, language: str) -> Page:
    """A browser window of its own, logged in as `username`, speaking `language`."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, url, username, PASSWORD)
    page.locator(f".site-header .language-switcher button[lang='{language}']:visible").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", language)
    return page


@pytest.fixture
def orange_friday(transactional_db):
    """The phone with its release rhythm and camera team; a closed beta
    program for Lv.2 members with its risk statement; a beta build published
    with three changelog entries; Ada's idea, which the fan supports, linked
    from the changelog of a stable release still in draft."""
    phone = Product.objects.create(slug="phone", name="Orange Phone", name_zh="橙子手机")
    releases.release_settings_for(phone)
    camera = Team.objects.create(
        product=phone, slug="camera", name=CAMERA_TEAM[0], name_zh=CAMERA_TEAM[1]
    )
    team = UserFactory(username="team", display_name="The Team", is_staff=True)
    ada = UserFactory(username="ada", display_name="Ada Lovelace")
    fan = eligible(UserFactory(username="lilei", display_name="Li Lei"))

    program = BetaProgram.objects.create(
        product=phone,
        slug="phone-beta",
        name="Phone beta",
        name_zh="手机内测",
        kind="closed",
        capacity=10,
        min_level=2,
        time_zone="Asia/Shanghai",
    )
    betas.publish_risk(
        program,
        actor=team,
        text="Beta builds may crash, drain the battery and lose data.",
        text_zh="测试版可能崩溃、耗电，甚至丢失数据。",
    )

    beta = releases.draft_release(
        phone,
        actor=team,
        channel=Channel.BETA,
        version=BETA_BUILD,
        release_date=timezone.localdate(),
        notes="This week's beta build.",
        entries=[
            releases.EntryData(
                kind=EntryKind.FEATURE, title=NIGHT[0], title_zh=NIGHT[1], team=camera
            ),
            releases.EntryData(kind=EntryKind.IMPROVEMENT, title=UNLOCK[0], title_zh=UNLOCK[1]),
            releases.EntryData(kind=EntryKind.FIX, title=BLUETOOTH[0], title_zh=BLUETOOTH[1]),
        ],
    )
    releases.publish_release(beta, actor=team)

    ideas.ideas_board_for(phone)
    idea = ideas.submit_idea(
        phone, author=ada, title=IDEA, description="The home time and the local time."
    )
    ideas.support_idea(idea, member=fan)
    stable = releases.draft_release(
        phone,
        actor=team,
        channel=Channel.STABLE,
        version=STABLE_BUILD,
        release_date=timezone.localdate() + timedelta(days=7),
        entries=[
            releases.EntryData(
                kind=EntryKind.FEATURE,
                title="Two clocks on the lock screen",
                title_zh="锁屏双时钟",
                ideas=[idea],
            )
        ],
    )
    return program, beta, stable, idea, fan, ada


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "zh-hans"], ids=["english", "chinese"])
def test_a_fan_takes_the_risk_reports_on_the_beta_and_is_credited(
    browser, live_server, orange_friday, run_worker, site, language
):
    program, beta, stable, idea, fan, ada = orange_friday
    url = live_server.url
    run_worker()  # the setup's activity: search index, reputation

    def shot(page: Page, name: str) -> None:
        page.screenshot(path=ARTIFACTS / f"orange-friday-{language}-{name}.png", full_page=True)

    page = window(browser, url, "lilei", language)
    team = window(browser, url, "team", language)
    messages = page.locator(".messages")

    # Not a member yet: the releases list shows no beta channel and no beta build.
    page.locator(".main-nav a[href='/releases/']").click()
    page.wait_for_load_state()
    expect(page.locator("nav.forum-tabs a[href$='channel=beta']")).to_have_count(0)
    expect(page.locator("#releases")).not_to_contain_text(BETA_BUILD)

    # 1. The fan opens the beta index, then the closed program and its risk.
    page.locator(".main-nav a[href='/beta/']").click()
    page.wait_for_load_state()
    card = page.locator(".beta-card", has_text=pick(language, (program.name, program.name_zh)))
    expect(card).to_have_count(1)
    shot(page, "01-beta-index")
    card.locator(f".card-title a[href='{program.get_absolute_url()}']").click()
    page.wait_for_load_state()
    risk = program.risks.get()
    expect(page.locator(".beta-risk .prose")).to_contain_text(
        pick(language, (risk.text, risk.text_zh))
    )
    expect(page.locator(".beta-conditions .beta-met")).to_have_count(1)
    apply = page.locator("form[action$='/apply/']")
    apply.locator("textarea[name=motivation]").fill("I take every Friday build anyway.")
    apply.locator("input[name=device]").fill("Orange Phone 14")

    # Without the tick the browser holds the form back…
    apply.locator("[type=submit]").click()
    expect(apply.locator("input[name=accept_risk]:invalid")).to_have_count(1)
    expect(page).to_have_url(url + program.get_absolute_url())
    # …and a browser that does not check it gets the server's refusal.
    apply.evaluate("form => { form.noValidate = true; }")
    submit(page, "form[action$='/apply/']")
    refusal = page.locator("form[action$='/apply/'] .errorlist")
    expect(refusal).to_have_text(say(language, "Tick the box to accept the risk statement."))
    shot(page, "02-risk-not-accepted")
    assert not BetaApplication.objects.exists()

    page.check("form[action$='/apply/'] input[name=accept_risk]")
    submit(page, "form[action$='/apply/']")
    expect(messages).to_contain_text(
        say(language, "Your application is in: the team will decide soon.")
    )
    expect(page.locator("form[action$='/withdraw/']")).to_be_visible()
    application = BetaApplication.objects.get(program=program, member=fan)
    assert (application.status, application.risk.version) == (ApplicationStatus.PENDING, 1)
    shot(page, "03-applied")

    # 2. The team accepts the application from the queue, with a reason.
    team.goto(url + program.get_absolute_url())
    team.locator(f"a[href='{reverse('betas:applications', args=[program.slug])}']").click()
    team.wait_for_load_state()
    row = team.locator(f"#application-{application.pk}")
    expect(row).to_contain_text("I take every Friday build anyway.")
    row.locator("input[name=reason]").fill(REASON)
    row.locator("button[name=status][value=accepted]").click()
    expect(row.locator(".badge-success")).to_be_visible()
    expect(row).to_contain_text(REASON)
    expect(row.locator("form")).to_have_count(0)
    shot(team, "04-accepted")
    assert BetaMembership.objects.filter(program=program, member=fan, status="active").exists()

    # 3. The member sees the beta build in the releases list and opens it.
    page.reload()
    expect(page.locator(".page-header .badge-success")).to_be_visible()
    page.locator(".main-nav a[href='/releases/']").click()
    page.wait_for_load_state()
    expect(page.locator(".release-list a.release-version", has_text=BETA_BUILD)).to_be_visible()
    page.locator("nav.forum-tabs a[href$='channel=beta']").click()
    expect(page.locator("nav.forum-tabs a[href$='channel=beta']")).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.locator(".release-list .release-row")).to_have_count(1)
    shot(page, "05-beta-channel")
    page.locator(".release-list a.release-version", has_text=BETA_BUILD).click()
    page.wait_for_load_state()
    expect(page.locator("h1 .release-version-big")).to_have_text(BETA_BUILD)
    expect(page.locator("#changelog")).to_contain_text(pick(language, NIGHT))

    # The four-grid report: a score is required, and nothing is lost when it is missing.
    page.locator(f".release-header a[href='{reverse('releases:report', args=[beta.pk])}']").click()
    page.wait_for_load_state()
    night, _unlock, bluetooth = list(beta.entries.order_by("position"))
    form = page.locator("form.report-form")
    form.locator(f"input[name=liked][value='{night.pk}']").check()
    form.locator("textarea[name=liked_comment]").fill("Night photos are finally usable.")
    form.locator(f"input[name=disliked][value='{bluetooth.pk}']").check()
    form.locator("textarea[name=disliked_comment]").fill("It still drops my earbuds.")
    form.locator("textarea[name=problem_1_text]").fill(PROBLEM[language])
    form.locator("select[name=problem_1_severity]").select_option("high")
    form.locator("textarea[name=want_next]").fill("Let me pick two time zones.")
    form.locator("input[name=want_next_idea]").fill(f"#{idea.pk}")
    submit(page, "form.report-form")
    expect(page.locator(".report-score .errorlist")).to_have_text(
        say(language, "Give the build a score from 1 to 5.")
    )
    assert not ExperienceReport.objects.exists()
    form = page.locator("form.report-form")
    expect(form.locator(f"input[name=liked][value='{night.pk}']")).to_be_checked()
    expect(form.locator("textarea[name=problem_1_text]")).to_have_value(PROBLEM[language])
    form.locator("label[for=score-4]").click()
    expect(form.locator("#score-4")).to_be_checked()
    shot(page, "06-four-grid-report")
    submit(page, "form.report-form")

    # The summary counts the report, ranks the entries and names the feature of the week.
    expect(page).to_have_url(url + reverse("releases:summary", args=[beta.pk]))
    expect(messages).to_contain_text(
        say(language, "Thank you: your report is in. Here is what everyone thinks so far.")
    )
    summary = page.locator("#summary")
    expect(summary.locator(".report-stats .stat dd").first).to_have_text("1")
    expect(summary.locator(".report-stats .stat dd").nth(1)).to_contain_text("4.0")
    ranked = summary.locator(".report-entries .report-entry")
    expect(ranked).to_have_count(3)
    expect(ranked.nth(0)).to_contain_text(pick(language, NIGHT))
    expect(ranked.nth(0).locator(".report-net")).to_have_text("+1")
    expect(ranked.nth(1).locator(".report-net")).to_have_text("0")
    expect(ranked.nth(2)).to_contain_text(pick(language, BLUETOOTH))
    expect(ranked.nth(2).locator(".report-net")).to_have_text("-1")
    feature = summary.locator(".report-feature.report-feature-provisional")
    expect(feature.locator(".report-feature-name")).to_have_text(pick(language, NIGHT))
    expect(feature).to_contain_text(pick(language, CAMERA_TEAM))
    expect(summary.locator(".report-terms")).to_contain_text(terms_of(PROBLEM[language])[0])
    expect(
        summary.locator(f"a[href='{reverse('releases:report', args=[beta.pk])}']")
    ).to_be_visible()
    shot(page, "07-summary")
    report = ExperienceReport.objects.get(release=beta, member=fan)
    assert (report.score, report.want_next_idea_id) == (4, idea.pk)
    assert {(p.entry_id, p.liked) for p in report.picks.all()} == {
        (night.pk, True),
        (bluetooth.pk, False),
    }
    assert [(p.text, p.severity) for p in report.problems.all()] == [(PROBLEM[language], "high")]

    # 4. A bug on the build, from the release page's "Report a bug".
    page.goto(url + beta.get_absolute_url())
    page.locator(f".release-header a[href$='/bugs/new/?release={beta.pk}']").click()
    page.wait_for_load_state()
    bug_form = page.locator("form[action$='/bugs/new/']")
    expect(bug_form.locator("select[name=release]")).to_have_value(str(beta.pk))
    bug_form.locator("input[name=title]").fill("Camera freezes in night mode")
    bug_form.locator("textarea[name=steps]").fill("Open the camera\nSwitch to night mode")
    bug_form.locator("textarea[name=expected]").fill("A bright preview")
    bug_form.locator("textarea[name=actual]").fill("The preview freezes")
    bug_form.locator("select[name=severity]").select_option("high")
    shot(page, "08-bug-form")
    submit(page, "form[action$='/bugs/new/']")
    expect(messages).to_contain_text(say(language, "Thank you: the team reads every bug report."))
    bug = BugReport.objects.get(reporter=fan)
    expect(page).to_have_url(url + reverse("betas:bug", args=[bug.pk]))
    assert (bug.release_id, bug.severity, bug.status) == (beta.pk, "high", BugStatus.NEW)

    # The team finds it in the triage queue and confirms it.
    team.goto(url + reverse("betas:bugs"))
    team.locator(f".bug-row a[href='{reverse('betas:bug', args=[bug.pk])}']").click()
    team.wait_for_load_state()
    triage = team.locator("form[action$='/triage/']")
    triage.locator("select[name=status]").select_option(BugStatus.CONFIRMED.value)
    triage.locator("textarea[name=response]").fill("Reproduced on two phones.")
    submit(team, "form[action$='/triage/']")
    expect(team.locator(".messages")).to_contain_text(
        say(language, "Triaged: the reporter is told.")
    )
    expect(team.locator(".page-header .bug-status-confirmed")).to_be_visible()
    shot(team, "09-bug-confirmed")
    bug.refresh_from_db()
    assert bug.status == BugStatus.CONFIRMED

    # The fan reads the team's answers, then marks everything read.
    run_worker()
    page.goto(url + reverse("notifications:list"))
    news = page.locator(".notification-list")
    program_name = pick(language, (program.name, program.name_zh))
    accepted = say(
        language, "Welcome to %(program)s: your application was accepted", program=program_name
    )
    expect(news).to_contain_text(
        say(language, "%(what)s: %(reason)s", what=accepted, reason=REASON)
    )
    confirmed = say(
        language, "The team confirmed your bug “%(title)s”", title="Camera freezes in night mode"
    )
    expect(news).to_contain_text(
        say(language, "%(what)s: %(reason)s", what=confirmed, reason="Reproduced on two phones.")
    )
    page.locator("form[action$='/read-all/'] [type=submit]").click()
    expect(page.locator(".notification.is-unread")).to_have_count(0)
    expect(page.locator("#notification-bell .notification-count")).to_have_count(0)

    # 5. The team publishes the release that ships the fan's supported idea.
    team.goto(url + stable.get_absolute_url())
    expect(team.locator(".release-header .release-status-draft")).to_be_visible()
    expect(team.locator("#changelog")).to_contain_text(IDEA)
    shot(team, "10-release-draft")
    submit(team, "form[action$='/publish/']")
    expect(team.locator(".messages")).to_contain_text(
        say(language, "%(version)s is published: its testers are told.", version=STABLE_BUILD)
    )
    expect(team.locator(".release-header .release-status-draft")).to_have_count(0)
    expect(team.locator("form[action$='/publish/']")).to_have_count(0)
    stable.refresh_from_db()
    idea.refresh_from_db()
    assert (stable.status, idea.status) == (ReleaseStatus.PUBLISHED, IdeaStatus.SHIPPED)
    run_worker()

    # The bell rings; the notification says the idea shipped in that version.
    page.goto(url + "/")
    bell = page.locator("#notification-bell")
    expect(bell.locator(".notification-count")).to_be_visible()
    bell.click()
    page.wait_for_load_state()
    expect(page).to_have_url(url + reverse("notifications:list"))
    shipped = say(
        language,
        "“%(title)s”, which you support, shipped in %(version)s",
        title=IDEA,
        version=STABLE_BUILD,
    )
    expect(page.locator(".notification.is-unread", has_text=shipped)).to_have_count(1)
    shot(page, "11-idea-shipped")

    # The release's co-creators page credits the idea's author, and the fan
    # as an early supporter.
    page.goto(url + stable.get_absolute_url())
    page.locator(
        f".release-header a[href='{reverse('releases:credits', args=[stable.pk])}']"
    ).click()
    page.wait_for_load_state()
    credit = page.locator(".release-credit", has_text=IDEA)
    expect(credit.locator(".release-credit-who")).to_contain_text("Ada Lovelace")
    expect(credit).to_contain_text("Li Lei")
    expect(page.locator(".release-credit-stats .release-stat strong").nth(1)).to_have_text("1")
    shot(page, "12-credits")
    assert set(ReleaseCredit.objects.filter(release=stable).values_list("member", "role")) == {
        (ada.pk, CreditRole.IDEA_AUTHOR),
        (fan.pk, CreditRole.EARLY_SUPPORTER),
    }
