"""standups (being built)."""
