"""Async standups: prompts in each member's zone, answers by form or DM, one report."""
