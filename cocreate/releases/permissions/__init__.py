"""Who may do what with releases (`releases`) and reports (`reports`)."""
