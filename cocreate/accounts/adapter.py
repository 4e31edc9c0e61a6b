from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings

from cocreate.core.models import SiteSettings


def remember_language(response, language: str):
    """Make a member's chosen language stick in this browser."""
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600,
            samesite="Lax", secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return SiteSettings.get().signup_open

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        return remember_language(response, user.language)


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_issuer(self) -> str:
        return SiteSettings.get().site_name
