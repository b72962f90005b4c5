"""Retrospectives: named and anonymous items, votes, actions as tasks, a summary."""
