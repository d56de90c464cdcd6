"""What the fitting scripts share: the PIAF dev questions on the index of the whole corpus, and
the article a question comes from (cross-validation folds are grouped by article).

Imported by scripts/fit_confidence.py, scripts/train_answer_ranker.py, scripts/train_reranker.py
and scripts/train_span_ranker.py (run as ``python scripts/NAME.py``, so this folder is on the path).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import askmali
from askmali.paths import dataset_index
from askmali.questionsets import load_dataset

DATASET = Path(__file__).resolve().parents[2] / "shared/datasets/piaf"
_ARTICLE = re.compile(r"piaf-(\d+)-")


def article(question) -> int:
    """The PIAF article of a question's first gold source (``piaf-012-03`` -> 12)."""
    return int(_ARTICLE.match(question.sources[0]).group(1))


def dev_questions(dataset: Path, n: int = 0):
    """The engine over the dataset's whole corpus and its dev questions; with ``n``, a sample of
    ``n`` of them (seed 13, the same sample in every script)."""
    passages, questions = load_dataset(dataset, "dev")
    if n:
        random.Random(13).shuffle(questions)
        questions = questions[:n]
    return askmali.open_index(dataset_index(dataset), [passages]), questions
