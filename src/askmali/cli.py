"""The askmali command line: parse, call the library once, render. Nothing else lives here.

stdout carries only results, so pipes stay clean; messages, warnings and progress go to stderr.
Exit codes follow grep: 0 answered, 1 no answer, 2 error (130 interrupted, 141 closed stdout).
Every command runs through ``askmali.exits.run``, the one place errors, Ctrl-C and closed pipes
become a one-line message and an exit code (the fast path of ``askmali ask`` uses it too).
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Optional

import typer

from . import exits, render
from . import ask_cli as opts
from .ask_cli import MAX_QUESTION_CHARS, clean_question, run_ask  # noqa: F401 (MAX_QUESTION_CHARS: re-exported)
from .ask_cli import console as _console, emit as _emit, open_engine as _engine, output_format as _format
from .errors import InputError
from .exits import stderr_line as _stderr
from .index_cli import WAIT_DEFAULT, run_index
from .paths import ENV_INDEX

app = typer.Typer(
    name="askmali",
    help="Ask questions of French documents, offline, and get the sentence that answers, cited.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

IndexOpt = typer.Option(None, "--index", envvar=ENV_INDEX, help="Index folder (default: index/ of the seeds).", show_envvar=True)
FormatOpt = typer.Option(None, "--format", "-f", help="rich, plain, json, jsonl or markdown (default: rich on a terminal, plain in a pipe).")
CommentsOpt = typer.Option(False, "--include-comments", help="Let readers' comments be answers too.")
RetrieverOpt = typer.Option(opts.RETRIEVER_DEFAULT, "--retriever", help="hybrid, bm25 or tfidf.")
MinConfidenceOpt = typer.Option(
    opts.MIN_CONFIDENCE_DEFAULT, "--min-confidence", min=0.0, max=1.0,
    help="Give no answer whose confidence (the calibrated probability that it is right) is under this.",
)


def handles_errors(command):
    """Run the command through ``askmali.exits.run`` (errors, Ctrl-C and closed pipes become
    one line and an exit code there) and exit with the code it returns. Inside the command, so
    that typer never sees a KeyboardInterrupt or a broken pipe (it would swallow both)."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        with exits.activity(f"askmali {command.__name__.removesuffix('_cmd')}"):
            raise typer.Exit(exits.run(lambda: command(*args, **kwargs)))

    return wrapper


def _version(value: bool) -> None:
    if value:
        from . import __version__

        print(f"askmali {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Ask questions of French documents, offline, and get the sentence that answers, cited."""


@app.command()
@handles_errors
def ask(
    question: str = typer.Argument(..., help="The question, or - to read one question per line from stdin."),
    k: int = typer.Option(opts.K_DEFAULT, "-k", min=opts.K_MIN, max=opts.K_MAX, help="How many passages to return."),
    fmt: Optional[str] = FormatOpt,
    index: Optional[Path] = IndexOpt,
    include_comments: bool = CommentsOpt,
    retriever: str = RetrieverOpt,
    jobs: int = typer.Option(
        opts.JOBS_DEFAULT, "--jobs", "-j", min=0, max=opts.JOBS_MAX,
        help="Processes answering a batch (ask -), in the input's order; 0: one per CPU.",
    ),
    min_confidence: float = MinConfidenceOpt,
) -> int:
    """Answer a question with the sentence that answers it, cited to file and lines.

    With - (one question per line on stdin, the index loaded once), --format jsonl writes one
    JSON object per line and --format json one JSON array of them.
    """
    return run_ask(question, k, fmt, index, include_comments, retriever, jobs, min_confidence)


@app.command()
@handles_errors
def search(
    query: str = typer.Argument(..., help="Words to look for."),
    k: int = typer.Option(10, "-k", min=1, max=1000, help="How many passages to return."),
    explain: bool = typer.Option(False, "--explain", help="Show each signal's score and rank."),
    fmt: Optional[str] = FormatOpt,
    index: Optional[Path] = IndexOpt,
    include_comments: bool = CommentsOpt,
    retriever: str = RetrieverOpt,
    copies: bool = typer.Option(
        False, "--copies", help="Keep passages whose text a passage above already holds (the same file in two formats)."
    ),
) -> int:
    """Rank passages for a query (no answer extraction)."""
    fmt = _format(fmt)
    query = clean_question(query)
    hits = _engine(index).search(query, k, retriever=retriever, include_comments=include_comments, copies=copies)
    if fmt == "rich":
        render.print_hits_rich(query, hits, _console(), explain=explain)
    else:
        _emit(render.hits_text(query, hits, fmt, explain=explain))
    return exits.OK if hits else exits.NO_ANSWER


@app.command()
@handles_errors
def show(
    passage_id: str = typer.Argument(..., help="A passage id, e.g. 002_29e0faa7f984317a.txt#14."),
    fmt: Optional[str] = FormatOpt,
    index: Optional[Path] = IndexOpt,
) -> None:
    """Show a passage in its context (its whole page for a PDF), with the footnotes it cites."""
    fmt = _format(fmt)
    engine = _engine(index)
    before, p, after, notes = engine.neighbours(passage_id)
    page = engine.same_place(passage_id)  # a PDF page, an EPUB chapter: shown whole
    if fmt == "rich":
        render.print_context_rich(before, p, after, notes, _console(), page=page)
    else:
        _emit(render.context_text(before, p, after, notes, fmt, page=page))


@app.command("index")
@handles_errors
def index_cmd(
    paths: Optional[list[Path]] = typer.Argument(None, help="Files or folders (.txt, .md, .jsonl, .pdf, ...). Default: the seeds."),
    index: Optional[Path] = IndexOpt,
    wait: float = typer.Option(WAIT_DEFAULT, "--wait", min=0, help="Seconds to wait for another build to finish."),
    optimize: bool = typer.Option(False, "--optimize", help="Merge the index's segments into one (files that did not change are not read again)."),
) -> None:
    """Build or update an index, atomically: the old one serves until the new one is ready.

    Over an existing index only new and changed files are read, into one new segment; the rows
    of changed and removed files are marked dead. It ranks as a fresh build would."""
    if sys.stderr.isatty():
        with _progress() as progress:
            run_index(paths, index, wait, optimize, progress)
    else:
        run_index(paths, index, wait, optimize)


@app.command("eval")
@handles_errors
def eval_cmd(
    questions: Optional[Path] = typer.Option(None, "--questions", help="Question set (YAML; default: the seeds' eval/questions.yaml)."),
    dataset: Optional[Path] = typer.Option(None, "--dataset", help="A dataset folder (passages.jsonl + questions.jsonl) instead."),
    split: str = typer.Option("all", "--split", help="dev, test or all (PIAF article split)."),
    index: Optional[Path] = IndexOpt,
    retriever: str = RetrieverOpt,
    fmt: str = typer.Option("rich", "--format", "-f", help="rich, plain or json."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Fail (exit 1) when a metric drops below this baseline."),
    save_baseline: Optional[Path] = typer.Option(None, "--save-baseline", help="Write this run as the new baseline."),
    tolerance: float = typer.Option(0.01, "--tolerance", min=0, help="Default allowed drop per metric."),
    tolerate_flips: Optional[int] = typer.Option(None, "--tolerate-flips", min=1, help="With --save-baseline: per-metric tolerances that let this many questions flip (for small sets)."),
    match_sources: str = typer.Option("auto", "--match-sources", help="Match gold sources to indexed ones by exact name, by stem (no folder or suffix: converted copies) or auto."),
    show_failures: bool = typer.Option(False, "--show-failures", help="List every miss and what came back instead."),
    unanswerable: bool = typer.Option(False, "--unanswerable", help="Ask each answerable question twice: as is, and with its gold sources hidden (then it should be refused)."),
    min_confidence: float = MinConfidenceOpt,
) -> int | None:
    """Score answers against a question set; with --baseline, gate on regressions."""
    from . import evaluation, paths as default_paths, provenance
    from .engine import open_index

    if fmt not in ("rich", "plain", "json"):
        raise InputError(f"unknown format {fmt!r}", hint="use rich, plain or json")
    if match_sources not in ("auto", *evaluation.MATCH_SOURCES):
        raise InputError(f"unknown --match-sources {match_sources!r}", hint="use auto, exact or stem")
    if tolerate_flips is not None and not save_baseline:
        raise InputError("--tolerate-flips applies to --save-baseline only")
    gate = evaluation.load_baseline(baseline) if baseline else None
    produced_by = None  # what this run's baseline comes from (the seeds set only)
    mode = "exact" if match_sources == "auto" else match_sources
    if dataset is not None:
        passages, qs = evaluation.load_dataset(dataset, split)
        root = index or default_paths.dataset_index(dataset)
        engine = open_index(root, [passages], on_event=_stderr, warn=lambda m: _stderr(f"warning: {m}"))
    else:
        if split != "all":
            raise InputError("--split applies to --dataset only")
        questions = questions or default_paths.default_questions()
        qs = evaluation.load_questions(questions)
        engine = _engine(index)
        produced_by = provenance.fingerprint(questions, engine.manifest)
        indexed = [str(s.get("name")) for s in engine.manifest.get("sources", [])]
        if match_sources == "auto":
            mode = evaluation.resolve_mode(qs, indexed)
        corpus = [Path(r) for r in engine.manifest.get("roots", [])]
        if len(corpus) == 1 and corpus[0].is_dir() and mode == "exact":
            evaluation.check_evidence(qs, corpus[0])
        elif len(corpus) == 1 and corpus[0].is_dir():  # converted copies: what they lost is measured
            lost = evaluation.evidence_problems(qs, corpus[0], indexed=indexed, match=mode)
            if lost:
                _stderr(f"warning: {len(lost)} evidence quote(s) not found in the text read from the"
                        f" converted copies (first: {lost[0]})")
    console = _console(stderr=fmt == "json") if fmt != "plain" else None
    if console is not None and sys.stderr.isatty():
        with _progress() as progress:
            report = evaluation.evaluate(engine, qs, retriever=retriever, match_sources=mode, unanswerable=unanswerable,
                                         min_confidence=min_confidence, progress=lambda i, n: progress("questions", i, n))
    else:
        report = evaluation.evaluate(engine, qs, retriever=retriever, match_sources=mode, unanswerable=unanswerable,
                                     min_confidence=min_confidence)
    from rich.console import Console

    from .eval_report import render_comparison, render_report

    out = Console(no_color=fmt == "plain", highlight=False, width=None if fmt == "rich" else 120)
    if fmt == "json":
        _emit(render.dump(report.to_json(), "json"))
    else:
        render_report(report, out, show_failures=show_failures)
    if save_baseline:
        evaluation.save_baseline(report, save_baseline, tolerate_flips=tolerate_flips, produced_by=produced_by)
        _stderr(f"baseline written to {save_baseline}")
    if gate is not None:
        comparison = evaluation.compare(report, gate, tolerance)
        render_comparison(comparison, Console(stderr=True, no_color=fmt != "rich", highlight=False))
        stale = provenance.stale_parts(gate, produced_by) if produced_by else []
        if stale:  # said apart from regressions: an improvement is not one, but must be recorded
            _stderr(f"error: {baseline} was not produced by this {', '.join(stale)}"
                    f" - re-save it on purpose: askmali eval --save-baseline {baseline}")
        return exits.OK if comparison.passed and not stale else exits.NO_ANSWER


class _progress:
    """A rich progress bar on stderr, driven by the library's (stage, done, total) callback."""

    def __enter__(self):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                             console=_console(stderr=True), transient=True)
        self._bar.__enter__()
        self._tasks: dict[str, int] = {}
        return self

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self._tasks:
            self._tasks[stage] = self._bar.add_task(stage, total=total)
        self._bar.update(self._tasks[stage], completed=done, total=total)

    def __exit__(self, *exc):
        return self._bar.__exit__(*exc)


def main(argv: list[str] | None = None) -> int:
    """Console entry point: every outcome is mapped by ``askmali.exits.run`` (one line on stderr,
    never a traceback; ASKMALI_DEBUG=1 shows them). Usage errors become an ``InputError``."""
    return exits.run(lambda: _typer(argv))


def _typer(argv: list[str] | None) -> int:
    from typer.exceptions import Abort, TyperException

    try:
        code = app(args=argv, prog_name="askmali", standalone_mode=False)
        return code if isinstance(code, int) else 0
    except TyperException as exc:  # typer's (vendored click's) usage errors
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError":
            return 2  # bare "askmali": typer has printed the help already
        hint = f"see: {ctx.command_path} --help" if ctx is not None else None
        raise InputError(_one_line(exc.format_message()), hint=hint) from None
    except Abort:  # typer's word for end of input at a prompt, or Ctrl-C while parsing
        raise KeyboardInterrupt from None
    except SystemExit:
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":  # typer met a closed stdout (--help)
            raise BrokenPipeError(32, "standard output is closed") from None
        raise


def _one_line(text: str) -> str:
    return " ".join(text.split())
