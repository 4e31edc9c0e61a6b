"""Every write of releases: `releases` (drafting, scheduling, publishing,
changelog entries, credits) and `reports` (four-grid reports and the
feature-of-the-week award). Callers import the module they need."""
