"""The command line's output contract, on the real seeds and a real index.

Asserts robust facts only (the acceptance facts, sources, schema, exit codes), not the exact
wording of answers, which moves as ranking is tuned. Most runs go through typer's CliRunner
(not a terminal, so the default format is plain); a few run ``python -m askmali`` for real.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import askmali
from askmali import evaluation, store
from askmali.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

CEDEAO = "Quand la Cedeao a-t-elle partiellement levé ses sanctions contre le Mali ?"
CEDEAO_SOURCE = "002_29e0faa7f984317a.txt"
PIB = "Quel est le PIB du Mali en 2023 ?"
LAVROV = "Quel ministre russe des Affaires étrangères a visité le Mali ?"
TATIN = "Quelle est la recette de la tarte Tatin ?"

# where a sentence or passage sits: for the seeds (plain text) lines of the text, no page
PLACE_KEYS = {"line_unit": str, "page": type(None), "page_label": type(None), "section": type(None)}
ANSWER_KEYS = {
    "text": str, "passage_id": str, "source": str, "line_start": int, "line_end": int, "score": float,
    "span": (dict, type(None)), "confidence": float, **PLACE_KEYS,
}  # fmt: skip
PASSAGE_KEYS = {
    "rank": int, "passage_id": str, "source": str, "title": str, "kind": str, "line_start": int, "line_end": int,
    "char_start": int, "char_end": int, "score": float, "text": str, **PLACE_KEYS,
}  # fmt: skip
TOP_KEYS = {"schema", "question", "abstained", "answer", "passages", "other_sources"}
KINDS = {"title", "body", "footnote", "table", "comment"}
# SGR sequences that set a colour (foreground, background, 256 or true colour).
COLOUR = re.compile(r"\x1b\[[0-9;]*(?<![0-9])(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")

runner = CliRunner()


def run(*args: str, input: str | None = None, env: dict | None = None):
    return runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)


def ask(question: str, index: Path, *options: str, env: dict | None = None):
    return run("ask", question, "--index", str(index), *options, env=env)


def ask_json(question: str, index: Path, *options: str) -> dict:
    result = ask(question, index, "--format", "json", *options)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def citation(text: str, answer: dict) -> re.Match | None:
    """The ``file, lines A-B (passage id)`` citation of ``answer`` in ``text``."""
    a, b = answer["line_start"], answer["line_end"]
    lines = f"line {a}" if a == b else f"lines {a}-{b}"
    return re.search(re.escape(f"{answer['source']}, {lines} (passage {answer['passage_id']})"), text)


def alnum(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def one_line_error(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got:\n{stderr}"
    assert "Traceback" not in stderr
    return lines[0]


# ----------------------------------------------------------------------------- acceptance


def test_cedeao_question_is_answered_with_the_date_and_cited(seeds_index):
    result = ask(CEDEAO, seeds_index)
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert "3 juillet 2022" in first
    doc = ask_json(CEDEAO, seeds_index)
    assert doc["abstained"] is False
    assert "3 juillet 2022" in doc["answer"]["text"]
    assert doc["answer"]["source"] == CEDEAO_SOURCE
    assert citation(result.stdout, doc["answer"])


def test_question_the_documents_do_not_answer_exits_1(seeds_index):
    result = ask(PIB, seeds_index)
    assert result.exit_code == 1
    assert result.stdout.startswith("No answer")
    doc = ask_json(PIB, seeds_index)
    assert doc["abstained"] is True and doc["answer"] is None and doc["other_sources"] == []


def test_lavrov_is_answered_from_the_footnote_that_names_him(seeds_index, engine):
    result = ask(LAVROV, seeds_index)
    assert result.exit_code == 0, result.output
    doc = ask_json(LAVROV, seeds_index)
    answer = doc["answer"]
    assert answer is not None and "Lavrov" in answer["text"]
    assert engine.passage(answer["passage_id"]).kind == "footnote"


# ----------------------------------------------------------------------------- formats


def test_default_format_in_a_pipe_is_plain(seeds_index):
    default = ask(CEDEAO, seeds_index)
    plain = ask(CEDEAO, seeds_index, "--format", "plain")
    assert default.stdout == plain.stdout
    assert "\x1b" not in plain.stdout
    doc = ask_json(CEDEAO, seeds_index)
    assert plain.stdout.splitlines()[0] == " ".join(doc["answer"]["text"].split())
    match = citation(plain.stdout, doc["answer"])
    assert match and match.start() < plain.stdout.index("\n", len(plain.stdout.splitlines()[0]) + 1)


def test_json_matches_the_schema_exactly(seeds_index):
    for question in (CEDEAO, PIB, LAVROV):
        doc = ask_json(question, seeds_index)
        assert set(doc) == TOP_KEYS
        assert doc["schema"] == 1 and doc["question"] == question
        assert isinstance(doc["abstained"], bool) and doc["abstained"] == (doc["answer"] is None)
        for answer in ([doc["answer"]] if doc["answer"] else []) + doc["other_sources"]:
            check_answer(answer)
        assert doc["passages"] and len(doc["passages"]) <= 5
        assert [p["rank"] for p in doc["passages"]] == list(range(1, len(doc["passages"]) + 1))
        for p in doc["passages"]:
            check_passage(p)
        sources = [doc["answer"]["source"]] if doc["answer"] else []
        sources += [o["source"] for o in doc["other_sources"]]
        assert len(sources) == len(set(sources)), "other sources are other documents"


def check_answer(answer: dict) -> None:
    """Keys and types; lines are 1-based and hold the answer's first and last words."""
    assert set(answer) == set(ANSWER_KEYS)
    for key, kind in ANSWER_KEYS.items():
        assert isinstance(answer[key], kind), (key, answer[key])
    assert 1 <= answer["line_start"] <= answer["line_end"]
    assert answer["passage_id"].startswith(answer["source"] + "#")
    lines = (SEEDS / answer["source"]).read_text(encoding="utf-8").splitlines()
    assert answer["line_end"] <= len(lines)
    words = alnum(answer["text"])
    head = alnum(" ".join(lines[answer["line_start"] - 1 : answer["line_start"] + 1]))
    tail = alnum(" ".join(lines[max(0, answer["line_end"] - 2) : answer["line_end"]]))
    assert words[:12] in head and words[-8:] in tail, answer


def check_passage(p: dict) -> None:
    """Keys and types; the char span maps into the original file and gives the cited lines."""
    assert set(p) == set(PASSAGE_KEYS)
    for key, kind in PASSAGE_KEYS.items():
        assert isinstance(p[key], kind), (key, p[key])
    assert p["kind"] in KINDS and p["passage_id"].startswith(p["source"] + "#")
    assert 1 <= p["line_start"] <= p["line_end"] and 0 <= p["char_start"] < p["char_end"]
    original = (SEEDS / p["source"]).read_text(encoding="utf-8")
    span = original[p["char_start"] : p["char_end"]]
    assert alnum(span)[0] == alnum(p["text"])[0] and alnum(span)[-1] == alnum(p["text"])[-1]
    assert original.count("\n", 0, p["char_start"]) + 1 == p["line_start"]
    assert original.count("\n", 0, p["char_end"] - 1) + 1 == p["line_end"]


def test_jsonl_is_one_line(seeds_index):
    result = ask(CEDEAO, seeds_index, "--format", "jsonl")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and json.loads(lines[0]) == ask_json(CEDEAO, seeds_index)


def test_markdown_cites_the_answer_as_a_footnote(seeds_index):
    result = ask(CEDEAO, seeds_index, "--format", "markdown")
    assert result.exit_code == 0
    text = result.stdout
    answer = ask_json(CEDEAO, seeds_index)["answer"]
    quote = next(line for line in text.splitlines() if line.startswith("> "))
    assert "3 juillet 2022" in quote
    refs = re.findall(r"\[\^([^\]]+)\](?!:)", text)
    defs = re.findall(r"^\[\^([^\]]+)\]: (.+)$", text, re.M)
    assert refs and sorted(set(refs)) == sorted(label for label, _ in defs)
    note = dict(defs)[re.search(r"\[\^([^\]]+)\]", quote).group(1)]
    assert answer["source"] in note and answer["passage_id"] in note and str(answer["line_start"]) in note
    assert "\x1b" not in text


def test_rich_format_holds_the_answer(seeds_index):
    result = ask(CEDEAO, seeds_index, "--format", "rich", env={"COLUMNS": "100"})
    assert result.exit_code == 0
    flat = " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.stdout).split())
    answer = ask_json(CEDEAO, seeds_index)["answer"]
    assert " ".join(answer["text"].split()) in flat
    assert citation(flat, answer)


def test_rich_honours_no_color(seeds_index):
    env = {"FORCE_COLOR": "1", "TERM": "xterm-256color", "COLUMNS": "100", "NO_COLOR": None}
    coloured = ask(CEDEAO, seeds_index, "--format", "rich", env=env)
    assert COLOUR.search(coloured.stdout), "FORCE_COLOR should give colour, else this test proves nothing"
    plain = ask(CEDEAO, seeds_index, "--format", "rich", env={**env, "NO_COLOR": "1"})
    assert plain.exit_code == 0 and "3 juillet 2022" in plain.stdout
    assert not COLOUR.search(plain.stdout)


def test_unknown_format_is_an_error(seeds_index):
    result = ask(CEDEAO, seeds_index, "--format", "html")
    assert result.exit_code == 2 and result.stdout == ""
    assert "html" in one_line_error(result.stderr)


# ----------------------------------------------------------------------------- batch, -k


def test_stdin_batch_writes_one_object_per_question(seeds_index):
    third = "Quel ministre français des Affaires étrangères a qualifié les autorités maliennes d'illégitimes ?"
    result = run("ask", "-", "--index", str(seeds_index), "--format", "jsonl", input=f"{CEDEAO}\n\n{PIB}\n{third}\n")
    assert result.exit_code == 0
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["question"] for d in docs] == [CEDEAO, PIB, third]
    assert "3 juillet 2022" in docs[0]["answer"]["text"] and docs[1]["abstained"] is True
    assert all(set(d) == TOP_KEYS for d in docs)
    assert "building" not in result.stderr  # the index was loaded, not built


def test_stdin_batch_as_json_is_one_array_that_parses(seeds_index):
    result = run("ask", "-", "--index", str(seeds_index), "--format", "json", input=f"{CEDEAO}\n{PIB}\n")
    assert result.exit_code == 0
    docs = json.loads(result.stdout)
    assert isinstance(docs, list) and [d["question"] for d in docs] == [CEDEAO, PIB]
    assert all(set(d) == TOP_KEYS for d in docs)


def test_stdin_batch_with_no_answer_exits_1(seeds_index):
    result = run("ask", "-", "--index", str(seeds_index), "--format", "jsonl", input=f"{PIB}\n\n{TATIN}\n")
    assert result.exit_code == 1
    assert [json.loads(line)["abstained"] for line in result.stdout.splitlines()] == [True, True]


@pytest.mark.parametrize("k", [1, 3, 7])
def test_k_sets_how_many_passages_come_back(seeds_index, k):
    assert len(ask_json(CEDEAO, seeds_index, "-k", str(k))["passages"]) == k


def test_k_zero_is_an_error(seeds_index):
    result = ask(CEDEAO, seeds_index, "-k", "0")
    assert result.exit_code == 2 and result.stdout == ""
    assert "-k" in result.stderr and "Traceback" not in result.stderr


# ----------------------------------------------------------------------------- search, show


def test_search_explain_shows_both_signals(seeds_index):
    result = run("search", "Lavrov Mali", "--explain", "--index", str(seeds_index), "-k", "4")
    assert result.exit_code == 0
    heads = [line for line in result.stdout.splitlines() if re.match(r"\d+\. ", line)]
    assert len(heads) == 4
    assert all(re.search(r"bm25 \d+\.\d+ rank (\d+|-), tfidf \d+\.\d+ rank (\d+|-)", h) for h in heads)
    doc = json.loads(run("search", "Lavrov Mali", "--explain", "--index", str(seeds_index), "-f", "json").stdout)
    assert doc["schema"] == 1 and doc["query"] == "Lavrov Mali" and doc["passages"]
    for p in doc["passages"]:
        signals = p.pop("signals")
        check_passage(p)
        assert set(signals) == {"bm25", "tfidf", "bm25_rank", "tfidf_rank"}
        assert signals["bm25"] >= 0 and signals["tfidf"] >= 0
        for name in ("bm25", "tfidf"):
            assert (signals[f"{name}_rank"] is None) == (signals[name] == 0), signals
    assert "Lavrov" in doc["passages"][0]["text"]
    plain = json.loads(run("search", "Lavrov Mali", "--index", str(seeds_index), "-f", "json").stdout)
    assert all("signals" not in p for p in plain["passages"])


def test_show_prints_the_passage_and_cites_it(seeds_index, engine):
    p = engine.passage(f"{CEDEAO_SOURCE}#3")
    result = run("show", p.id, "--index", str(seeds_index))
    assert result.exit_code == 0
    assert f"{p.source}, lines {p.line_start}-{p.line_end} (passage {p.id})" in result.stdout or (
        p.line_start == p.line_end and f"line {p.line_start} (passage {p.id})" in result.stdout
    )
    assert " ".join(p.text.split()) in " ".join(result.stdout.split())


def test_show_of_a_body_passage_shows_the_footnotes_it_cites(seeds_index, engine):
    passages = [engine.passages.get(i) for i in range(len(engine))]
    lavrov = next(p for p in passages if p.kind == "footnote" and "Serguei Lavrov" in p.text)
    number = lavrov.footnotes[0]
    body = next(p for p in passages if p.kind == "body" and p.source == lavrov.source and number in p.footnotes)
    result = run("show", body.id, "--index", str(seeds_index))
    assert result.exit_code == 0
    assert "Serguei Lavrov arrive au Mali" in " ".join(result.stdout.split())
    assert f"[{number}]" in result.stdout


def test_show_of_an_unknown_id_is_a_one_line_error(seeds_index):
    result = run("show", "nope.txt#99", "--index", str(seeds_index))
    assert result.exit_code == 2 and result.stdout == ""
    assert "nope.txt#99" in one_line_error(result.stderr)


def test_empty_question_is_a_one_line_error(seeds_index):
    result = ask("   ", seeds_index)
    assert result.exit_code == 2
    assert "empty" in one_line_error(result.stderr)


# ----------------------------------------------------------------------------- ASKMALI_INDEX, help


def test_askmali_index_selects_the_index_for_every_command(tmp_path, isolated_index):
    custom = tmp_path / "custom"
    env = {"ASKMALI_INDEX": str(custom)}
    built = run("index", str(SEEDS), env=env)
    assert built.exit_code == 0 and store.is_index(custom)
    assert "indexed 5 documents" in built.stderr
    answered = run("ask", CEDEAO, env=env)
    assert answered.exit_code == 0 and "3 juillet 2022" in answered.stdout
    found = run("search", "Cedeao sanctions", "-f", "json", env=env)
    first = json.loads(found.stdout)["passages"][0]["passage_id"]
    shown = run("show", first, env=env)
    assert shown.exit_code == 0 and first in shown.stdout
    for result in (answered, found, shown):
        assert "building" not in result.stderr
    assert not isolated_index.exists()
    # --index wins over the environment variable
    elsewhere = run("ask", CEDEAO, "--index", str(custom), env={"ASKMALI_INDEX": str(tmp_path / "none")})
    assert elsewhere.exit_code == 0 and not (tmp_path / "none").exists()


def _commands() -> dict[str, object]:
    return {c.name or c.callback.__name__: c for c in app.registered_commands}


def test_every_command_has_help():
    commands = _commands()
    assert {"ask", "search", "show", "index"} <= set(commands)
    assert run("--help").exit_code == 0
    for name, command in commands.items():
        result = run(name, "--help")
        assert result.exit_code == 0, name
        summary = (command.callback.__doc__ or "").strip().splitlines()[0]
        assert summary, f"{name} has no docstring"
        assert " ".join(summary.split()[:4]) in " ".join(result.stdout.split()), name


# ----------------------------------------------------------------------------- the real entry point


def _python_m(*args: str, input: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "askmali", *args], input=input, capture_output=True, text=True, env=env, timeout=300
    )


def test_python_m_askmali_answers_in_plain_text(seeds_index):
    proc = _python_m("ask", CEDEAO, "--index", str(seeds_index))
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stdout and "3 juillet 2022" in proc.stdout.splitlines()[0]
    assert CEDEAO_SOURCE in proc.stdout
    proc = _python_m("ask", PIB, "--index", str(seeds_index))
    assert proc.returncode == 1


def test_python_m_askmali_errors_are_one_line(seeds_index):
    for args in (("show", "nope.txt#1"), ("ask", CEDEAO, "-k", "0"), ("ask", CEDEAO, "--format", "html")):
        proc = _python_m(*args, "--index", str(seeds_index))
        assert proc.returncode == 2, args
        assert proc.stdout == ""
        line = one_line_error(proc.stderr)
        assert line.startswith("askmali: "), line


# ----------------------------------------------------------------------------- conventions


def test_version():
    proc = _python_m("--version")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"askmali {askmali.__version__}\n", "")


def test_shell_completion_completes_commands_and_options():
    script = _python_m("--show-completion", "bash")
    assert script.returncode == 0 and "_ASKMALI_COMPLETE" in script.stdout
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "_ASKMALI_COMPLETE": "complete_bash",
           "COMP_WORDS": "askmali se", "COMP_CWORD": "1"}
    proc = subprocess.run([sys.executable, "-m", "askmali"], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0 and proc.stdout.split() == ["search"]
    env.update(COMP_WORDS="askmali ask --for", COMP_CWORD="2")
    proc = subprocess.run([sys.executable, "-m", "askmali"], capture_output=True, text=True, env=env, timeout=60)
    assert proc.stdout.split() == ["--format"]


def test_eval_runs_from_any_folder(seeds_index, tmp_path):
    """The default question set is found wherever askmali is run from (here: an empty folder)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "askmali", "eval", "--index", str(seeds_index), "--format", "json"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert len(report["questions"]) == len(evaluation.load_questions(ROOT / "eval" / "questions.yaml"))


def test_an_installed_askmali_finds_its_shipped_seeds_and_questions(tmp_path, monkeypatch):
    """Outside a checkout the defaults are the data files pip installs under share/askmali
    (pyproject.toml's data-files ship the seeds and eval/questions.yaml there)."""
    from askmali import paths

    share = tmp_path / "share" / "askmali"
    (share / "seeds").mkdir(parents=True)
    (share / "eval").mkdir()
    (share / "eval" / "questions.yaml").write_text("[]\n", encoding="utf-8")
    monkeypatch.setattr(paths, "_in_checkout", lambda: False)
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    assert paths.default_sources() == [share / "seeds"]
    assert paths.default_questions() == share / "eval" / "questions.yaml"
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"share/askmali/eval" = ["eval/questions.yaml"]' in pyproject
    assert '"share/askmali/seeds" = ["seeds/*.txt"]' in pyproject
