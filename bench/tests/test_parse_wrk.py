from bench.run import parse_wrk

OUTPUT = """Running 5s test @ http://127.0.0.1:8000/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.00ms    3.00ms   1.20s    90.00%
    Req/Sec     1.30k   100.00     1.50k    70.00%
  Latency Distribution
     50%  850.00us
     75%    9.50ms
     90%   12.00ms
     99%    1.20s
  13000 requests in 5.00s, 2.00MB read
  Socket errors: connect 0, read 1, write 0, timeout 4
  Non-2xx or 3xx responses: 7
Requests/sec:   2600.50
Transfer/sec:    400.00KB
Latency p95: 15300us
"""


def test_parse_wrk_reads_throughput_latency_and_errors():
    assert parse_wrk(OUTPUT) == {
        "requests": 13000,
        "rps": 2600.5,
        "p50_ms": 0.85,
        "p95_ms": 15.3,
        "p99_ms": 1200.0,
        "non_2xx_3xx": 7,
        "socket_errors": 5,
    }


def test_parse_wrk_without_errors():
    clean = "\n".join(
        line for line in OUTPUT.splitlines() if "errors" not in line and "Non-2xx" not in line
    )
    parsed = parse_wrk(clean)
    assert parsed["socket_errors"] == 0
    assert parsed["non_2xx_3xx"] == 0


def test_parse_wrk_without_the_scripts_95th_percentile():
    parsed = parse_wrk(OUTPUT.replace("Latency p95: 15300us\n", ""))
    assert parsed["p95_ms"] is None
    assert parsed["p99_ms"] == 1200.0
