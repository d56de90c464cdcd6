"""``python -m askmali`` and the ``askmali`` console script.

The common invocation, ``askmali ask QUESTION [-k N] [--format plain|json|jsonl|markdown]
[--index DIR] [--include-comments] [--retriever NAME] [--jobs N]`` (or ``ask -`` for a batch on stdin),
takes a fast path (with ``--min-confidence P`` too): the arguments are parsed here and ``askmali.ask_cli.run_ask`` runs, the very
function the typer command calls, without importing typer, click, pydantic or rich (~200 ms,
more than the answer itself). The options and their defaults are ``askmali.ask_cli``'s, which
the typer command reads too; errors, Ctrl-C and closed pipes end through ``askmali.exits.run``
on both paths, so output, error lines and exit codes are the same byte for byte
(tests/test_fastpath.py compares both). Anything else (another command, ``--help``, the rich
format, a value typer would reject or convert, an option given twice, ``--``) goes to the typer
CLI unchanged. ``askmali index [PATH...] [--index DIR] [--optimize]`` with stderr not a terminal
(no progress bar to draw) takes a fast path too (``parse_index``, ``askmali.index_cli``).
"""

from __future__ import annotations

import os
import re
import sys

_PLAIN_FORMATS = ("plain", "json", "jsonl", "markdown")
_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")  # "0.3", "1", ".25": as typer reads them


def parse_ask(argv: list[str]) -> dict | None:
    """The arguments of ``run_ask`` for a plain ``ask`` invocation, or None when the typer CLI
    must handle ``argv`` (it alone prints help, usage errors and the rich format)."""
    if not argv or argv[0] != "ask":
        return None
    from .ask_cli import (
        ASK_FLAGS, ASK_VALUED, JOBS_DEFAULT, JOBS_MAX, K_DEFAULT, K_MAX, K_MIN, MIN_CONFIDENCE_DEFAULT, RETRIEVER_DEFAULT,
    )
    from .paths import ENV_INDEX

    parsed = _options(argv[1:], ASK_FLAGS, ASK_VALUED)
    if parsed is None:
        return None
    found, positional = parsed
    if len(positional) != 1:
        return None
    k = found.get("k", str(K_DEFAULT))
    if not (k.isascii() and k.isdigit() and K_MIN <= int(k) <= K_MAX):
        return None  # typer converts and range-checks -k, and words the error
    jobs = found.get("jobs", str(JOBS_DEFAULT))
    if not (jobs.isascii() and jobs.isdigit() and int(jobs) <= JOBS_MAX):
        return None  # and --jobs
    bar = found.get("min_confidence")
    if bar is not None and not (_DECIMAL.fullmatch(bar) and float(bar) <= 1.0):
        return None  # and --min-confidence (typer reads "1e-1" and words the error for "2")
    fmt = found.get("fmt")
    if fmt is None and sys.stdout is not None and sys.stdout.isatty():
        return None  # rich on a terminal
    if fmt is not None and fmt not in _PLAIN_FORMATS:
        return None
    index = found.get("index") or os.environ.get(ENV_INDEX) or None  # typer ignores an empty envvar
    return {
        "question": positional[0],
        "k": int(k),
        "fmt": fmt,
        "index": index,
        "include_comments": bool(found.get("include_comments", False)),
        "retriever": found.get("retriever", RETRIEVER_DEFAULT),
        "jobs": int(jobs),
        "min_confidence": float(bar) if bar is not None else MIN_CONFIDENCE_DEFAULT,
    }


def parse_index(argv: list[str]) -> dict | None:
    """The arguments of ``run_index`` for a plain ``index [PATH...] [--index DIR] [--optimize]``
    with stderr not a terminal (there typer's command draws a progress bar), or None when the
    typer CLI must handle ``argv`` (--wait, --help, anything else)."""
    if not argv or argv[0] != "index" or sys.stderr is None or sys.stderr.isatty():
        return None
    from .index_cli import INDEX_FLAGS, INDEX_VALUED
    from .paths import ENV_INDEX

    parsed = _options(argv[1:], INDEX_FLAGS, INDEX_VALUED)
    if parsed is None or any(p in ("", "-") for p in parsed[1]):
        return None  # "" and "-" are no paths: typer words the error
    found, paths = parsed
    index = found.get("index") or os.environ.get(ENV_INDEX) or None  # typer ignores an empty envvar
    return {"paths": paths, "index": index, "optimize": bool(found.get("optimize", False))}


def _options(args: list[str], flags: dict[str, str], valued: dict[str, str]) -> tuple[dict, list[str]] | None:
    """The options (``flags``: option -> key, set to True; ``valued``: option -> key, given its
    value as ``--opt v`` or ``--opt=v``) and the positional arguments ("-" is one) of ``args``,
    or None for anything typer might read differently: an unknown option, --help, --, a flag
    given a value, an option given twice, a missing value or one that starts with "-"."""
    found: dict[str, str | bool] = {}
    positional: list[str] = []
    it = iter(args)
    for arg in it:
        if arg == "-" or not arg.startswith("-"):
            positional.append(arg)
            continue
        name, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name in flags and not eq:
            key, value = flags[name], True
        elif name in valued:
            key = valued[name]
            if not eq:
                value = next(it, None)
            if not value or value.startswith("-"):
                return None
        else:
            return None
        if key in found:
            return None
        found[key] = value
    return found, positional


def fast_main(argv: list[str]) -> int | None:
    """Run ``argv`` on the fast path and return the exit code, or None to defer to typer."""
    from pathlib import Path

    parsed = parse_ask(argv)
    if parsed is not None:
        from .ask_cli import run_ask

        if parsed["index"] is not None:
            parsed["index"] = Path(parsed["index"])
        what, command = "askmali ask", lambda: run_ask(**parsed)
    else:
        parsed = parse_index(argv)
        if parsed is None:
            return None
        from .index_cli import run_index

        paths = [Path(p) for p in parsed["paths"]]
        index = Path(parsed["index"]) if parsed["index"] is not None else None
        what, command = "askmali index", lambda: run_index(paths, index, optimize=parsed["optimize"])
    from .exits import activity, run

    with activity(what):
        return run(command)


def _typer_main() -> int:
    from .cli import main as cli_main  # importing typer and rich takes a while: Ctrl-C may come

    return cli_main()


def main() -> None:
    code = fast_main(sys.argv[1:])
    if code is None:
        from .exits import run

        code = run(_typer_main)
    sys.exit(code)


if __name__ == "__main__":
    main()
