"""The one exception for problems a person can fix: it names a catalogue message and the values to fill it."""

from __future__ import annotations

from typing import Any


class UserError(Exception):
    """Raised by the core, rendered by the handler as an ephemeral message in the user's language."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key, self.values = key, values
