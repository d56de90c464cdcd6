"""The fast path of ``python -m askmali ask`` (askmali.__main__) against the typer CLI.

For every argument list below, both entry points run on the seeds index and must print the
same bytes on stdout and stderr and return the same exit code. The fast path must really be
taken for the plain invocations (else the test would compare typer with itself) and must be
declined for everything typer alone handles. Real subprocesses check that the fast path never
imports typer, click, pydantic or rich, and that closed streams end both entry points alike.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from askmali import __main__ as entry
from askmali import cli

ROOT = Path(__file__).resolve().parents[1]
CEDEAO = "Quand la Cedeao a-t-elle partiellement levé ses sanctions contre le Mali ?"
ABSENT = "Quel est le PIB du Mali en 2023 ?"
BATCH = f"{CEDEAO}\nQui dirige la transition au Mali ?\n\n   \nbad\x00line\n{ABSENT}\nWagner\n".encode()

# (argv after "ask" with {idx} for the index, stdin bytes); all of them take the fast path
FAST = [
    ([CEDEAO, "--index", "{idx}"], b""),
    ([CEDEAO, "--index", "{idx}", "--format", "json"], b""),
    ([CEDEAO, "--index={idx}", "-f", "markdown", "-k", "2"], b""),
    (["--index", "{idx}", "-k", "3", "--format=jsonl", CEDEAO], b""),
    ([CEDEAO, "--include-comments", "--retriever", "bm25", "--index", "{idx}", "-f", "plain"], b""),
    ([CEDEAO, "--retriever=tfidf", "--index", "{idx}", "-k", "100"], b""),
    ([ABSENT, "--index", "{idx}"], b""),  # no answer: exit 1
    (["   \t ", "--index", "{idx}"], b""),  # empty question
    (["a\x00b", "--index", "{idx}"], b""),  # NUL byte
    (["x" * 9000, "--index", "{idx}"], b""),  # oversized question
    (["Qui \udcff ?", "--index", "{idx}"], b""),  # undecodable argv byte
    ([CEDEAO, "--index", "{idx}", "--retriever", "nope"], b""),  # library error
    ([CEDEAO, "--index", "{missing}"], b""),  # no index there
    (["-", "--index", "{idx}", "--format", "jsonl"], BATCH),
    (["-", "--index", "{idx}"], BATCH),
    (["-", "--index", "{idx}", "-f", "markdown", "-k", "1"], BATCH),
    (["-", "--index", "{idx}", "--retriever", "nope"], BATCH),  # every line refused: exit 2
    (["-", "--index", "{idx}"], b""),  # no question on stdin
    (["-", "--index", "{idx}"], b"Qui ?\n\xff\xfe\n"),  # not UTF-8
    (["-", "--index", "{idx}", "-f", "json"], "\ufeffQui dirige la transition ?\u2028suite\n".encode()),
    ([CEDEAO, "--index", "{idx}", "--min-confidence", "0.99", "-f", "json"], b""),  # under the asker's bar: exit 1
    ([CEDEAO, "--index={idx}", "--min-confidence=.05"], b""),
    (["-", "--index", "{idx}", "--min-confidence", "1", "-f", "jsonl"], BATCH),
]

# argv typer alone must handle: parse_ask declines them
TYPER_ONLY = [
    [],
    ["--help"],
    ["search", "Cedeao"],
    ["ask"],
    ["ask", "--help"],
    ["ask", "-h"],
    ["ask", "a", "b"],
    ["ask", CEDEAO, "-k", "0"],
    ["ask", CEDEAO, "-k", "101"],
    ["ask", CEDEAO, "-k", "abc"],
    ["ask", CEDEAO, "-k", "+3"],
    ["ask", CEDEAO, "-k3"],
    ["ask", CEDEAO, "-k"],
    ["ask", CEDEAO, "-k", "3", "-k", "4"],
    ["ask", CEDEAO, "--format", "rich"],
    ["ask", CEDEAO, "--format", "xml"],
    ["ask", CEDEAO, "--format", ""],
    ["ask", CEDEAO, "--index", ""],
    ["ask", CEDEAO, "--index", "-x"],
    ["ask", CEDEAO, "--include-comments=yes"],
    ["ask", CEDEAO, "--verbose"],
    ["ask", "--", "-3 degrés ?"],
    ["ask", "-3 degrés ?"],
    ["ask", CEDEAO, "--min-confidence", "1.5"],  # typer words the range error
    ["ask", CEDEAO, "--min-confidence", "1e-1"],  # and reads the forms the fast path does not
    ["ask", CEDEAO, "--min-confidence", "nan"],
    ["ask", CEDEAO, "--min-confidence", "-0.1"],
]


def _fill(args: list[str], idx: Path, missing: Path) -> list[str]:
    return ["ask", *(a.replace("{idx}", str(idx)).replace("{missing}", str(missing)) for a in args)]


@pytest.fixture
def run(capsys, monkeypatch):
    """``run(entry_point, argv, stdin)`` in process -> (exit code, stdout, stderr)."""

    def go(main, argv, stdin: bytes):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        capsys.readouterr()
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return go


def test_fast_path_prints_what_typer_prints(seeds_index, tmp_path, run):
    """Every invocation of FAST, on both entry points; all differences are reported at once."""
    differ, codes = [], set()
    for number, (args, stdin) in enumerate(FAST):
        argv = _fill(args, seeds_index, tmp_path / "no-index-here")
        assert entry.parse_ask(argv) is not None, f"FAST[{number}] should take the fast path"
        fast = run(entry.fast_main, argv, stdin)
        typer = run(cli.main, argv, stdin)
        if fast != typer:
            differ.append(f"FAST[{number}] {args[:2]}: fast {fast!r} != typer {typer!r}")
        codes.add(fast[0])
    assert not differ, "\n".join(differ)
    assert codes == {0, 1, 2}, "the table exercises answers, no answers and errors"


def test_index_from_the_environment(seeds_index, monkeypatch, run):
    monkeypatch.setenv("ASKMALI_INDEX", str(seeds_index))
    argv = ["ask", CEDEAO, "-f", "json"]
    assert entry.parse_ask(argv)["index"] == str(seeds_index)
    fast = run(entry.fast_main, argv, b"")
    assert fast == run(cli.main, argv, b"")
    assert fast[0] == 0 and "3 juillet 2022" in fast[1]


def test_typer_handles_the_rest():
    taken = [argv for argv in TYPER_ONLY if entry.parse_ask(argv) is not None or entry.fast_main(argv) is not None]
    assert not taken, f"the fast path took invocations only typer handles: {taken}"


def test_ask_options_have_one_source_of_truth():
    """The fast path's parser reads askmali.ask_cli's option table; the typer command must
    declare exactly those options, with the same defaults."""
    from askmali import ask_cli

    command = next(c for c in cli.app.registered_commands if c.callback.__name__ == "ask")
    import typer.main

    click_cmd = typer.main.get_command_from_info(command, pretty_exceptions_short=True, rich_markup_mode=None)
    flags = {opt: p.name for p in click_cmd.params for opt in p.opts if opt.startswith("-")}
    assert flags == {**ask_cli.ASK_VALUED, **ask_cli.ASK_FLAGS}
    defaults = {p.name: p.default for p in click_cmd.params}
    assert defaults["k"] == ask_cli.K_DEFAULT and defaults["retriever"] == ask_cli.RETRIEVER_DEFAULT


def test_index_fast_path_prints_what_typer_prints(tmp_path, run, monkeypatch):
    """``askmali index`` on both entry points: a fresh build, an update after a removal, an
    --optimize, a path that does not exist, a folder with nothing to read; the same bytes and
    exit codes, and the same index. --wait, --help and a terminal's progress bar go to typer."""
    import shutil

    from askmali import store

    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    outcomes = {}
    for name, main in (("fast", entry.fast_main), ("typer", cli.main)):
        corpus, idx = tmp_path / name / "corpus", tmp_path / name / "index"
        corpus.mkdir(parents=True)
        for p in seeds[:3]:
            shutil.copy(p, corpus / p.name)
        empty = tmp_path / name / "empty"
        empty.mkdir()
        (empty / "picture.png").write_bytes(b"\x89PNG")
        steps = []
        for step, argv in enumerate([
            ["index", str(corpus), "--index", str(idx)],
            ["index", str(corpus), f"--index={idx}"],
            ["index", str(corpus), "--index", str(idx), "--optimize"],
            ["index", str(tmp_path / "nowhere"), "--index", str(idx)],
            ["index", str(empty), "--index", str(tmp_path / name / "other")],
        ]):
            if step == 1:
                (corpus / seeds[1].name).unlink()
            if main is entry.fast_main:
                assert entry.parse_index(argv) is not None, argv
            code, out, err = run(main, argv, b"")
            steps.append((code, out, err.replace(str(tmp_path / name), "<tmp>")))
        outcomes[name] = steps, store.read_manifest(store.current_generation(idx))["counts"]
    assert outcomes["fast"] == outcomes["typer"]
    codes = [s[0] for s in outcomes["fast"][0]]
    assert codes == [0, 0, 0, 2, 2] and "1 removed" in outcomes["fast"][0][1][2]
    for argv in (["index", "x", "--wait", "5"], ["index", "--help"], ["index", "x", "--optimize", "--optimize"],
                 ["index", "x", "--index"], ["index", "x", "--index", ""], ["index", "--", "x"], ["index", "-"]):
        assert entry.parse_index(argv) is None, argv
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert entry.parse_index(["index", "x"]) is None


def test_index_options_of_the_fast_path_are_the_typer_command_s():
    """The options the fast path parses for ``askmali index`` are options of the typer command,
    under the names of its parameters."""
    from askmali import index_cli

    command = next(c for c in cli.app.registered_commands if c.callback.__name__ == "index_cmd")
    import typer.main

    click_cmd = typer.main.get_command_from_info(command, pretty_exceptions_short=True, rich_markup_mode=None)
    flags = {opt: p.name for p in click_cmd.params for opt in p.opts if opt.startswith("-")}
    assert {**index_cli.INDEX_VALUED, **index_cli.INDEX_FLAGS}.items() <= flags.items()


def test_rich_on_a_terminal_goes_to_typer(monkeypatch):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert entry.parse_ask(["ask", CEDEAO]) is None
    assert entry.parse_ask(["ask", CEDEAO, "-f", "plain"]) is not None


def _subprocess(code: str, *args: str, stdin: bytes = b"", stdout=subprocess.PIPE, python_flags=()):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, *python_flags, *(["-c", code] if code else ["-m", "askmali"]), *args],
        input=stdin, stdout=stdout, stderr=subprocess.PIPE, env=env, timeout=300,
    )


TYPER_MAIN = "import sys; from askmali.cli import main; sys.exit(main(sys.argv[1:]))"


def test_python_m_askmali_imports_no_cli_framework(seeds_index):
    argv = ["ask", CEDEAO, "--index", str(seeds_index), "--format", "json"]
    fast = _subprocess("", *argv, python_flags=("-X", "importtime"))
    typer = _subprocess(TYPER_MAIN, *argv)
    assert fast.returncode == typer.returncode == 0
    assert fast.stdout == typer.stdout
    modules = {line.split("|")[-1].strip() for line in fast.stderr.decode().splitlines()}
    imported = {name.split(".")[0] for name in modules}
    assert "askmali" in imported and "numpy" in imported
    assert not imported & {"typer", "click", "rich", "pydantic", "sklearn", "nltk", "scipy", "yaml", "pypdfium2"}
    assert not {m for m in modules if m.startswith("askmali.readers.")}  # readers load on index only
    assert "numpy.ma" not in modules  # np.unique/np.union1d import it: ~30 ms
    assert b"askmali:" not in fast.stderr


def test_a_closed_pipe_ends_both_alike(seeds_index):
    """A reader that stops early (``| head``): exit 141, as for SIGPIPE, never 0 or 1 (which
    would read as "answered" or "no answer"), and nothing on stderr, on both paths."""
    argv = ["ask", "-", "--index", str(seeds_index), "--format", "json"]
    batch = (CEDEAO + "\n") * 40
    results = []
    for code in ("", TYPER_MAIN):
        r, w = os.pipe()
        os.close(r)  # nobody will ever read
        with os.fdopen(w, "wb") as sink:
            proc = _subprocess(code, *argv, stdin=batch.encode(), stdout=sink)
        results.append((proc.returncode, proc.stderr))
    assert results[0] == results[1] == (141, b"")


def _shell(command: str, seeds_index: Path) -> subprocess.CompletedProcess:
    """``command`` run by sh with $ASK for ``python -m askmali`` and $IDX for the seeds index."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1",
           "ASK": f"{sys.executable} -m askmali", "IDX": str(seeds_index)}
    return subprocess.run(["sh", "-c", command], capture_output=True, env=env, timeout=300)


def test_a_stdout_closed_before_start_ends_quietly_with_141(seeds_index, repo, tmp_path):
    for command in (f'$ASK ask "{CEDEAO}" --index "$IDX" >&-', '$ASK search Wagner --index "$IDX" >&-',
                    "$ASK --help >&-", "$ASK --version >&-"):
        proc = _shell(command, seeds_index)
        assert (proc.returncode, proc.stderr) == (141, b""), command
    # a command that prints nothing on stdout does its work: askmali index >&-
    corpus = repo / "seeds" / "000_7b68323003ce8296.txt"
    proc = _shell(f'$ASK index "{corpus}" --index "{tmp_path / "index"}" >&-', seeds_index)
    assert proc.returncode == 0 and proc.stderr.decode().startswith("askmali: indexed 1 documents"), proc.stderr


def test_a_closed_stdin_is_one_error_line(seeds_index, diagnostic):
    for command in ('$ASK ask - --index "$IDX" <&-', '$ASK ask - --index "$IDX" -f rich <&-'):
        proc = _shell(command, seeds_index)
        assert proc.returncode == 2, command
        assert diagnostic(proc.stderr.decode()) == "askmali: error: standard input is closed - pipe the questions in, one per line"


def test_a_full_disk_on_stdout_is_one_error_line(seeds_index, diagnostic):
    for command in (f'$ASK ask "{CEDEAO}" --index "$IDX" > /dev/full', '$ASK search Wagner --index "$IDX" > /dev/full'):
        proc = _shell(command, seeds_index)
        assert proc.returncode == 2, command
        assert diagnostic(proc.stderr.decode()) == "askmali: error: cannot write the output: No space left on device"


def test_ctrl_c_while_answering_ends_both_alike(seeds_index, run, monkeypatch):
    """A KeyboardInterrupt inside ``run_ask`` (Ctrl-C while answering) goes through the same
    mapping on both entry points: one line, exit 130."""
    from askmali import ask_cli

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(ask_cli, "run_ask", interrupted)
    monkeypatch.setattr(cli, "run_ask", interrupted)
    argv = ["ask", CEDEAO, "--index", str(seeds_index), "-f", "json"]
    assert run(entry.fast_main, argv, b"") == run(cli.main, argv, b"") == (130, "", "askmali: interrupted: askmali ask\n")
