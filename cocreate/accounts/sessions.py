"""The session engine without Redis: Django's database sessions, the session
read on every logged-in request in plain SQL (`manage.py check` and the rest
of the engine are Django's). Building the ORM's query cost ten times the
lookup of the session's key."""

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from cocreate.core.queries import columns, fetch_one, instance_from_row


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Session | None:
        quote = connection.ops.quote_name
        row = fetch_one(
            f"SELECT {columns(Session, 's')} FROM {quote(Session._meta.db_table)} AS s "  # noqa: S608
            "WHERE s.session_key = %s AND s.expire_date > %s",
            [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())],
        )
        if row is None:
            self._session_key = None
            return None
        return instance_from_row(Session, row)
