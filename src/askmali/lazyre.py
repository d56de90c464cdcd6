"""Regular expressions compiled when first used, not when their module is imported.

A question asked from the terminal starts a new process, and Python's ``re`` compiles every
pattern again in each one: the question-type, span and answering modules hold about 80, which
cost ~40 ms of a cold ``askmali ask`` (~0.34 s). A question uses about half of them (a date
question never reads the patterns of amounts), so each is compiled on its first use.
``compile(pattern, flags)`` takes what ``re.compile`` takes and gives an object with the
methods of a compiled pattern; after the first call they are the compiled pattern's own
bound methods, so a pattern used on every sentence pays nothing more.
"""

from __future__ import annotations

import re

# the methods a first use binds onto the object: later calls find them without __getattr__
_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class LazyPattern:
    """``re.compile(pattern, flags)`` on first use; ``pattern`` is there before it."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now if it was not yet)."""
        got = self.__dict__.get("_compiled")
        if got is None:
            got = re.compile(self.pattern, self._flags)
            for name in _METHODS:  # two threads may both get here: they set the same values
                setattr(self, name, getattr(got, name))
            self._compiled = got
        return got

    def __getattr__(self, name: str):
        # reached only for what the instance lacks: a method before the first use, or an
        # attribute of the compiled pattern (flags, groups, groupindex)
        if name.startswith("__") or name in ("_compiled", "_flags", "pattern"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"lazyre.compile({self.pattern!r}, {self._flags!r})"


def compile(pattern: str, flags: int = 0) -> LazyPattern:  # noqa: A001 - the name re gives it
    """A pattern compiled on first use (see the module's docstring)."""
    return LazyPattern(pattern, flags)
