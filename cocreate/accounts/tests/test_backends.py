import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from cocreate.accounts.backends import AuthenticationBackend, ModelBackend

pytestmark = pytest.mark.django_db

BACKENDS = [ModelBackend, AuthenticationBackend]


def test_the_site_logs_in_with_ours():
    assert settings.AUTHENTICATION_BACKENDS == [
        "cocreate.accounts.backends.ModelBackend",
        "cocreate.accounts.backends.AuthenticationBackend",
    ]


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_member_of_a_session_is_read_as_the_orm_reads_them(backend, member):
    read = backend().get_user(str(member.pk))

    expected = get_user_model().objects.get(pk=member.pk)
    assert read == expected and read._state.adding is False
    assert {field.attname: getattr(read, field.attname) for field in expected._meta.fields} == {
        field.attname: getattr(expected, field.attname) for field in expected._meta.fields
    }


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_unknown_or_deactivated_member_is_nobody(backend, member):
    get_user_model().objects.filter(pk=member.pk).update(is_active=False)

    assert backend().get_user(member.pk) is None
    assert backend().get_user(member.pk + 1000) is None


def test_a_changed_password_still_ends_the_other_sessions(client, member):
    client.force_login(member)
    assert client.get(reverse("home")).context["user"] == member
    member.set_password("a new and long passphrase")
    member.save()

    assert client.get(reverse("home")).context["user"].is_anonymous
