from bench.run import CONNECTIONS, Scenario, lua_string, tally_notes, wrk_script

EXACT = {
    "reply_count": 29,
    "live_posts": 30,
    "last_number": 30,
    "max_number": 30,
    "board_post_count": 900,
    "board_live_posts": 900,
}


def test_lua_string_escapes_quotes_backslashes_and_control_characters():
    assert lua_string('say "hi"\\ok\n回复') == '"say \\"hi\\"\\\\ok\\010回复"'


def test_wrk_script_sends_method_body_and_content_type():
    scenario = Scenario(
        "reply", "Reply", "/p", "post", method="POST", body='{"a": 1}', content_type="x/y"
    )
    assert wrk_script(scenario) == (
        'wrk.method = "POST"\nwrk.body = "{\\"a\\": 1}"\nwrk.headers["Content-Type"] = "x/y"\n'
    )


def test_wrk_script_is_empty_for_a_get():
    assert wrk_script(Scenario("home", "Home", "/", "anonymous")) == ""


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
