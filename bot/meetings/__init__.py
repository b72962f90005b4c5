"""Recurring meetings with agendas and a reminder before each one."""
