"""Bad questions: each ends with one line on stderr and a grep-style exit code, never a traceback,
and never changes the index it was asked of.

Most cases run in process, through typer's CliRunner or through ``askmali.cli.main`` (the console
entry point, which also formats usage errors); one runs ``python -m askmali`` for real with bytes
on stdin. docs/bad-inputs.md lists every case with its message.
"""

from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from askmali.cli import MAX_QUESTION_CHARS, app

CEDEAO = "Quand la Cedeao a-t-elle partiellement levé ses sanctions contre le Mali ?"
runner = CliRunner()


@pytest.fixture(autouse=True)
def index_untouched(seeds_index, tree_hash):
    """No bad question may change a byte of the index it was asked of."""
    before = tree_hash(seeds_index)
    yield
    assert tree_hash(seeds_index) == before


def ask(index, question: str, *options: str, input: bytes | None = None):
    return runner.invoke(app, ["ask", question, "--index", str(index), *options], input=input)


def assert_clean(result) -> None:
    """Ended by the CLI itself: an exit code of 0, 1 or 2 and no traceback anywhere."""
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output


@pytest.mark.parametrize("question", ["", "   ", "\t\n  \r"])
def test_empty_or_blank_question_is_refused(seeds_index, diagnostic, question):
    result = ask(seeds_index, question)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "the question is empty" in diagnostic(result.stderr)


def test_only_stopwords_and_punctuation_is_a_clean_no_answer(seeds_index):
    """docs/bad-inputs.md: a clean no answer on stdout, exit 1 (not an error)."""
    result = ask(seeds_index, "le la les ?", "--format", "json")
    assert_clean(result)
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["abstained"] is True and doc["answer"] is None
    plain = ask(seeds_index, "le la les ?", "--format", "plain")
    assert (plain.exit_code, plain.stdout) == (1, "No answer: nothing in the indexed documents answers this question.\n")


def test_a_megabyte_question_is_refused_with_the_limit(seeds_index, diagnostic):
    result = ask(seeds_index, "Mali " * 200_000)
    assert result.exit_code == 2
    line = diagnostic(result.stderr)
    assert f"{MAX_QUESTION_CHARS:,}" in line and "limit" in line


def test_a_question_just_over_the_limit_is_refused_and_at_the_limit_accepted(seeds_index, diagnostic):
    at_limit = ("Cedeao sanctions " * 200)[:MAX_QUESTION_CHARS]
    assert ask(seeds_index, at_limit).exit_code in (0, 1)
    result = ask(seeds_index, at_limit + "x")
    assert result.exit_code == 2
    assert "limit" in diagnostic(result.stderr)


def test_control_characters_become_spaces_and_the_question_is_answered(seeds_index):
    noisy = "Quand la Cedeao\x01 a-t-elle\x7f partiellement\x1b levé ses sanctions contre le Mali ?"
    result = ask(seeds_index, noisy, "--format", "json")
    assert result.exit_code == 0, result.output
    assert "3 juillet 2022" in json.loads(result.stdout)["answer"]["text"]


def test_mixed_scripts_end_cleanly(seeds_index):
    """docs/bad-inputs.md: other scripts get a clean no answer (exit 1, valid JSON); French
    words among them are still answered (exit 0). Never an error."""
    no_answer = ["مالي Мали 🇲🇱 sanctions Cedeao ?", "Когда ЭКОВАС сняла санкции с Мали?",
                 "متى رفعت إيكواس العقوبات عن مالي؟", "🙂🙃 ?"]
    answered = "Quand la Cedeao a-t-elle levé ses sanctions ? 🇲🇱 Мали"
    for question in [*no_answer, answered]:
        result = ask(seeds_index, question, "--format", "json")
        assert_clean(result)
        doc = json.loads(result.stdout)
        assert doc["schema"] == 1 and doc["question"] == question
        if question == answered:
            assert result.exit_code == 0 and "3 juillet 2022" in doc["answer"]["text"]
        else:
            assert (result.exit_code, doc["answer"]) == (1, None), question


# ----------------------------------------------------------------------------- stdin batches


def test_stdin_control_characters_and_a_nul_byte_end_cleanly(seeds_index, python_m):
    data = (CEDEAO.replace(" la ", " la\x01\x02 ") + "\n" + "Quel\x00 ministre ?\n").encode()
    proc = python_m("ask", "-", "--index", str(seeds_index), input=data)
    assert proc.returncode == 0, proc.stderr  # the first question is answered
    assert "3 juillet 2022" in proc.stdout
    errors = [line for line in proc.stderr.splitlines() if line.strip()]
    assert errors == ["askmali: error: line 2: the question contains a NUL byte - pass plain text"]
    assert "Traceback" not in proc.stderr


def test_stdin_with_only_a_nul_question_exits_2(seeds_index, diagnostic):
    result = ask(seeds_index, "-", input=b"\x00\x00\n")
    assert result.exit_code == 2
    assert "NUL" in diagnostic(result.stderr)


def test_invalid_utf8_on_stdin_names_the_line(seeds_index, cli_main, diagnostic):
    data = CEDEAO.encode() + b"\nQui est le pr\xe9sident ?\n"
    proc = cli_main("ask", "-", "--index", str(seeds_index), input=data)
    assert proc.returncode == 2
    line = diagnostic(proc.stderr)
    assert "not valid UTF-8" in line and "line 2" in line


def test_a_megabyte_line_on_stdin_is_refused(seeds_index, cli_main, diagnostic):
    proc = cli_main("ask", "-", "--index", str(seeds_index), input=b"Mali " * 200_000 + b"\n")
    assert proc.returncode == 2
    assert "limit" in diagnostic(proc.stderr)


def test_empty_stdin_is_refused(seeds_index, diagnostic):
    result = ask(seeds_index, "-", input=b"\n  \n")
    assert result.exit_code == 2
    assert "no question" in diagnostic(result.stderr)


def test_undecodable_bytes_in_argv_are_refused(seeds_index, cli_main, diagnostic):
    proc = cli_main("ask", os.fsdecode(b"Quand \xff\xfe ?"), "--index", str(seeds_index))
    assert proc.returncode == 2
    assert "not valid UTF-8" in diagnostic(proc.stderr)


# ----------------------------------------------------------------------------- usage errors


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("ask", CEDEAO, "-k", "0"), "-k"),
        (("ask", CEDEAO, "--frobnicate"), "--frobnicate"),
        (("ask",), "question"),
        (("summarise", "x"), "summarise"),
    ],
)
def test_usage_errors_are_one_line_with_a_hint(seeds_index, cli_main, diagnostic, args, expected):
    proc = cli_main(*args, "--index", str(seeds_index))
    assert proc.returncode == 2
    assert proc.stdout == ""
    line = diagnostic(proc.stderr)
    assert expected in line and "--help" in line


def test_batch_errors_count_blank_lines_when_naming_the_line(seeds_index, python_m):
    data = (CEDEAO + "\n\n\nQuel\x00 ministre ?\n").encode()
    proc = python_m("ask", "-", "--index", str(seeds_index), input=data)
    assert proc.returncode == 0
    assert [l for l in proc.stderr.splitlines() if l.strip()] == [
        "askmali: error: line 4: the question contains a NUL byte - pass plain text"
    ]


def test_empty_stdin_is_refused_before_any_index_is_opened(tmp_path, python_m):
    missing = tmp_path / "no-index-here"
    proc = python_m("ask", "-", "--index", str(missing), input=b"\n  \n")
    assert proc.returncode == 2
    assert "no question on standard input" in proc.stderr
    assert not missing.exists()
