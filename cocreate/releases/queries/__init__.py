"""Reads of releases: `releases` (who sees which release, lists, calendar,
credits) and `reports` (a member's report, summaries, trends, exports)."""
