"""Many members supporting (and double-clicking, and withdrawing) at once, on
real threads with their own database connections: the tallies end exact and
`recount` finds nothing to fix.

On PostgreSQL the threads share the test database. SQLite's test database
lives in memory, where connections lock each other out instead of waiting;
so there the test copies it to a file in WAL mode, as a real installation
runs, and every thread (the checks included) connects to that file.
"""

import sqlite3
import threading
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, connections

from cocreate.accounts.tests.factories import UserFactory
from cocreate.forum.models import Product
from cocreate.ideas import actions
from cocreate.ideas.models import Idea, Support

SUPPORTERS = 12


@pytest.fixture
def shared_database(tmp_path):
    """`use()`: a context manager that points the current thread's default
    connection at a database every thread can write to at once."""
    if connection.vendor != "sqlite":

        @contextmanager
        def same():
            try:
                yield
            finally:
                connections["default"].close()

        yield same
        return
    path = tmp_path / "concurrency.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
    settings = {**connections.settings["default"], "NAME": str(path)}

    @contextmanager
    def use():
        original = connections["default"]
        wrapper = connections.create_connection("default")
        wrapper.settings_dict = {**settings}
        connections["default"] = wrapper
        try:
            yield
        finally:
            wrapper.close()
            connections["default"] = original

    yield use


def _in_parallel(use, work, members):
    errors = []

    def run(member):
        try:
            with use():
                work(member)
        except Exception as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(member,)) for member in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


@pytest.mark.django_db(transaction=True)
def test_parallel_supports_end_with_exact_tallies(shared_database):
    with shared_database():
        product = Product.objects.create(slug="phone", name="Orange Phone")
        author = UserFactory(username="author")
        idea = actions.submit_idea(product, author=author, title="Race", description="Go")
        other = actions.submit_idea(product, author=author, title="Other race", description="Go")
        members = [UserFactory(username=f"fan{n}") for n in range(SUPPORTERS)]

    def double_click(member):
        # Each member supports both ideas twice, as a double click would.
        for _ in range(2):
            actions.support_idea(Idea.objects.get(pk=idea.pk), member=member)
            actions.support_idea(Idea.objects.get(pk=other.pk), member=member)

    _in_parallel(shared_database, double_click, members)

    def change_mind(member):
        # Half of them withdraw from `other`, twice over.
        for _ in range(2):
            actions.withdraw_support(Idea.objects.get(pk=other.pk), member=member)

    _in_parallel(shared_database, change_mind, members[: SUPPORTERS // 2])

    with shared_database():
        idea.refresh_from_db()
        other.refresh_from_db()
        assert idea.support_count == Support.objects.filter(idea=idea).count() == SUPPORTERS + 1
        assert other.support_count == Support.objects.filter(idea=other).count()
        assert other.support_count == SUPPORTERS // 2 + 1
        out = StringIO()
        call_command("recount", "--only", "ideas.", stdout=out)
        assert "All 1 counters match." in out.getvalue()
