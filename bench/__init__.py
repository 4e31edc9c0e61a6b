"""Benchmarks: a deterministic dataset, minimal reference views and a wrk runner."""
