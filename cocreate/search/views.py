"""The search page. HTTP only: the form reads the query string, the query
does the searching; the page shows what it found or what was wrong."""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from cocreate.core.htmx import render_page
from cocreate.forum.queries import active_products

from . import queries
from .forms import SearchForm


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None, products=list(active_products()))
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        try:
            results = queries.search(
                form.cleaned_data["q"],
                kind=form.cleaned_data["type"],
                product_id=form.product_id,
                status=form.cleaned_data["status"],
                page=form.cleaned_data["page"] or 1,
            )
        except ValidationError as invalid:
            form.add_error("q", invalid)
    context = {
        "form": form,
        "results": results,
        "asked": form.is_bound and "q" in request.GET,
        "page_query": urlencode(form.filters()) + "&" if form.is_valid() else "",
    }
    return render_page(request, "search/search.html", context, status=400 if form.errors else 200)
