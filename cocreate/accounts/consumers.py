"""What the accounts app does when an activity is fanned out to it."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from cocreate.core.models import Activity, SiteSettings

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
    with translation.override(member.language or settings.LANGUAGE_CODE):
        context = {
            "member": member,
            "activity": activity,
            "site_settings": SiteSettings.get(),
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string("accounts/email/security_notice_subject.txt", context)
        body = render_to_string("accounts/email/security_notice.txt", context)
    send_mail(" ".join(subject.split()), body, None, recipients)


CONSUMERS = {
    "account.email_changed": [send_security_notice],
    "account.password_changed": [send_security_notice],
    "account.mfa_changed": [send_security_notice],
    "api_token.created": [send_security_notice],
}
