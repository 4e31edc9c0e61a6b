from django.utils import translation

from cocreate.core.bilingual import localized, pick


def test_pick_gives_chinese_readers_the_chinese_text_when_there_is_one():
    with translation.override("zh-hans"):
        assert pick("Veteran", "元老") == "元老"
        assert pick("Veteran", "") == "Veteran"
    with translation.override("en"):
        assert pick("Veteran", "元老") == "Veteran"


def test_localized_reads_the_zh_twin_of_a_data_key():
    data = {"title": "Veteran", "title_zh": "元老"}

    with translation.override("zh-hans"):
        assert localized(data, "title") == "元老"
        assert localized({"title": "Night mode"}, "title") == "Night mode"
    with translation.override("en"):
        assert localized(data, "title") == "Veteran"
