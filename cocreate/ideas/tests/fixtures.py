"""Ideas fixtures, shared by the ideas' and the API's tests (registered in
the root conftest): the product's ideas board with a moderator of its own,
tags, and an idea by `member` (Ada)."""

import pytest

from cocreate.accounts.tests.factories import UserFactory
from cocreate.ideas import actions
from cocreate.ideas.models import Tag
from cocreate.moderation import actions as moderation


@pytest.fixture
def ideas_board(product):
    return actions.ideas_board_for(product)


@pytest.fixture
def idea_moderator(ideas_board, staff):
    """A member appointed to moderate the product's ideas board (and no other)."""
    user = UserFactory(username="imo")
    moderation.appoint_moderator(ideas_board, member=user, actor=staff)
    return user


@pytest.fixture
def camera_tag(db):
    return Tag.objects.create(slug="camera", name="Camera", name_zh="相机")


@pytest.fixture
def battery_tag(db):
    return Tag.objects.create(slug="battery", name="Battery", name_zh="电池")


@pytest.fixture
def idea(product, member, camera_tag):
    return actions.submit_idea(
        product,
        author=member,
        title="Night mode for the camera app",
        description="Make **night** photos brighter.",
        tags=[camera_tag],
    )


@pytest.fixture
def other_idea(product, other_member):
    return actions.submit_idea(
        product,
        author=other_member,
        title="希望增加息屏显示功能",
        description="息屏时显示时间和通知。",
    )


@pytest.fixture
def threshold(product, ideas_board):
    """The product's ideas go to review at 3 supports within 30 days."""
    settings = product.idea_settings
    settings.threshold_supports, settings.threshold_days = 3, 30
    settings.save()
    return settings
