"""Pages of releases (`releases`) and of four-grid reports (`reports`)."""
