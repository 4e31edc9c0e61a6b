"""The full-text structure of each database, behind one small interface.

`SearchDocument` is an ordinary table; its `title_tokens` and `body_tokens`
hold text already cut into tokens by `segment` (lower case, space-separated),
so both databases only split on spaces and never need to know Chinese.

* SQLite: an external-content FTS5 table over those two columns and a third,
  `tags` (`_k_<kind> _p_<product id> _s_<status>`, computed by a view), so
  filters are words of the match and a search never reads the documents
  table; kept in step by triggers; ranked with bm25.
* PostgreSQL: a narrow table of `tsvector`s (the 'simple' configuration,
  title weighted A and text B) with the filters beside them and a GIN index,
  kept in step by a trigger; ranked with ts_rank.

Ranking is the same on both: the newest `CANDIDATES` matching documents (ids
follow creation time, see `actions.rebuild_index`) are ranked by relevance —
the title counts five times the text — times up to 1.1 for the newest
document (by its place between the oldest and the newest); equal scores go
to the newer one. The count stops there too, saying whether more match: so a
word that half the documents contain costs no more than one that a thousand
do (GitLab's searches say "1,000+" for the same reason).

Migration 0002 calls `install` (0003 again on PostgreSQL, for its vector
table); a later migration that makes SQLite rebuild the documents table
(Django does for most field changes) drops its triggers and must call
`install` again — the `search.W001` check (`manage.py check
--database default`) says when the structure is missing.
"""

# Every name put into these SQL strings is a constant of this module; every
# value (the query, filters, limits) goes as a parameter.
# ruff: noqa: S608

import math
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from .segment import Term

TABLE = "search_searchdocument"
# The most matches a search ranks and counts: the newest ones.
CANDIDATES = 1_000
TITLE_WEIGHT = 5.0
NEWEST_BOOST = 0.1
# The oldest and newest ids: two lookups at the ends of the primary key (one
# SELECT of both would read the whole index).
BOUNDS = f"SELECT (SELECT MIN(id) FROM {TABLE}) AS low, (SELECT MAX(id) FROM {TABLE}) AS high"


@dataclass(frozen=True)
class Filters:
    kinds: tuple[str, ...] = ()
    product_id: int | None = None
    status: str = ""
    # Match documents with any of the words rather than all of them (similar
    # ideas); ranking still puts those with more of them first.
    any_word: bool = False


@dataclass(frozen=True)
class Hits:
    """One page of matching document ids, best first, and how many match:
    counted up to CANDIDATES, with `more` when others match beyond them."""

    ids: list[int]
    total: int
    more: bool = False

    @classmethod
    def counted(cls, ids: list[int], count: int) -> "Hits":
        """From a count that went one past CANDIDATES when it could."""
        return cls(ids, min(count, CANDIDATES), count > CANDIDATES)


class Backend(ABC):
    """What the search needs from a database: one subclass per vendor."""

    @abstractmethod
    def install(self, cursor: Any) -> None: ...

    @abstractmethod
    def uninstall(self, cursor: Any) -> None: ...

    @abstractmethod
    def missing(self) -> list[str]:
        """The parts of the full-text structure that are not in the database."""
        ...

    @abstractmethod
    def hits(self, terms: Sequence[Term], filters: Filters, *, limit: int, offset: int) -> Hits:
        """One page of matching document ids, best first, and how many match,
        in one query. Past the last page: no ids, and a second query counts."""
        ...

    @contextmanager
    def reloading(self) -> Iterator[None]:
        """Empty the whole index, then let the caller refill it: inside the
        caller's transaction, so searches see the old index until it commits."""
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")
        yield

    @abstractmethod
    def optimize(self) -> None:
        """Tidy the index after a rebuild."""


def _fetch(sql: str, params: list[Any]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _tags(row: str) -> str:
    """The `tags` of the document `row` (a table alias, `new` or `old`)."""
    return (
        f"'_k_' || {row}.kind || COALESCE(' _p_' || {row}.product_id, '') "
        f"|| CASE WHEN {row}.status != '' THEN ' _s_' || {row}.status ELSE '' END"
    )


def _fts_row(row: str) -> str:
    return f"{row}.id, {row}.title_tokens, {row}.body_tokens, {_tags(row)}"


class SQLiteBackend(Backend):
    FTS = "search_fts"
    VIEW = "search_fts_content"
    COLUMNS = "rowid, title_tokens, body_tokens, tags"
    TRIGGERS = {
        "search_fts_insert": (
            f"AFTER INSERT ON {TABLE} BEGIN "
            f"INSERT INTO search_fts({COLUMNS}) VALUES ({_fts_row('new')}); END"
        ),
        "search_fts_delete": (
            f"AFTER DELETE ON {TABLE} BEGIN "
            f"INSERT INTO search_fts(search_fts, {COLUMNS}) "
            f"VALUES ('delete', {_fts_row('old')}); END"
        ),
        "search_fts_update": (
            f"AFTER UPDATE ON {TABLE} BEGIN "
            f"INSERT INTO search_fts(search_fts, {COLUMNS}) "
            f"VALUES ('delete', {_fts_row('old')}); "
            f"INSERT INTO search_fts({COLUMNS}) VALUES ({_fts_row('new')}); END"
        ),
    }

    def install(self, cursor: Any) -> None:
        cursor.execute(
            f"CREATE VIEW IF NOT EXISTS {self.VIEW} AS "
            f"SELECT id, title_tokens, body_tokens, {_tags(TABLE)} AS tags FROM {TABLE}"
        )
        # '_' is part of a word only for the tags: `segment` never puts one in a token.
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.FTS} USING fts5("
            f"title_tokens, body_tokens, tags, content='{self.VIEW}', content_rowid='id', "
            "tokenize=\"unicode61 remove_diacritics 0 tokenchars '_'\")"
        )
        for name, body in self.TRIGGERS.items():
            cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
        # Index what the table already holds (a re-install after a table rebuild).
        cursor.execute(f"INSERT INTO {self.FTS}({self.FTS}) VALUES ('rebuild')")

    def uninstall(self, cursor: Any) -> None:
        for name in self.TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {self.FTS}")
        cursor.execute(f"DROP VIEW IF EXISTS {self.VIEW}")

    def missing(self) -> list[str]:
        wanted = [self.FTS, self.VIEW, *self.TRIGGERS]
        found = {
            name
            for (name,) in _fetch(
                f"SELECT name FROM sqlite_master WHERE name IN ({', '.join(['%s'] * len(wanted))})",
                wanted,
            )
        }
        return [name for name in wanted if name not in found]

    @staticmethod
    def match(terms: Sequence[Term], filters: Filters) -> str:
        """The FTS5 query. Every token is quoted as a string, so nothing in
        it is FTS5 syntax; only the last word may be a prefix."""
        words = [
            '"' + term.token.replace('"', '""') + '"' + ("*" if term.prefix else "")
            for term in terms
        ]
        if filters.any_word and len(words) > 1:
            words = [f"({' OR '.join(words)})"]
        tags = [f'"_p_{int(filters.product_id)}"'] if filters.product_id is not None else []
        if filters.status:
            tags.append('"_s_' + filters.status.replace('"', '""') + '"')
        kinds = ['"_k_' + kind.replace('"', '""') + '"' for kind in filters.kinds]
        if kinds:
            tags.append(f"({' OR '.join(kinds)})")
        return " AND ".join([*words, *tags])

    def hits(self, terms: Sequence[Term], filters: Filters, *, limit: int, offset: int) -> Hits:
        match = self.match(terms, filters)
        # bm25() only works while FTS5 walks its matches, so the newest
        # matches and their scores are materialised before the sort: one past
        # the candidates, to tell whether more match.
        rows = _fetch(
            f"WITH bounds AS ({BOUNDS}), "
            "matches AS MATERIALIZED ("
            f"SELECT rowid AS id, bm25({self.FTS}, {TITLE_WEIGHT}, 1.0, 0.0) AS relevance "
            f"FROM {self.FTS} WHERE {self.FTS} MATCH %s "
            f"ORDER BY rowid DESC LIMIT {CANDIDATES + 1}) "
            "SELECT m.id, (SELECT COUNT(*) FROM matches) "
            f"FROM (SELECT * FROM matches ORDER BY id DESC LIMIT {CANDIDATES}) AS m, "
            "bounds AS b "
            f"ORDER BY m.relevance * (1.0 + {NEWEST_BOOST} * (m.id - b.low) "
            "/ MAX(1, b.high - b.low)), m.id DESC LIMIT %s OFFSET %s",
            [match, limit, offset],
        )
        if rows:
            return Hits.counted([row[0] for row in rows], rows[0][1])
        count = _fetch(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {self.FTS} WHERE {self.FTS} MATCH %s "
            f"LIMIT {CANDIDATES + 1})",
            [match],
        )
        return Hits.counted([], count[0][0])

    @contextmanager
    def reloading(self) -> Iterator[None]:
        # Row by row, the triggers would take 10 s to empty 200,000 documents
        # and 15 s more to index them again; emptying the FTS table at once
        # and indexing the new rows in one pass at the end takes 5 s.
        with connection.cursor() as cursor:
            for name in self.TRIGGERS:
                cursor.execute(f"DROP TRIGGER {name}")
            cursor.execute(f"DELETE FROM {TABLE}")
            cursor.execute(f"INSERT INTO {self.FTS}({self.FTS}) VALUES ('delete-all')")
        yield
        with connection.cursor() as cursor:
            self.install(cursor)  # the triggers, and the new rows indexed

    def optimize(self) -> None:
        """Merge the FTS index into one b-tree: fewer pages per search."""
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {self.FTS}({self.FTS}) VALUES ('optimize')")


class PostgreSQLBackend(Backend):
    """The vectors live in a narrow table of their own (`VECTORS`: the
    document's id, its filters and its tsvector), kept by a trigger on the
    documents table. A search reads the matching rows to rank them; beside
    the documents' texts and tokens those rows were spread over three times
    the pages, which no longer stayed in shared buffers."""

    VECTORS = "search_vector"
    INDEX = "search_vector_gin"
    FUNCTION = "search_vector_sync"
    TRIGGER = "search_vector_sync"
    # The structure of migration 0002, before the vectors had their own table.
    OLD_COLUMN = "search_vector"
    OLD_INDEX = "search_document_vector"
    # ts_rank's weights for D, C, B (the text) and A (the title).
    WEIGHTS = f"{{0.1, 0.1, {1 / TITLE_WEIGHT}, 1.0}}"
    VECTOR = (
        "setweight(to_tsvector('simple'::regconfig, {row}.title_tokens), 'A') || "
        "setweight(to_tsvector('simple'::regconfig, {row}.body_tokens), 'B')"
    )
    FILTERS = "kind, product_id, status"
    # Words in at least this share of the documents are common: the newest
    # matches of all of them are found sooner by walking the primary key
    # backwards than through the GIN index, whose bitmap visits every match.
    # (Walking reads about CANDIDATES / share rows at 0.5 µs each, the bitmap
    # about share × documents at 1 µs each: they cost the same near 4 % of
    # 300,000 documents.)
    COMMON_SHARE = 0.04
    # How long the planner's word statistics are kept in the cache.
    STATISTICS_SECONDS = 600

    def install(self, cursor: Any) -> None:
        cursor.execute(f"DROP INDEX IF EXISTS {self.OLD_INDEX}")
        cursor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {self.OLD_COLUMN}")
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {self.VECTORS} ("
            "id bigint PRIMARY KEY, kind varchar(20) NOT NULL, product_id bigint NULL, "
            "status varchar(32) NOT NULL, vector tsvector NOT NULL)"
        )
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {self.INDEX} ON {self.VECTORS} USING gin (vector)"
        )
        cursor.execute(
            f"CREATE OR REPLACE FUNCTION {self.FUNCTION}() RETURNS trigger AS $$ BEGIN "
            f"IF TG_OP = 'DELETE' THEN DELETE FROM {self.VECTORS} WHERE id = OLD.id; "
            "RETURN OLD; END IF; "
            f"INSERT INTO {self.VECTORS} (id, {self.FILTERS}, vector) VALUES "
            f"(NEW.id, NEW.kind, NEW.product_id, NEW.status, {self.VECTOR.format(row='NEW')}) "
            "ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, "
            "product_id = EXCLUDED.product_id, status = EXCLUDED.status, "
            "vector = EXCLUDED.vector; "
            "RETURN NEW; END $$ LANGUAGE plpgsql"
        )
        cursor.execute(f"DROP TRIGGER IF EXISTS {self.TRIGGER} ON {TABLE}")
        cursor.execute(
            f"CREATE TRIGGER {self.TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON {TABLE} "
            f"FOR EACH ROW EXECUTE FUNCTION {self.FUNCTION}()"
        )
        # Index what the table already holds (an install over existing documents).
        cursor.execute(
            f"INSERT INTO {self.VECTORS} (id, {self.FILTERS}, vector) "
            f"SELECT d.id, d.kind, d.product_id, d.status, {self.VECTOR.format(row='d')} "
            f"FROM {TABLE} AS d ON CONFLICT (id) DO NOTHING"
        )
        cursor.execute(f"ANALYZE {self.VECTORS}")

    def uninstall(self, cursor: Any) -> None:
        cursor.execute(f"DROP TRIGGER IF EXISTS {self.TRIGGER} ON {TABLE}")
        cursor.execute(f"DROP FUNCTION IF EXISTS {self.FUNCTION}()")
        cursor.execute(f"DROP TABLE IF EXISTS {self.VECTORS}")

    def missing(self) -> list[str]:
        found = {
            name
            for (name,) in _fetch(
                "SELECT tablename FROM pg_tables "
                "WHERE schemaname = current_schema() AND tablename = %s "
                "UNION ALL SELECT indexname FROM pg_indexes "
                "WHERE schemaname = current_schema() AND indexname = %s "
                "UNION ALL SELECT 'trigger:' || tgname FROM pg_trigger WHERE tgname = %s",
                [self.VECTORS, self.INDEX, self.TRIGGER],
            )
        }
        wanted = [self.VECTORS, self.INDEX, f"trigger:{self.TRIGGER}"]
        return [name for name in wanted if name not in found]

    @staticmethod
    def match(terms: Sequence[Term], *, any_word: bool = False) -> str:
        """The tsquery text. Every token is quoted as a lexeme, so nothing in
        it is tsquery syntax; only the last word may be a prefix."""
        return (" | " if any_word else " & ").join(
            "'"
            + term.token.replace("\\", "\\\\").replace("'", "''")
            + "'"
            + (":*" if term.prefix else "")
            for term in terms
        )

    @staticmethod
    def where(filters: Filters) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if filters.kinds:
            clauses.append(f"d.kind IN ({', '.join(['%s'] * len(filters.kinds))})")
            params.extend(filters.kinds)
        if filters.product_id is not None:
            clauses.append("d.product_id = %s")
            params.append(filters.product_id)
        if filters.status:
            clauses.append("d.status = %s")
            params.append(filters.status)
        return "".join(f" AND {clause}" for clause in clauses), params

    def hits(self, terms: Sequence[Term], filters: Filters, *, limit: int, offset: int) -> Hits:
        where, params = self.where(filters)
        match = self.match(terms, any_word=filters.any_word)
        # Only the newest matches are ranked (one past the candidates tells
        # whether more match). The tsquery is written into their WHERE, not
        # taken from a CTE, so the planner sees how common a word is: the GIN
        # index for a rare one, the primary key backwards for a common one.
        found = f"d.vector @@ to_tsquery('simple', %s){where}"
        newest = (
            f"SELECT d.id, d.vector FROM {self.VECTORS} AS d WHERE {found} "
            f"ORDER BY d.id DESC LIMIT {CANDIDATES + 1}"
        )
        walk = None if filters.any_word else self.walk_rows(terms)
        if walk is None:
            matches = f"matches AS MATERIALIZED ({newest})"
            matches_params = [match, *params]
        else:
            # Several common words: the planner takes them for independent,
            # expects few documents to have them all and picks the index. The
            # newest `walk` rows hold enough when the words go together; when
            # they do not, the index is asked after all.
            enough = f"(SELECT COUNT(*) FROM walked) > {CANDIDATES}"
            matches = (
                "walked AS MATERIALIZED (SELECT d.id, d.vector FROM "
                f"(SELECT * FROM {self.VECTORS} ORDER BY id DESC LIMIT {walk}) AS d "
                f"WHERE {found} ORDER BY d.id DESC LIMIT {CANDIDATES + 1}), "
                f"matches AS MATERIALIZED (SELECT * FROM walked WHERE {enough} "
                f"UNION ALL SELECT * FROM ({newest}) AS n WHERE NOT {enough})"
            )
            matches_params = [match, *params] * 2
        rows = _fetch(
            "WITH query AS MATERIALIZED (SELECT to_tsquery('simple', %s) AS q), "
            f"bounds AS ({BOUNDS}), {matches} "
            "SELECT m.id, (SELECT COUNT(*) FROM matches) "
            f"FROM (SELECT * FROM matches ORDER BY id DESC LIMIT {CANDIDATES}) AS m, "
            "bounds AS b, query "
            f"ORDER BY ts_rank('{self.WEIGHTS}', m.vector, query.q, 1)::float8 "
            f"* (1.0 + {NEWEST_BOOST} * (m.id - b.low)::float8 "
            "/ GREATEST(1, b.high - b.low)) DESC, m.id DESC LIMIT %s OFFSET %s",
            [match, *matches_params, limit, offset],
        )
        if rows:
            return Hits.counted([row[0] for row in rows], rows[0][1])
        count = _fetch(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {self.VECTORS} AS d WHERE {found} "
            f"LIMIT {CANDIDATES + 1}) AS m",
            [match, *params],
        )
        return Hits.counted([], count[0][0])

    def walk_rows(self, terms: Sequence[Term]) -> int | None:
        """How many of the newest rows to walk for the newest documents with
        all of several common words; None to leave it to the planner (a
        single word, whose share it knows, or a rarer one). A half-typed
        word is at least as common as the whole word."""
        if len(terms) < 2:
            return None
        documents, shares = self.common_words()
        rarest = min(shares.get(term.token, 0.0) for term in terms)
        if rarest < self.COMMON_SHARE:
            return None
        # Room for the words to go together half as often as the rarest of
        # them appears. Common words that seldom meet cost the walk in vain
        # (about 20 ms on the benchmark's 300,000 documents).
        return min(documents, math.ceil(2 * (CANDIDATES + 1) / rarest))

    def common_words(self) -> tuple[int, dict[str, float]]:
        """How many documents the planner counts, and the share of them each
        common word is in: its statistics from the last ANALYZE, cached."""

        def read() -> tuple[int, dict[str, float]]:
            rows = _fetch(
                "SELECT u.word, u.share, c.reltuples FROM pg_stats AS s, pg_class AS c, "
                "unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) "
                "AS u(word, share) WHERE s.schemaname = current_schema() "
                "AND s.tablename = %s AND s.attname = 'vector' AND c.oid = %s::regclass "
                "AND u.word IS NOT NULL AND u.share >= %s",
                [self.VECTORS, self.VECTORS, self.COMMON_SHARE],
            )
            return (int(rows[0][2]) if rows else 0), {word: share for word, share, _ in rows}

        found = cache.get_or_set("search-common-words", read, self.STATISTICS_SECONDS)
        return cast(tuple[int, dict[str, float]], found)

    @contextmanager
    def reloading(self) -> Iterator[None]:
        # Emptied at once, the vectors leave the trigger nothing to delete
        # for each document.
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.VECTORS}")
            cursor.execute(f"DELETE FROM {TABLE}")
        yield

    def optimize(self) -> None:
        """Clear the old documents' dead rows (and their GIN entries), which
        every search would otherwise step over until autovacuum comes, and
        refresh the planner's statistics. VACUUM cannot run in a
        transaction: inside one, only ANALYZE."""
        with connection.cursor() as cursor:
            vacuum = "" if connection.in_atomic_block else "VACUUM "
            for table in (TABLE, self.VECTORS):
                cursor.execute(f"{vacuum}ANALYZE {table}")


BACKENDS: dict[str, type[Backend]] = {"sqlite": SQLiteBackend, "postgresql": PostgreSQLBackend}


def backend_for(vendor: str) -> Backend:
    try:
        return BACKENDS[vendor]()
    except KeyError:
        raise ImproperlyConfigured(
            f"Search supports SQLite and PostgreSQL, not {vendor}."
        ) from None


def backend() -> Backend:
    """The backend of the default database."""
    return backend_for(connection.vendor)
