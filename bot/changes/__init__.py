"""Change requests and their approval."""
