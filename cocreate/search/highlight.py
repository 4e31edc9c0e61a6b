"""Highlighted titles and snippets, from the original text.

The same on every database: the words a query found are located in the
document's original text (folded the way `segment` folds it, which keeps
every character's position), escaped, and wrapped in `<mark>`. A word
matches when its token is one the query asked for (or begins with it, for a
prefix); Han words match where their characters appear.
"""

import re
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .segment import HAN, RUN, Term, fold, word_token

SNIPPET_LENGTH = 220
LEAD = 60  # characters shown before the first word found
ELLIPSIS = "…"


def _word_spans(folded: str, terms: Sequence[Term]) -> list[tuple[int, int]]:
    words = [term for term in terms if not term.han]
    if not words:
        return []
    # A word can only match if it starts like the token (a plural's stem may
    # differ in its last letter: batteries → battery), so look only there.
    starts = sorted({term.token[:-1] if term.token.endswith("y") else term.token for term in words})
    candidate = re.compile(rf"(?<![^\W_{HAN}])(?:{'|'.join(re.escape(start) for start in starts)})")
    spans = []
    for found in candidate.finditer(folded):
        run = RUN.match(folded, found.start())
        if run is None or run.group(2) is None:
            continue
        token = word_token(run.group(2))
        if any(
            token.startswith(term.token) if term.prefix else token == term.token for term in words
        ):
            spans.append((run.start(), run.end()))
    return spans


def _han_spans(folded: str, terms: Sequence[Term]) -> list[tuple[int, int]]:
    spans = []
    for term in terms:
        if term.han:
            start = folded.find(term.token)
            while start != -1:
                spans.append((start, start + len(term.token)))
                start = folded.find(term.token, start + len(term.token))
    return spans


def spans(text: str, terms: Sequence[Term]) -> list[tuple[int, int]]:
    """Where the query's words are in `text`, sorted, overlaps merged."""
    folded = fold(text)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(_word_spans(folded, terms) + _han_spans(folded, terms)):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _marked(text: str, found: list[tuple[int, int]], start: int, end: int) -> str:
    parts: list[str] = []
    position = start
    for span_start, span_end in found:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_end <= span_start:
            continue
        parts.append(escape(text[position:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    parts.append(escape(text[position:end]))
    return "".join(parts)


def highlight(text: str, terms: Sequence[Term]) -> SafeString:
    """All of `text`, escaped, with the words found marked."""
    return mark_safe(_marked(text, spans(text, terms), 0, len(text)))  # noqa: S308  (escaped above)


def snippet(text: str, terms: Sequence[Term], length: int = SNIPPET_LENGTH) -> SafeString:
    """About `length` characters of `text` around the first word found (its
    beginning when the match was elsewhere), escaped, words found marked."""
    found = spans(text, terms)
    start = 0
    if found and found[0][0] > LEAD:
        start = found[0][0] - LEAD
        # Begin at a word boundary when there is one close by.
        space = text.rfind(" ", max(0, start - 15), start + 15)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", max(start, end - 15), end)
        end = space if space > start else end
    body = _marked(text, found, start, end)
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(text) else ""
    return mark_safe(f"{prefix}{body}{suffix}")  # noqa: S308  (escaped above)
