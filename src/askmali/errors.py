"""Typed errors raised by the library.

The library never prints or exits; the CLI turns each of these into one line on stderr and
the exit code below, in one place (``askmali.exits``).
"""

from __future__ import annotations


class AskmaliError(Exception):
    """Base class. ``hint`` is an optional second clause telling the user what to do."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} - {self.hint}" if self.hint else self.message


class InputError(AskmaliError):
    """A question or argument the user gave cannot be used (empty question, bad option)."""


class CorpusError(AskmaliError):
    """A source path or corpus file cannot be read or indexed."""


class ReadError(CorpusError):
    """One file cannot be read (encrypted, truncated, no text in it): the build warns once,
    naming the file, and indexes the others. ``reason`` is the short word the build's summary
    counts it under ("encrypted", "no text layer", ...)."""

    def __init__(self, message: str, *, reason: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.reason = reason


class IndexStoreError(AskmaliError):
    """An index is missing, corrupt, from another format version or another analyser."""


class IndexBusyError(IndexStoreError):
    """Another process is writing the index."""


class IndexUnwritableError(IndexStoreError):
    """The index folder cannot be written: permissions, a read-only file system, a full disk.
    ``reason`` is the operating system's words for why."""

    def __init__(self, message: str, *, reason: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.reason = reason


class EvalError(AskmaliError):
    """A question file or dataset used for evaluation is malformed."""


# Warnings are not errors: the corpus reader reports skipped or re-decoded files through a
# callback so that the CLI can print them on stderr and the library stays silent.

