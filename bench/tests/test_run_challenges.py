"""The challenge scenarios: the gallery pages and the score POST with its
counter check."""

from bench.run import (
    CHECKS,
    SCENARIOS,
    probe_path,
    score_tally_notes,
    session_headers,
    wrk_script,
)

BY_KEY = {scenario.key: scenario for scenario in SCENARIOS}
SCORE = BY_KEY["score_post"]
TARGETS = {
    "gallery_challenge": "bench-challenge-011",
    "score_probe": 7,
    "score_entries": [11, 12, 13, 14, 15, 16, 17, 18],
}


def test_the_galleries_are_measured_anonymous_and_logged_in_by_score_and_random():
    for sort in ("score", "random"):
        anonymous = BY_KEY[f"gallery_{sort}_anonymous"]
        logged_in = BY_KEY[f"gallery_{sort}_logged_in"]
        assert (anonymous.kind, anonymous.auth) == ("anonymous", "")
        assert (logged_in.kind, logged_in.auth) == ("logged_in", "session")
        expected = f"/challenges/bench-challenge-011/entries/?sort={sort}"
        assert probe_path(anonymous, TARGETS) == probe_path(logged_in, TARGETS) == expected


def test_the_score_is_a_logged_in_form_post_checked_afterwards():
    assert (SCORE.kind, SCORE.method, SCORE.auth, SCORE.body) == (
        "post",
        "POST",
        "session",
        "score=4",
    )
    assert SCORE.check in CHECKS
    assert probe_path(SCORE, TARGETS) == "/challenges/entries/7/score/"
    assert SCENARIOS.index(SCORE) > SCENARIOS.index(BY_KEY["minimal_insert"])


def test_the_score_script_spreads_each_part_over_its_entries():
    warmup = wrk_script(SCORE, TARGETS, "warmup")
    measured = wrk_script(SCORE, TARGETS, "measure")
    assert "ids = {11, 12}\n" in warmup
    assert "ids = {13, 14, 15, 16, 17, 18}\n" in measured
    assert 'prefix = "/challenges/entries/"' in measured and 'suffix = "/score/"' in measured
    assert 'wrk.body = "score=4"' in measured and "DELETE" not in measured


def test_session_headers_carry_the_csrf_token():
    headers = session_headers("sessionid=abc; csrftoken=xyz")
    assert headers == {"Cookie": "sessionid=abc; csrftoken=xyz", "X-CSRFToken": "xyz"}


def test_score_tallies_are_judged():
    before = {"entries": 9, "miscounted": 0, "missummed": 0, "member_scores": 0}
    assert score_tally_notes(before, {**before, "member_scores": 9}, 40) == []
    wrong = {**before, "miscounted": 2, "missummed": 1, "member_scores": 9}
    assert len(score_tally_notes(before, wrong, 40)) == 2
    assert score_tally_notes(before, before, 40) == ["0 scores written for 40 successful answers"]
