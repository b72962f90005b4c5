"""Feedback to the managers, named or truly anonymous."""
