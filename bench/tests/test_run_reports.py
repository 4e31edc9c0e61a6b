"""The report scenarios' wiring: the summary pages, the submission by many
members (a key per request), its tally check, and the skip while the pages
do not exist."""

import json
import threading
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.run import (
    CHECKS,
    CONNECTIONS,
    KEYS_LUA,
    SCENARIOS,
    THREADS,
    measure,
    probe_path,
    report_tally_notes,
    scenario_body,
    wrk_script,
)

SCENARIO = {scenario.key: scenario for scenario in SCENARIOS}
SUBMIT = SCENARIO["report_submit"]
BODY = {
    "score": 4,
    "liked": [11, 12],
    "disliked": [19],
    "liked_comment": "比上周流畅",
    "disliked_comment": "",
    "problems": [{"text": "升级之后 Bluetooth 偶尔断开", "severity": "medium"}],
    "want_next": "",
    "want_next_idea": 7,
}
TARGETS = {
    "summary_release": 41,
    "report_release": 42,
    "report_body": BODY,
    "submitter_keys": [f"cct_key{n}" for n in range(8)],
}
EXACT = {
    "report_count": 700,
    "reports": 700,
    "misreported": 0,
    "entries": 8,
    "miscounted_entries": 0,
    "member_writes": 300,
}


def test_the_summary_page_is_measured_anonymous_and_logged_in_against_their_baselines():
    anonymous, logged_in = SCENARIO["summary_anonymous"], SCENARIO["summary_logged_in"]
    assert (anonymous.kind, anonymous.auth) == ("anonymous", "")
    assert (logged_in.kind, logged_in.auth) == ("logged_in", "session")
    assert (
        probe_path(anonymous, TARGETS) == probe_path(logged_in, TARGETS) == "/releases/41/summary/"
    )


def test_submission_is_a_token_post_of_the_contracts_json_checked_afterwards():
    assert (SUBMIT.kind, SUBMIT.method, SUBMIT.auth) == ("post", "POST", "token")
    assert SUBMIT.content_type == "application/json"
    assert SUBMIT.check in CHECKS
    assert probe_path(SUBMIT, TARGETS) == "/api/v1/releases/42/reports"
    assert json.loads(scenario_body(SUBMIT, TARGETS)) == BODY
    assert SCENARIOS[-1] is SUBMIT  # writes run last


def test_submission_script_sends_the_body_and_a_key_per_request_apart_in_each_part():
    warmup = wrk_script(SUBMIT, TARGETS, "warmup")
    measured = wrk_script(SUBMIT, TARGETS, "measure")
    assert 'keys = {"cct_key0", "cct_key1"}\n' in warmup
    assert 'keys = {"cct_key2", "cct_key3", "cct_key4", "cct_key5", "cct_key6", "cct_key7"}\n' in (
        measured
    )
    assert f"wrk_threads = {THREADS}\n" in measured
    assert KEYS_LUA in measured
    assert 'wrk.headers["Content-Type"] = "application/json"' in measured
    assert "升级之后 Bluetooth 偶尔断开" in measured  # UTF-8 as it is
    assert 'headers["Authorization"] = "Bearer " .. keys[' in KEYS_LUA


def test_report_tally_notes_accept_exact_tallies_and_every_answer_written():
    before = {**EXACT, "member_writes": 100}
    assert report_tally_notes(before, EXACT, answered=200) == []
    assert report_tally_notes(before, EXACT, answered=200 - 2 * CONNECTIONS) == []


def test_report_tally_notes_report_drifted_tallies_and_lost_reports():
    after = {**EXACT, "misreported": 2, "miscounted_entries": 1}
    notes = report_tally_notes({**EXACT, "member_writes": 100}, after, answered=201)
    assert notes == [
        "2 of the build's tallies ≠ what its reports add up to",
        "1 of 8 entries' liked counts ≠ their picks",
        "200 reports filed or replaced for 201 successful answers",
    ]


class NoReportsYet(BaseHTTPRequestHandler):
    """A server without the report pages: the minimal view answers, the rest is 404."""

    protocol_version = "HTTP/1.1"
    seen: list[tuple[str, str, str, bytes]] = []

    def answer(self, status: int) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        self.seen.append((self.command, self.path, self.headers.get("Authorization", ""), body))
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        self.answer(200 if self.path == "/bench/minimal/json" else 404)

    def do_POST(self) -> None:
        self.answer(404)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), NoReportsYet)
    NoReportsYet.seen = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def test_report_scenarios_are_skipped_while_their_pages_answer_404(server):
    auth = {"session": {"Cookie": "sessionid=s"}, "token": {"Authorization": "Bearer cct_bench"}}
    for key in ("summary_anonymous", "summary_logged_in"):
        result = measure(SCENARIO[key], server, auth, TARGETS)
        assert (result.status, result.skipped, result.requests) == (404, True, 0)
    # The submission without its check: the check reads the benchmark database.
    result = measure(replace(SUBMIT, check=""), server, auth, TARGETS)
    assert (result.status, result.skipped, result.requests) == (404, True, 0)
    assert result.notes == ["skipped: the probe answered HTTP 404 (no such page yet)"]
    probes = [request for request in NoReportsYet.seen if request[1] != "/bench/minimal/json"]
    assert [(method, path) for method, path, _auth, _body in probes] == [
        ("GET", "/releases/41/summary/"),
        ("GET", "/releases/41/summary/"),
        ("POST", "/api/v1/releases/42/reports"),
    ]
    _method, _path, authorization, body = probes[-1]
    assert authorization == "Bearer cct_bench"
    assert json.loads(body) == BODY
