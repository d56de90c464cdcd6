"""Compare the two abstention rules on the seeds question set and on PIAF test (each answerable
question asked again with its gold passages hidden), the measurement that decides which one
``askmali.answering.ABSTENTION`` names.

    python scripts/compare_abstention.py [--dataset ../shared/datasets/piaf] [--split test]

- ``rule``: the evidence model and the absent-topic rule (``answering.abstains``);
- ``confidence``: ``answer.confidence`` below the threshold chosen on PIAF dev
  (``data/confidence.json``), with the absent-topic rule kept.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import askmali
from askmali import answering, evaluation, paths

KEYS = ("answer_accuracy", "f1", "wrong_abstention_rate", "abstention_precision", "abstention_recall", "abstention_f1")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", type=Path, default=Path(__file__).resolve().parents[2] / "shared/datasets/piaf")
    ap.add_argument("--split", default="test")
    args = ap.parse_args()
    seeds = askmali.load(paths.default_index())
    seed_questions = evaluation.load_questions(paths.default_questions())
    passages, questions = evaluation.load_dataset(args.dataset, args.split)
    piaf = askmali.open_index(paths.dataset_index(args.dataset), [passages])
    print("| rule | set | " + " | ".join(KEYS) + " |")
    print("| --- | --- |" + " --- |" * len(KEYS))
    for rule in ("rule", "confidence"):
        answering.ABSTENTION = rule
        for name, report in (
            ("seeds", evaluation.evaluate(seeds, seed_questions)),
            (f"PIAF {args.split} --unanswerable", evaluation.evaluate(piaf, questions, unanswerable=True)),
        ):
            m = report.metrics
            print(f"| {rule} | {name} | " + " | ".join(f"{m[k]:.3f}" for k in KEYS) + " |", flush=True)


if __name__ == "__main__":
    main()
