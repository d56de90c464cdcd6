"""Exit codes, and the one place where errors, signals and closed streams become them.

Both ways in run a command through ``run``: the fast path of ``askmali ask``
(``askmali.__main__``) and every typer command (``askmali.cli``). ``run`` returns the exit code
and prints at most one line on stderr:

==========================================  =====================================================
what happened                               what the user sees
==========================================  =====================================================
a typed library error (``AskmaliError``)    ``askmali: error: <message> - <hint>``, its exit code
Ctrl-C (``KeyboardInterrupt``)              ``askmali: interrupted: <what>; <what is safe>``, 130
stdout closed or its reader gone (EPIPE)    nothing (the work stops), 141 as for SIGPIPE
any other I/O error (full disk, ...)        ``askmali: error: <the system's words>``, 2
anything else (a bug)                       ``askmali: internal error: ...``, 2
==========================================  =====================================================

It imports the standard library and ``askmali.errors`` only: the fast path must stay fast.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .errors import AskmaliError

OK = 0  # answered
NO_ANSWER = 1
ERROR = 2
INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for Ctrl-C
BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a process killed by a closed pipe

_activity: list[tuple[str, str | None]] = []  # what the command is doing, innermost last


def stderr_line(message: str) -> None:
    """``askmali: <message>`` on stderr: every diagnostic of the CLI goes through here."""
    print(f"askmali: {message}", file=sys.stderr, flush=True)


@contextmanager
def activity(what: str, safe: str | None = None) -> Iterator[None]:
    """Name the work done inside, for the line Ctrl-C prints: ``interrupted: <what>; <safe>``."""
    _activity.append((what, safe))
    try:
        yield
    except KeyboardInterrupt as exc:
        if not hasattr(exc, "askmali_activity"):  # the innermost names it
            exc.askmali_activity = (what, safe)
        raise
    finally:
        _activity.pop()


def write_out(text: str, flush: bool = False) -> None:
    """Write ``text`` on stdout; a failure other than a closed reader says it was the output."""
    try:
        sys.stdout.write(text)
        if flush:
            sys.stdout.flush()
    except OSError as exc:
        if _closed_output(exc):
            raise
        raise OutputError(exc.errno, f"cannot write the output: {exc.strerror}") from None


class OutputError(OSError):
    """Standard output could not be written (a full disk, an I/O error)."""


def run(command: Callable[[], int | None]) -> int:
    """Run ``command`` and return its exit code (None counts as 0), or the code of what it raised."""
    guard_streams()
    try:
        code = command()
        write_out("", flush=True)  # a full disk or a closed reader shows here, not at exit
        return OK if code is None else code
    except BaseException as exc:  # noqa: BLE001 (the one place every outcome is mapped)
        return outcome(exc)


def outcome(exc: BaseException) -> int:
    """The exit code for ``exc``, after printing its one line (or nothing, for a closed stdout)."""
    if isinstance(exc, SystemExit):
        return exc.code if isinstance(exc.code, int) else (OK if exc.code is None else ERROR)
    if _closed_output(exc):
        _park_stdout()
        return BROKEN_PIPE
    if isinstance(exc, OutputError):
        _park_stdout()  # what it still buffers can never be written: never try again
    _settle_stdout()  # what was printed before the error comes out before its line
    if isinstance(exc, KeyboardInterrupt):
        what, safe = getattr(exc, "askmali_activity", None) or (_activity[-1] if _activity else ("askmali", None))
        stderr_line(f"interrupted: {what}" + (f"; {safe}" if safe else ""))
        return INTERRUPTED
    if isinstance(exc, AskmaliError):
        stderr_line(f"error: {exc}")
        return exc.exit_code
    if isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        stderr_line(f"error: {exc.strerror or _one_line(str(exc)) or type(exc).__name__}{where}")
        return ERROR
    if os.environ.get("ASKMALI_DEBUG") or not isinstance(exc, Exception):
        raise exc
    message = _one_line(str(exc))[:200]
    stderr_line(f"internal error: {type(exc).__name__}: {message} (set ASKMALI_DEBUG=1 for details)")
    return ERROR


def _closed_output(exc: BaseException) -> bool:
    return isinstance(exc, BrokenPipeError) or (isinstance(exc, OSError) and exc.errno == errno.EPIPE)


def _settle_stdout() -> None:
    """Flush stdout; if that fails too (full disk, closed reader), drop what it still holds."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        _park_stdout()


def _park_stdout() -> None:
    """Point file descriptor 1 at /dev/null, so the interpreter's last flush of what stdout still
    buffers cannot fail again (and print 'Exception ignored' at exit)."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, fd)
    os.close(null)


class _ClosedOutput(io.TextIOBase):
    """Stands for a stdout that was closed before askmali started (``>&-``): writing to it is
    a broken pipe, so the command stops quietly with exit 141."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not text:  # nothing to say (askmali index prints nothing on stdout): no error either
            return 0
        raise BrokenPipeError(errno.EPIPE, "standard output is closed")

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise BrokenPipeError(errno.EPIPE, "standard output is closed")


def guard_streams() -> None:
    """Cope with standard streams closed before askmali started (Python then sets them to None):
    /dev/null takes their file descriptor (so no file askmali opens lands on fd 0, 1 or 2 and
    gets written to as output), stdout becomes a closed output and stderr a sink. A closed
    stdin stays None: reading questions from it is refused with a clear error."""
    for fd, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
        if getattr(sys, name) is None:
            try:
                os.fstat(fd)
            except OSError:
                null = os.open(os.devnull, os.O_RDWR)
                if null != fd:
                    os.dup2(null, fd)
                    os.close(null)
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (lives as long as the process)


def _one_line(text: str) -> str:
    return " ".join(text.split())
