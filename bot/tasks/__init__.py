"""Tasks: one owner, a deadline read in the creator's zone, subtasks, reminders and an append-only history."""
