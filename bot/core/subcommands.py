"""The words people type after a command, in English and Chinese.

Each feature lists its subcommands once (in its parse.py) as a canonical name and the words that mean it; the
Slack router (handlers/kit.py) finds a subcommand by any of its words, and help lists the Chinese ones. A table
with a subcommand that has no Chinese word, or a word that means two things, is refused at import time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_CJK = re.compile(r"[\u3400-\u9fff]")


class Subcommands:
    def __init__(self, table: Mapping[str, tuple[str, ...]]) -> None:
        self.table = dict(table)
        self._index: dict[str, str] = {}
        for name, words in self.table.items():
            if not any(_CJK.search(word) for word in words):
                raise ValueError(f"subcommand {name!r} has no Chinese word")
            for word in (name, *words):
                key = word.lower()
                if self._index.setdefault(key, name) != name:
                    raise ValueError(f"{word!r} means both {self._index[key]!r} and {name!r}")

    def find(self, word: str) -> str | None:
        """The canonical subcommand a typed word means, or None."""
        return self._index.get(word.lower())

    def __contains__(self, name: str) -> bool:
        return name in self.table

    def chinese(self) -> list[tuple[str, str]]:
        """(Chinese words joined with '/', the English name) for every subcommand, in table order."""
        return [("/".join(w for w in words if _CJK.search(w)), name) for name, words in self.table.items()]
