"""What ``askmali ask`` does, without typer: shared by the typer CLI and the fast path.

``askmali.cli`` parses options with typer and calls ``run_ask``; ``askmali.__main__`` parses the
common invocations itself and calls the same ``run_ask``, so a plain question asked from a shell
or a pipe never imports typer, click or rich (they cost more than answering). Everything here
reads and writes through ``sys`` only; ``rich`` is imported only for the rich format.

Errors are raised as ``AskmaliError``; the caller turns them into one line and an exit code.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from . import render
from .batch import answer_all
from .errors import InputError
from .exits import stderr_line, write_out

# The options of ``askmali ask``, read by both the typer command (askmali.cli) and the fast
# path's parser (askmali.__main__): flag -> parameter of ``run_ask``, and the defaults.
ASK_VALUED = {"-k": "k", "--format": "fmt", "-f": "fmt", "--index": "index", "--retriever": "retriever",
              "--jobs": "jobs", "-j": "jobs", "--min-confidence": "min_confidence"}
ASK_FLAGS = {"--include-comments": "include_comments"}
K_DEFAULT, K_MIN, K_MAX = 5, 1, 100
RETRIEVER_DEFAULT = "hybrid"
JOBS_DEFAULT, JOBS_MAX = 0, 64  # processes answering a batch; 0: one per usable CPU
MIN_CONFIDENCE_DEFAULT = 0.0  # no bar of the asker's: the engine's own abstention decides

MAX_QUESTION_CHARS = 2000
MAX_STDIN_BYTES = 16 * 1024 * 1024  # one question per line: plenty for any batch
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL_TO_SPACE = {c: " " for c in (*range(32), *range(0x7F, 0xA0))}  # C0, DEL and C1


def output_format(fmt: str | None) -> str:
    """The format asked for, or rich on a terminal and plain in a pipe."""
    if fmt is None:
        return "rich" if sys.stdout.isatty() else "plain"
    if fmt not in render.FORMATS:
        raise InputError(f"unknown format {fmt!r}", hint=f"use one of {', '.join(render.FORMATS)}")
    return fmt


def console(stderr: bool = False):
    """A rich console (imported here, on demand: plain output never pays for rich)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def open_engine(index: Path | None):
    """The engine for ``--index`` (or the default index), reporting builds and warnings on stderr."""
    from .engine import open_index

    return open_index(index, on_event=stderr_line, warn=lambda m: stderr_line(f"warning: {m}"))


def emit(text: str) -> None:
    write_out(text + "\n")


def clean_question(raw: str) -> str:
    """Control characters become spaces; an empty, oversized or undecodable question is refused."""
    if len(raw) > MAX_QUESTION_CHARS * 4:  # refuse a huge input before scanning it
        raise _too_long(len(raw))
    if "\x00" in raw:
        raise InputError("the question contains a NUL byte", hint="pass plain text")
    if _SURROGATE.search(raw):  # undecodable argv bytes arrive as surrogates
        raise InputError("the question is not valid UTF-8", hint="check your terminal's encoding")
    text = raw.translate(_CONTROL_TO_SPACE).strip()
    if not text:
        raise InputError("the question is empty", hint='ask something, e.g. askmali ask "Qui dirige la transition ?"')
    if len(text) > MAX_QUESTION_CHARS:
        raise _too_long(len(text))
    return text


def _too_long(n: int) -> InputError:
    return InputError(f"the question is {n:,} characters long; the limit is {MAX_QUESTION_CHARS:,}",
                      hint="ask about one thing at a time")


def stdin_questions() -> list[tuple[int, str]]:
    """(line number, text) of each non-blank line of standard input (UTF-8, at most
    ``MAX_STDIN_BYTES``); the numbers count blank lines too, so errors name the right line."""
    if sys.stdin is None:  # closed before askmali started (<&-)
        raise InputError("standard input is closed", hint="pipe the questions in, one per line")
    data = sys.stdin.buffer.read(MAX_STDIN_BYTES + 1)
    if len(data) > MAX_STDIN_BYTES:
        raise InputError(f"standard input is over {MAX_STDIN_BYTES // 2**20} MB", hint="split the batch")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"standard input is not valid UTF-8 (line {line})", hint="save the questions as UTF-8") from None
    # split on newlines only: a stray U+2028 or form feed stays inside its question
    return [(n, line) for n, line in enumerate(text.split("\n"), start=1) if line.strip()]


def run_ask(
    question: str,
    k: int = K_DEFAULT,
    fmt: str | None = None,
    index: Path | None = None,
    include_comments: bool = False,
    retriever: str = RETRIEVER_DEFAULT,
    jobs: int = JOBS_DEFAULT,
    min_confidence: float = MIN_CONFIDENCE_DEFAULT,
) -> int:
    """``askmali ask``: answer ``question`` (or, for ``-``, each line of stdin) and print the
    results; return the exit code (0 answered, 1 no answer, 2 every line of a batch refused).
    A batch is shared among ``jobs`` processes (0: one per usable CPU; ``askmali.batch``). No
    answer is given whose confidence is under ``min_confidence``."""
    from .engine import check_min_confidence

    check_min_confidence(min_confidence)  # before the index is opened (Engine.ask checks it too)
    fmt = output_format(fmt)
    batch = question == "-"
    questions = stdin_questions() if batch else [(1, clean_question(question))]
    if batch and not questions:  # before loading the index: there is nothing to ask it
        raise InputError("no question on standard input", hint="give one question per line")
    engine = open_engine(index)
    out = console() if fmt == "rich" else None

    def one(i: int) -> tuple[str, object, bool, str | None]:
        """(question, what to print, answered, error) for the i-th question; in a worker the
        result is rendered there, so only text (or a JSON dict) comes back."""
        number, raw = questions[i]
        try:
            q = clean_question(raw) if batch else raw
            result = engine.ask(q, k, retriever=retriever, include_comments=include_comments, min_confidence=min_confidence)
        except InputError as exc:
            if not batch:
                raise
            return raw, None, False, f"line {number}: {exc}"  # one bad line does not end a batch
        if out is not None:
            shown: object = result
        elif batch and fmt == "json":
            shown = result.to_json()
        else:
            shown = render.result_text(result, fmt)
        return q, shown, result.answer is not None, None

    answered = refused = 0
    collected: list[dict] = []  # batch + json: one array, so the whole output parses
    for q, shown, ok, error in answer_all(one, len(questions), 1 if out is not None else jobs):
        if error is not None:
            stderr_line(f"error: {error}")
            refused += 1
            continue
        answered += ok
        if out is not None:
            if batch:
                out.rule(q)
            render.print_result_rich(shown, out)
        elif batch and fmt == "json":
            collected.append(shown)
        else:
            emit(shown)
            if batch and fmt in ("plain", "markdown"):
                emit("")
    if batch and fmt == "json":
        emit(render.dump(collected, "json"))
    return 0 if answered else 2 if refused == len(questions) else 1
