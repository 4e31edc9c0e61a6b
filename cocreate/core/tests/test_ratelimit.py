from cocreate.core import ratelimit


def test_hit_counts_events_within_window():
    assert [ratelimit.hit("login", "1.2.3.4", "3/60") for _ in range(3)] == [1, 2, 3]


def test_is_limited_after_allowance_is_used():
    for _ in range(3):
        assert not ratelimit.is_limited("login", "alice", "3/60")
        ratelimit.hit("login", "alice", "3/60")

    assert ratelimit.is_limited("login", "alice", "3/60")
    assert not ratelimit.is_limited("login", "bob", "3/60")
    assert not ratelimit.is_limited("signup", "alice", "3/60")


def test_parse_rate_defaults_to_a_minute():
    assert ratelimit.parse_rate("5") == (5, 60)
    assert ratelimit.parse_rate("10/900") == (10, 900)


def test_retry_after_is_within_the_window():
    assert 1 <= ratelimit.retry_after("10/900") <= 900
