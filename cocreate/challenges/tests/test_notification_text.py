"""Every challenge notification reads as its own sentence, in the reader's
language where the challenge has a Chinese name."""

import pytest
from django.utils import translation

from cocreate.notifications.enums import NotificationKind
from cocreate.notifications.models import Notification
from cocreate.notifications.text import describe

pytestmark = pytest.mark.django_db

NAMES = {"challenge": "Phone case design", "challenge_zh": "手机壳设计大赛"}


@pytest.mark.parametrize(
    ("kind", "data", "sentence"),
    [
        (
            NotificationKind.CHALLENGE,
            {"event": "scoring_opened", "until": "2026-12-01T12:00:00+00:00"},
            "Community scoring of Phone case design is open until",
        ),
        (
            NotificationKind.CHALLENGE,
            {"event": "entries_closed", "until": "2026-12-01T12:00:00+00:00"},
            "Entries to Phone case design are closed",
        ),
        (
            NotificationKind.CHALLENGE,
            {"event": "announced"},
            "The winners of Phone case design are announced",
        ),
        (NotificationKind.JUDGING, {"event": "judge_assigned"}, "You are a judge of Phone"),
        (
            NotificationKind.JUDGING,
            {"event": "shortlist_set", "entries": 3},
            "The shortlist of Phone case design is ready: 3 entries to judge",
        ),
        (
            NotificationKind.ROYALTY,
            {"event": "adopted", "title": "Ink waves", "product_name": "Ink case"},
            "Your design “Ink waves” was adopted as Ink case",
        ),
        (
            NotificationKind.ROYALTY,
            {"event": "sales", "title": "Ink waves", "amount": "12.34", "currency": "CNY"},
            "You earned 12.34 CNY in royalties on “Ink waves”",
        ),
    ],
)
def test_each_event_has_its_sentence(member, kind, data, sentence):
    notification = Notification(recipient=member, kind=kind, data={**NAMES, **data})

    assert sentence in describe(notification)


def test_the_challenge_is_named_in_the_readers_language(member):
    notification = Notification(
        recipient=member, kind=NotificationKind.CHALLENGE, data={**NAMES, "event": "announced"}
    )

    with translation.override("zh-hans"):
        assert "手机壳设计大赛" in describe(notification)


@pytest.mark.parametrize(
    ("verb", "data", "sentence"),
    [
        ("challenge.published", {}, "opened the challenge “Phone case design”"),
        ("entry.submitted", {"title": "Ink waves"}, "entered “Ink waves” in Phone case design"),
        ("challenge.announced", {}, "The winners of Phone case design are announced"),
        ("challenge.won", {"title": "Ink waves"}, "won a prize in Phone case design with “Ink"),
        ("entry.adopted", {"product_name": "Ink case"}, "A community design became a product: Ink"),
    ],
)
def test_challenge_activity_reads_as_a_sentence_on_the_home_page(
    client, member, verb, data, sentence
):
    from cocreate.core.models import Activity

    Activity.objects.create(actor=member, verb=verb, public=True, data={**NAMES, **data})

    assert sentence in client.get("/", HTTP_HX_REQUEST="true").content.decode()
