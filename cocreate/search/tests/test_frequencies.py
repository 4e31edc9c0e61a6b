import random

import jieba
import pytest

from cocreate.search import frequencies

TEXTS = [
    "希望增加息屏显示功能，息屏时显示时间、电量和通知。",
    "相机夜景模式拍出来的照片噪点太多，希望优化一下算法。",
    "中华人民共和国的手机用户都想要更长的续航和更快的充电。",
    "深色模式下设置页面的文字看不清楚",
    "我也是同感，谢谢分享！",
]


@pytest.fixture(scope="module")
def reference():
    """jieba as it loads its own dictionary (a dict of every word and prefix)."""
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


@pytest.fixture
def compact(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    frequencies._trie.cache_clear()
    yield frequencies.tokenizer()
    frequencies._trie.cache_clear()


def _word_salad(count: int) -> list[str]:
    """Runs of dictionary words and single characters jieba must choose between."""
    pick = random.Random(20261206)
    with jieba.get_dict_file() as lines:
        words = [line.decode("utf-8").split(" ")[0] for line in lines]
    return ["".join(pick.choices(words, k=pick.randint(2, 6))) for _ in range(count)]


def test_the_compact_dictionary_cuts_exactly_as_jieba_does(reference, compact):
    for text in [*TEXTS, *_word_salad(500)]:
        assert list(compact.cut(text, HMM=False)) == list(reference.cut(text, HMM=False)), text
        assert list(compact.cut_for_search(text, HMM=False)) == list(
            reference.cut_for_search(text, HMM=False)
        ), text
    assert compact.total == reference.total


def test_added_words_are_the_tokenizers_own(reference, compact):
    other = frequencies.tokenizer()

    compact.add_word("息屏显示")

    assert "息屏显示" in compact.cut("希望增加息屏显示功能", HMM=False)
    assert "息屏显示" not in other.cut("希望增加息屏显示功能", HMM=False)


def test_the_trie_is_built_once_into_the_data_folder(settings, compact):
    [built] = (settings.DATA_DIR / "search").iterdir()
    stamp = built.stat().st_mtime_ns
    frequencies._trie.cache_clear()

    frequencies.tokenizer()

    assert built.stat().st_mtime_ns == stamp
    assert compact.FREQ.get("息屏") is None and compact.FREQ["手机"] > 0
    assert compact.FREQ["中华人民共"] == 0  # the start of a word
    with pytest.raises(KeyError):
        compact.FREQ["息屏"]
