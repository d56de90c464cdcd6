"""``python -m askmali`` and the ``askmali`` console script.

The common invocation, ``askmali ask QUESTION [-k N] [--format plain|json|jsonl|markdown]
[--index DIR] [--include-comments] [--retriever NAME]`` (or ``ask -`` for a batch on stdin),
takes a fast path: the arguments are parsed here and ``askmali.ask_cli.run_ask`` runs, the very
function the typer command calls, without importing typer, click, pydantic or rich (~200 ms,
more than the answer itself). Output, error lines and exit codes are the typer CLI's, byte for
byte (tests/test_fastpath.py compares both). Anything else (another command, ``--help``, the
rich format, a value typer would reject or convert, an option given twice, ``--``) goes to the
typer CLI unchanged.
"""

from __future__ import annotations

import os
import sys

_VALUED = {"-k": "k", "--format": "fmt", "-f": "fmt", "--index": "index", "--retriever": "retriever"}
_PLAIN_FORMATS = ("plain", "json", "jsonl", "markdown")
ENV_INDEX = "ASKMALI_INDEX"  # the envvar of the typer CLI's --index option


def parse_ask(argv: list[str]) -> dict | None:
    """The arguments of ``run_ask`` for a plain ``ask`` invocation, or None when the typer CLI
    must handle ``argv`` (it alone prints help, usage errors and the rich format)."""
    if not argv or argv[0] != "ask":
        return None
    found: dict[str, str | bool] = {}
    positional: list[str] = []
    args = iter(argv[1:])
    for arg in args:
        if arg == "-" or not arg.startswith("-"):
            positional.append(arg)
            continue
        name, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name == "--include-comments" and not eq:
            key, value = "include_comments", True
        elif name in _VALUED:
            key = _VALUED[name]
            if not eq:
                value = next(args, None)
            if not value or value.startswith("-"):
                return None  # missing value, or one typer might read differently
        else:
            return None  # --help, --, an unknown option, a short option with its value attached
        if key in found:
            return None
        found[key] = value
    if len(positional) != 1:
        return None
    k = found.get("k", "5")
    if not (k.isascii() and k.isdigit() and 1 <= int(k) <= 100):
        return None  # typer converts and range-checks -k, and words the error
    fmt = found.get("fmt")
    if fmt is None and sys.stdout.isatty():
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
        "retriever": found.get("retriever", "hybrid"),
    }


def fast_main(argv: list[str]) -> int | None:
    """Run ``argv`` on the fast path and return the exit code, or None to defer to typer.
    Errors end as the typer CLI's do: one ``askmali: error:`` line and the error's code."""
    parsed = parse_ask(argv)
    if parsed is None:
        return None
    from pathlib import Path

    from .ask_cli import run_ask, stderr_line
    from .errors import AskmaliError

    if parsed["index"] is not None:
        parsed["index"] = Path(parsed["index"])
    try:
        return run_ask(**parsed)
    except AskmaliError as exc:
        stderr_line(f"error: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:  # as askmali.cli.main: one line, never a traceback
        if os.environ.get("ASKMALI_DEBUG"):
            raise
        message = " ".join(str(exc).split())[:200]
        stderr_line(f"internal error: {type(exc).__name__}: {message} (set ASKMALI_DEBUG=1 for details)")
        return 2


def main() -> None:
    code = fast_main(sys.argv[1:])
    if code is None:
        from .cli import main as cli_main

        code = cli_main()
    sys.exit(code)


if __name__ == "__main__":
    main()
