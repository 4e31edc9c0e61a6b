"""What the accounts app does when an activity is fanned out to it."""

from django.core.mail import send_mail

from cocreate.core.mail import render_email
from cocreate.core.models import Activity

from .models import User


def send_security_notice(activity: Activity) -> None:
    """E-mail a member when something sensitive changed on their account, so a
    change they did not make does not go unnoticed. A changed address is told
    at its old address too: that is where the real owner still reads mail."""
    member = activity.target if isinstance(activity.target, User) else activity.actor
    if member is None or member.deleted_at:
        return
    recipients = list(
        dict.fromkeys(
            address for address in (member.email, activity.data.get("previous_email")) if address
        )
    )
    if not recipients:
        return
    subject, body = render_email(member, "accounts/email/security_notice", {"activity": activity})
    send_mail(subject, body, None, recipients)


CONSUMERS = {
    "account.email_changed": [send_security_notice],
    "account.password_changed": [send_security_notice],
    "account.mfa_changed": [send_security_notice],
    "api_token.created": [send_security_notice],
}
