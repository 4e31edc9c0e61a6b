import pytest

from cocreate.core.models import SiteSettings
from cocreate.search.segment import (
    STOP_WORDS,
    Term,
    dictionary_words,
    fold,
    has_words,
    segmenter,
    stem,
)


@pytest.mark.parametrize(
    "text",
    [
        "Dark MODE",
        "ＡＢＣ１２３",
        "Café Müller",
        "ﬁne ß İstanbul",
        "希望增加息屏显示功能",
        "한국어 テスト",
    ],
)
def test_folding_keeps_every_character_in_its_place(text):
    assert len(fold(text)) == len(text)


def test_folding_lowers_case_width_and_accents():
    assert fold("Dark ＭＯＤＥ Café") == "dark mode cafe"


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [
        ("cameras", "camera"),
        ("camera", "camera"),
        ("batteries", "battery"),
        ("cases", "case"),
        ("glass", "glass"),
        ("status", "status"),
        ("bus", "bus"),
        ("v2s", "v2s"),
    ],
)
def test_plurals_lose_their_ending(word, stemmed):
    assert stem(word) == stemmed


def test_documents_are_cut_in_search_mode_with_sub_words(db):
    tokens = segmenter().document_tokens("中华人民共和国").split()

    assert {"中华", "人民", "共和国", "中华人民共和国"} <= set(tokens)


def test_an_unknown_chinese_word_falls_into_single_characters_in_documents_and_queries(db):
    cutter = segmenter()

    assert cutter.document_tokens("希望增加息屏显示功能").split() == [
        "希望",
        "增加",
        "息",
        "屏",
        "显示",
        "功能",
    ]
    assert [term.token for term in cutter.query_terms("息屏显示")] == ["息", "屏", "显示"]


def test_english_is_stemmed_and_stop_words_left_out(db):
    tokens = segmenter().document_tokens("The cameras of the phone don't FOCUS")

    assert tokens == "camera phone dont focus"


def test_only_the_last_word_of_a_query_is_a_prefix(db):
    terms = segmenter().query_terms("Dark modes")

    assert terms == [Term("dark"), Term("mode", prefix=True)]


def test_a_short_or_numeric_last_word_is_not_a_prefix(db):
    assert segmenter().query_terms("firmware 2") == [Term("firmware"), Term("2")]
    assert segmenter().query_terms("ui") == [Term("ui")]


def test_a_lone_chinese_character_finds_the_words_it_begins(db):
    assert segmenter().query_terms("手") == [Term("手", prefix=True, han=True)]


def test_query_terms_come_once_and_without_stop_words(db):
    terms = segmenter().query_terms("the camera and THE camera 的 相机")

    assert [term.token for term in terms] == ["camera", "相机"]
    assert not {term.token for term in terms} & STOP_WORDS


def test_punctuation_has_no_words(db):
    assert segmenter().query_terms("\" ' * ( ) : ^ -") == []
    assert not has_words("\" ' *")
    assert has_words("the")


def test_dictionary_words_are_the_chinese_runs_of_each_line():
    text = "橙子手机\n  Pulse Buds  \n小米Pro 手环\n橙子手机\n一"

    assert dictionary_words(text) == ("橙子手机", "小米", "手环")


def test_the_segmenter_follows_the_site_dictionary(db):
    before = segmenter()
    assert "息屏" not in before.document_tokens("希望增加息屏显示功能").split()

    SiteSettings.objects.get_or_create(pk=1)
    SiteSettings.objects.filter(pk=1).update(search_dictionary="息屏\n")
    SiteSettings.forget()
    after = segmenter()

    assert after is not before
    assert "息屏" in after.document_tokens("希望增加息屏显示功能").split()
    assert segmenter() is after  # kept while the dictionary stays the same
