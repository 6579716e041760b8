"""What every importer and exporter of :mod:`journeymap.io` shares: how they report problems.

Importers are forgiving: what they can read they keep, and what they had to skip, clamp or
guess is returned as a list of :class:`ImportNote` items (never printed, never raised), so the
app can list them and the command line can print them. What makes a file unreadable raises
:class:`InteropError`, which names the line (text formats) or the element (GraphML).
"""

from __future__ import annotations

from typing import NamedTuple


class ImportNote(NamedTuple):
    """Something an importer skipped, clamped or decided: where (a 1-based line number, or the
    name of a GraphML element such as ``"node 'pay'"``) and what."""

    where: int | str
    message: str

    def __str__(self) -> str:
        return f"{_where(self.where)}: {self.message}"


def _where(where: int | str | None) -> str:
    return f"line {where}" if isinstance(where, int) else str(where or "")


class InteropError(ValueError):
    """A file journeymap cannot read or write in another format.

    ``where`` is the 1-based line (Mermaid) or the element (GraphML) at fault, ``None`` for the
    file as a whole; ``file`` is set by the readers that open a path. ``more`` counts further
    problems of the same file that were found but are not in the message.
    """

    def __init__(self, message: str, where: int | str | None = None, file: str = "",
                 more: int = 0) -> None:
        self.message = message
        self.where = where
        self.file = file
        self.more = more
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [p for p in (self.file, _where(self.where)) if p]
        text = ": ".join([*parts, self.message])
        if self.more:
            text += f" (and {self.more} more problem{'s' * (self.more != 1)})"
        return text

    def in_file(self, file: str) -> InteropError:
        """The same error, naming ``file``."""
        return InteropError(self.message, self.where, str(file), self.more)
