"""Demo releases (`releases`) and the reports on them (`reports`)."""
