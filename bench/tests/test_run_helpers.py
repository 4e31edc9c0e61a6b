from bench.run import (
    CONNECTIONS,
    P95_LUA,
    THREADS,
    Result,
    Scenario,
    idea_tally_notes,
    judge,
    lua_string,
    probe_path,
    table,
    tally_notes,
    toggled_ids,
    wrk_script,
)

EXACT = {
    "reply_count": 29,
    "live_posts": 30,
    "last_number": 30,
    "max_number": 30,
    "board_post_count": 900,
    "board_live_posts": 900,
}
IDEAS_EXACT = {
    "ideas": 501,
    "support_count": 90_000,
    "supports": 90_000,
    "miscounted": 0,
    "misscored": 0,
    "member_supports": 700,
    "member_writes": 5_000,
}
TOGGLE = Scenario(
    "support",
    "Support",
    "/api/v1/ideas/{id}/support",
    "post",
    method="POST",
    toggle="support_ideas",
    probe="support_probe",
)


def test_lua_string_escapes_quotes_backslashes_and_control_characters():
    assert lua_string('say "hi"\\ok\n回复') == '"say \\"hi\\"\\\\ok\\010回复"'


def test_wrk_script_sends_method_body_and_content_type():
    scenario = Scenario(
        "reply", "Reply", "/p", "post", method="POST", body='{"a": 1}', content_type="x/y"
    )
    assert wrk_script(scenario) == (
        'wrk.method = "POST"\nwrk.body = "{\\"a\\": 1}"\nwrk.headers["Content-Type"] = "x/y"\n'
        + P95_LUA
    )


def test_wrk_script_numbers_each_body_apart_in_warm_up_and_measured_run():
    scenario = Scenario("reply", "Reply", "/p", "post", method="POST", body='{"b": "x {n}"}')
    warmup, measure = wrk_script(scenario, {}, "warmup"), wrk_script(scenario, {}, "measure")
    assert 'part = "warmup"\n' in warmup
    assert 'part = "measure"\n' in measure
    assert 'string.gsub(wrk.body, "{n}", part .. "-" .. tid .. "-" .. count)' in measure


def test_wrk_script_of_a_get_only_reports_the_95th_percentile():
    assert wrk_script(Scenario("home", "Home", "/", "anonymous")) == P95_LUA


def test_wrk_script_rotates_over_the_paths():
    scenario = Scenario("s", "Search", "/s?q=a", "search", rotate=("/s?q=a", "/s?q=%E7%9B%B8"))
    script = wrk_script(scenario)
    assert 'paths = {"/s?q=a", "/s?q=%E7%9B%B8"}\n' in script
    assert "paths[count % #paths + 1]" in script


def test_toggle_scripts_split_the_ids_between_warm_up_and_measured_run():
    targets = {"support_ideas": list(range(100, 108))}
    assert toggled_ids(targets["support_ideas"], "warmup") == [100, 101]
    assert toggled_ids(targets["support_ideas"], "measure") == [102, 103, 104, 105, 106, 107]
    script = wrk_script(TOGGLE, targets, "measure")
    assert "ids = {102, 103, 104, 105, 106, 107}\n" in script
    assert f"wrk_threads = {THREADS}\n" in script
    assert 'prefix = "/api/v1/ideas/"\nsuffix = "/support"\n' in script
    assert 'wrk.method = "POST"' in script


def test_probe_path_fills_in_the_targets_and_the_probes_id():
    targets = {"support_probe": 7, "popular_idea": 3}
    assert probe_path(TOGGLE, targets) == "/api/v1/ideas/7/support"
    assert probe_path(Scenario("i", "Idea", "/ideas/{popular_idea}/", "anonymous"), targets) == (
        "/ideas/3/"
    )


def test_tally_notes_accept_exact_counters():
    before = {**EXACT, "live_posts": 20}
    assert tally_notes(before, EXACT, answered=10) == []


def test_tally_notes_allow_requests_in_flight_when_wrk_stopped():
    before = {**EXACT, "live_posts": 20}
    assert tally_notes(before, EXACT, answered=10 - 2 * CONNECTIONS) == []
    assert tally_notes(before, EXACT, answered=9 - 2 * CONNECTIONS) != []


def test_tally_notes_report_drifted_counters_and_lost_posts():
    after = {**EXACT, "reply_count": 28, "last_number": 31, "board_post_count": 899}
    notes = tally_notes({**EXACT, "live_posts": 20}, after, answered=11)
    assert len(notes) == 4
    assert notes[-1] == "10 posts written for 11 successful answers"


def test_idea_tally_notes_accept_exact_counts_and_every_answer_written():
    before = {**IDEAS_EXACT, "member_writes": 1_000}
    assert idea_tally_notes(before, IDEAS_EXACT, answered=4_000) == []
    assert idea_tally_notes(before, IDEAS_EXACT, answered=4_000 - 2 * CONNECTIONS) == []


def test_idea_tally_notes_report_drifted_counts_and_lost_writes():
    after = {**IDEAS_EXACT, "miscounted": 2, "misscored": 1}
    notes = idea_tally_notes({**IDEAS_EXACT, "member_writes": 1_000}, after, answered=4_001)
    assert notes == [
        "2 of 501 ideas' support_count ≠ supports",
        "1 of 501 ideas' hot_score ≠ the formula",
        "4000 supports given or withdrawn for 4001 successful answers",
    ]


def measured(key: str, kind: str, rps: float, p95: float = 5.0, p99: float = 20.0) -> Result:
    return Result(key, key, "/", kind, status=200, requests=1000, rps=rps, p95_ms=p95, p99_ms=p99)


def test_judge_holds_search_to_its_95th_percentile_and_pages_to_ratios():
    results = [
        measured("minimal_read", "baseline", 1000),
        measured("page", "logged_in", 300),
        measured("slow_page", "logged_in", 200),
        measured("search", "search", 50, p95=49.0),
        measured("slow_search", "search", 500, p95=51.0),
    ]
    judge(results)
    assert [r.passed for r in results] == [True, True, False, True, False]
    assert results[3].ratio is None


def test_a_missing_page_is_skipped_and_shown_as_such():
    missing = Result("roadmap", "Roadmap", "/ideas/roadmap/", "anonymous", status=404)
    missing.skipped = True
    missing.notes.append("skipped: the probe answered HTTP 404 (no such page yet)")
    results = [measured("minimal_json", "baseline", 1000), missing]
    judge(results)
    assert not missing.passed
    assert missing.ratio is None
    row = table(results, []).splitlines()[3]
    assert "| SKIP |" in row
    assert "HTTP 404" in row
