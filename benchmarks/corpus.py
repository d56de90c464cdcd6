"""A reproducible synthetic French corpus for benchmarks: PIAF sentences recombined.

Every passage is ~100 words of real French (sentences drawn with a fixed seed from the PIAF
passages in ``../shared/datasets/piaf`` beside the repository, or ``$ASKMALI_PIAF``), with a PIAF article title, so
that vocabulary, word lengths and term frequencies look like real text while the size is
arbitrary. The same ``n`` and ``seed`` always give the same bytes.
"""

from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path

PIAF = Path(os.environ.get("ASKMALI_PIAF") or Path(__file__).resolve().parents[2] / "shared" / "datasets" / "piaf")
WORDS = 100  # words per passage, at least (whole sentences are added until it is reached)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def piaf_sentences(piaf: Path = PIAF) -> tuple[list[str], list[str]]:
    """The PIAF sentences of four words or more, and the article titles, in file order."""
    records = [json.loads(line) for line in (piaf / "passages.jsonl").open(encoding="utf-8")]
    sentences = [s for r in records for s in _SENTENCE_END.split(r["text"]) if len(s.split()) >= 4]
    titles = sorted({r["title"] for r in records})
    return sentences, titles


def piaf_questions(piaf: Path = PIAF) -> list[str]:
    """The PIAF questions, in file order."""
    return [json.loads(line)["question"] for line in (piaf / "questions.jsonl").open(encoding="utf-8")]


def known_questions(engine, piaf: Path = PIAF) -> list[str]:
    """The PIAF questions with a term ``engine``'s index knows (bm25s refuses a query without
    one), in file order: the pool the benchmarks sample their questions from."""
    return [q for q in piaf_questions(piaf) if engine.known_terms(engine.analyzer.query_terms(q))]


def write_corpus(path: Path, n: int, seed: int = 0) -> Path:
    """Write ``n`` records ``{"id", "title", "text"}`` to ``path`` (JSONL); skip when present."""
    path = Path(path)
    if path.is_file():
        return path
    sentences, titles = piaf_sentences()
    rng = random.Random(seed)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        for i in range(n):
            parts, words = [], 0
            while words < WORDS:
                s = rng.choice(sentences)
                parts.append(s)
                words += len(s.split())
            record = {"id": f"syn-{i:07d}", "title": rng.choice(titles), "text": " ".join(parts)}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    tmp.replace(path)
    return path
