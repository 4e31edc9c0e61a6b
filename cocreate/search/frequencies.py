"""jieba's word frequencies in a compact trie instead of a dict.

jieba keeps its dictionary as a dict of every word and every prefix of a word
(about 580,000 strings, 65 MB in each process). The same entries in a marisa
trie take 2 MB, load in a millisecond and answer the two things jieba asks
of them — is this a word or the start of one, and how frequent is it — in
under a microsecond. The trie is built once from jieba's own `dict.txt` into
the data folder; every process then loads the file.
"""

import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import jieba
import marisa_trie
from django.conf import settings

# The sum of all frequencies, kept in the trie under a key no word can be
# (dict.txt separates its fields with spaces).
TOTAL_KEY = " total"
RECORD = "<Q"


class Frequencies:
    """What `jieba.Tokenizer.FREQ` answers — a word's frequency, 0 for the
    prefix of a word, nothing otherwise — from the shared read-only trie,
    plus the words a tokenizer adds (the site's dictionary) in a dict of its own."""

    def __init__(self, trie: marisa_trie.RecordTrie) -> None:
        self._trie = trie
        self._added: dict[str, int] = {}

    def __contains__(self, key: str) -> bool:
        return key in self._added or key in self._trie

    def __getitem__(self, key: str) -> int:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        if key in self._added:
            return self._added[key]
        found = self._trie.get(key)
        return found[0][0] if found else default

    def __setitem__(self, key: str, value: int) -> None:
        self._added[key] = value


def tokenizer() -> jieba.Tokenizer:
    """A jieba tokenizer over the compact frequencies, ready to cut (jieba's
    own loading of its dictionary is skipped)."""
    trie = _trie()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ = Frequencies(trie)
    tokenizer.total = trie.get(TOTAL_KEY)[0][0]
    tokenizer.initialized = True
    return tokenizer


def prepare() -> Path:
    """The trie's file, built if missing. `setup` calls it, so that no server
    process pays the build's time and memory (about 40 MB that Python keeps)."""
    path = settings.DATA_DIR / "search" / f"jieba-{jieba.__version__}.marisa"
    if not path.exists():
        _build(path)
    return path


@cache
def _trie() -> marisa_trie.RecordTrie:
    trie = marisa_trie.RecordTrie(RECORD)
    trie.load(str(prepare()))
    return trie


def _build(path: Path) -> None:
    """Write the trie of jieba's dictionary as jieba reads it: each word with
    its frequency, each prefix that is not a word with 0."""
    entries: dict[str, int] = {}
    total = 0
    with jieba.get_dict_file() as lines:
        for line in lines:
            word, frequency = line.decode("utf-8").split(" ")[:2]
            entries[word] = int(frequency)
            total += int(frequency)
            for end in range(1, len(word)):
                entries.setdefault(word[:end], 0)
    entries[TOTAL_KEY] = total
    trie = marisa_trie.RecordTrie(RECORD, ((key, (value,)) for key, value in entries.items()))
    path.parent.mkdir(parents=True, exist_ok=True)
    # Another process may build it at the same time: each writes its own file
    # and moves it into place whole.
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(handle)
    trie.save(temporary)
    os.replace(temporary, path)
