"""Risks: identify, assess, respond, escalate, review, close."""
