"""Answer a batch of questions (``askmali ask -``) with several processes, in the input's order.

Each worker is a fork of this process made once the index is loaded and one question has been
answered (so whatever loads on first use is loaded), and it shares that memory copy-on-write:
a worker starts in milliseconds and reads nothing again. Workers are sent positions in the
batch, answer them with the function they inherited, and send back what that function returns
(rendered text, small dicts), in chunks. Results come back in the order of the questions.

One process answers when the batch is small (a fork costs more than it saves), when one CPU is
usable, when ``jobs`` is 1, or where ``fork`` does not exist. Workers ignore Ctrl-C: the parent
alone reports it, once, and the pool is terminated on the way out, as it is when the reader of
the output goes away. Standard library only: the fast path imports this, so ``multiprocessing``
(~5 ms of a cold ask) is imported only when a batch is shared.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar("T")

MIN_PER_WORKER = 16  # questions per worker below which one process is faster (a fork + pool ~10 ms)
CHUNK = 4  # positions sent to a worker at a time: small, so the output keeps flowing in order

_answer: Callable[[int], object] | None = None  # set before the fork, inherited by the workers


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask where the system has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def worker_count(jobs: int, n: int) -> int:
    """Processes to answer ``n`` questions with, for ``--jobs jobs`` (0: one per usable CPU)."""
    wanted = min(usable_cpus() if jobs == 0 else jobs, n // MIN_PER_WORKER)
    if wanted < 2:
        return 1
    import multiprocessing

    return wanted if "fork" in multiprocessing.get_all_start_methods() else 1


def answer_all(answer: Callable[[int], T], n: int, jobs: int) -> Iterator[T]:
    """``answer(i)`` for i in 0..n-1, in order: the first in this process, the rest shared among
    ``worker_count(jobs, n - 1)`` processes."""
    if n == 0:
        return
    yield answer(0)  # warms up what loads on first use, before it is copied into the workers
    workers = worker_count(jobs, n - 1)
    if workers < 2:
        yield from map(answer, range(1, n))
        return
    import multiprocessing

    global _answer
    _answer = answer
    sys.stdout.flush()  # a worker flushes stdout as it exits: it must inherit an empty buffer
    sys.stderr.flush()
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_worker_start) as pool:
            yield from pool.imap(_call, range(1, n), chunksize=CHUNK)
    finally:
        _answer = None


def _worker_start() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent reports Ctrl-C and stops the pool


def _call(i: int) -> object:
    assert _answer is not None
    return _answer(i)
