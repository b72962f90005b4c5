"""retros (being built)."""
