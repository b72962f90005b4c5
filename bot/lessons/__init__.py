"""Lessons learned, searchable in English and Chinese."""
