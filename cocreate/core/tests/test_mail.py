from django.core import mail

from cocreate.core.models import OutboundEmail
from cocreate.core.tasks import deliver_email


def test_send_mail_writes_outbox_and_worker_delivers_it(db, commit_and_work, mailoutbox):
    with commit_and_work():
        mail.send_mail("Hello", "Body", "from@example.com", ["to@example.com"])
        assert OutboundEmail.objects.filter(sent_at__isnull=True).count() == 1

    assert [m.subject for m in mailoutbox] == ["Hello"]
    assert OutboundEmail.objects.get().sent_at is not None


def test_deliver_email_twice_sends_once(db, mailoutbox):
    email = OutboundEmail.objects.create(
        subject="Once", from_email="a@example.com", to=["b@example.com"], body="x"
    )

    assert deliver_email.call(email.pk) is True
    assert deliver_email.call(email.pk) is False

    assert len(mailoutbox) == 1


def test_retry_unsent_email_requeues_only_stale_undelivered_mail(db, run_worker, mailoutbox):
    from datetime import timedelta

    from django.utils import timezone

    from cocreate.core.tasks import retry_unsent_email

    old = timezone.now() - timedelta(minutes=10)
    stale = OutboundEmail.objects.create(
        subject="Stale", from_email="a@x.org", to=["b@x.org"], body="x"
    )
    OutboundEmail.objects.create(subject="Fresh", from_email="a@x.org", to=["b@x.org"], body="x")
    OutboundEmail.objects.filter(pk=stale.pk).update(created_at=old)

    assert retry_unsent_email.call() == 1
    run_worker()

    assert [m.subject for m in mailoutbox] == ["Stale"]
