"""Who may not come in: the deny list every check-in screens against."""
