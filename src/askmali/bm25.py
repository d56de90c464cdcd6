"""Okapi BM25 over raw statistics, stored term-major for numpy-only scoring.

The index stores what does not depend on the rest of the corpus: for every (term, document)
pair the term frequency, as a CSR matrix over terms (``indptr`` int64, ``doc_ids`` int32,
``tf`` int32), each document's length (``doc_len`` int32, its number of terms), and the terms
in a ``Vocabulary``. The corpus statistics (N, each term's df = its posting list's length, and
avgdl, kept in the params) are applied when a question is scored, to its terms' postings only:

    idf(t) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))

computed in float64 in that order and rounded to float32, which gives bit for bit the weights
an index of precomputed impacts stored (format ``askmali-bm25/1``, still read: ``BM25Impacts``).
Scoring a question is a gather of a few posting lists, that arithmetic and one ``np.bincount``:
no per-document Python, no scipy, no sklearn. Storing raw statistics is what lets an index grow
by segments without rewriting the postings of the passages it already holds (issue #11).

idf variants:

- ``"lucene"`` (default): ``log(1 + (N - n + 0.5) / (n + 0.5))``, never negative.
- ``"rank_bm25"``: rank-bm25 0.2.2 ``BM25Okapi``: ``log((N - n + 0.5) / (n + 0.5))``, and
  every negative idf (a term in more than half the documents) replaced by
  ``epsilon * mean(all idfs)``. Kept for the differential test against rank-bm25.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from pathlib import Path

import numpy as np

from . import kernels
from .store import ArrayFile, SpilledBatches
from .vocab import FirstSeenIds, Vocabulary, add_counts, term_major_places

FORMAT = "askmali-bm25/2"  # raw statistics (tf, doc_len); /1 stored impacts
IMPACTS_FORMAT = "askmali-bm25/1"
IDF_VARIANTS = ("lucene", "rank_bm25")


def _idf(df: np.ndarray, n_docs: int, variant: str, epsilon: float) -> np.ndarray:
    df = df.astype(np.float64)
    if variant == "lucene":
        return np.log1p((n_docs - df + 0.5) / (df + 0.5))
    if variant == "rank_bm25":
        idf = np.log(n_docs - df + 0.5) - np.log(df + 0.5)
        if idf.size:
            idf[idf < 0] = epsilon * idf.mean()
        return idf
    raise ValueError(f"unknown idf variant {variant!r}; expected one of {IDF_VARIANTS}")


def norms_by_length(doc_len: np.ndarray, k1: float, b: float, avgdl: float) -> tuple[np.ndarray, np.ndarray] | None:
    """Each document's length (uint16) and the length norm ``k1 * (1 - b + b * dl / avgdl)`` of
    every length from 0 to the longest (float64, the expression ``BM25._length_norm`` computes
    per document, so ``table[lengths]`` is that vector bit for bit); None when a document is
    longer than a uint16 holds. The compiled loops read a document's norm through them: the
    table stays in the L1 cache and the lengths take a quarter of the per-document norms' cache
    lines, where the postings of a question read the norms of ~9,000 documents at random."""
    longest = int(doc_len.max()) if doc_len.size else 0
    if longest > np.iinfo(np.uint16).max:
        return None
    table = k1 * (1.0 - b + b * np.arange(longest + 1, dtype=np.int64) / avgdl)
    return doc_len.astype(np.uint16), table


def vocabulary_of(arrays: Mapping[str, np.ndarray]) -> Vocabulary:
    """The ``Vocabulary`` saved under the ``vocab.`` keys of an index's arrays."""
    return Vocabulary.from_arrays({k[6:]: v for k, v in arrays.items() if k.startswith("vocab.")})


class PostingIndex:
    """Term-major sparse matrix over a ``Vocabulary``: for term ``t``, the documents
    ``doc_ids[indptr[t]:indptr[t+1]]`` (int32) with ``weights`` (float32), plus a per-term
    ``idf`` (float32). Shared by ``BM25`` and the char TF-IDF. ``from_arrays`` keeps the
    (possibly memory-mapped) arrays as they are: O(1) at load."""

    FORMAT = ""
    files: dict[str, ArrayFile] = {}  # arrays a spilling build wrote to disk (replaced, never mutated)

    def __init__(
        self,
        vocab: Vocabulary,
        idf: np.ndarray,
        indptr: np.ndarray,
        doc_ids: np.ndarray,
        weights: np.ndarray,
        params: dict,
    ) -> None:
        self.vocab = vocab
        # np.asarray drops the np.memmap subclass: indexing a plain view is much cheaper.
        self.idf = np.asarray(idf)
        self.indptr = np.asarray(indptr)
        self.doc_ids = np.asarray(doc_ids)
        self.weights = np.asarray(weights)
        self._params = dict(params)
        self.n_docs = int(params["n_docs"])
        self._scratch = threading.local()

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Arrays to save: ``vocab.blob``, ``vocab.offsets``, ``vocab.keys``, ``idf``,
        ``indptr``, ``doc_ids``, ``weights``."""
        arrays = {f"vocab.{k}": v for k, v in self.vocab.to_arrays().items()}
        arrays.update(idf=self.idf, indptr=self.indptr, doc_ids=self.doc_ids, weights=self.weights)
        return arrays

    def params(self) -> dict:
        """JSON-able parameters; ``from_arrays`` needs them back."""
        return dict(self._params)

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray], params: dict):
        if params.get("format") != cls.FORMAT:
            raise ValueError(f"arrays are in format {params.get('format')!r}, expected {cls.FORMAT!r}")
        return cls(vocabulary_of(arrays), arrays["idf"], arrays["indptr"], arrays["doc_ids"], arrays["weights"], params)

    def __len__(self) -> int:
        return self.n_docs

    def df(self, ids: np.ndarray) -> np.ndarray:
        """Document frequency (int64) of the terms ``ids``: their posting lists' lengths."""
        return self.indptr[ids + 1] - self.indptr[ids]

    def _accumulate(self, ids: np.ndarray, query_weights: np.ndarray | None) -> np.ndarray:
        """Sum over terms ``ids`` of ``query_weight * posting weight`` per document (float32).
        ``query_weights=None`` means 1 for every term.

        The posting slices are concatenated straight into reused int64/float64 buffers (one
        copying pass, no page faults for fresh temporaries) and summed with ``np.bincount``:
        measured ~3x faster than ``np.bincount`` on the stored int32/float32 arrays (which
        casts through a slow path) and than per-term ``acc[docs] += w``; ``np.add.at`` is
        slower still.
        """
        if ids.size == 0:
            return np.zeros(self.n_docs, dtype=np.float32)
        starts, ends = self.indptr[ids], self.indptr[ids + 1]
        lengths = ends - starts
        docs, w = self._buffers(int(lengths.sum()))
        bounds = list(zip(starts.tolist(), ends.tolist()))
        doc_ids, weights = self.doc_ids, self.weights
        np.concatenate([doc_ids[s:e] for s, e in bounds], out=docs, casting="safe")
        np.concatenate([weights[s:e] for s, e in bounds], out=w, casting="safe")
        if query_weights is not None:
            w *= np.repeat(query_weights.astype(np.float64), lengths)
        return np.bincount(docs, weights=w, minlength=self.n_docs).astype(np.float32)

    def _buffers(self, size: int) -> tuple[np.ndarray, np.ndarray]:
        """Scratch arrays of ``size`` (doc ids, weights), kept per thread and grown as needed."""
        local = self._scratch
        if getattr(local, "docs", None) is None or local.docs.size < size:
            local.docs = np.empty(max(size, 1024) * 2, dtype=np.intp)
            local.w = np.empty(local.docs.size, dtype=np.float64)
        return local.docs[:size], local.w[:size]


class _BM25Questions:
    """The question side both BM25 formats share: ``score`` from the terms, ``term_idf`` from
    ``idf_of``."""

    def score(self, terms: Sequence[str]) -> np.ndarray:
        """BM25 score of every document (float32, length ``n_docs``) for query ``terms``.

        A repeated query term counts each time (as rank-bm25 does); unknown terms add nothing.
        """
        return self._accumulate(*self._query_ids(terms))

    def score_rows(self, terms: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """The documents ``score(terms)`` does not score 0 (ascending) and their scores: what
        adding a few rare terms' scores to another vector needs (``Engine.scores``)."""
        return nonzero_rows(self.score(terms))

    def _query_ids(self, terms: Sequence[str]) -> tuple[np.ndarray, np.ndarray | None]:
        """The ids of the known ``terms``, ascending and distinct, and how many times each was
        asked (None: once each)."""
        # term order fixes the summation order: keep it sorted (Python lists: a question's
        # handful of ids cost more in numpy calls than in sorting)
        ids = sorted(i for i in self.vocab.lookup_ids(list(terms)) if i >= 0)
        distinct = sorted(set(ids))
        if len(distinct) < len(ids):  # a question's handful of terms: count() is cheap
            return np.array(distinct, dtype=np.int64), np.array([ids.count(i) for i in distinct], dtype=np.float32)
        return np.array(ids, dtype=np.int64), None

    @cached_property
    def _unseen_idf(self) -> float:
        """The idf of df = 0 (computed once: it cost ~0.1 ms a question)."""
        return _idf(np.zeros(1), self.n_docs, self._params["idf"], 0.0)[0]

    def term_df(self, terms: Sequence[str]) -> np.ndarray:
        """How many documents hold each term (0 for a term the index lacks)."""
        ids = self.vocab.lookup_many(terms)
        out = np.zeros(len(ids), dtype=np.int64)
        known = ids >= 0
        out[known] = self.df(ids[known])
        return out

    def term_idf(self, terms: Sequence[str]) -> np.ndarray:
        """idf (float32) of each term; a term absent from the index gets the idf of df = 0."""
        ids = self.vocab.lookup_many(terms)
        out = np.full(len(ids), self._unseen_idf, dtype=np.float32)
        known = ids >= 0
        out[known] = self.idf_of(ids[known])
        return out


class BM25(_BM25Questions, PostingIndex):
    """Term-major BM25 over raw statistics. Build with ``BM25.build``, persist with
    ``to_arrays`` and ``params``, reopen with ``from_arrays`` (works on memory-mapped arrays,
    O(1) at load: the per-document length normalisation is computed on the first question)."""

    FORMAT = FORMAT

    def __init__(
        self,
        vocab: Vocabulary,
        indptr: np.ndarray,
        doc_ids: np.ndarray,
        tf: np.ndarray,
        doc_len: np.ndarray,
        params: dict,
    ) -> None:
        self.vocab = vocab
        # np.asarray drops the np.memmap subclass: indexing a plain view is much cheaper.
        self.indptr = np.asarray(indptr)
        self.doc_ids = np.asarray(doc_ids)
        self.tf = np.asarray(tf)
        self.doc_len = np.asarray(doc_len)
        self._params = dict(params)
        self.n_docs = int(params["n_docs"])
        self.k1 = float(params["k1"])
        self.b = float(params["b"])
        self.avgdl = float(params["avgdl"])
        if self.doc_len.shape != (self.n_docs,) or self.doc_ids.shape != self.tf.shape:
            raise ValueError("BM25 arrays are inconsistent with each other")
        self._scratch = threading.local()

    @classmethod
    def build(
        cls,
        docs: Iterable[Sequence[str]],
        *,
        k1: float = 1.2,
        b: float = 0.75,
        idf: str = "lucene",
        epsilon: float = 0.25,
        batch: int = 4096,
    ) -> "BM25":
        """Index ``docs`` (each a sequence of terms, e.g. ``Analyzer.terms``), ``batch`` documents
        at a time (see ``BM25Builder``; the index does not depend on ``batch``)."""
        builder = BM25Builder(k1=k1, b=b, idf=idf, epsilon=epsilon)
        pending: list[Sequence[str]] = []
        for doc in docs:
            pending.append(doc)
            if len(pending) >= batch:
                builder.add(pending)
                pending = []
        builder.add(pending)
        return builder.finish()

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Arrays to save: ``vocab.blob``, ``vocab.offsets``, ``vocab.keys``, ``indptr``,
        ``doc_ids``, ``tf``, ``doc_len``."""
        arrays = {f"vocab.{k}": v for k, v in self.vocab.to_arrays().items()}
        arrays.update(indptr=self.indptr, doc_ids=self.doc_ids, tf=self.tf, doc_len=self.doc_len)
        return arrays

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray], params: dict):
        """The index saved by ``to_arrays``; an index of format ``askmali-bm25/1`` (precomputed
        impacts, written by askmali before raw statistics) opens as a ``BM25Impacts``."""
        vocab = vocabulary_of(arrays)
        if params.get("format") == IMPACTS_FORMAT:
            return BM25Impacts(vocab, arrays["idf"], arrays["indptr"], arrays["doc_ids"], arrays["weights"], params)
        if params.get("format") != FORMAT:
            raise ValueError(f"arrays are in format {params.get('format')!r}, expected {FORMAT!r}")
        return cls(vocab, arrays["indptr"], arrays["doc_ids"], arrays["tf"], arrays["doc_len"], params)

    def idf_of(self, ids: np.ndarray, df: np.ndarray | None = None) -> np.ndarray:
        """idf (float64) of the terms ``ids`` under this index's N (``df``: their document
        frequencies, when the caller has read them already)."""
        if self._params["idf"] == "rank_bm25":
            return self._all_idf[ids]
        return _idf(self.df(ids) if df is None else df, self.n_docs, "lucene", 0.0)

    @cached_property
    def _all_idf(self) -> np.ndarray:
        """Every term's idf: rank-bm25's floor needs the mean of them all."""
        return _idf(np.diff(self.indptr), self.n_docs, self._params["idf"], self._params["epsilon"])

    @property
    def idf(self) -> np.ndarray:
        """Every term's idf as float32 (for inspection and tests; a question computes only its
        own terms')."""
        return self._all_idf.astype(np.float32)

    @cached_property
    def _length_norm(self) -> np.ndarray:
        """``k1 * (1 - b + b * dl / avgdl)`` per document (float64), as the impacts used it."""
        return self.k1 * (1.0 - self.b + self.b * self.doc_len.astype(np.int64) / self.avgdl)

    @cached_property
    def _norm_by_length(self) -> tuple[np.ndarray, np.ndarray] | None:
        """``norms_by_length`` of this index's documents under its own avgdl."""
        return norms_by_length(self.doc_len, self.k1, self.b, self.avgdl)

    def _norms(self) -> tuple[np.ndarray | None, np.ndarray]:
        """What the compiled loops read the length norms from: (lengths, the table by length), or
        (None, the norm of each document) where the lengths do not fit uint16."""
        by_length = self._norm_by_length
        return (None, self._length_norm) if by_length is None else by_length

    def scored(self, ids: np.ndarray, idf: np.ndarray, query_weights: np.ndarray, avgdl: float) -> np.ndarray:
        """Scores of this index's documents for the terms ``ids`` (ascending) under corpus
        statistics given from outside (a segment of a larger index: the global ``idf`` of
        each term, float64, and the global ``avgdl``)."""
        if avgdl == self.avgdl:
            norm = self._length_norm
        else:  # made once per avgdl: a generation has one
            cached = getattr(self, "_norm_for", None)
            if cached is None or cached[0] != avgdl:
                cached = self._norm_for = (avgdl, self.k1 * (1.0 - self.b + self.b * self.doc_len.astype(np.int64) / avgdl))
            norm = cached[1]
        return self._accumulate(ids, query_weights, idf, norm)

    def _accumulate(
        self,
        ids: np.ndarray,
        query_weights: np.ndarray | None,
        idf: np.ndarray | None = None,
        length_norm: np.ndarray | None = None,
    ) -> np.ndarray:
        """Sum over terms ``ids`` of ``query_weight * BM25 weight`` per document (float32).

        The posting slices are concatenated into reused buffers (see ``PostingIndex``); each
        weight is computed in float64 and rounded to float32 as a stored impact was, so that
        scores do not depend on where the weights come from."""
        if ids.size == 0:
            return np.zeros(self.n_docs, dtype=np.float32)
        norm = self._length_norm if length_norm is None else length_norm
        if kernels.compiled is not None:  # the same sums, in the same order, compiled
            out = np.zeros(self.n_docs)
            qw = None if query_weights is None else query_weights.astype(np.float64)
            idf = self.idf_of(ids) if idf is None else np.asarray(idf, dtype=np.float64)
            ends = self.indptr[ids + 1]
            lengths, norm = self._norms() if length_norm is None else (None, norm)
            kernels.compiled.bm25(out, self.doc_ids, self.tf, self.indptr[ids], ends, idf, qw, norm, self.k1 + 1.0, 0, lengths)
            return out.astype(np.float32)
        docs, w = self._postings(ids, query_weights, idf, norm)
        return np.bincount(docs, weights=w, minlength=self.n_docs).astype(np.float32)

    def top(
        self, terms: Sequence[str], derived: Sequence[str], derived_weight: float, k: int, allowed: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """The ``k`` best documents (int64, best first, ties by lower row) and their float32
        scores under ``score(terms) + float32(derived_weight) * score(derived)``, keeping only
        scores > 0 and ``allowed`` documents (a bool mask, or None for all): what ranking by
        that vector gives, bit for bit, without making it. The compiled ``bm25_top`` visits
        only the documents the postings touch (~9,000 of 100,000 for a PIAF question); None
        without the compiled loops."""
        if kernels.compiled is None:
            return None
        ids, qw = self._query_ids(terms)
        n_base = ids.size
        if derived and derived_weight:
            more, more_qw = self._query_ids(derived)
            if more.size:
                if qw is not None or more_qw is not None:
                    qw = np.concatenate([np.ones(n, np.float32) if w is None else w for n, w in ((n_base, qw), (more.size, more_qw))])
                ids = np.concatenate((ids, more))
        rows = np.empty(max(k, 0), dtype=np.int64)
        scores = np.empty(rows.size, dtype=np.float32)
        if ids.size == 0:
            return rows[:0], scores[:0]
        local = self._scratch
        if getattr(local, "sums", None) is None or local.sums.size != self.n_docs:
            local.sums, local.extra, local.touched = np.zeros(self.n_docs), np.zeros(self.n_docs), np.empty(self.n_docs + 1, np.int64)
        starts, ends = self.indptr[ids], self.indptr[ids + 1]
        lengths, norm = self._norms()
        found = kernels.compiled.bm25_top(
            local.sums, local.extra, local.touched, self.doc_ids, self.tf, starts, ends, self.idf_of(ids, ends - starts),
            None if qw is None else qw.astype(np.float64), norm, self.k1 + 1.0, n_base,
            float(derived_weight), allowed, rows, scores, lengths,
        )
        return rows[:found], scores[:found]

    def score_rows(self, terms: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """As ``_BM25Questions.score_rows``, summed over the postings alone when they are few
        (a question's derived nouns: ~100 postings, where a score vector costs 100,000 zeros):
        the postings sorted by document, stably, are summed in the order ``np.bincount``
        sums them in ``score``, so the scores are bit for bit the same."""
        ids, query_weights = self._query_ids(terms)
        if ids.size == 0 or int(self.df(ids).sum()) > self.n_docs // 16:
            return super().score_rows(terms)
        rows, sums = sums_by_row(*self._postings(ids, query_weights))
        keep = sums != 0
        return rows[keep], sums[keep]

    def _postings(
        self, ids: np.ndarray, query_weights: np.ndarray | None, idf: np.ndarray | None = None,
        length_norm: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The documents (intp) and weights (float64, ``query_weight * BM25 weight``) of the
        postings of the terms ``ids`` (not empty), in the scratch buffers."""
        starts, ends = self.indptr[ids], self.indptr[ids + 1]
        lengths = ends - starts
        docs, w = self._buffers(int(lengths.sum()))
        bounds = list(zip(starts.tolist(), ends.tolist()))
        doc_ids, tf = self.doc_ids, self.tf
        np.concatenate([doc_ids[s:e] for s, e in bounds], out=docs, casting="safe")
        np.concatenate([tf[s:e] for s, e in bounds], out=w, casting="safe")
        idf = np.repeat(self.idf_of(ids) if idf is None else idf, lengths)
        # idf * tf * (k1 + 1) / (tf + norm), in this order (the impacts' arithmetic)
        denominator = w + (self._length_norm if length_norm is None else length_norm)[docs]
        w *= idf
        w *= self.k1 + 1.0
        w /= denominator
        w = w.astype(np.float32).astype(np.float64)
        if query_weights is not None:
            w *= np.repeat(query_weights.astype(np.float64), lengths)
        return docs, w


def sums_by_row(docs: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of postings ``docs`` (ascending) and the float32 sums of their weights
    ``w``, each row's added in the order of its postings, as ``np.bincount`` over a whole score
    vector adds them: the postings sorted by row, stably, then summed by group."""
    order = np.argsort(docs, kind="stable")
    docs = docs[order]
    first = np.empty(docs.size, dtype=bool)
    first[:1] = True
    np.not_equal(docs[1:], docs[:-1], out=first[1:])
    return docs[first], np.bincount(np.cumsum(first) - 1, weights=w[order]).astype(np.float32)


def nonzero_rows(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rows of a score vector that are not 0, ascending, and their scores."""
    rows = np.flatnonzero(scores)
    return rows, scores[rows]


class BM25Impacts(_BM25Questions, PostingIndex):
    """An index of format ``askmali-bm25/1``: precomputed impacts (``weights``) and ``idf``, as
    askmali wrote them before raw statistics. Read only, so that such an index still answers
    (its scores equal those of ``BM25`` on the same passages) until it is rebuilt."""

    FORMAT = IMPACTS_FORMAT

    def idf_of(self, ids: np.ndarray) -> np.ndarray:
        """The stored idf (float32) of the terms ``ids``."""
        return self.idf[ids]


class BM25Builder:
    """Builds a ``BM25`` from batches of documents in bounded memory.

    Each batch is reduced at once to its distinct (term, document) pairs as compact arrays
    (int32 term ids in first-seen order, int32 document ids, int32 term frequencies): no
    Python list per document outlives its batch. ``finish`` then places the pairs term-major
    by a counting sort, batch by batch, straight into the output arrays. The result is the
    one ``np.unique`` over all (term, document) pairs gave: postings sorted by term, then by
    document. With ``spill`` (a folder), the batches wait on disk (``store.SpilledBatches``)
    and the finished postings are written there (``files``) and memory-mapped: memory holds
    them only while ``finish`` places them.
    """

    def __init__(
        self, *, k1: float = 1.2, b: float = 0.75, idf: str = "lucene", epsilon: float = 0.25, spill: Path | None = None
    ) -> None:
        if idf not in IDF_VARIANTS:
            raise ValueError(f"unknown idf variant {idf!r}; expected one of {IDF_VARIANTS}")
        self.k1, self.b, self.idf, self.epsilon = k1, b, idf, epsilon
        self.spill = spill
        self._ids = FirstSeenIds()
        self._df = np.zeros(0, dtype=np.int64)  # by first-seen id
        self._batches = SpilledBatches(spill, "bm25.postings", (np.int32, np.int32, np.int32))  # (term, doc, tf)
        self._doc_len: list[np.ndarray] = []
        self._n_docs = 0

    def add(self, docs: Sequence[Sequence[str]]) -> None:
        """Add the next ``docs`` (each a sequence of terms); they get the next document ids."""
        if not docs:
            return
        flat = array("i")
        extend = self._ids.extend_ids
        lengths = np.fromiter((extend(flat, doc) for doc in docs), dtype=np.int64, count=len(docs))
        n = len(docs)
        terms = np.frombuffer(flat, dtype=np.int32).astype(np.int64)
        local = np.repeat(np.arange(n, dtype=np.int64), lengths)
        pairs, tf = np.unique(terms * n + local, return_counts=True)  # sorted by term, then doc
        del terms, local, flat
        term, doc = np.divmod(pairs, n)
        self._df = add_counts(self._df, term, len(self._ids))
        self._batches.append(term.astype(np.int32), (doc + self._n_docs).astype(np.int32), tf.astype(np.int32))
        self._doc_len.append(lengths)
        self._n_docs += n

    def finish(self) -> BM25:
        k1, b = self.k1, self.b
        n_docs = self._n_docs
        n_terms = len(self._ids)
        # str order is code point order, which is the Vocabulary's UTF-8 byte order
        sorted_terms = sorted(self._ids)
        vocab = Vocabulary.build(sorted_terms)
        first_seen = np.fromiter(map(self._ids.__getitem__, sorted_terms), dtype=np.int64, count=n_terms)
        del sorted_terms
        self._ids = FirstSeenIds()
        remap = np.empty(n_terms, dtype=np.int64)  # first-seen id -> vocabulary (sorted) id
        remap[first_seen] = np.arange(n_terms)
        df = np.zeros(n_terms, dtype=np.int64)
        df[remap] = self._df[:n_terms]
        indptr = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(df, out=indptr[1:])
        n_postings = int(indptr[-1])
        doc_len = np.concatenate(self._doc_len) if self._doc_len else np.zeros(0, dtype=np.int64)
        avgdl = float(doc_len.mean()) if n_docs and doc_len.sum() else 1.0
        doc_ids = np.empty(n_postings, dtype=np.int32)
        tfs = np.empty(n_postings, dtype=np.int32)
        cursor = indptr[:-1].copy()  # next free place in each term's posting list
        # documents ascend from batch to batch: each list fills in document order
        for term, doc, tf in self._batches.drain():
            order, place = term_major_places(remap[term], cursor)
            doc_ids[place] = doc[order]
            tfs[place] = tf[order]
            del term, doc, tf, order, place
        files: dict[str, ArrayFile] = {}
        if self.spill is not None:
            doc_ids, files["doc_ids"] = ArrayFile.spilled(self.spill / "bm25.doc_ids.npy", doc_ids)
            tfs, files["tf"] = ArrayFile.spilled(self.spill / "bm25.tf.npy", tfs)
        params = {
            "format": FORMAT,
            "k1": k1,
            "b": b,
            "idf": self.idf,
            "epsilon": self.epsilon,
            "n_docs": n_docs,
            "n_terms": n_terms,
            "n_postings": n_postings,
            "avgdl": avgdl,
        }
        model = BM25(vocab, indptr, doc_ids, tfs, doc_len.astype(np.int32), params)
        model.files = files
        return model
