"""The royalty pages: adopting, an adoption's sales, the staff ledger and
its CSV, a member's earnings statement, and adopted designs on profiles."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from cocreate.accounts.tests.factories import UserFactory
from cocreate.challenges.actions import royalties as actions
from cocreate.challenges.models import Adoption, LedgerEntry, SalesPeriod
from cocreate.challenges.tests.fixtures import make_challenge, make_entry

from .test_royalties_actions import LAST_MONTH

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
# Session, user, the base layout's (moderation, stats), then the page's own:
# the statement is one query; the ledger its page, its count and its totals.
EARNINGS_QUERIES = 5
LEDGER_QUERIES = 7


def logged_in(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def creator(db):
    return UserFactory(username="linus", display_name="Linus Creator")


@pytest.fixture
def entry(product, creator):
    return make_entry(make_challenge(product, phase="announced"), creator, title="Ink waves")


@pytest.fixture
def adoption(entry, staff):
    return actions.adopt_entry(
        entry, actor=staff, product=entry.challenge.product, product_name="Ink Waves case"
    )


@pytest.fixture
def period(adoption, staff):
    return actions.record_sales(
        adoption,
        actor=staff,
        starts_on=LAST_MONTH,
        ends_on=LAST_MONTH + timedelta(days=27),
        units=120,
        revenue=Decimal("12345.67"),
    )


def _text(response) -> str:
    return response.content.decode()


def _period_post(**changes):
    data = {
        "starts_on": LAST_MONTH.isoformat(),
        "ends_on": (LAST_MONTH + timedelta(days=27)).isoformat(),
        "units": "120",
        "revenue": "12345.67",
    }
    data.update(changes)
    return data


# Who may do what -----------------------------------------------------------------

ROLES = ["visitor", "member", "creator", "staff"]


def _user(role, member, creator, staff):
    return {"visitor": None, "member": member, "creator": creator, "staff": staff}[role]


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_adopt_an_entry(client, role, member, creator, staff, entry):
    client = logged_in(client, _user(role, member, creator, staff))
    url = reverse("challenges:adopt", args=[entry.pk])

    page = client.get(url)
    response = client.post(
        url,
        {
            "product": entry.challenge.product_id,
            "product_name": "Case",
            "royalty_rate": "0.01",
            "currency": "CNY",
        },
    )

    if role == "staff":
        assert page.status_code == 200 and "Adopt “Ink waves”" in _text(page)
        assert response.status_code == 302
        assert Adoption.objects.get().product_name == "Case"
    else:
        assert page.status_code == 403 and response.status_code == 403
        assert not Adoption.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_see_an_adoption_and_record_its_sales(
    client, role, member, creator, staff, adoption
):
    client = logged_in(client, _user(role, member, creator, staff))
    url = reverse("challenges:adoption", args=[adoption.pk])

    page = client.get(url)
    response = client.post(url, _period_post())

    if role == "staff":
        assert page.status_code == 200 and response.status_code == 302
        assert SalesPeriod.objects.get().royalty == Decimal("123.46")
    else:
        assert page.status_code == 403 and response.status_code == 403
        assert not SalesPeriod.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_see_the_ledger_its_csv_and_mark_rows_paid(
    client, role, member, creator, staff, period
):
    client = logged_in(client, _user(role, member, creator, staff))
    row = LedgerEntry.objects.get()

    page = client.get(reverse("challenges:ledger"))
    csv = client.get(reverse("challenges:ledger_csv"))
    paid = client.post(reverse("challenges:ledger"), {"rows": [row.pk]})

    row.refresh_from_db()
    if role == "staff":
        assert (page.status_code, csv.status_code, paid.status_code) == (200, 200, 302)
        assert row.paid_at is not None
    else:
        assert (page.status_code, csv.status_code, paid.status_code) == (403, 403, 403)
        assert row.paid_at is None


@pytest.mark.parametrize("role", ROLES)
def test_every_member_sees_only_their_own_earnings(client, role, member, creator, staff, period):
    response = logged_in(client, _user(role, member, creator, staff)).get(
        reverse("challenges:earnings")
    )

    if role == "visitor":
        assert response.status_code == 302 and "/login" in response["Location"]
        return
    assert response.status_code == 200
    page = _text(response)
    if role == "creator":
        assert "123.46" in page and "Ink Waves case" in page
    else:
        assert "123.46" not in page and "Nothing yet" in page


# Adopting ------------------------------------------------------------------------


def test_the_adopt_form_proposes_the_challenges_rate_and_the_entrys_title(client, staff, entry):
    page = _text(logged_in(client, staff).get(reverse("challenges:adopt", args=[entry.pk])))

    assert 'value="0.0100"' in page and 'value="Ink waves"' in page


def test_adopting_twice_is_a_conflict_with_a_clear_message(client, staff, adoption, entry):
    client = logged_in(client, staff)
    url = reverse("challenges:adopt", args=[entry.pk])

    assert client.get(url)["Location"] == reverse("challenges:adoption", args=[adoption.pk])
    response = client.post(
        url,
        {
            "product": entry.challenge.product_id,
            "product_name": "Again",
            "royalty_rate": "0.01",
            "currency": "CNY",
        },
    )
    assert response.status_code == 409
    assert "already been adopted" in _text(response)
    assert Adoption.objects.get().product_name == "Ink Waves case"


@pytest.mark.parametrize(
    "data",
    [
        {"royalty_rate": "2"},
        {"royalty_rate": "abc"},
        {"product_name": ""},
        {"currency": "EURO"},
        {"product": "999999"},
    ],
)
def test_bad_adoption_input_is_a_400_and_nothing_changes(client, staff, entry, data):
    post = {
        "product": entry.challenge.product_id,
        "product_name": "Case",
        "royalty_rate": "0.01",
        "currency": "CNY",
        **data,
    }
    response = logged_in(client, staff).post(reverse("challenges:adopt", args=[entry.pk]), post)

    assert response.status_code == 400
    assert not Adoption.objects.exists()


def test_adopting_an_entry_of_an_open_challenge_is_a_conflict(client, staff, product, creator):
    entry = make_entry(make_challenge(product, slug="open-one", phase="open"), creator)
    response = logged_in(client, staff).post(
        reverse("challenges:adopt", args=[entry.pk]),
        {"product": product.pk, "product_name": "Case", "royalty_rate": "0.01", "currency": "CNY"},
    )

    assert response.status_code == 409
    assert "announced its winners" in _text(response)


def test_adopting_a_missing_entry_is_a_404_for_staff(client, staff):
    assert (
        logged_in(client, staff).get(reverse("challenges:adopt", args=[999999])).status_code == 404
    )


# Sales periods -------------------------------------------------------------------


def test_the_adoption_page_lists_periods_with_totals_and_proposes_the_next(
    client, staff, adoption, period
):
    page = _text(logged_in(client, staff).get(reverse("challenges:adoption", args=[adoption.pk])))

    assert "12345.67" in page and "123.46" in page and "1%" in page
    assert f'value="{(period.ends_on + timedelta(days=1)).isoformat()}"' in page


def test_the_adoption_page_answers_htmx_with_its_partial(client, staff, adoption):
    response = logged_in(client, staff).get(
        reverse("challenges:adoption", args=[adoption.pk]), headers=HTMX
    )
    assert "<html" not in _text(response) and "Record the next period" in _text(response)


@pytest.mark.parametrize(
    "changes",
    [
        {"revenue": "-1"},
        {"revenue": "1.001"},
        {"revenue": "lots"},
        {"units": "-3"},
        {"units": "1.5"},
        {"ends_on": (LAST_MONTH - timedelta(days=1)).isoformat()},
        {"starts_on": "2026-02-30"},
        {"ends_on": "2999-01-01"},
    ],
)
def test_bad_sales_periods_are_a_400_and_nothing_changes(client, staff, adoption, changes):
    response = logged_in(client, staff).post(
        reverse("challenges:adoption", args=[adoption.pk]), _period_post(**changes)
    )

    assert response.status_code == 400
    assert 'class="errorlist"' in _text(response)
    assert not SalesPeriod.objects.exists() and not LedgerEntry.objects.exists()


def test_an_overlapping_period_is_a_400_saying_which_period(client, staff, adoption, period):
    response = logged_in(client, staff).post(
        reverse("challenges:adoption", args=[adoption.pk]),
        _period_post(starts_on=(LAST_MONTH + timedelta(days=5)).isoformat()),
    )

    assert response.status_code == 400 and "overlap" in _text(response)
    assert SalesPeriod.objects.count() == 1


# The ledger ----------------------------------------------------------------------


@pytest.fixture
def two_adoptions(product, staff, creator, period):
    """A second creator's adopted entry in another challenge, paid."""
    other = UserFactory(username="mary", display_name="Mary Other")
    entry = make_entry(make_challenge(product, slug="mugs", phase="announced"), other, title="Mug")
    adopted = actions.adopt_entry(entry, actor=staff, product=product, product_name="Mug 2")
    actions.record_sales(
        adopted,
        actor=staff,
        starts_on=LAST_MONTH,
        ends_on=LAST_MONTH + timedelta(days=3),
        units=1,
        revenue=Decimal("500.00"),
    )
    actions.mark_paid(LedgerEntry.objects.filter(member=other), actor=staff)
    return other


@pytest.mark.parametrize(
    "query, shown, hidden",
    [
        ("member=linus", "123.46", "5.00 CNY"),
        ("paid=paid", "5.00 CNY", "123.46"),
        ("paid=owed", "123.46", "5.00 CNY"),
        ("challenge=mugs", "5.00 CNY", "123.46"),
        ("kind=prize", "No ledger rows match", "123.46"),
    ],
)
def test_the_ledger_filters(client, staff, two_adoptions, query, shown, hidden):
    page = _text(logged_in(client, staff).get(reverse("challenges:ledger") + "?" + query))

    table = page.split("<tbody>")[1] if "<tbody>" in page else page
    assert shown in page and hidden not in table


def test_the_ledger_totals_owed_and_paid_per_currency(client, staff, two_adoptions):
    page = _text(logged_in(client, staff).get(reverse("challenges:ledger")))

    assert "Owed (CNY)" in page and "123.46" in page and "5.00" in page


def test_marking_nothing_paid_says_so(client, staff, period):
    response = logged_in(client, staff).post(reverse("challenges:ledger"), {"rows": ["x"]})

    assert response.status_code == 302
    assert not LedgerEntry.objects.filter(paid_at__isnull=False).exists()


def test_the_ledger_keeps_a_fixed_number_of_queries(
    client, staff, product, two_adoptions, django_assert_max_num_queries
):
    client = logged_in(client, staff)
    client.get(reverse("challenges:ledger"))
    with django_assert_max_num_queries(LEDGER_QUERIES):
        client.get(reverse("challenges:ledger"))
    for index in range(5):
        challenge = make_challenge(product, slug=f"more-{index}", phase="announced")
        extra = make_entry(challenge, UserFactory(username=f"extra{index}"), title=f"X{index}")
        adopted = actions.adopt_entry(extra, actor=staff, product=product, product_name=f"P{index}")
        actions.record_sales(
            adopted,
            actor=staff,
            starts_on=LAST_MONTH,
            ends_on=LAST_MONTH,
            units=1,
            revenue=Decimal("100"),
        )
    with django_assert_max_num_queries(LEDGER_QUERIES):
        client.get(reverse("challenges:ledger"))


def test_the_csv_is_excel_safe(client, staff, period, creator):
    creator.display_name = "=HYPERLINK(evil)"
    creator.save()

    response = logged_in(client, staff).get(reverse("challenges:ledger_csv") + "?member=linus")

    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    assert "'=HYPERLINK(evil)" in body
    assert "123.46" in body and "Ink waves" in body
    assert len(body.strip().splitlines()) == 2


# Earnings ------------------------------------------------------------------------


def test_the_statement_groups_rows_by_entry_with_the_period_lines(client, creator, period, staff):
    actions.mark_paid(LedgerEntry.objects.all(), actor=staff)
    page = _text(logged_in(client, creator).get(reverse("challenges:earnings")))

    assert "Ink waves" in page and "Ink Waves case" in page
    assert "120" in page and "12345.67" in page and "1%" in page and "100%" in page
    assert "123.46 CNY paid" in page and "Paid to you (CNY)" in page


def test_the_statement_keeps_a_fixed_number_of_queries(
    client, creator, staff, adoption, period, django_assert_max_num_queries
):
    client = logged_in(client, creator)
    client.get(reverse("challenges:earnings"))
    with django_assert_max_num_queries(EARNINGS_QUERIES):
        client.get(reverse("challenges:earnings"))
    for month in range(2, 6):
        start = LAST_MONTH - timedelta(days=31 * month)
        actions.record_sales(
            adoption, actor=staff, starts_on=start, ends_on=start, units=1, revenue=Decimal("9")
        )
    with django_assert_max_num_queries(EARNINGS_QUERIES):
        client.get(reverse("challenges:earnings"))


# Profiles ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_a_profile_lists_adopted_designs_but_never_amounts(
    client, role, member, creator, staff, period
):
    page = _text(
        logged_in(client, _user(role, member, creator, staff)).get(
            reverse("profile", args=[creator.username])
        )
    )

    assert "Adopted designs" in page and "Ink waves" in page and "Ink Waves case" in page
    assert "123.46" not in page and "12345.67" not in page
    link = reverse("challenges:earnings")
    assert (link in page) == (role == "creator")


def test_a_profile_without_adoptions_shows_nothing_to_others(client, member, creator):
    page = _text(client.get(reverse("profile", args=[member.username])))
    assert "Adopted designs" not in page


@pytest.mark.parametrize("count", [1, 6])
def test_a_profile_lists_adopted_designs_in_fixed_queries(
    client, product, creator, staff, count, django_assert_max_num_queries
):
    for index in range(count):
        challenge = make_challenge(product, slug=f"adopted-{index}", phase="announced")
        entry = make_entry(challenge, creator, title=f"Design {index}")
        actions.adopt_entry(entry, actor=staff, product=product, product_name=f"Product {index}")
    url = reverse("profile", args=[creator.username])
    client.get(url)
    with django_assert_max_num_queries(8):  # as the accounts' profile test allows
        page = _text(client.get(url))
    assert f"Product {count - 1}" in page


def test_a_solution_challenges_adoption_is_listed_to_the_member_only(
    client, product, creator, staff
):
    challenge = make_challenge(product, slug="secret", kind="solution", phase="announced")
    entry = make_entry(challenge, creator, title="Secret battery")
    actions.adopt_entry(entry, actor=staff, product=product, product_name="Battery X")
    url = reverse("profile", args=[creator.username])

    assert "Battery X" not in _text(client.get(url))
    assert "Battery X" in _text(logged_in(client, creator).get(url))


def test_ledger_totals_are_exact_to_the_cent_on_every_database(two_adoptions):
    from cocreate.challenges.queries.royalties import ledger_rows, totals_of

    [total] = totals_of(ledger_rows())
    assert (total["currency"], str(total["owed"]), str(total["paid"])) == ("CNY", "123.46", "5.00")


def test_the_statement_lists_the_newest_period_first(client, creator, staff, adoption, period):
    earlier = LAST_MONTH - timedelta(days=40)
    actions.record_sales(
        adoption, actor=staff, starts_on=earlier, ends_on=earlier, units=7, revenue=Decimal("700")
    )
    page = _text(logged_in(client, creator).get(reverse("challenges:earnings")))

    assert page.index("12345.67") < page.index("700.00")
