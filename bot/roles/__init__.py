"""Roles (PM, ops manager, member) and who is told about what."""
