from collections.abc import Callable, Collection, Sequence
from functools import cache as remember
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, models
from django.db.models import QuerySet

from .models import Activity

# The member fields every avatar + name needs; nothing heavier.
MEMBER_CARD_FIELDS = (
    "username",
    "display_name",
    "avatar_thumbnail",
    "city",
    "date_joined",
    "deleted_at",
)


def public_activity(limit: int = 20, *, actor=None) -> QuerySet[Activity]:
    """The newest public activities, of everyone or of one `actor`, actors joined
    (one query)."""
    found = Activity.objects.filter(public=True)
    if actor is not None:
        found = found.filter(actor=actor)
    return (
        found.select_related("actor")
        .only(
            "verb",
            "data",
            "created_at",
            "target_type_id",
            "target_id",
            "actor_id",
            *(f"actor__{f}" for f in MEMBER_CARD_FIELDS),
        )
        .order_by("-id")[:limit]
    )


def _members() -> QuerySet:
    return get_user_model().objects.filter(is_active=True, deleted_at__isnull=True)


def newest_members(limit: int = 8) -> QuerySet:
    """The members who joined last, newest first (walks the primary key index)."""
    return _members().only(*MEMBER_CARD_FIELDS).order_by("-pk")[:limit]


def member_count() -> int:
    """How many active members the community has: one COUNT, cached for five
    minutes because a headline number need not be exact to the second."""
    return int(cache.get_or_set("member-count", lambda: _members().count(), 300) or 0)


def plain_rows(
    model: type[models.Model],
    columns: Sequence[str],
    among: tuple[str, Collection[Any]] | None = None,
    **equal: Any,
) -> list[tuple]:
    """The `columns` (field names) of `model`'s rows whose fields equal
    `equal` and, with `among`, whose field `among[0]` is one of `among[1]`,
    as tuples.

    For what the member has of their own on the busiest pages (their likes,
    supports, flags and read positions among the shown items, the boards they
    moderate): in plain SQL, since building the ORM's query costs more than the
    indexed lookup itself. Values come back as the database gives them: ids
    and numbers, not dates."""
    quote = connection.ops.quote_name

    def column(name: str) -> str:
        return quote(model._meta.get_field(name).column)  # type: ignore[union-attr, arg-type]

    conditions = [f"{column(name)} = %s" for name in equal]
    params = list(equal.values())
    if among is not None:
        field, values = among
        if not values:
            return []
        conditions.append(f"{column(field)} IN ({', '.join(['%s'] * len(values))})")
        params.extend(values)
    sql = (
        f"SELECT {', '.join(map(column, columns))} FROM {quote(model._meta.db_table)} "  # noqa: S608
        f"WHERE {' AND '.join(conditions)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


M = TypeVar("M", bound=models.Model)


@remember
def _columns_of(model: type[models.Model]) -> tuple[list[str], list[str], list[list[tuple]]]:
    """The names, attribute names and value converters of `model`'s columns."""
    fields = model._meta.concrete_fields
    converters: list[list[tuple[Callable, Any]]] = []
    for field in fields:
        column = field.get_col(model._meta.db_table)
        found = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        converters.append([(converter, column) for converter in found])
    return [field.name for field in fields], [field.attname for field in fields], converters


def columns(model: type[models.Model], alias: str) -> str:
    """`model`'s columns for a SELECT in plain SQL (`alias`.column, …), in the
    order `instance_from_row` takes them back."""
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(field.column)}" for field in model._meta.concrete_fields)  # type: ignore[arg-type]


def instance_from_row(model: type[M], row: Sequence[Any]) -> M:
    """An instance of `model` from the values of its `columns`, each
    converted as the ORM would."""
    _names, attnames, converters = _columns_of(model)
    values = []
    for value, field_converters in zip(row, converters, strict=True):
        for converter, column in field_converters:
            value = converter(value, column, connection)
        values.append(value)
    return model.from_db(connection.alias, attnames, values)


def fetch_one(sql: str, params: Sequence[Any]) -> tuple | None:
    """The first row of a plain SQL query (say over `columns`), or None."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def plain_instance(model: type[M], **equal: Any) -> M | None:
    """The row of `model` whose fields equal `equal`, as an instance (None
    when there is none): `plain_rows` for one row that a page needs whole."""
    names, _attnames, _converters = _columns_of(model)
    rows = plain_rows(model, names, **equal)
    return instance_from_row(model, rows[0]) if rows else None
