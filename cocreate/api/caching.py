"""Answers every caller reads alike, validated and serialised once.

Passing a list of models through its response schema costs more than reading
it. `shared()` keeps the schema's output (plain data) in the cache under the
page-cache stamps of what it shows and the language, like `fragments.cached`
does for HTML; an endpoint sets its per-caller fields on a copy and answers
with `json_response`, which encodes as ninja would.
"""

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpResponse
from ninja import Schema
from ninja.responses import NinjaJSONEncoder

from cocreate.core import fragments


def shared(key: tuple, stamp: str, schema: type[Schema], compute: Callable[[], Any]) -> Any:
    """`schema`'s output for `compute()`, from the cache while `stamp` holds."""
    return fragments.cached(
        ("api", *key), stamp, lambda: schema.model_validate(compute()).model_dump()
    )


def json_response(data: Any, status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(data, cls=NinjaJSONEncoder),
        status=status,
        content_type="application/json; charset=utf-8",
    )
