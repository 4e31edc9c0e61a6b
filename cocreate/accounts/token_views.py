"""The member's personal API tokens page."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cocreate.core.htmx import render_page

from .tokens import check_create_api_token, create_api_token, revoke_api_token, tokens_for


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        strip=True,
        help_text=_("What the token is for, so you recognise it later."),
    )


def _render(request: HttpRequest, form: ApiTokenForm, new_key: str | None = None) -> HttpResponse:
    context = {"tokens": tokens_for(request.user), "form": form, "new_key": new_key}
    return render_page(request, "accounts/tokens.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """List the member's tokens; a valid POST creates one and shows its key once."""
    form = ApiTokenForm(request.POST or None)
    if not form.is_valid():
        return _render(request, form)
    check_create_api_token(request.user)
    _token, key = create_api_token(request.user, actor=request.user, name=form.cleaned_data["name"])
    return _render(request, ApiTokenForm(), new_key=key)


@login_required
@require_POST
def revoke_api_token_view(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(tokens_for(request.user), pk=token_id)
    revoke_api_token(token, actor=request.user)
    if request.htmx:
        return _render(request, ApiTokenForm())
    messages.success(request, _("The token was revoked."))
    return redirect("api_tokens")
