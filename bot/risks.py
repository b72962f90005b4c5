"""Risks (being built)."""
