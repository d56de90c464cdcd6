"""Would exact dynamic pruning (MaxScore) speed up askmali's char TF-IDF in numpy? Measured.

    PYTHONPATH=src python benchmarks/maxscore_tfidf.py --index IDX [--questions 200] [--k 100]

For PIAF questions (one at a time) on an index (e.g. the 100k synthetic corpus of bench.py):

1. the share of the question's postings that lie in *non-essential* lists: with the n-grams
   sorted by upper bound (query weight x the largest tf / norm of the list), the lists whose
   bounds sum to less than the k-th best score, which MaxScore needs to add to the current
   candidates only;
2. the time of the exhaustive score + top k (``CharTfidf.score``, ``fusion.top_k``) against a
   term-at-a-time MaxScore in numpy: the essential lists scored into a vector (their number
   doubled until the k-th partial score beats the rest's bounds), then each other list read
   for the candidates only. The bounds are computed beforehand (the best case: an index would
   have to store them per generation, the norms moving with N and df), and
3. the same with the final threshold known in advance (an oracle: no algorithm does better).

The pruned scores are summed in another order (essential lists first), so they may differ from
the exhaustive ones in the last bit: the top k is checked for the same ids and scores within 1e-6.
Nothing here is a test; numbers depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "src"), str(Path(__file__).resolve().parent)]

from corpus import known_questions  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    import askmali
    from askmali import fusion

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--questions", type=int, default=200)
    ap.add_argument("--k", type=int, default=100, help="the top k wanted (the hybrid takes 100 per signal)")
    args = ap.parse_args(argv)
    engine = askmali.load(args.index)
    tf, k = engine.tfidf, args.k
    pool = known_questions(engine)
    questions = random.Random(1).sample(pool, 20 + args.questions)[20:]
    ratio: dict[int, float] = {}  # n-gram id -> max tf / norm over its list

    def bounds(q: str):
        ids, w, idf = tf._vector(q)
        qw = w.astype(np.float64) * idf
        for i in ids.tolist():
            if i not in ratio:
                a, b = tf.indptr[i], tf.indptr[i + 1]
                ratio[i] = float((tf.tf[a:b] / tf.norms[tf.doc_ids[a:b]]).max())
        ub = qw * np.array([ratio[i] for i in ids.tolist()])
        order = np.argsort(-ub)
        rest = np.concatenate((np.cumsum(ub[order][::-1])[::-1], [0.0]))  # rest[j]: bounds of order[j:]
        return ids, qw, order, rest

    def exhaustive(q: str):
        s = tf.score(q)
        return fusion.top_k(s, k), s

    def pruned(q: str, theta_known: float | None = None):
        ids, qw, order, rest = bounds(q)
        j = int(np.argmax(rest < theta_known)) if theta_known is not None else max(1, len(order) // 3)
        while True:
            ess = np.sort(ids[order[:j]])
            acc = tf._accumulate(ess, qw[np.searchsorted(ids, ess)]) if j else np.zeros(tf.n_docs)
            part = acc / tf._norms64
            theta = theta_known if theta_known is not None else part[fusion.top_k(part, k)[-1]]
            if theta_known is not None or rest[j] < theta or j == len(order):
                break
            j = min(len(order), j * 2)
        cand = part + rest[j] >= theta
        for t in order[j:].tolist():
            a, b = tf.indptr[ids[t]], tf.indptr[ids[t] + 1]
            d = tf.doc_ids[a:b]
            m = cand[d]
            acc[d[m]] += tf.tf[a:b][m] * qw[t]
        s = (acc / tf._norms64).astype(np.float32)
        s[~cand] = 0
        return fusion.top_k(s, k), s

    shares, t_full, t_pruned, t_oracle, same = [], [], [], [], 0
    for q in questions:
        ids, qw, order, rest = bounds(q)  # bounds made before any timing
        t = time.process_time()
        top, s = exhaustive(q)
        t_full.append(time.process_time() - t)
        theta = float(s[top[-1]])
        j = int(np.argmax(rest < theta))
        df = tf.df(ids)
        shares.append(float(df[order[j:]].sum() / df.sum()))
        t = time.process_time()
        top2, s2 = pruned(q)
        t_pruned.append(time.process_time() - t)
        t = time.process_time()
        pruned(q, theta)
        t_oracle.append(time.process_time() - t)
        same += bool(np.array_equal(top, top2) and np.allclose(s[top], s2[top2], atol=1e-6))
    ms = lambda xs: statistics.median(xs) * 1e3  # noqa: E731
    print(f"{len(questions)} questions, top {k}, {tf.n_docs:,} passages")
    print(f"postings in non-essential lists (exact bounds, final threshold): p50 {statistics.median(shares):.2f}")
    print(f"CPU p50: exhaustive score + top k {ms(t_full):.3f} ms; MaxScore {ms(t_pruned):.3f} ms; "
          f"MaxScore with the final threshold known {ms(t_oracle):.3f} ms")
    print(f"MaxScore's top {k} = exhaustive (ids, scores within 1e-6): {same}/{len(questions)}")


if __name__ == "__main__":
    main()
