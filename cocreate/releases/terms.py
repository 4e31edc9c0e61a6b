"""The words problems are reported in, most frequent first.

Text is folded as search folds it (`search.segment`: lower case, half
width, accents dropped) and cut into runs: a run of Chinese characters is
segmented by jieba with the site's dictionary (the segmenter search keeps
loaded), any other run of letters and digits is one word, as typed. Each
term counts once per problem, so its count is how many problems mention it.
Stop words, punctuation, numbers and single characters (a lone Chinese
character is too vague; see `_han_words` for unknown words) are left out,
as are the words every problem report is made of ("crash" is news,
"problem" is not).
"""

import re
from collections import Counter
from collections.abc import Iterable

from cocreate.search.segment import APOSTROPHES, RUN, STOP_WORDS, fold, segmenter

TOP_TERMS = 15
MAX_JOINED = 4
HYPHEN = re.compile(r"(?<=[^\W_])-(?=[^\W_])")
# Words of problem reports that say nothing about which problem.
_REPORT_STOP_WORDS = """
after again all also always am any app back bug can cannot cant could did do does
doesnt dont even every get got just like more much now only one really
should some sometime still than time very when which while would
一个 一下 一直 一些 偶尔 经常 总是 不能 不会 不了 什么 今天 以后 会 但是 出现 只是 可以 后 问题
因为 所以 有点 有时 有时候 没有 然后 现在 每次 还是 这个 那个 时候 我们 他们 感觉
我 你 他 她 它 很 不 有 又 再 还 会 要 能 说 让 给 从 对 到 上 下 中 里
"""
REPORT_STOP_WORDS = frozenset(_REPORT_STOP_WORDS.split())


def _is_term(token: str) -> bool:
    return (
        len(token) >= 2
        and not token.isdigit()
        and token not in STOP_WORDS
        and token not in REPORT_STOP_WORDS
    )


def _han_words(tokens: list[str]) -> list[str]:
    """jieba's words of a Chinese run, with the words its dictionary lacks put
    back together: without a guesser, an unknown word (闪退, 卡顿) falls into
    single characters, so two to four of them in a row, between stop words,
    make one word."""
    words: list[str] = []
    loose: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1 and token not in STOP_WORDS and token not in REPORT_STOP_WORDS:
            loose.append(token)
            continue
        if 2 <= len(loose) <= MAX_JOINED:
            words.append("".join(loose))
        loose = []
        words.append(token)
    return words


def terms_of(text: str) -> list[str]:
    """The distinct terms of one text, in order; hyphenated words as one
    (Wi-Fi → wifi)."""
    cut = segmenter()
    terms: list[str] = []
    for han, word in RUN.findall(fold(HYPHEN.sub("", text))):
        if han:
            terms.extend(_han_words([term.token for term in cut.query_terms(han)]))
        else:
            terms.append(word.translate(APOSTROPHES))
    return [term for term in dict.fromkeys(terms) if _is_term(term)]


def top_terms(texts: Iterable[str], limit: int = TOP_TERMS) -> list[tuple[str, int]]:
    """The `limit` terms most problems mention, with how many (ties in the
    order first seen)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(terms_of(text))
    return counts.most_common(limit)
