from datetime import timedelta

import pytest
from django.utils import timezone, translation

from cocreate.core.bilingual import localized, pick
from cocreate.core.templatetags.cocreate import ago


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


@pytest.mark.parametrize(
    ("age", "english", "chinese"),
    [
        (timedelta(seconds=20), "just now", "刚刚"),
        (timedelta(hours=3), "3\xa0hours ago", "3\xa0小时前"),
        (timedelta(days=1), "1\xa0day ago", "1\xa0天前"),
        (timedelta(days=70), "2\xa0months ago", "2\xa0个月前"),
    ],
)
def test_relative_dates_read_naturally_in_both_languages(age, english, chinese):
    moment = timezone.now() - age

    with translation.override("en"):
        assert ago(moment) == english
    with translation.override("zh-hans"):
        assert ago(moment) == chinese
