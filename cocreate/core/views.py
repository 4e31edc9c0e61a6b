from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.http import require_http_methods
from django.views.static import serve

from cocreate.accounts.adapter import remember_language

from . import queries
from .htmx import render_page
from .pagecache import cache_anonymous_page, stamps

HOME_CONTENT = ("activity", "members")


@cache_anonymous_page(*HOME_CONTENT)
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "content_version": stamps(HOME_CONTENT),
        # Passed uncalled: the template calls them only when its fragment
        # cache misses, so a cached hit builds no query at all.
        "activities": queries.public_activity,
        "members": queries.newest_members,
        "member_count": queries.member_count(),
    }
    return render_page(request, "core/home.html", context)


@require_http_methods(["GET", "POST"])
def switch_language(request: HttpRequest, code: str) -> HttpResponse:
    """Switch the interface language. Anonymous visitors use a plain link (so
    cached pages carry no CSRF token); a logged-in member posts a form, which
    also saves the choice to their profile."""
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    if not check_for_language(code) or code not in dict(settings.LANGUAGES):
        return HttpResponse(status=404)
    if request.method == "POST" and request.user.is_authenticated:
        from cocreate.accounts.actions import set_language

        set_language(request.user, actor=request.user, language=code)
    return remember_language(HttpResponseRedirect(target), code)


def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    """Uploaded files, for installations without a web server in front
    (SERVE_MEDIA); reads MEDIA_ROOT per request."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)
