from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from cocreate.core.htmx import render_page

from . import queries


@require_GET
def detail(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = queries.get_idea_for(request.user, idea_id)
    return render_page(request, "ideas/detail.html", {"idea": idea})
