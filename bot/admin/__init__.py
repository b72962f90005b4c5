"""Workspace administration: purging everything teambot keeps about a workspace."""
