"""Text → search tokens, the same way for what is indexed and what is asked.

Text is first folded character by character — NFKC (full-width letters become
ASCII), lower case, accents dropped — one character in, one out, so a
position in the folded text is the same position in the original, which is
what highlighting relies on. It is then cut into runs: a run of Han
characters goes to jieba (with the site's dictionary of product names and
terms), a run of other letters and digits is one word, and an English word
loses its plural ending (the "minimal" S-stemmer: cameras → camera,
batteries → battery).

Documents are cut with jieba's search mode, which adds a long word's
dictionary sub-words before it (中华人民共和国 → 中华 华人 人民 共和 共和国
中华人民共和国); queries are cut with its precise mode. So a query word finds
a document that contains it alone or inside a longer word. Neither uses
jieba's HMM guesser of unknown words, whose answer depends on the
neighbouring characters: an unknown word (息屏) falls into single characters
in the document and in the query alike.
"""

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from . import frequencies

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A run of Han characters, or a word of other letters and digits (with inner
# apostrophes: don't, camera's).
RUN = re.compile(rf"([{HAN}]+)|([^\W_{HAN}]+(?:['’][^\W_{HAN}]+)*)")
APOSTROPHES = str.maketrans("", "", "'’")
MAX_TOKEN_LENGTH = 64
MAX_TERMS = 20
# The last word of a query, if at least this long and not Han, matches as a
# prefix: "cam" finds camera, and a title being typed finds its matches.
PREFIX_FROM = 3
# Han runs up to this long are remembered once cut (see Segmenter.__init__).
SHORT_RUN = 12
# Words nearly every text has: they would make a search read most of the
# index and tell it nothing. Left out of documents and queries alike.
_STOP_WORDS = """
a an and are as at be but by for from has have he her his i if in into is it its me my no
not of on or our she so than that the their them then there these they this to too us was
we were will with you your
的 了 是 在 和 与 及 也 就 都 而 着 吗 吧 呢 啊 呀 哦 嗯 把 被 之
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())


class _Fold(dict):
    """`str.translate` table that folds each character on first sight."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char).lower()
        folded = "".join(
            c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c)
        )
        if len(folded) != 1:  # ligatures, Hangul syllables…: keep one character for one
            folded = char.lower() if len(char.lower()) == 1 else char
        self[code] = folded
        return folded


_FOLD = _Fold()


def fold(text: str) -> str:
    """Lower case, width and accents folded; exactly as long as `text`."""
    return text.lower() if text.isascii() else text.translate(_FOLD)


def stem(word: str) -> str:
    """English plurals to singular (Harman's S-stemmer); other words as they are."""
    if len(word) <= 3 or not word.isascii() or not word.isalpha():
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if word.endswith("s") and not word.endswith(("us", "ss")):
        return word[:-1]
    return word


def word_token(word: str) -> str:
    """The token of a (folded) non-Han word."""
    return stem(word.translate(APOSTROPHES))


@dataclass(frozen=True)
class Term:
    """One thing every result must contain: a token, or with `prefix` any
    token that starts with it."""

    token: str
    prefix: bool = False
    han: bool = False


def dictionary_words(text: str) -> tuple[str, ...]:
    """The Han words of the site's search dictionary (one entry a line; only
    Han runs of two characters or more change how text is cut)."""
    words: list[str] = []
    for line in text.splitlines():
        for han, _other in RUN.findall(fold(line.strip())):
            if len(han) >= 2 and han not in words:
                words.append(han)
    return tuple(words)


class Segmenter:
    """jieba, over its compact dictionary (`frequencies`), with the site's
    words added; each process keeps one (see `segmenter`)."""

    def __init__(self, words: tuple[str, ...] = ()) -> None:
        self.words = words
        self._jieba = frequencies.tokenizer()
        for word in words:
            self._jieba.add_word(word)
        # Short runs come back again and again (谢谢分享, 同感, 我也是).
        self._cut_short_run = lru_cache(maxsize=8192)(self._cut_run)

    def _cut_run(self, han: str) -> tuple[str, ...]:
        return tuple(self._jieba.cut_for_search(han, HMM=False))

    def document_tokens(self, text: str) -> str:
        """The tokens to index for `text`, space-separated."""
        tokens: list[str] = []
        for han, word in RUN.findall(fold(text)):
            if han:
                tokens.extend(
                    self._cut_short_run(han) if len(han) <= SHORT_RUN else self._cut_run(han)
                )
            else:
                tokens.append(word_token(word))
        return " ".join(
            token for token in tokens if len(token) <= MAX_TOKEN_LENGTH and token not in STOP_WORDS
        )

    def query_terms(self, text: str) -> list[Term]:
        """What a search for `text` asks for: every term, in order, once.
        Empty when `text` has no words, or only stop words."""
        terms: list[Term] = []
        for han, word in RUN.findall(fold(text)):
            if han:
                words = list(self._jieba.cut(han, HMM=False))
                # A query of one Han character finds the words it begins (手 → 手机).
                alone = len(words) == 1 and len(words[0]) == 1
                terms.extend(Term(w, prefix=alone, han=True) for w in words)
            else:
                terms.append(Term(word_token(word)))
        terms = [
            term
            for term in dict.fromkeys(terms)
            if len(term.token) <= MAX_TOKEN_LENGTH and term.token not in STOP_WORDS
        ][:MAX_TERMS]
        if terms and not terms[-1].han:
            last = terms[-1].token
            if len(last) >= PREFIX_FROM and not last.isdigit():
                terms[-1] = Term(last, prefix=True)
        return terms


def has_words(text: str) -> bool:
    return RUN.search(fold(text)) is not None


_lock = threading.Lock()
_current: Segmenter | None = None


def segmenter() -> Segmenter:
    """This process's segmenter for the site's current dictionary.

    It is keyed by the dictionary's words, read through the cached
    `SiteSettings` (shared by every process with Redis, re-read within a
    minute without it), so a change made in the admin reaches every server
    process and the worker without a restart."""
    global _current
    from cocreate.core.models import SiteSettings

    words = dictionary_words(SiteSettings.get().search_dictionary)
    current = _current
    if current is not None and current.words == words:
        return current
    with _lock:
        if _current is None or _current.words != words:
            _current = None  # let the old dictionary go before loading the new one
            _current = Segmenter(words)
        return _current
