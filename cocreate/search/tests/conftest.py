import pytest

from cocreate.search.queries import search


@pytest.fixture
def found():
    """`found("words", **filters)` → the (kind, object id) of each result, best first."""

    def run(text: str, **filters) -> list[tuple[str, int]]:
        return [(hit.kind, hit.object_id) for hit in search(text, **filters).hits]

    return run
