"""Change requests (being built)."""
