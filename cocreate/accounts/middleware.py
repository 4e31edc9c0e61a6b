from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

# What a staff member without two-factor authentication may still reach:
# everything needed to set it up, and the way out.
ALLOWED_URL_NAMES = {"account_logout", "account_reauthenticate", "switch_language"}
ALLOWED_URL_PREFIX = "mfa_"


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
