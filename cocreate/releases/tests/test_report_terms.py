"""Problem terms and the summary's charts."""

from cocreate.releases.charts import score_chart, trend_chart
from cocreate.releases.queries.reports import ScoreBar, TrendPoint
from cocreate.releases.terms import terms_of, top_terms


def test_chinese_problems_are_cut_into_words(db):
    terms = top_terms(["打开相机就闪退了。", "相机偶尔闪退", "蓝牙耳机断开连接！"])
    assert terms[:2] == [("相机", 2), ("闪退", 2)]
    assert ("蓝牙", 1) in terms and ("耳机", 1) in terms
    words = {term for term, _count in terms}
    assert not words & {"了", "就", "。", "！"}


def test_english_is_lowercased_and_stop_words_and_numbers_dropped(db):
    assert terms_of("The Camera crashes when I open it 3 times, camera!") == [
        "camera",
        "crashes",
        "open",
        "times",
    ]


def test_a_term_counts_once_per_problem(db):
    assert top_terms(["lag lag lag", "lag", "battery"]) == [("lag", 2), ("battery", 1)]


def test_the_score_chart_labels_every_bar():
    svg = score_chart([ScoreBar(5, 3, 60.0), ScoreBar(4, 2, 40.0), ScoreBar(3, 0, 0.0)])
    assert svg.startswith("<svg") and "3 · 60%" in svg and "0 · 0%" in svg
    assert 'role="img"' in svg and "<title>" in svg


def test_the_trend_chart_labels_each_point_with_its_version():
    points = [
        TrendPoint(1, "3.3.0-beta.1", 3.5, 40.0, 4, False),
        TrendPoint(2, "3.3.0-beta.2", 4.25, None, 8, True),
    ]
    svg = trend_chart(points)
    assert "3.3.0<tspan" in svg and "beta.2</tspan>" in svg
    assert ">4.2<" in svg or ">4.3<" in svg
    assert "40%" in svg and "<polyline" in svg


def test_chart_labels_are_escaped():
    svg = trend_chart(
        [TrendPoint(1, "<b>1", 2.0, 1.0, 1, True), TrendPoint(2, "2", 3.0, 2.0, 1, False)]
    )
    assert "<b>" not in svg and "&lt;b&gt;1" in svg


def test_hyphenated_words_stay_one_term(db):
    assert terms_of("Wi-Fi drops") == ["wifi", "drops"]
