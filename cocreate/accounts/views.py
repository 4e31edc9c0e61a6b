from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.challenges.queries.royalties import adopted_designs  # Challenges: royalties.
from cocreate.core.htmx import render_page
from cocreate.core.markdown import render_markdown
from cocreate.core.pagecache import cache_anonymous_page
from cocreate.releases.queries.releases import co_created_releases

from . import actions, permissions, queries
from .adapter import remember_language
from .forms import AvatarForm, DeleteAccountForm, ProfileForm


@require_GET
@cache_anonymous_page("members", "activity")
def profile(request: HttpRequest, username: str) -> HttpResponse:
    member = get_object_or_404(queries.profiles_visible_to(request.user), username=username)
    context = {
        "member": member,
        "bio_html": "" if member.deleted_at else render_markdown(member.bio),
        "activities": queries.public_activities_of(member),
        "co_created": [] if member.deleted_at else co_created_releases(member, request.user),
        # Challenges: royalties (public facts only, never amounts).
        "adopted": [] if member.deleted_at else adopted_designs(member, request.user),
    }
    return render_page(request, "accounts/profile.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def profile_settings(request: HttpRequest) -> HttpResponse:
    member = request.user
    permissions.check_edit_profile(request.user, member)
    form = ProfileForm.for_member(member, request.POST if request.method == "POST" else None)
    if not form.is_valid():
        status = 400 if form.is_bound else 200
        return _render_profile_settings(request, profile_form=form, status=status)
    previous_language = member.language
    actions.update_profile(member, actor=request.user, **form.cleaned_data)
    messages.success(request, _("Your profile was saved."))
    response = redirect("account_settings")
    if member.language != previous_language:
        _apply_language(response, member.language)
    return response


@login_required
@require_POST
def avatar(request: HttpRequest) -> HttpResponse:
    member = request.user
    permissions.check_edit_profile(request.user, member)
    form = AvatarForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_profile_settings(request, avatar_form=form, status=400)
    actions.set_avatar(member, actor=request.user, upload=form.cleaned_data["avatar"])
    messages.success(request, _("Your avatar was updated."))
    return redirect("account_settings")


@login_required
@require_POST
def avatar_remove(request: HttpRequest) -> HttpResponse:
    member = request.user
    permissions.check_edit_profile(request.user, member)
    if actions.remove_avatar(member, actor=request.user):
        messages.success(request, _("Your avatar was removed."))
    return redirect("account_settings")


@login_required
@require_GET
def data_settings(request: HttpRequest) -> HttpResponse:
    permissions.check_export_account(request.user, request.user)
    return _render_data_settings(request, DeleteAccountForm(request.user))


@login_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    member = request.user
    permissions.check_export_account(request.user, member)
    data = actions.export_account(member, actor=request.user)
    response = JsonResponse(
        data, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    filename = f"{member.username}-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def delete(request: HttpRequest) -> HttpResponse:
    member = request.user
    permissions.check_delete_account(request.user, member)
    form = DeleteAccountForm(member, request.POST)
    if not form.is_valid():
        return _render_data_settings(request, form, status=400)
    actions.delete_account(member, actor=request.user)
    logout(request)
    messages.success(request, _("Your account was deleted. Thank you for being part of it."))
    return redirect("home")


def _render_profile_settings(
    request: HttpRequest,
    *,
    profile_form: ProfileForm | None = None,
    avatar_form: AvatarForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "profile_form": profile_form or ProfileForm.for_member(request.user),
        "avatar_form": avatar_form or AvatarForm(),
    }
    return render_page(request, "accounts/settings_profile.html", context, status=status)


def _render_data_settings(
    request: HttpRequest, delete_form: DeleteAccountForm, *, status: int = 200
) -> HttpResponse:
    context = {"delete_form": delete_form}
    return render_page(request, "accounts/settings_data.html", context, status=status)


def _apply_language(response: HttpResponse, language: str) -> None:
    """An empty choice means "follow the browser": forget the stored one."""
    if language:
        remember_language(response, language)
    else:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
