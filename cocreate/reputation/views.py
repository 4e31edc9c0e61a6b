from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cocreate.core.htmx import render_page
from cocreate.core.models import SiteSettings
from cocreate.core.pagecache import cache_anonymous_page
from cocreate.forum.models import Product

from . import actions, queries
from .enums import EARNED_TIERS, Tier
from .forms import CertificationRequestForm, LeaderboardForm
from .levels import thresholds
from .models import MemberStats
from .privileges import PRIVILEGES, can

HOLDERS_PER_PAGE = 48


@require_GET
@cache_anonymous_page(
    timeout=queries.LEADERBOARD_SECONDS, generation=lambda: queries.leaderboard_generation()
)
def leaderboard(request: HttpRequest) -> HttpResponse:
    form = LeaderboardForm(request.GET)
    form.is_valid()
    window = form.cleaned_data.get("window") or "week"
    products = list(queries.active_products())
    slug = form.cleaned_data.get("product")
    product = next((p for p in products if p.slug == slug), None)
    context = {
        "window": window,
        "leaderboard_html": _leaderboard_list(request, window, product, products),
    }
    return render_page(request, "reputation/leaderboard.html", context)


def _leaderboard_list(
    request: HttpRequest, window: str, product: Product | None, products: list[Product]
) -> str:
    """The rendered tabs and list: the same for every reader, so rendered once
    per window, product, language and leaderboard generation (at most
    LEADERBOARD_SECONDS old, like the rows themselves) and shared."""
    generation = queries.leaderboard_generation()
    slug = product.slug if product else "-"
    key = f"leaderboard-html:{window}:{slug}:{request.LANGUAGE_CODE}:{generation}"
    if (html := cache.get(key)) is None:
        context = {
            "window": window,
            "windows": LeaderboardForm.base_fields["window"].choices,  # type: ignore[attr-defined]
            "products": products,
            "product": product,
            "members": queries.leaderboard(window, product),
        }
        html = render_to_string("reputation/_leaderboard_list.html", context, request)
        cache.set(key, str(html), queries.LEADERBOARD_SECONDS)
    return mark_safe(html)  # noqa: S308 - our own template's output


def _requirements(tier: Tier) -> list[str]:
    """The thresholds of an earned tier, as short phrases ("Lv.4", "20 posts")."""
    rules = SiteSettings.get().tier_thresholds.get(tier.value) or {}
    phrases = []
    for field, least in rules.items():
        if field == "level":
            phrases.append(_("Lv.%(level)s") % {"level": least})
        else:
            label = MemberStats._meta.get_field(field).verbose_name
            phrases.append(f"{least} {label}")
    return phrases


@require_GET
@cache_anonymous_page("pyramid", "members")
def pyramid(request: HttpRequest) -> HttpResponse:
    counts = queries.tier_counts()
    layers = [
        {
            "tier": tier,
            "count": count,
            "width": 34 + 66 * (len(counts) - 1 - tier.rank) // (len(counts) - 1),
            "earned": tier in EARNED_TIERS,
            "requirements": _requirements(tier) if tier in EARNED_TIERS else [],
        }
        for tier, count in reversed(counts)
    ]
    context = {
        "layers": layers,
        "total": sum(count for _tier, count in counts),
        "levels": list(enumerate(thresholds(), start=1)),
        "certification_form": CertificationRequestForm(),
        "stats": queries.stats_for(request.user) if request.user.is_authenticated else None,
    }
    return render_page(request, "reputation/pyramid.html", context)


@login_required
@require_POST
def request_certification(request: HttpRequest) -> HttpResponse:
    form = CertificationRequestForm(request.POST)
    if form.is_valid():
        try:
            actions.request_certification(request.user, message=form.cleaned_data["message"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your request was sent. Staff will look at it soon."))
    else:
        messages.error(request, _("Your message is too long."))
    return redirect("reputation:pyramid")


@require_GET
def privileges(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "privileges": [(p, can(user, p.name)) for p in PRIVILEGES.values()],
        "stats": queries.stats_for(user) if user.is_authenticated else None,
    }
    return render_page(request, "reputation/privileges.html", context)


@require_GET
@cache_anonymous_page("medals")
def medals(request: HttpRequest) -> HttpResponse:
    return render_page(request, "reputation/medals.html", {"medals": queries.active_medals()})


@require_GET
@cache_anonymous_page("medals", "members")
def medal(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(queries.active_medals(), slug=slug)
    page = Paginator(queries.medal_holders(found), HOLDERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render_page(request, "reputation/medal.html", {"medal": found, "page": page})
