"""Moderation fixtures, shared by the moderation's and the API's tests
(registered in the root conftest): a second board, a moderator of each, a
senior, and a reply to flag."""

import pytest

from cocreate.accounts.tests.factories import UserFactory
from cocreate.forum import actions as forum
from cocreate.forum.models import Board
from cocreate.moderation import actions
from cocreate.reputation.actions import change_tier
from cocreate.reputation.enums import Tier


@pytest.fixture
def other_board(product):
    return Board.objects.create(slug="camera", product=product, name="Camera", name_zh="相机")


@pytest.fixture
def moderator(board, staff):
    """A member appointed to moderate `board` (and no other)."""
    user = UserFactory(username="mo")
    change_tier(user, tier=Tier.MODERATOR, actor=staff)
    actions.appoint_moderator(board, member=user, actor=staff)
    return user


@pytest.fixture
def other_moderator(other_board, staff):
    """A moderator of `other_board`, not of `board`."""
    user = UserFactory(username="om")
    actions.appoint_moderator(other_board, member=user, actor=staff)
    return user


@pytest.fixture
def senior(db):
    user = UserFactory(username="sen")
    change_tier(user, tier=Tier.SENIOR)
    return user


@pytest.fixture
def reply(thread, other_member):
    return forum.reply_to_thread(thread, author=other_member, body="Buy cheap watches!")
