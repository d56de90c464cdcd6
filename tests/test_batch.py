"""``ask -`` shared among processes (askmali.batch): the same bytes as one process, in order.

Real runs of ``python -m askmali`` on the seed index, with the 194 questions of
eval/questions.yaml (enough for two workers to take part) and bad lines among them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from askmali import batch
from askmali.questionsets import load_questions

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def questions() -> list[str]:
    return [q.question for q in load_questions(ROOT / "eval" / "questions.yaml")]


@pytest.mark.parametrize("fmt", ["jsonl", "json", "plain"])
def test_two_processes_print_what_one_prints_in_the_same_order(seeds_index, python_m, questions, fmt):
    lines = questions[:80]
    data = ("\n".join(lines) + "\n").encode()
    one = python_m("ask", "-", "--index", str(seeds_index), "--format", fmt, "--jobs", "1", input=data)
    two = python_m("ask", "-", "--index", str(seeds_index), "--format", fmt, "--jobs", "2", input=data)
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout and one.stderr == two.stderr == ""
    if fmt == "jsonl":
        assert [json.loads(line)["question"] for line in two.stdout.splitlines()] == lines


def test_bad_lines_are_named_in_order_and_the_rest_answered(seeds_index, python_m, questions):
    lines = questions[:60]
    lines[5] = "Quel\x00 ministre ?"
    lines[47] = "x" * 2500
    data = ("\n".join(lines) + "\n").encode()
    proc = python_m("ask", "-", "--index", str(seeds_index), "--format", "jsonl", "-j", "2", input=data)
    assert proc.returncode == 0
    assert [json.loads(line)["question"] for line in proc.stdout.splitlines()] == [
        q for i, q in enumerate(lines) if i not in (5, 47)
    ]
    errors = proc.stderr.splitlines()
    assert len(errors) == 2
    assert errors[0].startswith("askmali: error: line 6: the question contains a NUL byte")
    assert errors[1].startswith("askmali: error: line 48: the question is 2,500 characters long")


def test_jobs_out_of_range_is_a_usage_error(seeds_index, python_m):
    proc = python_m("ask", "-", "--index", str(seeds_index), "--jobs", "-1", input=b"Qui ?\n")
    assert proc.returncode == 2 and proc.stdout == "" and "Traceback" not in proc.stderr
    assert "--jobs" in proc.stderr or "-j" in proc.stderr


def test_small_batches_and_one_job_stay_in_one_process():
    assert batch.worker_count(1, 10_000) == 1
    assert batch.worker_count(0, batch.MIN_PER_WORKER - 1) == 1
    assert batch.worker_count(8, 2 * batch.MIN_PER_WORKER) == 2  # never fewer questions than a worker's share


def test_answers_come_back_in_order_from_the_workers():
    got = list(batch.answer_all(lambda i: (i, i * i), 200, 2))
    assert got == [(i, i * i) for i in range(200)]
