"""Grid-search the sentence-scoring weights of ``askmali.answering`` on the PIAF *dev* split.

    python scripts/tune_answers.py [--n 1500] [--dataset ../shared/datasets/piaf]

Retrieval runs once per question; then each weight setting re-scores the sentences of the same
hits. Abstention is switched off here (it is calibrated separately), so the number printed is
"the chosen sentence contains a gold answer".
"""

from __future__ import annotations

import argparse
import itertools
import random
from pathlib import Path

import askmali
from askmali import answering
from askmali.matching import contains
from askmali.paths import dataset_index
from askmali.questionsets import load_dataset

GRID = {
    "W_PROXIMITY": (0.0, 0.15),
    "W_TYPE": (0.2, 0.35, 0.5),
    "W_PASSAGE": (0.2, 0.35, 0.5),
    "W_RANK_DECAY": (0.0, 0.05, 0.1),
    "W_CONTEXT": (0.7, 0.85),
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", type=Path, default=Path(__file__).resolve().parents[2] / "shared/datasets/piaf")
    ap.add_argument("--n", type=int, default=1500)
    args = ap.parse_args()
    passages, questions = load_dataset(args.dataset, "dev")
    random.Random(7).shuffle(questions)
    questions = questions[: args.n]
    engine = askmali.open_index(dataset_index(args.dataset), [passages])
    cached = [(q, engine.search(q.question, 10)) for q in questions]
    answering.ABSTAIN_BELOW = 0.0
    rows = []
    for values in itertools.product(*GRID.values()):
        for name, v in zip(GRID, values):
            setattr(answering, name, v)
        good = 0
        for q, hits in cached:
            a = answering.answer(q.question, hits, engine).answer
            good += bool(a) and any(contains(a.text, g) for g in q.answers)
        acc = good / len(cached)
        rows.append((acc, dict(zip(GRID, values))))
        print(f"{acc:.4f} {dict(zip(GRID, values))}", flush=True)
    print("best:", max(rows, key=lambda r: r[0]))


if __name__ == "__main__":
    main()
