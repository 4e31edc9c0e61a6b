"""Every API error is JSON: `{"detail": "<translated sentence>", "code": "<stable>"}`.

Validation errors also carry `errors`, pydantic's list of what was wrong where.
"""

import pydantic
from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from cocreate.accounts.tokens import TooManyAttempts
from cocreate.moderation.permissions import GuidelinesRequired


class ApiError(HttpError):
    """An error an endpoint raises on purpose, with its own code."""

    def __init__(self, status_code: int, code: str, detail: str) -> None:
        self.code = code
        super().__init__(status_code, detail)


CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "invalid",
    429: "rate_limited",
}


def _default_details() -> dict[int, str]:
    return {
        400: _("The request could not be read. Send a JSON body."),
        401: _("Authentication credentials were not provided."),
        403: _("You do not have permission to do this."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        413: _("The request is too large."),
        429: _("Too many requests. Try again later."),
    }


def error_response(
    api: NinjaAPI, request: HttpRequest, status: int, detail: str | None = None, **extra
) -> HttpResponse:
    detail = detail or _default_details().get(status, _("The request failed."))
    body = {"detail": detail, "code": extra.pop("code", CODES.get(status, "error")), **extra}
    return api.create_response(request, body, status=status)


def _field(location: tuple) -> str:
    """('body', 'payload', 'bio') → 'bio'; ninja prefixes where the value came from."""
    parts = [str(part) for part in location if part not in ("body", "query", "path", "payload")]
    return ".".join(parts) or "body"


def _message(error: dict) -> str:
    """A translated sentence for pydantic's commonest error types; its own
    (English) message otherwise."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_long":
        limit = ctx["max_length"]
        return ngettext(
            "Ensure this value has at most %(limit)d character.",
            "Ensure this value has at most %(limit)d characters.",
            limit,
        ) % {"limit": limit}
    if kind == "string_too_short" and ctx["min_length"] == 1:
        return _("This field cannot be blank.")
    if kind == "string_too_short":
        limit = ctx["min_length"]
        return ngettext(
            "Ensure this value has at least %(limit)d character.",
            "Ensure this value has at least %(limit)d characters.",
            limit,
        ) % {"limit": limit}
    if kind == "less_than_equal":
        return _("Ensure this value is at most %(limit)s.") % {"limit": ctx["le"]}
    if kind == "greater_than_equal":
        return _("Ensure this value is at least %(limit)s.") % {"limit": ctx["ge"]}
    if kind in ("literal_error", "enum"):
        return _("Select a valid choice.")
    if kind.endswith(("_type", "_parsing")):
        return _("Enter a valid value.")
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])
    return str(error.get("msg", ""))


def _validation_response(api: NinjaAPI, request: HttpRequest, errors: list[dict]) -> HttpResponse:
    errors = [
        {
            "field": _field(tuple(error.get("loc", ()))),
            "message": _message(error),
            "type": error.get("type", ""),
        }
        for error in errors
    ]
    detail = "; ".join(f"{error['field']}: {error['message']}" for error in errors)
    return error_response(api, request, 422, detail or _("Invalid input."), errors=errors)


def install(api: NinjaAPI) -> None:
    """Register the handlers that give every failure its JSON shape."""

    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError):
        return error_response(api, request, exc.status_code, exc.message, code=exc.code)

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request, exc):
        return error_response(api, request, 401)

    @api.exception_handler(Throttled)
    def throttled(request, exc: Throttled):
        response = error_response(api, request, 429)
        if exc.wait:
            response["Retry-After"] = str(int(exc.wait))
        return response

    @api.exception_handler(TooManyAttempts)
    def too_many_attempts(request, exc: TooManyAttempts):
        response = error_response(api, request, 429, str(exc))
        response["Retry-After"] = str(exc.retry_after)
        return response

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        # ninja's own errors ("Cannot parse request body", "CSRF check Failed")
        # are English sentences; answer with our translated ones instead.
        return error_response(api, request, exc.status_code)

    @api.exception_handler(ValidationError)
    def ninja_validation_error(request, exc: ValidationError):
        return _validation_response(api, request, exc.errors)

    @api.exception_handler(pydantic.ValidationError)
    def pydantic_validation_error(request, exc: pydantic.ValidationError):
        return _validation_response(api, request, exc.errors(include_url=False))

    @api.exception_handler(DjangoValidationError)
    def django_validation_error(request, exc: DjangoValidationError):
        if hasattr(exc, "error_dict"):
            errors = [
                {"loc": (name,), "msg": message, "type": "invalid"}
                for name, messages in exc.message_dict.items()
                for message in messages
            ]
        else:
            errors = [{"loc": (), "msg": message, "type": "invalid"} for message in exc.messages]
        return _validation_response(api, request, errors)

    @api.exception_handler(GuidelinesRequired)
    def guidelines_required(request, exc: GuidelinesRequired):
        # A code of its own, so a client knows to show and accept the guidelines.
        return error_response(api, request, 403, str(exc) or None, code="guidelines_required")

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, exc: PermissionDenied):
        return error_response(api, request, 403, str(exc) or None)

    @api.exception_handler(Http404)
    def http404(request, exc):
        return error_response(api, request, 404)

    @api.exception_handler(ObjectDoesNotExist)
    def does_not_exist(request, exc):
        return error_response(api, request, 404)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return error_response(api, request, 413)

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request, exc):
        return error_response(api, request, 400)
