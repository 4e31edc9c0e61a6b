from django.db import transaction
from django_tasks_db.models import DBTaskResult

from cocreate.accounts.tests.factories import UserFactory
from cocreate.core.activity import consumers_for, record
from cocreate.core.models import Activity


def test_record_writes_one_row_with_target(db):
    member = UserFactory()

    activity = record(actor=member, verb="account.joined", target=member, public=True, x=1)

    assert Activity.objects.get() == activity
    assert activity.target == member
    assert activity.data == {"x": 1}


def test_record_without_consumers_schedules_nothing(db):
    record(actor=None, verb="nothing.listens", public=False)

    assert not DBTaskResult.objects.exists()
    assert consumers_for("nothing.listens") == []


def test_the_fan_out_is_queued_with_the_activity_or_not_at_all(db):
    member = UserFactory()

    with transaction.atomic():
        record(actor=member, verb="account.password_changed", target=member)
        transaction.set_rollback(True)
    record(actor=member, verb="account.password_changed", target=member)

    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [Activity.objects.get().pk]


def test_consumed_activity_is_fanned_out_by_the_worker(db, commit_and_work, mailoutbox):
    member = UserFactory(email="ada@example.com")

    with commit_and_work():
        record(actor=member, verb="account.password_changed", target=member)

    assert [m.to for m in mailoutbox] == [["ada@example.com"]]
    assert "password" in mailoutbox[0].body


def test_record_puts_the_product_in_its_column_given_an_instance_or_an_id(db):
    from cocreate.forum.models import Product

    phone = Product.objects.create(slug="phone", name="Phone")

    by_instance = record(actor=None, verb="thing.done", product=phone, x=1)
    by_id = record(actor=None, verb="thing.done", product=phone.pk)
    without = record(actor=None, verb="thing.done")

    assert Activity.objects.get(pk=by_instance.pk).product == phone
    assert Activity.objects.get(pk=by_id.pk).product == phone
    assert Activity.objects.get(pk=without.pk).product is None
    assert by_instance.data == {"x": 1}


def test_deleting_a_product_keeps_its_activities(db):
    from cocreate.forum.models import Product

    phone = Product.objects.create(slug="phone", name="Phone")
    activity = record(actor=None, verb="thing.done", product=phone)

    phone.delete()

    activity.refresh_from_db()
    assert activity.product is None
