"""Pages of adoptions and royalties: the product team adopts an entry,
records its sales periods and keeps the ledger (filter, mark paid, CSV); a
member reads their own earnings statement.

HTTP only: parse → query → check → action → render. Rules are in
permissions.royalties, writes in actions.royalties.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cocreate.core.htmx import render_page
from cocreate.ideas.exports import csv_response

from ..actions import royalties as actions
from ..enums import LedgerKind
from ..forms.royalties import AdoptForm, LedgerFilterForm, MarkPaidForm, SalesPeriodForm
from ..models import Adoption
from ..permissions import royalties as permissions
from ..queries import royalties as queries


@require_http_methods(["GET", "POST"])
def adopt(request: HttpRequest, pk: int) -> HttpResponse:
    """GET the form to adopt an entry into a product; POST adopts it."""
    permissions.check_manage_royalties(request.user)
    entry = queries.get_entry_to_adopt(pk)
    existing = Adoption.objects.filter(entry=entry).first()
    if existing is not None and request.method == "GET":
        return redirect("challenges:adoption", existing.pk)
    challenge = entry.challenge
    form = AdoptForm(
        request.POST or None,
        initial={
            "product": challenge.product_id,
            "product_name": entry.title,
            "royalty_rate": challenge.royalty_rate,
            "currency": "CNY",
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                adoption = actions.adopt_entry(entry, actor=request.user, **form.cleaned_data)
            except ValidationError as refused:
                form.add_error(None, refused)
                # A refused state (not adoptable, adopted already) is a conflict.
                status = 400 if hasattr(refused, "error_dict") else 409
            else:
                messages.success(request, _("Adopted. Record its sales here when a period ends."))
                return redirect("challenges:adoption", adoption.pk)
        else:
            status = 400
    return render_page(
        request,
        "challenges/royalties/adopt.html",
        {"entry": entry, "challenge": challenge, "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def adoption(request: HttpRequest, pk: int) -> HttpResponse:
    """An adoption's sales periods and their royalties; POST records the
    next period."""
    permissions.check_manage_royalties(request.user)
    adopted = queries.get_adoption(pk)
    form = SalesPeriodForm(request.POST or None, initial=queries.next_period_initial(adopted))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                period = actions.record_sales(adopted, actor=request.user, **form.cleaned_data)
            except ValidationError as refused:
                form.add_error(None, refused)
            else:
                messages.success(
                    request,
                    _("Recorded: %(royalty)s %(currency)s in royalties.")
                    % {"royalty": period.royalty, "currency": adopted.currency},
                )
                return redirect("challenges:adoption", adopted.pk)
        status = 400
    periods, totals = queries.periods_of(adopted)
    return render_page(
        request,
        "challenges/royalties/adoption.html",
        {
            "adoption": adopted,
            "entry": adopted.entry,
            "challenge": adopted.entry.challenge,
            "periods": periods,
            "totals": totals,
            "team": actions.confirmed_team(adopted.entry),
            "form": form,
        },
        status=status,
    )


def _ledger_filters(request: HttpRequest) -> tuple[LedgerFilterForm, dict[str, str]]:
    form = LedgerFilterForm(request.GET or None)
    filters = {"member": "", "kind": "", "paid": "", "challenge": ""}
    if form.is_bound and form.is_valid():
        filters.update({key: form.cleaned_data[key] or "" for key in filters})
    return form, filters


@require_http_methods(["GET", "POST"])
def ledger(request: HttpRequest) -> HttpResponse:
    """Every ledger row, filtered, a page at a time, with owed and paid
    totals; POST marks the selected rows paid."""
    permissions.check_manage_royalties(request.user)
    form, filters = _ledger_filters(request)
    query = urlencode({key: value for key, value in filters.items() if value})
    if request.method == "POST":
        paid_form = MarkPaidForm(request.POST)
        if not paid_form.is_valid():
            messages.error(request, _("Select the rows that were paid."))
        else:
            rows = queries.ledger_rows().filter(pk__in=paid_form.cleaned_data["rows"])
            marked = actions.mark_paid(rows, actor=request.user)
            messages.success(request, _("Marked %(count)s rows paid.") % {"count": marked})
        return redirect(f"{request.path}?{query}" if query else request.path)
    rows = queries.ledger_rows(**filters)
    number = form.cleaned_data.get("page") if form.is_bound and form.is_valid() else None
    page = Paginator(rows, queries.LEDGER_PAGE).get_page(number or 1)
    return render_page(
        request,
        "challenges/royalties/ledger.html",
        {
            "form": form,
            "page": page,
            "totals": queries.totals_of(rows),
            "query": f"{query}&" if query else "",
            "csv_query": query,
            "kinds": LedgerKind,
        },
    )


@require_GET
def ledger_csv(request: HttpRequest) -> HttpResponse:
    """The filtered ledger as a spreadsheet (Excel-safe, see ideas.exports)."""
    permissions.check_manage_royalties(request.user)
    _form, filters = _ledger_filters(request)
    return csv_response(
        "challenge-ledger.csv", queries.ledger_csv_rows(queries.ledger_rows(**filters))
    )


@login_required
@require_GET
def earnings(request: HttpRequest) -> HttpResponse:
    """The member's own statement: prizes and royalties by entry, owed and
    paid per currency."""
    permissions.check_see_earnings(request.user)
    return render_page(
        request,
        "challenges/royalties/earnings.html",
        {"statement": queries.statement_of(request.user)},
    )
