from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user
from django.contrib.auth.middleware import (
    AuthenticationMiddleware as DjangoAuthenticationMiddleware,
)
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

# What a staff member without two-factor authentication may still reach:
# everything needed to set it up, and the way out.
ALLOWED_URL_NAMES = {"account_logout", "account_reauthenticate", "switch_language"}
ALLOWED_URL_PREFIX = "mfa_"


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, with the member read at once rather than behind a lazy
    proxy: every request asks who it is anyway (the visit count), and a page
    asks `request.user` hundreds of questions (each post's buttons), each of
    which the proxy answered with two calls more."""

    def process_request(self, request):
        super().process_request(request)
        request.user = get_user(request)


class StaffMFARequiredMiddleware:
    """With settings.REQUIRE_STAFF_MFA on, a logged-in staff member without an
    authenticator is sent to set one up before anything else."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not (settings.REQUIRE_STAFF_MFA and user.is_authenticated and user.is_staff):
            return None
        if _is_allowed(request) or is_mfa_enabled(user):
            return None
        messages.warning(
            request, _("Staff accounts must use two-factor authentication. Set it up to continue.")
        )
        url = reverse("mfa_activate_totp")
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return redirect(url)


def _is_allowed(request) -> bool:
    if request.path_info.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
        return True
    url_name = request.resolver_match.url_name or ""
    return url_name in ALLOWED_URL_NAMES or url_name.startswith(ALLOWED_URL_PREFIX)
