"""Every page is also a partial: one context, two templates."""

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


def render_page(
    request: HttpRequest,
    template: str,
    context: dict,
    *,
    partial: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render the full page, or its fragment when htmx asks for one.

    `partial` defaults to the page's template name with a leading underscore in
    the same folder: ``core/home.html`` → ``core/_home.html``.
    """
    if getattr(request, "htmx", False) and not request.htmx.boosted:
        folder, _, name = template.rpartition("/")
        template = partial or f"{folder}/_{name}"
    return TemplateResponse(request, template, context, status=status)
