"""Benchmark the production server: `python -m bench.run`.

Builds the dataset if needed, starts granian on a free loopback port, logs in
the bench member, drives every scenario with wrk and writes the results to
bench/results/. Environment: BENCH_DURATION (seconds per scenario, default 10),
BENCH_CONNECTIONS (default 32; BENCH_SEARCH_CONNECTIONS for the searches, default
one per server worker), BENCH_WARMUP (seconds, default 2), BENCH_STRICT=1
to exit 1 when a budget is missed (or a page is missing), BENCH_ONLY=key,key to
measure some scenarios (and the baselines) alone.
"""

import http.client
import json
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

from bench.dataset import (
    BENCH_PASSWORD,
    BENCH_USERNAME,
    DATA_DIR,
    REPORT_TOKENS_FILE,
    TARGETS_FILE,
    TOKEN_FILE,
)

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"

DURATION = int(os.environ.get("BENCH_DURATION", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "2"))
STRICT = os.environ.get("BENCH_STRICT", "") in {"1", "true", "yes"}
# BENCH_ONLY=thread_logged_in,board_logged_in measures those (and the baselines) alone.
ONLY = {key for key in os.environ.get("BENCH_ONLY", "").split(",") if key}
THREADS = 2
TIMEOUT = 10  # wrk drops slower answers from the latency figures and counts them as errors
WORKERS = 2
# The search budget is the time a search takes, so the searches keep one request
# in flight per server worker; at 32 connections their p95 would measure the queue.
SEARCH_CONNECTIONS = int(os.environ.get("BENCH_SEARCH_CONNECTIONS", str(WORKERS)))
P99_BUDGET_MS = 250.0
SEARCH_P95_BUDGET_MS = 50.0
RSS_BUDGET_MB = 200.0

# Each measured kind is divided by the minimal view that does the same kind of
# work; "search" is held to SEARCH_P95_BUDGET_MS instead.
BASELINE = {
    "anonymous": "minimal_json",
    "logged_in": "minimal_read",
    "api": "minimal_read",
    "post": "minimal_insert",
}
TARGET = {"anonymous": 0.5, "logged_in": 0.25, "api": 0.25, "post": 0.7}
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
# What a reply scenario writes: Markdown without links (those need a privilege).
REPLY = json.dumps(
    {"body": "Benchmark reply {n}: **same here**, thanks for sharing.\n\n基准测试回复：谢谢分享！"},
    ensure_ascii=False,
)
# What the search scenarios ask, each rotating over its language's queries:
# phrases the dataset's idea and thread titles hold.
SEARCH_EN = ("dark mode", "battery", "camera night mode", "noise cancelling")
SEARCH_ZH = ("息屏显示", "相机", "续航", "深色模式")


@dataclass
class Scenario:
    key: str
    label: str
    path: str  # may name TARGETS_FILE entries: "/forum/t/{read_thread}/"
    kind: str  # "baseline" or a key of BASELINE
    method: str = "GET"
    auth: str = ""  # "", "session" or "token"
    body: str = ""  # of a POST
    content_type: str = FORM  # of a POST
    check: str = ""  # a key of CHECKS: counters read before and after, and judged
    rotate: tuple[str, ...] = ()  # paths the requests take in turn (`path` is the first)
    # A TARGETS_FILE list of ids: each wrk thread takes its share of them in
    # turn, sending `method` to `path` with "{id}" the id on the first pass,
    # DELETE on the next, and so on; `probe` names the id of the probe request.
    toggle: str = ""
    probe: str = ""
    # A TARGETS_FILE entry sent as the JSON body instead of `body`.
    body_target: str = ""
    # A list of API keys in the targets (the report submitters'): each
    # request authenticates with the next of its wrk thread's share, so each
    # is filed by another member (the probe goes as `auth` says).
    keys: str = ""
    # A TARGETS_FILE list of ids: each wrk thread takes its share of them in
    # turn, sending `method` to `path` with "{id}" the id, pass after pass
    # (the score scenario: the first pass scores, the next change the scores).
    spread: str = ""
    # Sent as htmx sends it (HX-Request): the answer is the fragment htmx swaps in.
    htmx: bool = False


# Each baseline runs right before the pages divided by it, and writes come last,
# so drift in the machine's load and the growing database skew the ratios least.
BOARD = "/forum/b/{board}/"
THREAD = "/forum/t/{read_thread}/"
IDEAS = "/ideas/?sort=hot"
IDEA = "/ideas/{popular_idea}/"
ROADMAP = "/ideas/roadmap/"
SUMMARY = "/releases/{summary_release}/summary/"
GALLERY = "/challenges/{gallery_challenge}/entries/?sort="


def searches(path: str, queries: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(path + quote(query) for query in queries)


SEARCH_PAGE_EN = searches("/search/?q=", SEARCH_EN)
SEARCH_PAGE_ZH = searches("/search/?q=", SEARCH_ZH)
SEARCH_API_EN = searches("/api/v1/search?q=", SEARCH_EN)
SEARCH_API_ZH = searches("/api/v1/search?q=", SEARCH_ZH)

SCENARIOS = [
    Scenario("minimal_json", "Minimal JSON view", "/bench/minimal/json", "baseline"),
    Scenario("home_anonymous", "Home, anonymous", "/", "anonymous"),
    Scenario("board_anonymous", "Thread list (latest), anonymous", BOARD, "anonymous"),
    Scenario("thread_anonymous", "Thread page, anonymous", THREAD, "anonymous"),
    Scenario("leaderboard_anonymous", "Leaderboard, anonymous", "/leaderboard/", "anonymous"),
    Scenario("ideas_hot_anonymous", "Ideas (hot), anonymous", IDEAS, "anonymous"),
    Scenario("idea_anonymous", "Idea page (the most supported), anonymous", IDEA, "anonymous"),
    Scenario("roadmap_anonymous", "Roadmap, anonymous", ROADMAP, "anonymous"),
    Scenario(
        "summary_anonymous", "Report summary (a closed build), anonymous", SUMMARY, "anonymous"
    ),
    Scenario(
        "gallery_score_anonymous",
        "Challenge gallery (the largest in scoring, by score), anonymous",
        GALLERY + "score",
        "anonymous",
    ),
    Scenario(
        "gallery_random_anonymous",
        "Challenge gallery (the largest in scoring, random), anonymous",
        GALLERY + "random",
        "anonymous",
    ),
    Scenario("minimal_read", "Minimal read view (1 row)", "/bench/minimal/read", "baseline"),
    Scenario("home_logged_in", "Home, logged in", "/", "logged_in", auth="session"),
    Scenario(
        "board_logged_in", "Thread list (latest), logged in", BOARD, "logged_in", auth="session"
    ),
    Scenario("thread_logged_in", "Thread page, logged in", THREAD, "logged_in", auth="session"),
    Scenario(
        "leaderboard_logged_in",
        "Leaderboard, logged in",
        "/leaderboard/",
        "logged_in",
        auth="session",
    ),
    Scenario("ideas_hot_logged_in", "Ideas (hot), logged in", IDEAS, "logged_in", auth="session"),
    Scenario(
        "idea_logged_in",
        "Idea page (the most supported), logged in",
        IDEA,
        "logged_in",
        auth="session",
    ),
    Scenario("roadmap_logged_in", "Roadmap, logged in", ROADMAP, "logged_in", auth="session"),
    Scenario(
        "summary_logged_in",
        "Report summary (a closed build), logged in",
        SUMMARY,
        "logged_in",
        auth="session",
    ),
    Scenario(
        "gallery_score_logged_in",
        "Challenge gallery (the largest in scoring, by score), logged in",
        GALLERY + "score",
        "logged_in",
        auth="session",
    ),
    Scenario(
        "gallery_random_logged_in",
        "Challenge gallery (the largest in scoring, random), logged in",
        GALLERY + "random",
        "logged_in",
        auth="session",
    ),
    Scenario("api_me", "API GET /api/v1/me (token)", "/api/v1/me", "api", auth="token"),
    Scenario(
        "ideas_api",
        "API GET /api/v1/ideas?sort=hot (token)",
        "/api/v1/ideas?sort=hot",
        "api",
        auth="token",
    ),
    Scenario(
        "roadmap_api", "API GET /api/v1/roadmap (token)", "/api/v1/roadmap", "api", auth="token"
    ),
    Scenario(
        "search_page_en",
        f"Search page, 4 English queries, logged in, {SEARCH_CONNECTIONS} connections",
        SEARCH_PAGE_EN[0],
        "search",
        auth="session",
        rotate=SEARCH_PAGE_EN,
    ),
    Scenario(
        "search_page_zh",
        f"Search page, 4 Chinese queries, logged in, {SEARCH_CONNECTIONS} connections",
        SEARCH_PAGE_ZH[0],
        "search",
        auth="session",
        rotate=SEARCH_PAGE_ZH,
    ),
    Scenario(
        "search_api_en",
        f"API GET /api/v1/search, 4 English queries (token), {SEARCH_CONNECTIONS} connections",
        SEARCH_API_EN[0],
        "search",
        auth="token",
        rotate=SEARCH_API_EN,
    ),
    Scenario(
        "search_api_zh",
        f"API GET /api/v1/search, 4 Chinese queries (token), {SEARCH_CONNECTIONS} connections",
        SEARCH_API_ZH[0],
        "search",
        auth="token",
        rotate=SEARCH_API_ZH,
    ),
    Scenario(
        "minimal_insert",
        "Minimal insert (POST)",
        "/bench/minimal/insert",
        "baseline",
        method="POST",
    ),
    Scenario(
        "reply_post",
        "Reply to a thread (API POST, token)",
        "/api/v1/threads/{reply_thread}/posts",
        "post",
        method="POST",
        auth="token",
        body=REPLY,
        content_type=JSON,
        check="thread_tallies",
    ),
    Scenario(
        "support_toggle",
        "Support an idea, then withdraw it (API POST/DELETE, token, 500 ideas)",
        "/api/v1/ideas/{id}/support",
        "post",
        method="POST",
        auth="token",
        content_type=JSON,
        check="idea_tallies",
        toggle="support_ideas",
        probe="support_probe",
    ),
    Scenario(
        "score_post",
        "Score an entry of a challenge in scoring (htmx POST, logged in, 500 entries)",
        "/challenges/entries/{id}/score/",
        "post",
        method="POST",
        auth="session",
        htmx=True,
        body="score=4",
        check="score_tallies",
        spread="score_entries",
        probe="score_probe",
    ),
    Scenario(
        "report_submit",
        "File a four-grid report on the newest build (API POST, a token per member)",
        "/api/v1/releases/{report_release}/reports",
        "post",
        method="POST",
        auth="token",
        content_type=JSON,
        check="report_tallies",
        body_target="report_body",
        keys="submitter_keys",
    ),
]


@dataclass
class Result:
    key: str
    label: str
    path: str
    kind: str
    status: int | None = None  # of one probe request before the run
    requests: int = 0
    rps: float = 0.0
    p50_ms: float | None = None
    p95_ms: float | None = None
    p99_ms: float | None = None
    non_2xx_3xx: int = 0
    socket_errors: int = 0
    tallies: dict = field(default_factory=dict)  # what the scenario's check read afterwards
    baseline: str | None = None
    ratio: float | None = None
    target: float | None = None
    passed: bool = False
    skipped: bool = False  # the probe found no page (HTTP 404): not measured
    notes: list[str] = field(default_factory=list)


# --- Helpers -------------------------------------------------------------------------


def run(cmd: list[str], env: dict[str, str], timeout: float) -> None:
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, timeout=timeout)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATA_DIR=str(DATA_DIR),
        BENCHMARK="1",
        DEBUG="0",
        ALLOWED_HOSTS=f"{HOST},localhost",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


def request(
    port: int,
    method: str,
    path: str,
    headers: dict[str, str] | None = None,
    body: str | None = None,
    timeout: float = 30,
) -> tuple[int, http.client.HTTPMessage, str]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        data = body.encode() if body is not None else None  # UTF-8, as wrk sends it
        conn.request(method, path, body=data, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.headers, resp.read().decode(errors="replace")
    finally:
        conn.close()


def cookies(headers: http.client.HTTPMessage) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for header in headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


# --- Server --------------------------------------------------------------------------


def start_server(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    cmd = [
        str(VENV_BIN / "granian"),
        "--interface",
        "wsgi",
        "config.wsgi:application",
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        str(WORKERS),
        "--blocking-threads",
        "1",
        "--log-level",
        "warning",
    ]
    with log.open("w") as out:
        return subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def wait_for_server(server: subprocess.Popen, port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"granian exited with code {server.returncode}")
        try:
            if request(port, "GET", "/bench/minimal/json")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"granian did not answer within {timeout:.0f}s")


def wait_until_idle(port: int, timeout: float = 60) -> bool:
    """Wait until the server has worked off what the last run queued: five
    minimal requests in a row answer at once. False when it never does."""
    deadline = time.monotonic() + timeout
    quick = 0
    while quick < 5 and time.monotonic() < deadline:
        started = time.monotonic()
        try:
            request(port, "GET", "/bench/minimal/json", timeout=timeout)
        except OSError:
            quick = 0
            time.sleep(0.1)
            continue
        quick = quick + 1 if time.monotonic() - started < 0.05 else 0
    return quick >= 5


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=5)


def worker_memory(server_pid: int) -> list[dict]:
    """VmRSS and VmHWM (peak) of each child process of the server, in MB."""
    workers = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) != server_pid:
                continue
            status = (stat.parent / "status").read_text()
        except (OSError, IndexError, ValueError):
            continue
        kb = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.M))
        workers.append(
            {
                "pid": int(stat.parent.name),
                "rss_mb": round(int(kb.get("VmRSS", 0)) / 1024, 1),
                "peak_mb": round(int(kb.get("VmHWM", 0)) / 1024, 1),
            }
        )
    return sorted(workers, key=lambda w: w["pid"])


# --- Login -----------------------------------------------------------------------------


def login(port: int) -> str:
    """Log the bench member in through the allauth form; returns the Cookie
    header a browser would send afterwards (session and rotated CSRF cookie)."""
    status, headers, html = request(port, "GET", "/accounts/login/")
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    csrf = cookies(headers).get("csrftoken")
    if status != 200 or not match or not csrf:
        raise RuntimeError(f"login page answered {status} without a CSRF token")
    body = urlencode(
        {"login": BENCH_USERNAME, "password": BENCH_PASSWORD, "csrfmiddlewaretoken": match.group(1)}
    )
    status, headers, _html = request(
        port,
        "POST",
        "/accounts/login/",
        body=body,
        headers={
            "Cookie": f"csrftoken={csrf}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://{HOST}:{port}/accounts/login/",
        },
    )
    jar = cookies(headers)
    session = jar.get("sessionid")
    if status != 302 or not session:
        raise RuntimeError(f"login failed: {status} {headers.get('Location', '')}")
    return f"sessionid={session}; csrftoken={jar.get('csrftoken', csrf)}"


def session_headers(cookie: str) -> dict[str, str]:
    """What a logged-in browser sends: the cookies and, for the form POSTs
    (the score), the CSRF token as Django's X-CSRFToken header (htmx's way)."""
    csrf = dict(part.split("=", 1) for part in cookie.split("; ")).get("csrftoken", "")
    return {"Cookie": cookie, "X-CSRFToken": csrf}


# --- wrk -------------------------------------------------------------------------------

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def parse_wrk(output: str) -> dict:
    def number(pattern: str) -> float:
        found = re.search(pattern, output, re.M)
        return float(found.group(1)) if found else 0.0

    latency = {
        pct: float(value) * UNITS_MS[unit]
        for pct, value, unit in re.findall(
            r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m|h)\s*$", output, re.M
        )
    }
    # wrk prints no 95th percentile; the scripts' done() does (P95_LUA).
    p95 = re.search(r"^Latency p95: ([\d.]+)us$", output, re.M)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    requests = int(number(r"^\s+(\d+) requests in"))
    return {
        "requests": requests,
        "rps": number(r"^Requests/sec:\s+([\d.]+)"),
        "p50_ms": latency.get("50") if requests else None,
        "p95_ms": float(p95.group(1)) / 1000 if requests and p95 else None,
        "p99_ms": latency.get("99") if requests else None,
        "non_2xx_3xx": int(number(r"Non-2xx or 3xx responses:\s+(\d+)")),
        "socket_errors": sum(map(int, socket_errors.groups())) if socket_errors else 0,
    }


def wrk(
    url: str, headers: dict[str, str], script: str, seconds: int, connections: int = CONNECTIONS
) -> dict:
    cmd = [
        "wrk",
        f"-t{min(THREADS, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        f"--timeout={TIMEOUT}s",
    ]
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script_file:
        script_file.write(script)
        script_file.flush()
        cmd += ["-s", script_file.name, url]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed: {done.stderr.strip()}")
    return parse_wrk(done.stdout)


def lua_string(text: str) -> str:
    """`text` as a double-quoted Lua string literal (UTF-8 passes as it is)."""
    escaped = "".join(
        "\\" + char if char in '"\\' else f"\\{ord(char):03d}" if ord(char) < 32 else char
        for char in text
    )
    return f'"{escaped}"'


def lua_list(values: list | tuple) -> str:
    """Strings and numbers as a Lua table literal."""
    return "{" + ", ".join(lua_string(v) if isinstance(v, str) else str(v) for v in values) + "}"


# Every script ends with this: the 95th percentile the search budget needs
# (wrk's report stops at 50, 75, 90 and 99).
P95_LUA = """
function done(summary, latency, requests)
  io.write(string.format("Latency p95: %.0fus\\n", latency:percentile(95.0)))
end
"""

# Replaces "{n}" in a body with a number unique to each request of the
# scenario (its run, "warmup" or "measure", set in `part`; the thread number;
# a count), so a posted text is never refused as a repeat.
UNIQUE_BODY_LUA = """
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local count = 0
function request()
  count = count + 1
  local body = string.gsub(wrk.body, "{n}", part .. "-" .. tid .. "-" .. count)
  return wrk.format(nil, nil, nil, body)
end
"""

# Takes the paths in turn.
ROTATE_LUA = """
local count = 0
function request()
  count = count + 1
  return wrk.format(nil, paths[count % #paths + 1])
end
"""

# Numbers each wrk thread (from 0, in `slot`), for the scripts that share a list out.
SLOT_LUA = """
local threads = 0
function setup(thread)
  thread:set("slot", threads)
  threads = threads + 1
end
"""

# Each wrk thread (numbered in `slot` by setup) takes every THREADS-th id;
# it sends the method to each of its ids in turn, then DELETE to each, then
# the method again…: every request changes something, and the two requests
# for one id are a whole pass apart, never in flight together.
TOGGLE_LUA = (
    SLOT_LUA
    + """
local count = 0
function request()
  local share = math.floor(#ids / wrk_threads)
  local id = ids[slot + wrk_threads * (count % share) + 1]
  local pass = math.floor(count / share)
  count = count + 1
  local method = pass % 2 == 0 and wrk.method or "DELETE"
  return wrk.format(method, prefix .. id .. suffix)
end
"""
)


# Each wrk thread (numbered in `slot` by setup) takes every THREADS-th id and
# sends the method to each of its ids in turn, pass after pass.
SPREAD_LUA = (
    SLOT_LUA
    + """
local count = 0
function request()
  local share = math.floor(#ids / wrk_threads)
  local id = ids[slot + wrk_threads * (count % share) + 1]
  count = count + 1
  return wrk.format(nil, prefix .. id .. suffix)
end
"""
)


# Each wrk thread (numbered in `slot` by setup) takes every THREADS-th key and
# sends each request with the next of them: a different member each time
# until the thread's share runs out (then it starts again, and the members'
# second requests replace what they filed).
KEYS_LUA = (
    SLOT_LUA
    + """
local count = 0
local headers = nil
function request()
  if headers == nil then
    headers = {}
    for name, value in pairs(wrk.headers) do headers[name] = value end
  end
  local share = math.floor(#keys / wrk_threads)
  headers["Authorization"] = "Bearer " .. keys[slot + wrk_threads * (count % share) + 1]
  count = count + 1
  return wrk.format(nil, nil, headers)
end
"""
)


def toggled_ids(ids: list, part: str) -> list:
    """The ids (or keys) a toggle (or keys) scenario's warm-up ("warmup": the
    first quarter) or measured run (the rest) goes through: apart, so the
    measured run finds each of its ids as the dataset had it."""
    split = len(ids) // 4
    return ids[:split] if part == "warmup" else ids[split:]


def scenario_body(scenario: Scenario, targets: dict | None = None) -> str:
    """What a POST scenario sends: `body`, or its `body_target` as JSON."""
    if not scenario.body_target:
        return scenario.body
    return json.dumps((targets or {})[scenario.body_target], ensure_ascii=False)


def wrk_script(scenario: Scenario, targets: dict | None = None, part: str = "") -> str:
    """The wrk Lua script of a scenario: its method, body and content type;
    the paths it rotates over, the ids it toggles or the keys it sends
    (from `targets`, this `part`'s share: see toggled_ids); and the p95
    report."""
    lines = []
    if scenario.method != "GET":
        lines += [
            f"wrk.method = {lua_string(scenario.method)}",
            f"wrk.body = {lua_string(scenario_body(scenario, targets))}",
            f'wrk.headers["Content-Type"] = {lua_string(scenario.content_type)}',
        ]
    script = "\n".join(lines) + "\n" if lines else ""
    if "{n}" in scenario.body:
        script += f"part = {lua_string(part)}\n" + UNIQUE_BODY_LUA
    if scenario.rotate:
        script += f"paths = {lua_list(scenario.rotate)}\n" + ROTATE_LUA
    if scenario.toggle:
        prefix, suffix = scenario.path.split("{id}")
        ids = toggled_ids(list((targets or {})[scenario.toggle]), part)
        script += (
            f"ids = {lua_list(ids)}\nwrk_threads = {THREADS}\n"
            f"prefix = {lua_string(prefix)}\nsuffix = {lua_string(suffix)}\n" + TOGGLE_LUA
        )
    if scenario.spread:
        prefix, suffix = scenario.path.split("{id}")
        ids = toggled_ids(list((targets or {})[scenario.spread]), part)
        script += (
            f"ids = {lua_list(ids)}\nwrk_threads = {THREADS}\n"
            f"prefix = {lua_string(prefix)}\nsuffix = {lua_string(suffix)}\n" + SPREAD_LUA
        )
    if scenario.keys:
        keys = toggled_ids(list((targets or {})[scenario.keys]), part)
        script += f"keys = {lua_list(keys)}\nwrk_threads = {THREADS}\n" + KEYS_LUA
    return script + P95_LUA


def successes(run: dict) -> int:
    """How many of a wrk run's answers were 2xx or 3xx."""
    return run["requests"] - run["non_2xx_3xx"]


# --- Checks ----------------------------------------------------------------------------


def read_tallies(check: str, targets: dict) -> dict[str, int]:
    """What a check reads, straight from the benchmark database (Django is
    set up in this process on first use)."""
    from django.apps import apps

    from bench import dataset

    if not apps.ready:
        dataset.configure()
    from django.contrib.auth import get_user_model
    from django.db import connection

    try:
        if check == "thread_tallies":
            return dataset.thread_tallies(int(targets["reply_thread"]))
        if check == "report_tallies":
            return dataset.report_tallies(int(targets["report_release"]), dataset.submitter_ids())
        bench = get_user_model().objects.get(username=BENCH_USERNAME)
        if check == "score_tallies":
            entries = [int(targets["score_probe"]), *map(int, targets["score_entries"])]
            return dataset.score_tallies(entries, bench.pk)
        ideas = [int(targets["support_probe"]), *map(int, targets["support_ideas"])]
        return dataset.idea_tallies(ideas, bench.pk)
    finally:
        connection.close()


def written_notes(written: int, answered: int, what: str) -> list[str]:
    """Each answer wrk counted must have written; requests still in flight
    when wrk stopped may have written what it never counted."""
    if answered <= written <= answered + 2 * CONNECTIONS:
        return []
    return [f"{written} {what} for {answered} successful answers"]


def tally_notes(before: dict[str, int], after: dict[str, int], answered: int) -> list[str]:
    """What is wrong with a thread's counters after `answered` successful replies."""
    notes = []
    if after["reply_count"] != after["live_posts"] - 1:
        notes.append(f"reply_count {after['reply_count']} ≠ {after['live_posts']} posts − 1")
    if after["last_number"] != after["max_number"]:
        notes.append(f"last_number {after['last_number']} ≠ highest number {after['max_number']}")
    if after["board_post_count"] != after["board_live_posts"]:
        notes.append(
            f"board post_count {after['board_post_count']} ≠ {after['board_live_posts']} posts"
        )
    created = after["live_posts"] - before["live_posts"]
    return notes + written_notes(created, answered, "posts written")


def idea_tally_notes(before: dict[str, int], after: dict[str, int], answered: int) -> list[str]:
    """What is wrong with the toggled ideas' counts after `answered`
    successful supports and withdrawals."""
    notes = []
    if after["miscounted"]:
        notes.append(f"{after['miscounted']} of {after['ideas']} ideas' support_count ≠ supports")
    if after["misscored"]:
        notes.append(f"{after['misscored']} of {after['ideas']} ideas' hot_score ≠ the formula")
    written = after["member_writes"] - before["member_writes"]
    return notes + written_notes(written, answered, "supports given or withdrawn")


def report_tally_notes(before: dict[str, int], after: dict[str, int], answered: int) -> list[str]:
    """What is wrong with the newest build's tallies and its entries' after
    `answered` successful reports filed or replaced."""
    notes = []
    if after["misreported"]:
        notes.append(f"{after['misreported']} of the build's tallies ≠ what its reports add up to")
    if after["miscounted_entries"]:
        notes.append(
            f"{after['miscounted_entries']} of {after['entries']} entries' liked counts "
            "≠ their picks"
        )
    written = after["member_writes"] - before["member_writes"]
    return notes + written_notes(written, answered, "reports filed or replaced")


def score_tally_notes(before: dict[str, int], after: dict[str, int], answered: int) -> list[str]:
    """What is wrong with the scored entries' counters after `answered`
    successful scores (the first of an entry by the bench member inserts a
    row; the next change it, so rows grow by at most the answers)."""
    notes = []
    if after["miscounted"]:
        notes.append(f"{after['miscounted']} of {after['entries']} entries' score_count ≠ scores")
    if after["missummed"]:
        notes.append(f"{after['missummed']} of {after['entries']} entries' score_sum ≠ scores")
    written = after["member_scores"] - before["member_scores"]
    if not 0 < written <= min(answered, after["entries"]):
        notes.append(f"{written} scores written for {answered} successful answers")
    return notes


CHECKS = {
    "thread_tallies": tally_notes,
    "idea_tallies": idea_tally_notes,
    "report_tallies": report_tally_notes,
    "score_tallies": score_tally_notes,
}


# --- Measuring -------------------------------------------------------------------------


def probe_path(scenario: Scenario, targets: dict[str, object]) -> str:
    """The scenario's path with the targets filled in (the probe's id for "{id}")."""
    return scenario.path.format(**targets, id=targets.get(scenario.probe, ""))


def measure(
    scenario: Scenario,
    port: int,
    auth: dict[str, dict[str, str] | str],
    targets: dict[str, object],
) -> Result:
    path = probe_path(scenario, targets)
    result = Result(scenario.key, scenario.label, path, scenario.kind)
    headers = auth.get(scenario.auth, {})
    if isinstance(headers, str):  # logging in failed
        result.notes.append(headers)
        return result
    if scenario.htmx:
        headers = {**headers, "HX-Request": "true"}
    if not wait_until_idle(port):
        result.notes.append("server still busy from the previous scenario")
    answered = 0
    try:
        before = read_tallies(scenario.check, targets) if scenario.check else {}
        probe_headers = dict(headers)
        body = None
        if scenario.method != "GET":
            probe_headers["Content-Type"] = scenario.content_type
            body = scenario_body(scenario, targets)
        result.status = request(port, scenario.method, path, probe_headers, body)[0]
        if result.status == 404:
            result.skipped = True
            result.notes.append("skipped: the probe answered HTTP 404 (no such page yet)")
            return result
        if not 200 <= result.status < 300:
            result.notes.append(f"probe answered HTTP {result.status}")
        answered = int(200 <= result.status < 400)
        url = f"http://{HOST}:{port}{path}"
        connections = SEARCH_CONNECTIONS if scenario.kind == "search" else CONNECTIONS
        if WARMUP:
            script = wrk_script(scenario, targets, "warmup")
            answered += successes(wrk(url, headers, script, WARMUP, connections))
        script = wrk_script(scenario, targets, "measure")
        measured = wrk(url, headers, script, DURATION, connections)
        answered += successes(measured)
        for name, value in measured.items():
            setattr(result, name, value)
        if scenario.check:
            wait_until_idle(port)
            result.tallies = read_tallies(scenario.check, targets)
            result.notes += CHECKS[scenario.check](before, result.tallies, answered)
    except (OSError, RuntimeError, subprocess.SubprocessError) as error:
        result.notes.append(f"error: {error}")
    if not result.requests and not result.notes:
        result.notes.append(f"no answer within {TIMEOUT}s")
    if result.non_2xx_3xx:
        result.notes.append(f"{result.non_2xx_3xx} non-2xx/3xx responses")
    if result.socket_errors:
        result.notes.append(f"{result.socket_errors} socket errors")
    return result


def judge(results: list[Result]) -> None:
    by_key = {r.key: r for r in results}
    for result in results:
        ok = bool(result.requests) and not result.notes
        if result.skipped:
            result.passed = False
            continue
        if result.p99_ms is None or result.p99_ms > P99_BUDGET_MS:
            ok = False
        if result.kind == "search":
            ok = ok and result.p95_ms is not None and result.p95_ms <= SEARCH_P95_BUDGET_MS
        elif result.kind != "baseline":
            result.baseline, result.target = BASELINE[result.kind], TARGET[result.kind]
            base = by_key[result.baseline]
            if base.rps:
                result.ratio = round(result.rps / base.rps, 3)
            ok = ok and base.passed and result.ratio is not None and result.ratio >= result.target
        result.passed = ok


# --- Report ----------------------------------------------------------------------------


def fmt(value: float | None, suffix: str = "", digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}{suffix}"


def target_text(result: Result) -> str:
    if result.kind == "search":
        return f"p95 ≤ {SEARCH_P95_BUDGET_MS:.0f} ms, p99 ≤ {P99_BUDGET_MS:.0f} ms"
    ratio = f"≥ {result.target} × {result.baseline}, " if result.target else ""
    return f"{ratio}p99 ≤ {P99_BUDGET_MS:.0f} ms"


def verdict(result: Result) -> str:
    return "SKIP" if result.skipped else "PASS" if result.passed else "FAIL"


def table(results: list[Result], memory: list[dict]) -> str:
    lines = [
        "| Scenario | req/s | p50 | p95 | p99 | ratio | target | result | notes |",
        "|---|---:|---:|---:|---:|---:|---|---|---|",
    ]
    for r in results:
        rps = fmt(r.rps, digits=0 if r.rps >= 10 else 1)
        lines.append(
            f"| {r.label} | {rps} | {fmt(r.p50_ms, ' ms', 2)} | {fmt(r.p95_ms, ' ms', 2)} | "
            f"{fmt(r.p99_ms, ' ms', 2)} | {fmt(r.ratio, '×', 2)} | {target_text(r)} | "
            f"{verdict(r)} | {'; '.join(r.notes)} |"
        )
    lines += ["", "| Worker pid | RSS | peak RSS | budget | result |", "|---:|---:|---:|---:|---|"]
    lines += [
        f"| {w['pid']} | {w['rss_mb']} MB | {w['peak_mb']} MB | {RSS_BUDGET_MB:.0f} MB | "
        f"{'PASS' if w['peak_mb'] <= RSS_BUDGET_MB else 'FAIL'} |"
        for w in memory
    ]
    return "\n".join(lines)


def busy_warning(load: float) -> str:
    """wrk and the server need the whole machine; say so when something else ran."""
    if load <= 0.5:
        return ""
    return (
        f"**Warning: the machine was busy (load average {load}) before the run; "
        "these numbers understate the server.**\n\n"
    )


def git_commit() -> str:
    done = subprocess.run(
        ["git", "describe", "--always", "--dirty"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or "unknown"


def write_results(meta: dict, results: list[Result], memory: list[dict]) -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = meta["started"].replace("-", "").replace(":", "")
    payload = {**meta, "scenarios": [asdict(r) for r in results], "workers": memory}
    json_path = RESULTS_DIR / f"{stamp}.json"
    json_path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    markdown = (
        f"# Benchmark {meta['started']}\n\n"
        f"Commit `{meta['commit']}`, {meta['cpus']} CPUs, granian {WORKERS} workers, "
        f"wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}s (searches -c{SEARCH_CONNECTIONS}), "
        f"{meta['database']}, "
        f"load average {meta['load_before']} before the run.\n\n"
        f"{busy_warning(meta['load_before'])}{table(results, memory)}\n"
    )
    (RESULTS_DIR / f"{stamp}.md").write_text(markdown)
    (RESULTS_DIR / "latest.md").write_text(markdown)
    return json_path


# --- Main ------------------------------------------------------------------------------


def benchmark(port: int, env: dict[str, str]) -> tuple[list[Result], list[dict]]:
    server = start_server(port, env, DATA_DIR / "granian.log")
    try:
        wait_for_server(server, port)
        token = TOKEN_FILE.read_text().strip()
        auth: dict[str, dict[str, str] | str] = {"token": {"Authorization": f"Bearer {token}"}}
        try:
            auth["session"] = session_headers(login(port))
        except (OSError, RuntimeError) as error:
            auth["session"] = str(error)
        targets = json.loads(TARGETS_FILE.read_text())
        targets["submitter_keys"] = REPORT_TOKENS_FILE.read_text().split()
        results = []
        for scenario in SCENARIOS:
            if ONLY and scenario.key not in ONLY and scenario.kind != "baseline":
                continue
            print(f"  {scenario.label} …", flush=True)
            results.append(measure(scenario, port, auth, targets))
        return results, worker_memory(server.pid)
    finally:
        stop_server(server)


def main() -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    env = server_env()
    print("Dataset:", flush=True)
    run([sys.executable, "-m", "bench.dataset"], env, timeout=3600)
    print("Setting up the data folder (static files, search dictionary) …", flush=True)
    run([sys.executable, "manage.py", "setup", "-v0"], env, timeout=300)
    load_before = round(os.getloadavg()[0], 2)
    print(busy_warning(load_before), end="", flush=True)
    port = free_port()
    print(
        f"Benchmarking http://{HOST}:{port} ({DURATION}s per scenario, {CONNECTIONS} connections):",
        flush=True,
    )
    results, memory = benchmark(port, env)
    judge(results)
    meta = {
        "started": started,
        "commit": git_commit(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "duration_s": DURATION,
        "connections": CONNECTIONS,
        "search_connections": SEARCH_CONNECTIONS,
        "threads": THREADS,
        "granian_workers": WORKERS,
        "database": os.environ.get("DATABASE_URL", "sqlite").split(":")[0],
        "load_before": load_before,
        "p99_budget_ms": P99_BUDGET_MS,
        "search_p95_budget_ms": SEARCH_P95_BUDGET_MS,
        "rss_budget_mb": RSS_BUDGET_MB,
    }
    path = write_results(meta, results, memory)
    print()
    print(table(results, memory))
    print(f"\nResults: {path.relative_to(ROOT)} and bench/results/latest.md")
    failed = not all(r.passed for r in results) or any(w["peak_mb"] > RSS_BUDGET_MB for w in memory)
    return 1 if STRICT and failed else 0


if __name__ == "__main__":
    sys.exit(main())
