"""Schemas and pagination every domain of the API shares."""

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination


class ErrorOut(Schema):
    detail: str = Field(description="A sentence for people, in the request's language.")
    code: str = Field(description="A stable English code for programs, e.g. `not_found`.")


class ValidationErrorItem(Schema):
    field: str
    message: str
    type: str


class ValidationErrorOut(ErrorOut):
    errors: list[ValidationErrorItem]


class Pagination(LimitOffsetPagination):
    """`?limit=&offset=` with bounds, so no value can overflow the database."""

    class Input(Schema):
        limit: int = Field(settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=100)
        offset: int = Field(0, ge=0, le=1_000_000_000)


ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut}
