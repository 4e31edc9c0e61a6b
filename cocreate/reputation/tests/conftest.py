import pytest

from cocreate.core.models import Activity
from cocreate.forum.models import Product


@pytest.fixture
def product(db):
    return Product.objects.create(slug="phone", name="Phone")


@pytest.fixture
def activity(db):
    """`activity(actor, verb, **data)` → a saved Activity, as the forum records it."""

    def make(actor, verb, **data):
        return Activity.objects.create(actor=actor, verb=verb, data=data)

    return make
