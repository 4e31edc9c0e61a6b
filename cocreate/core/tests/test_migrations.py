"""Data migrations, run forwards and backwards on a real schema."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("core", "0004_activity_product")]
AFTER = [("core", "0005_activity_product_from_data")]


@pytest.fixture
def restore_schema():
    """Leave the database fully migrated, whatever the test did."""
    yield
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_product_moves_from_activity_data_to_its_column_and_back(restore_schema):
    # given activities written before the column existed
    apps = migrate(BEFORE)
    Product = apps.get_model("forum", "Product")
    Activity = apps.get_model("core", "Activity")
    phone = Product.objects.create(slug="phone", name="Phone")
    by_id = Activity.objects.create(verb="thread.created", data={"product": phone.pk, "x": 1})
    by_slug = Activity.objects.create(verb="thread.created", data={"product": "phone"})
    general = Activity.objects.create(verb="thread.created", data={"product": None})
    gone = Activity.objects.create(verb="thread.created", data={"product": 999})
    other = Activity.objects.create(verb="account.joined", data={"y": 2})

    # when
    apps = migrate(AFTER)

    # then the id is in the column and no longer in the data
    Activity = apps.get_model("core", "Activity")
    moved = {a.pk: (a.product_id, a.data) for a in Activity.objects.all()}
    assert moved == {
        by_id.pk: (phone.pk, {"x": 1}),
        by_slug.pk: (phone.pk, {}),
        general.pk: (None, {}),
        gone.pk: (None, {}),
        other.pk: (None, {"y": 2}),
    }

    # and going back puts it where it was
    apps = migrate(BEFORE)
    Activity = apps.get_model("core", "Activity")
    assert Activity.objects.get(pk=by_id.pk).data == {"x": 1, "product": phone.pk}
