"""Challenges and design entries are found in both languages; drafts and
solution entries never are."""

import pytest
from django.http import Http404
from django.urls import include, path

from cocreate.challenges import urls as challenge_urls
from cocreate.challenges.actions import challenges as actions
from cocreate.challenges.enums import EntryStatus
from cocreate.challenges.models import Entry
from cocreate.challenges.search import CHALLENGE, ENTRY
from cocreate.challenges.tests.fixtures import add_prizes, make_challenge, make_entry
from cocreate.core.models import Activity
from cocreate.search.actions import index_documents
from cocreate.search.consumers import CONSUMERS
from cocreate.search.queries import search
from config.urls import urlpatterns as site_urls


def _not_here(request, pk):
    raise Http404


# The entry page is the entries part's; until it is merged, an address of
# the same shape stands in for it so entry documents can be built.
_entry = (
    []
    if any(p.name == "entry" for p in challenge_urls.urlpatterns)
    else [path("entries/<int:pk>/", _not_here, name="entry")]
)
urlpatterns = [
    path("challenges/", include((challenge_urls.urlpatterns + _entry, "challenges"))),
    *site_urls,
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def found(text: str, **filters) -> list[tuple[str, int]]:
    return [(hit.kind, hit.object_id) for hit in search(text, **filters).hits]


def index_all() -> None:
    from cocreate.challenges.models import Challenge

    index_documents(CHALLENGE, Challenge.objects.values_list("pk", flat=True))
    index_documents(ENTRY, Entry.objects.values_list("pk", flat=True))


def work(verb: str) -> None:
    activity = Activity.objects.filter(verb=verb).latest("pk")
    for consume in CONSUMERS[verb]:
        consume(activity)


@pytest.fixture
def entries(contest, solution_challenge, member, other_member):
    design = make_entry(contest, member, title="水墨波浪 Ink waves")
    solution = make_entry(solution_challenge, other_member, title="固态电池 Solid battery")
    return design, solution


def test_a_challenge_and_a_design_entry_are_found_in_both_languages(contest, entries):
    design, _solution = entries
    index_all()

    assert found("手机壳") == [(CHALLENGE, contest.pk)]
    # Both fixtures share the brief; the contest's title makes it first.
    assert found("phone case design", kind=CHALLENGE)[0] == (CHALLENGE, contest.pk)
    assert found("水墨") == [(ENTRY, design.pk)]
    assert found("ink waves") == [(ENTRY, design.pk)]


def test_solution_entries_and_drafts_are_never_found(product, entries, member):
    draft = make_challenge(
        product, slug="secret", phase="draft", name="Secret lamp", name_zh="秘密台灯"
    )
    make_entry(draft, member, title="Lamp sketch")
    index_all()

    assert found("固态电池") == [] and found("solid battery") == []
    assert found("秘密台灯") == [] and found("secret lamp") == [] and found("lamp sketch") == []
    # The solution challenge itself is public.
    assert found("两天续航") != []


def test_the_index_follows_publishing_and_withdrawing(product, staff, member):
    draft = make_challenge(
        product, slug="lamp", phase="draft", name="Desk lamp", name_zh="台灯设计"
    )
    add_prizes(draft)
    index_all()
    assert found("台灯") == []

    actions.publish_challenge(draft, actor=staff)
    work("challenge.published")
    assert found("台灯") == [(CHALLENGE, draft.pk)]

    entry = make_entry(draft, member, title="Moon lamp")
    index_documents(ENTRY, [entry.pk])
    assert found("moon lamp") == [(ENTRY, entry.pk)]
    Entry.objects.filter(pk=entry.pk).update(status=EntryStatus.WITHDRAWN)
    index_documents(ENTRY, [entry.pk])
    assert found("moon lamp") == []


def test_every_entry_verb_reindexes_its_target():
    from cocreate.challenges.search import SOURCES

    entry_source = next(source for source in SOURCES if source.kind == ENTRY)
    for verb in ("entry.submitted", "entry.edited", "entry.withdrawn", "entry.disqualified"):
        assert verb in entry_source.affected_by and verb in CONSUMERS
