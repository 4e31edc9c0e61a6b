from functools import wraps

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI

from . import errors, v1
from .auth import token_or_session


class CocreateAPI(NinjaAPI):
    """ninja answers an unknown method with plain text and leaves unknown
    paths to the site's HTML 404; here both are JSON errors too."""

    def _get_urls(self):
        urls = super()._get_urls()
        for pattern in urls:
            pattern.callback = self._json_405(pattern.callback)
        return [*urls, re_path(r"", csrf_exempt(self._not_found))]

    def _json_405(self, view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            response = view(request, *args, **kwargs)
            if isinstance(response, HttpResponseNotAllowed):
                allow = response["Allow"]
                response = errors.error_response(self, request, 405)
                response["Allow"] = allow
            return response

        return wrapper

    def _not_found(self, request: HttpRequest) -> HttpResponse:
        return errors.error_response(self, request, 404)


api = CocreateAPI(
    title="Cocreate API",
    version="1",
    description="The Cocreate REST API. See docs/api.md for authentication and errors.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    auth=token_or_session,
)
errors.install(api)
api.add_router("/v1/", v1.router)
