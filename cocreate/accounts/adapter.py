from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings

from cocreate.core.models import SiteSettings

from . import actions

PASSWORD_NOTICES = {
    "account/email/password_changed",
    "account/email/password_set",
    "account/email/password_reset",
}
MFA_NOTICES = {
    "mfa/email/totp_activated",
    "mfa/email/totp_deactivated",
    "mfa/email/recovery_codes_generated",
    "mfa/email/webauthn_added",
    "mfa/email/webauthn_removed",
}


def remember_language(response, language: str):
    """Make a member's chosen language stick in this browser."""
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return SiteSettings.get().signup_open

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        return remember_language(response, user.language)

    def confirm_email(self, request, email_address):
        confirmed = super().confirm_email(request, email_address)
        if confirmed:
            actions.welcome_member(email_address.user)
        return confirmed

    def send_notification_mail(self, template_prefix, user, context=None, email=None) -> None:
        """allauth calls this after every security-relevant change. Those we
        know become account activities, whose consumer sends our own notice;
        anything else keeps allauth's behaviour."""
        requester = getattr(self.request, "user", None)
        actor = requester if requester is not None and requester.is_authenticated else user
        if template_prefix in PASSWORD_NOTICES:
            actions.record_password_change(user, actor=actor)
        elif template_prefix == "account/email/email_changed":
            actions.record_email_change(
                user, actor=actor, previous_email=context["from_email"], email=context["to_email"]
            )
        elif template_prefix in MFA_NOTICES:
            change = template_prefix.rpartition("/")[2]
            actions.record_mfa_change(user, actor=actor, change=change)
        else:
            super().send_notification_mail(template_prefix, user, context, email)


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_issuer(self) -> str:
        return SiteSettings.get().site_name
