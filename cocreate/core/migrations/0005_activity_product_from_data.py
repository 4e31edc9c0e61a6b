"""Move the product id that activities carried in `data["product"]` into the
`product` column. Portable: plain batches in Python, no JSON SQL beyond the
`has_key` lookup both SQLite and PostgreSQL support."""

from django.db import migrations

BATCH = 2000


def _product_id(value, ids, slugs):
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        return int(value) if int(value) in ids else None
    if isinstance(value, str):
        return slugs.get(value)
    return None


def data_to_column(apps, schema_editor):
    Activity = apps.get_model("core", "Activity")
    Product = apps.get_model("forum", "Product")
    ids = set(Product.objects.values_list("pk", flat=True))
    slugs = dict(Product.objects.values_list("slug", "pk"))
    last = 0
    while True:
        batch = list(
            Activity.objects.filter(pk__gt=last, data__has_key="product")
            .order_by("pk")
            .only("pk", "data", "product")[:BATCH]
        )
        if not batch:
            return
        for activity in batch:
            value = activity.data.pop("product")
            activity.product_id = activity.product_id or _product_id(value, ids, slugs)
        Activity.objects.bulk_update(batch, ["product", "data"])
        last = batch[-1].pk


def column_to_data(apps, schema_editor):
    Activity = apps.get_model("core", "Activity")
    last = 0
    while True:
        batch = list(
            Activity.objects.filter(pk__gt=last, product__isnull=False)
            .order_by("pk")
            .only("pk", "data", "product")[:BATCH]
        )
        if not batch:
            return
        for activity in batch:
            activity.data["product"] = activity.product_id
        Activity.objects.bulk_update(batch, ["data"])
        last = batch[-1].pk


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_activity_product'),
        ('forum', '0001_initial'),
    ]

    operations = [migrations.RunPython(data_to_column, column_to_data, elidable=True)]
