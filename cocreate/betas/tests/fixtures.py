"""Beta fixtures, shared by the betas' and the API's tests: a closed program
of the phone for Lv.2 members with its risk statement, an open one, and
helpers to make a member eligible and to put one in a program."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.accounts.tests.factories import UserFactory
from cocreate.betas import actions
from cocreate.betas.models import BetaMembership, BetaProgram, RiskStatement
from cocreate.moderation import actions as moderation
from cocreate.reputation.models import MemberStats

ZONE = "Asia/Shanghai"


def make_program(product, *, slug="phone-beta", kind="closed", capacity=3, **fields):
    program = BetaProgram.objects.create(
        product=product,
        slug=slug,
        name="Phone beta",
        name_zh="手机内测",
        kind=kind,
        capacity=capacity,
        min_level=2,
        time_zone=ZONE,
        **fields,
    )
    RiskStatement.objects.create(
        program=program, version=1, text="Builds may crash.", text_zh="测试版可能崩溃。"
    )
    return program


def eligible(user, level=2):
    """Give `user` the level the programs ask for."""
    MemberStats.objects.update_or_create(member=user, defaults={"level": level})
    user.__dict__.pop("_reputation_stats", None)
    return user


def join(program, user, *, days_ago=30):
    """Put `user` in `program` as staff accepting their application would,
    `days_ago` days ago."""
    application = actions.apply_to_program(program, member=user, risk_version=1)
    if application.status == "pending":
        actions.decide_application(
            application, actor=UserFactory(username="admin", is_staff=True), status="accepted"
        )
    membership = BetaMembership.objects.get(program=program, member=user, status="active")
    membership.joined_at = timezone.now() - timedelta(days=days_ago)
    membership.save(update_fields=["joined_at"])
    program.refresh_from_db()
    return membership


@pytest.fixture
def program(product):
    return make_program(product)


@pytest.fixture
def open_program(product):
    return make_program(product, slug="phone-open", kind="open", capacity=1)


@pytest.fixture
def tester(program):
    """An eligible member of `program` for 30 days."""
    user = eligible(UserFactory(username="tess"))
    join(program, user)
    return user


@pytest.fixture
def program_moderator(board, staff):
    """A moderator of one of the product's boards (so of its programs)."""
    user = UserFactory(username="bomo")
    moderation.appoint_moderator(board, member=user, actor=staff)
    return user
