"""The royalties API: your earnings; staff adopt entries and record sales."""

from datetime import timedelta
from decimal import Decimal

import pytest

from cocreate.accounts.tests.factories import UserFactory
from cocreate.challenges.actions import royalties as actions
from cocreate.challenges.models import Adoption, EntryMember, LedgerEntry, SalesPeriod
from cocreate.challenges.tests.fixtures import make_challenge, make_entry
from cocreate.challenges.tests.test_royalties_actions import LAST_MONTH

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(product, member):
    return make_entry(make_challenge(product, phase="announced"), member, title="Ink waves")


@pytest.fixture
def adoption(entry, staff):
    return actions.adopt_entry(
        entry, actor=staff, product=entry.challenge.product, product_name="Ink Waves case"
    )


def _sales(**changes):
    return {
        "starts_on": LAST_MONTH.isoformat(),
        "ends_on": (LAST_MONTH + timedelta(days=27)).isoformat(),
        "units": 30,
        "revenue": "1000.00",
        **changes,
    }


def test_staff_adopt_an_entry(api, token_for, staff, entry, product):
    response = api.post(
        f"/entries/{entry.pk}/adoption",
        {"product": product.pk, "product_name": "Case"},
        token=token_for(staff),
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["royalty_rate"] == "0.0100" and body["entry"] == entry.pk
    assert Adoption.objects.get().product_name == "Case"


def test_adopting_twice_is_a_409_with_its_code(api, token_for, staff, adoption, product):
    response = api.post(
        f"/entries/{adoption.entry_id}/adoption",
        {"product": product.pk, "product_name": "Again"},
        token=token_for(staff),
    )

    assert response.status_code == 409 and response.json()["code"] == "adopted"


def test_an_entry_of_an_open_challenge_is_not_adoptable(api, token_for, staff, product, member):
    entry = make_entry(make_challenge(product, slug="open-one"), member)
    response = api.post(
        f"/entries/{entry.pk}/adoption",
        {"product": product.pk, "product_name": "Case"},
        token=token_for(staff),
    )

    assert response.status_code == 409 and response.json()["code"] == "not_adoptable"


@pytest.mark.parametrize(
    "payload",
    [
        {"product_name": ""},
        {"royalty_rate": "1.5"},
        {"currency": "EURO"},
        {"product": 999999},
    ],
)
def test_bad_adoptions_are_422(api, token_for, staff, entry, product, payload):
    body = {"product": product.pk, "product_name": "Case", **payload}
    response = api.post(f"/entries/{entry.pk}/adoption", body, token=token_for(staff))

    assert response.status_code == 422, response.content
    assert not Adoption.objects.exists()


def test_members_may_not_adopt_nor_record_sales(api, token_for, member, entry, product, adoption):
    token = token_for(member)
    adopt = api.post(
        f"/entries/{entry.pk}/adoption", {"product": product.pk, "product_name": "X"}, token=token
    )
    sales = api.post(f"/adoptions/{adoption.pk}/sales", _sales(), token=token)

    assert adopt.status_code == 403 and sales.status_code == 403
    assert not SalesPeriod.objects.exists()


def test_staff_record_sales_and_get_each_creators_share(api, token_for, staff, adoption, entry):
    grace = UserFactory(username="grace")
    EntryMember.objects.filter(entry=entry).update(share=Decimal("2"))
    EntryMember.objects.create(entry=entry, member=grace, share=Decimal("1"), status="confirmed")

    response = api.post(
        f"/adoptions/{adoption.pk}/sales", _sales(revenue="1000.01"), token=token_for(staff)
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["royalty"] == "10.00" and body["currency"] == "CNY"
    assert {share["member"]: share["amount"] for share in body["shares"]} == {
        "ada": "6.67",
        "grace": "3.33",
    }


@pytest.mark.parametrize(
    "changes",
    [
        {"revenue": "-1.00"},
        {"revenue": "1.001"},
        {"units": -1},
        {"ends_on": (LAST_MONTH - timedelta(days=1)).isoformat()},
        {"ends_on": "2999-12-31"},
        {"starts_on": "not a date"},
    ],
)
def test_bad_sales_are_422_and_nothing_changes(api, token_for, staff, adoption, changes):
    response = api.post(
        f"/adoptions/{adoption.pk}/sales", _sales(**changes), token=token_for(staff)
    )

    assert response.status_code == 422, response.content
    assert not SalesPeriod.objects.exists() and not LedgerEntry.objects.exists()


def test_an_overlapping_period_is_422_on_its_start(api, token_for, staff, adoption):
    token = token_for(staff)
    assert api.post(f"/adoptions/{adoption.pk}/sales", _sales(), token=token).status_code == 201

    response = api.post(f"/adoptions/{adoption.pk}/sales", _sales(units=1), token=token)

    assert response.status_code == 422
    assert SalesPeriod.objects.count() == 1


def test_my_earnings_are_mine_only(api, token_for, member, other_member, staff, adoption):
    actions.record_sales(
        adoption,
        actor=staff,
        starts_on=LAST_MONTH,
        ends_on=LAST_MONTH + timedelta(days=1),
        units=5,
        revenue=Decimal("250.00"),
    )

    mine = api.get("/me/earnings", token=token_for(member)).json()
    theirs = api.get("/me/earnings", token=token_for(other_member)).json()

    assert mine["totals"] == [{"currency": "CNY", "owed": "2.50", "paid": "0.00"}]
    [row] = mine["rows"]
    assert row["kind"] == "royalty" and row["amount"] == "2.50" and row["units"] == 5
    assert row["rate"] == "0.0100" and row["share"] == "100.00" and row["paid_at"] is None
    assert theirs == {"totals": [], "rows": []}


def test_earnings_need_a_login(api):
    assert api.get("/me/earnings").status_code == 401
