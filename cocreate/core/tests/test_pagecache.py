from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from cocreate.accounts.tests.factories import UserFactory
from cocreate.core.models import CacheStamp
from cocreate.core.pagecache import bump, cache_anonymous_page, stamps

calls = []


@cache_anonymous_page("things")
def page(request):
    calls.append(1)
    return HttpResponse(f"render {len(calls)}")


def anonymous_get(path="/things"):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    request.LANGUAGE_CODE = "en"
    return request


def test_anonymous_page_is_rendered_once_until_its_stamp_is_bumped(
    db, django_capture_on_commit_callbacks
):
    calls.clear()
    first = page(anonymous_get()).content
    assert page(anonymous_get()).content == first

    with django_capture_on_commit_callbacks(execute=True):
        bump("things")

    assert page(anonymous_get()).content != first
    assert len(calls) == 2


def test_logged_in_members_always_get_a_fresh_page(db):
    calls.clear()
    request = anonymous_get()
    request.user = UserFactory()

    page(request)
    page(request)

    assert len(calls) == 2


def test_bump_creates_missing_stamp_then_increments(db, django_capture_on_commit_callbacks):
    assert stamps(("a", "b")) == "1.1"

    with django_capture_on_commit_callbacks(execute=True):
        bump("a")
    with django_capture_on_commit_callbacks(execute=True):
        bump("a")

    assert CacheStamp.objects.get(name="a").version == 3
    assert stamps(("a", "b")) == "3.1"


def test_bumps_in_one_transaction_move_all_stamps_in_one_statement(
    db, django_capture_on_commit_callbacks, django_assert_num_queries
):
    CacheStamp.objects.bulk_create([CacheStamp(name="a", version=2), CacheStamp(name="b")])
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        bump("a")
        bump("b", "a")

    assert len(callbacks) == 1
    with django_assert_num_queries(1):
        callbacks[0]()
    assert stamps(("a", "b")) == "3.2"
