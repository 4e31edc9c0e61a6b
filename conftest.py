"""Fixtures shared by every test in the project."""

import pytest
from django.core.management import call_command

pytest_plugins = [
    "cocreate.forum.tests.fixtures",
    "cocreate.moderation.tests.fixtures",
    "cocreate.ideas.tests.fixtures",
    "cocreate.releases.tests.fixtures",
    "cocreate.challenges.tests.fixtures",
]


def pytest_configure(config):
    """Settings for the whole run: a fast password hasher, and static files
    without the manifest that only `collectstatic` writes."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns without it
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def member(db):
    from cocreate.accounts.tests.factories import UserFactory

    return UserFactory(
        username="ada", email="ada@example.com", display_name="Ada Lovelace", city="London"
    )


@pytest.fixture
def other_member(db):
    from cocreate.accounts.tests.factories import UserFactory

    return UserFactory(username="grace")


@pytest.fixture
def staff(db):
    from cocreate.accounts.tests.factories import UserFactory

    return UserFactory(username="admin", is_staff=True, is_superuser=True)


def logged_in(client, user):
    """Log `user` in on `client` as a returning visitor: today's visit is
    already counted, so what a test measures afterwards is the steady state."""
    client.force_login(user)
    client.get("/healthz")
    return client


@pytest.fixture
def member_client(client, member):
    return logged_in(client, member)


@pytest.fixture(autouse=True)
def _real_mail_path(settings):
    """Django's test runner swaps in the locmem backend; put the outbox back so
    tests exercise the path production uses. The worker then delivers to locmem,
    where `mailoutbox` sees it."""
    settings.EMAIL_BACKEND = "cocreate.core.mail.OutboxEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def run_worker(django_capture_on_commit_callbacks, monkeypatch):
    """Run the real background worker until the queue is empty, including the
    tasks that the tasks themselves enqueue on commit."""

    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    # The worker recycles connections between tasks; inside a test that would
    # close the connection holding the test's transaction (Django's test client
    # disconnects the same hook from its request signals for the same reason).
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> None:
        for _ in range(10):
            with django_capture_on_commit_callbacks(execute=True) as callbacks:
                call_command(
                    "db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0
                )
            if not callbacks:
                break
        else:
            raise AssertionError("the task queue did not settle")
        failed = DBTaskResult.objects.filter(status="FAILED").values_list("traceback", flat=True)
        assert not failed, "a background task failed:\n" + "\n".join(failed)

    return run


@pytest.fixture
def commit_and_work(django_capture_on_commit_callbacks, run_worker):
    """Use as `with commit_and_work(): ...`: on-commit hooks fire at the end of
    the block, then the worker drains the queue."""
    from contextlib import contextmanager

    @contextmanager
    def block():
        with django_capture_on_commit_callbacks(execute=True):
            yield
        run_worker()

    return block
