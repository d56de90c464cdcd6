"""Issue #11, option (b): what keeping today's TF-IDF model exact across segments costs.

Today's passage vectors are L2-normalised after idf weighting and max_df pruning, so a passage's
norm depends on the global df of each of its n-grams and on N. Segments would store the raw
``1 + log tf`` postings of *every* n-gram (an n-gram pruned today comes back when N grows or
passages are deleted) and the generation would hold one norm per passage. This measures, on the
synthetic corpus of benchmarks/corpus.py:

- the postings of all n-grams against those today's index keeps (storage);
- recomputing every passage's norm from the raw postings and global df (the simple exact way an
  update could refresh them: one pass over the postings, no sklearn);
- refreshing the norms incrementally after one ~5 KB file is added (the S0/S1/S2 sums of the
  brief: only the passages holding an n-gram whose df or kept status changed are touched), and
  checking that it gives the full recomputation's norms.

    PYTHONPATH=src python benchmarks/tfidf_norms.py --passages 100000

Nothing here is a test: it prints numbers (they depend on the machine and its load).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(Path(__file__).resolve().parent)]

from corpus import write_corpus  # noqa: E402

from askmali.tfidf import DEFAULT_MAX_DF, DEFAULT_NGRAM_RANGE, _doc_count, _row_blocks, _word_doc_counts  # noqa: E402


def raw_postings(texts: list[str]):
    """Every n-gram's postings: (n-gram strings, indptr, doc_ids int32, 1 + log tf float32)."""
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import CountVectorizer

    words, word_doc = _word_doc_counts(texts)
    cv = CountVectorizer(analyzer="char_wb", ngram_range=DEFAULT_NGRAM_RANGE, lowercase=False,
                         preprocessor=lambda t: t, dtype=np.float32)
    ngram_word = sp.csr_array(cv.fit_transform(words).T)
    grams = cv.get_feature_names_out()
    word_df = np.diff(word_doc.indptr)
    dfs, docs, tfs = [], [], []
    for rows in _row_blocks(ngram_word, word_df, np.zeros(ngram_word.shape[0], dtype=bool)):
        part = ngram_word[rows] @ word_doc
        dfs.append(np.diff(part.indptr))
        docs.append(part.indices.astype(np.int32))
        tf = part.data.astype(np.float32)
        np.log(tf, out=tf)
        tf += np.float32(1.0)
        tfs.append(tf)
    df = np.concatenate(dfs)
    indptr = np.zeros(df.size + 1, dtype=np.int64)
    np.cumsum(df, out=indptr[1:])
    return grams, indptr, np.concatenate(docs), np.concatenate(tfs)


def smooth_idf(df: np.ndarray, n: int) -> np.ndarray:
    return np.log((n + 1.0) / (df + 1.0)) + 1.0


def full_norms(indptr, doc_ids, tf, df, n) -> np.ndarray:
    """sqrt(sum over kept n-grams of (tf' * idf)^2) per passage, from scratch."""
    kept = (df >= 1) & (df <= max(_doc_count(DEFAULT_MAX_DF, n), 1))
    idf = np.where(kept, smooth_idf(df, n), 0.0)
    w = tf * np.repeat(idf, np.diff(indptr))  # float64
    return np.sqrt(np.bincount(doc_ids, weights=w * w, minlength=n))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--passages", type=int, default=100_000)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/askmali-bench"))
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    path = write_corpus(args.workdir / f"corpus-{args.passages}.jsonl", args.passages) \
        if not (args.workdir / f"corpus-{args.passages}.jsonl").exists() else args.workdir / f"corpus-{args.passages}.jsonl"
    from askmali.analysis import fold

    texts = [fold(json.loads(line)["text"]) for line in path.open(encoding="utf-8")]
    extra = texts[:40]  # ~40 passages of ~100 words: a ~5 KB file added by an update
    base = texts[40:]
    t = time.perf_counter()
    grams, indptr, doc_ids, tf = raw_postings(base)
    print(f"raw postings of {len(base)} passages: {time.perf_counter() - t:.1f} s", file=sys.stderr)
    n = len(base)
    df = np.diff(indptr)
    max_count = max(_doc_count(DEFAULT_MAX_DF, n), 1)
    kept_nnz = int(df[df <= max_count].sum())
    out = {"passages": n, "ngrams": int(df.size), "postings_all": int(df.sum()), "postings_kept": kept_nnz,
           "all_over_kept": round(df.sum() / kept_nnz, 2)}
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        norms = full_norms(indptr, doc_ids, tf, df, n)
        runs.append(time.perf_counter() - t)
    out["full_norm_recompute_s"] = round(min(runs), 3)

    # the update: the extra passages' n-grams change df; N grows by len(extra)
    t = time.perf_counter()
    e_grams, e_indptr, e_docs, e_tf = raw_postings(extra)
    where = np.searchsorted(grams, e_grams)
    where_c = np.minimum(where, grams.size - 1)
    found = grams[where_c] == e_grams
    out["new_segment_postings_s"] = round(time.perf_counter() - t, 3)
    n2 = n + len(extra)
    df2 = df.copy()
    df2[where_c[found]] += np.diff(e_indptr)[found]
    # per-passage sums over kept n-grams of tf'^2 * c^k, c = ln(1 + df): norm^2 = A^2 S0 - 2 A S1 + S2
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        kept1 = (df >= 1) & (df <= max_count)
        max2 = max(_doc_count(DEFAULT_MAX_DF, n2), 1)
        kept2 = (df2 >= 1) & (df2 <= max2)
        touched = np.flatnonzero((df2 != df) | (kept1 != kept2))  # n-grams whose term in a norm changed
        lengths = np.diff(indptr)[touched]
        starts = indptr[touched]
        idx = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
        d = doc_ids[idx]
        w2 = tf[idx].astype(np.float64) ** 2
        c1 = np.repeat(np.where(kept1[touched], np.log1p(df[touched]), np.nan), lengths)
        c2 = np.repeat(np.where(kept2[touched], np.log1p(df2[touched]), np.nan), lengths)
        # the S sums themselves would be kept in the generation; here only the touched postings'
        # share is recomputed, which is the cost an update pays
        delta = []
        for c, sign in ((c1, -1.0), (c2, 1.0)):
            ok = ~np.isnan(c)
            for k in range(3):
                delta.append(sign * np.bincount(d[ok], weights=w2[ok] * c[ok] ** k, minlength=n))
        runs.append(time.perf_counter() - t0)
    out["incremental_touched_ngrams"] = int(touched.size)
    out["incremental_touched_postings"] = int(lengths.sum())
    out["incremental_norm_update_s"] = round(min(runs), 3)
    # check: full recompute on the new statistics equals S-sum norms for the old passages
    kept2 = (df2 >= 1) & (df2 <= max(_doc_count(DEFAULT_MAX_DF, n2), 1))
    c = np.log1p(df2.astype(np.float64))
    w2 = tf.astype(np.float64) ** 2
    term = np.repeat(np.arange(df.size), df)
    keep_p = kept2[term]
    S = [np.bincount(doc_ids[keep_p], weights=w2[keep_p] * c[term][keep_p] ** k, minlength=n) for k in range(3)]
    A = np.log(n2 + 1.0) + 1.0
    via_sums = np.sqrt(np.maximum(A * A * S[0] - 2 * A * S[1] + S[2], 0.0))
    direct = full_norms(indptr, doc_ids, tf, df2, n2)[:n] if False else None
    idf2 = np.where(kept2, smooth_idf(df2, n2), 0.0)
    direct = np.sqrt(np.bincount(doc_ids, weights=(tf * np.repeat(idf2, df)) ** 2, minlength=n))
    out["s_sums_max_rel_error"] = float(np.max(np.abs(via_sums - direct) / np.maximum(direct, 1e-12)))
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
