"""Who sees and who manages which release: anonymous, member, beta member
and staff × seeing a draft, seeing a beta build, managing, publishing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from cocreate.releases.enums import Channel
from cocreate.releases.permissions.releases import (
    can_manage_releases,
    can_see_release,
    check_manage_releases,
)
from cocreate.releases.queries.releases import get_release_for, releases_visible_to
from cocreate.releases.tests.fixtures import make_release

from .test_release_actions import beta_member, beta_program  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "beta member", "staff"]


@pytest.fixture
def user_of(member, beta_member, staff):  # noqa: F811
    from django.contrib.auth.models import AnonymousUser

    users = {"anonymous": AnonymousUser(), "member": member, "beta member": beta_member}
    return lambda role: users.get(role, staff)


@pytest.fixture
def draft(product):
    return make_release(product, version="3.2.9", published=False)


@pytest.mark.parametrize(
    ("role", "sees_public", "sees_draft", "sees_beta", "manages"),
    [
        ("anonymous", True, False, False, False),
        ("member", True, False, False, False),
        ("beta member", True, False, True, False),
        ("staff", True, True, True, True),
    ],
)
def test_permission_matrix(
    user_of, release, draft, beta_release, role, sees_public, sees_draft, sees_beta, manages
):
    user = user_of(role)

    assert can_see_release(user, release) is sees_public
    assert can_see_release(user, draft) is sees_draft
    assert can_see_release(user, beta_release) is sees_beta
    visible = set(releases_visible_to(user))
    assert (release in visible, draft in visible, beta_release in visible) == (
        sees_public,
        sees_draft,
        sees_beta,
    )
    assert can_manage_releases(user) is manages
    if not manages:
        with pytest.raises(PermissionDenied):
            check_manage_releases(user)  # managing and publishing alike


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_an_invisible_release_is_not_found(user_of, beta_release, role):
    with pytest.raises(Http404):
        get_release_for(user_of(role), beta_release.pk)


def test_a_beta_member_of_another_channel_does_not_see_it(beta_program, beta_member, product):  # noqa: F811
    stable_beta = make_release(product, version="4.0.0", channel=Channel.STABLE)
    beta_program.channel = Channel.STABLE
    beta_program.save()

    assert can_see_release(beta_member, stable_beta)
    assert not releases_visible_to(beta_member).filter(channel=Channel.BETA).exists()
