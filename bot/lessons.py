"""lessons (being built)."""
