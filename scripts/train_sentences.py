"""Train the sentence splitter's shipped Punkt parameters; write src/askmali/data/sentences_fr.json.

    python scripts/train_sentences.py [--dataset ../shared/datasets/piaf] [--seeds seeds]

Punkt (nltk) learns abbreviations, sentence starters and the orthographic context of words
from the seeds' texts and the paragraphs of the PIAF *dev* articles (article number < 240; the
test articles are never read). The index is built with these fixed parameters, so that how one
file is split into sentences never depends on which other files are indexed beside it: an
index updated file by file is then the same as one built from scratch (``askmali index``).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from askmali.questionsets import PIAF_DEV_ARTICLES
from askmali.sentences import SentenceSplitter

OUT = Path(__file__).resolve().parents[1] / "src" / "askmali" / "data" / "sentences_fr.json"
_ARTICLE = re.compile(r"piaf-(\d+)-")


def dev_paragraphs(passages: Path) -> list[str]:
    texts = []
    with open(passages, encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            m = _ARTICLE.match(record["id"])
            if m and int(m.group(1)) < PIAF_DEV_ARTICLES:
                texts.append(record["text"])
    return texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = Path(__file__).resolve().parents[1]
    ap.add_argument("--dataset", type=Path, default=root.parent / "shared" / "datasets" / "piaf")
    ap.add_argument("--seeds", type=Path, default=root / "seeds")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    seeds = [p.read_text(encoding="utf-8") for p in sorted(args.seeds.glob("*.txt"))]
    piaf = dev_paragraphs(args.dataset / "passages.jsonl")
    texts = seeds + piaf
    chars = sum(map(len, texts))
    splitter = SentenceSplitter.train(texts, max_chars=chars)
    data = {
        "about": f"Punkt parameters learnt by scripts/train_sentences.py from {len(seeds)} seed texts "
        f"and {len(piaf)} PIAF dev paragraphs ({chars} characters)",
        **splitter.learned_json(),
    }
    args.out.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(data['abbreviations'])} abbreviations, {len(data['sentence_starters'])} "
          f"sentence starters, {len(data['ortho_context'])} words' orthographic context")


if __name__ == "__main__":
    main()
