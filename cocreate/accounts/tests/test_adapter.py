"""allauth reports security-relevant changes through the adapter; each becomes
an account activity, whose consumer e-mails the member."""

import pytest
from django.urls import reverse

from cocreate.accounts.adapter import AccountAdapter
from cocreate.core.models import Activity

from .factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_changing_the_password_emails_a_security_notice(
    client, member, commit_and_work, mailoutbox
):
    client.force_login(member)

    with commit_and_work():
        response = client.post(
            reverse("account_change_password"),
            {
                "oldpassword": PASSWORD,
                "password1": "a-new-long-secret",
                "password2": "a-new-long-secret",
            },
        )

    assert response.status_code == 302
    assert Activity.objects.filter(verb="account.password_changed", actor=member).exists()
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert "Security notice for your account" in mailoutbox[0].subject
    assert "The password of your account was changed." in mailoutbox[0].body


@pytest.mark.parametrize(
    "template, verb, data",
    [
        ("account/email/password_reset", "account.password_changed", {}),
        ("account/email/password_set", "account.password_changed", {}),
        ("mfa/email/totp_activated", "account.mfa_changed", {"change": "totp_activated"}),
        ("mfa/email/totp_deactivated", "account.mfa_changed", {"change": "totp_deactivated"}),
        (
            "mfa/email/recovery_codes_generated",
            "account.mfa_changed",
            {"change": "recovery_codes_generated"},
        ),
    ],
)
def test_allauth_notices_become_account_activities(member, template, verb, data):
    AccountAdapter().send_notification_mail(template, member)

    activity = Activity.objects.get(verb=verb)
    assert (activity.actor, activity.target, activity.data) == (member, member, data)


def test_a_changed_primary_address_is_recorded_with_both_addresses(member):
    AccountAdapter().send_notification_mail(
        "account/email/email_changed",
        member,
        {"from_email": "old@example.com", "to_email": "ada@example.com"},
        "old@example.com",
    )

    activity = Activity.objects.get(verb="account.email_changed")
    assert activity.data == {"previous_email": "old@example.com", "email": "ada@example.com"}


def test_other_notices_keep_allauths_behaviour(member, mailoutbox, settings):
    AccountAdapter().send_notification_mail(
        "account/email/email_deleted", member, {"deleted_email": "x@example.com"}
    )

    assert not Activity.objects.exists()


def test_confirming_the_first_address_announces_the_member_once(
    db, client, commit_and_work, mailoutbox
):
    import re

    with commit_and_work():
        client.post(
            reverse("account_signup"),
            {
                "email": "new@example.com",
                "username": "newcomer",
                "password1": "x-Long-pass-42",
                "password2": "x-Long-pass-42",
            },
        )
    assert not Activity.objects.filter(verb="account.joined").exists()
    link = re.search(r"http://\S+/accounts/confirm-email/(\S+)/", mailoutbox[-1].body)

    client.post(reverse("account_confirm_email", args=[link.group(1)]))
    client.post(reverse("account_confirm_email", args=[link.group(1)]))

    joined = Activity.objects.filter(verb="account.joined")
    assert [(a.actor.username, a.public) for a in joined] == [("newcomer", True)]
