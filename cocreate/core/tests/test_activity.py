from cocreate.accounts.tests.factories import UserFactory
from cocreate.core.activity import consumers_for, record
from cocreate.core.models import Activity


def test_record_writes_one_row_with_target(db):
    member = UserFactory()

    activity = record(actor=member, verb="account.joined", target=member, public=True, x=1)

    assert Activity.objects.get() == activity
    assert activity.target == member
    assert activity.data == {"x": 1}


def test_record_without_consumers_schedules_nothing(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        record(actor=None, verb="nothing.listens", public=False)

    assert callbacks == []
    assert consumers_for("nothing.listens") == []


def test_consumed_activity_is_fanned_out_by_the_worker(db, commit_and_work, mailoutbox):
    member = UserFactory(email="ada@example.com")

    with commit_and_work():
        record(actor=member, verb="account.password_changed", target=member)

    assert [m.to for m in mailoutbox] == [["ada@example.com"]]
    assert "password" in mailoutbox[0].body
