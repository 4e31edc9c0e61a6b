from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from cocreate.accounts.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_the_engine_without_redis_is_ours():
    assert settings.REDIS_URL or settings.SESSION_ENGINE == "cocreate.accounts.sessions"


def test_a_stored_session_is_read_back():
    store = SessionStore()
    store["member"] = 42
    store.create()

    again = SessionStore(store.session_key)

    assert again.load() == {"member": 42} and again.session_key == store.session_key


def test_an_expired_or_unknown_session_reads_as_empty_and_loses_its_key():
    store = SessionStore()
    store["member"] = 42
    store.create()
    Session.objects.filter(pk=store.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    expired = SessionStore(store.session_key)
    unknown = SessionStore("x" * 32)

    assert expired.load() == {} and expired.session_key is None
    assert unknown.load() == {} and unknown.session_key is None
