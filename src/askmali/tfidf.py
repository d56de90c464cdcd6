"""Character n-gram TF-IDF (scikit-learn ``char_wb``) with a numpy-only query side.

The model is scikit-learn's ``TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5),
preprocessor=askmali.analysis.fold, lowercase=False, sublinear_tf=True, min_df=1,
max_df=0.1, dtype=np.float32)``: the tests check that features, idf, document vectors, query
vectors and scores equal sklearn's. It is computed differently, to build 100k passages in
seconds rather than minutes:

- ``char_wb`` n-grams never cross whitespace, so a document's n-gram counts are the sum of
  its words' counts. sklearn's ``CountVectorizer`` runs on the *distinct* words only, and the
  n-gram x document counts are one sparse product (n-gram x word) @ (word x document), done in
  blocks of rows so that memory stays bounded and n-grams over ``max_df`` are dropped early.
- what is stored is that term-major matrix with sublinear tf, for *every* n-gram: CSR over
  n-grams (``indptr`` int64, ``doc_ids`` int32 in no particular order within a posting list,
  ``tf`` float32 = ``1 + log tf``), and each document's L2 norm under the smoothed idf
  (float32, step by step as ``TfidfTransformer``) of the n-grams ``min_df``/``max_df`` keep.
  The idf and the pruning are applied at query time from each n-gram's df, to the question's
  n-grams only, so the postings never depend on the rest of the corpus (issue #11). A query
  touches only the posting lists of its kept n-grams.

The query side re-implements ``_char_wb_ngrams`` (whitespace runs collapsed, each word padded
with one space, every n-gram for n in the range, a word shorter than n counted once), counts,
``1 + log(tf)``, x idf, L2 norm; n-grams outside the vocabulary are dropped, as in sklearn.

Why ``max_df=0.1`` (the n-grams in more than 10% of passages, " de", "ion "..., are dropped):
they carry little idf weight but make up most postings a query touches. Measured on the PIAF
dev questions (5,279, whole 1,518-passage corpus):

    max_df   postings/query   TF-IDF R@1/R@5   min-max fusion with BM25 R@1/R@5
    1.0      29.2 x N         0.627 / 0.836    0.687 / 0.864
    0.2       3.6 x N         0.621 / 0.833    0.685 / 0.863
    0.1       1.7 x N         0.608 / 0.827    0.682 / 0.862
    0.07      1.0 x N         0.598 / 0.823    0.679 / 0.862

At 100k passages 1.0 means ~3M postings per query (~30 ms); 0.1 means ~150k (~1 ms).
``max_df_floor=1000`` would keep every n-gram of small corpora (slightly better on PIAF, and
free there), but the answer confidence model was calibrated on pruned scores, so it is 0.
(3, 4)-grams were worse at equal cost (fusion 0.676 / 0.858 at 1.0 x N). ``min_df=2`` costs
2.5 points of TF-IDF R@1 (rare names are exactly what char n-grams should catch), so 1.
"""

from __future__ import annotations

import re
import threading
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cached_property
from numbers import Integral
from pathlib import Path

import numpy as np

from . import kernels
from .analysis import fold
from .bm25 import PostingIndex, vocabulary_of
from .store import ArrayFile, SpilledBatches
from .vocab import FirstSeenIds, Vocabulary, add_counts, term_major_places

FORMAT = "askmali-chartfidf/2"  # raw 1 + log tf of every n-gram, and norms
WEIGHTS_FORMAT = "askmali-chartfidf/1"  # normalised weights of the kept n-grams
DEFAULT_NGRAM_RANGE = (3, 5)
DEFAULT_MIN_DF: int | float = 1
DEFAULT_MAX_DF: int | float = 0.1
DEFAULT_MAX_DF_FLOOR = 0
BLOCK_BUDGET = 5_000_000  # n-gram x document entries per product block (bounds the build's memory)
TEXT_BATCH = 8192  # texts counted together into compact arrays (bounds the build's memory)
_WHITE_SPACES = re.compile(r"\s\s+")  # sklearn's _VectorizerMixin._white_spaces


def char_wb_ngrams(text: str, ngram_range: tuple[int, int]) -> list[str]:
    """sklearn's ``_VectorizerMixin._char_wb_ngrams`` on already preprocessed text."""
    min_n, max_n = ngram_range
    ngrams: list[str] = []
    append = ngrams.append
    extend = ngrams.extend
    for w in _WHITE_SPACES.sub(" ", text).split():
        w = " " + w + " "
        w_len = len(w)
        for n in range(min_n, max_n + 1):
            if w_len <= n:  # a short word (w_len < n) is counted once, and ends the word
                append(w)
                break
            extend([w[i : i + n] for i in range(w_len - n + 1)])
    return ngrams


def _doc_count(limit: int | float, n_docs: int) -> float:
    """sklearn's reading of min_df/max_df: an int is a count, a float a share of documents."""
    return limit if isinstance(limit, Integral) else limit * n_docs


class _CharNgrams(PostingIndex):
    """What both TF-IDF formats read from their parameters: the n-gram range and the tf scaling."""

    @property
    def ngram_range(self) -> tuple[int, int]:
        low, high = self._params["ngram_range"]
        return int(low), int(high)

    @property
    def sublinear_tf(self) -> bool:
        return bool(self._params["sublinear_tf"])


class CharTfidf(_CharNgrams):
    """Term-major char n-gram TF-IDF over raw statistics. ``build`` needs scikit-learn and
    scipy; everything else, including ``from_arrays`` on memory-mapped arrays, needs only numpy.

    Stored: the postings of *every* n-gram with its ``1 + log tf`` (``tf``, float32: no idf, no
    pruning), and one L2 norm per passage (``norms``, float32) under this index's corpus
    statistics. The idf and the ``min_df``/``max_df`` pruning are applied at query time from
    each n-gram's df (its posting list's length) and N, to the question's n-grams only; a
    passage's score is divided by its norm once. So the postings of a passage never depend on
    the other passages, only the norms do (and they are recomputed in one pass): what an index
    made of segments needs to stay exact (issue #11; docs/performance.md)."""

    FORMAT = FORMAT

    def __init__(
        self, vocab: Vocabulary, indptr: np.ndarray, doc_ids: np.ndarray, tf: np.ndarray, norms: np.ndarray, params: dict
    ) -> None:
        # as PostingIndex, with the stored 1 + log tf as its "weights" and no idf stored: the
        # idf is applied per question
        self.vocab = vocab
        self.indptr = np.asarray(indptr)  # np.asarray drops np.memmap: cheaper indexing
        self.doc_ids = np.asarray(doc_ids)
        self.tf = self.weights = np.asarray(tf)
        self._params = dict(params)
        self.n_docs = int(params["n_docs"])
        self._scratch = threading.local()
        self.norms = np.asarray(norms)
        if self.norms.shape != (self.n_docs,) or self.doc_ids.shape != self.tf.shape:
            raise ValueError("TF-IDF arrays are inconsistent with each other")
        self.min_count = int(params["min_doc_count"])
        self.max_count = int(params["max_doc_count"])

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Arrays to save: ``vocab.blob``, ``vocab.offsets``, ``vocab.keys``, ``indptr``,
        ``doc_ids``, ``tf``, ``norms``."""
        arrays = {f"vocab.{k}": v for k, v in self.vocab.to_arrays().items()}
        arrays.update(indptr=self.indptr, doc_ids=self.doc_ids, tf=self.tf, norms=self.norms)
        return arrays

    @classmethod
    def from_arrays(cls, arrays, params: dict):
        """The model saved by ``to_arrays``; one of format ``askmali-chartfidf/1`` (normalised
        weights of the kept n-grams, written by askmali before raw statistics) opens as a
        ``CharTfidfWeights``."""
        vocab = vocabulary_of(arrays)
        if params.get("format") == WEIGHTS_FORMAT:
            return CharTfidfWeights(vocab, arrays["idf"], arrays["indptr"], arrays["doc_ids"], arrays["weights"], params)
        if params.get("format") != FORMAT:
            raise ValueError(f"arrays are in format {params.get('format')!r}, expected {FORMAT!r}")
        return cls(vocab, arrays["indptr"], arrays["doc_ids"], arrays["tf"], arrays["norms"], params)

    def kept(self, ids: np.ndarray) -> np.ndarray:
        """Which of the n-grams ``ids`` the model keeps (``min_df`` <= df <= ``max_df``)."""
        df = self.df(ids)
        return (df >= self.min_count) & (df <= self.max_count)

    def features(self) -> np.ndarray:
        """Ids of the kept n-grams, ascending: sklearn's features, in its order."""
        return np.flatnonzero(self.kept(np.arange(len(self.vocab))))

    @property
    def idf(self) -> np.ndarray:
        """The idf of every kept n-gram (``features()`` order), as sklearn's ``idf_``."""
        return _smooth_idf(self.df(self.features()), self.n_docs)

    def matrix(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The document vectors sklearn computes, term-major over ``features()``: (indptr,
        doc_ids, weights). O(nnz): for inspection and tests, not the query path."""
        ids = self.features()
        df = self.df(ids)
        indptr = np.zeros(ids.size + 1, dtype=np.int64)
        np.cumsum(df, out=indptr[1:])
        take = np.concatenate([np.arange(self.indptr[i], self.indptr[i + 1]) for i in ids.tolist()] or [np.zeros(0, np.int64)])
        docs = self.doc_ids[take]
        weights = self.tf[take] * np.repeat(_smooth_idf(df, self.n_docs), df)
        return indptr, docs, (weights / self.norms[docs]).astype(np.float32)

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The query's TF-IDF vector as sorted n-gram ids (int64, ids of ``vocab``) and weights
        (float32), equal to sklearn's ``transform([text])`` row (see ``features``)."""
        ids, w, _ = self._vector(text)
        return ids, w

    def _vector(self, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``vector`` and the idf (float32) of its n-grams."""
        counts = Counter(char_wb_ngrams(fold(text), self.ngram_range))  # first-seen order, as a dict
        ids = self.vocab.lookup_many(list(counts))
        known = ids >= 0
        known[known] = self.kept(ids[known])
        ids = ids[known]
        if ids.size == 0:
            return ids, np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.float32)
        tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))[known]
        order = np.argsort(ids)
        ids, tf = ids[order], tf[order]
        if self.sublinear_tf:
            tf = np.log(tf) + np.float32(1.0)
        idf = _smooth_idf(self.df(ids), self.n_docs)
        w = tf * idf
        norm = np.sqrt(np.dot(w.astype(np.float64), w.astype(np.float64)))
        if norm > 0:
            w = (w / norm).astype(np.float32)
        return ids, w, idf

    def score(self, text: str) -> np.ndarray:
        """Cosine similarity of the query with every document (float32, length ``n_docs``):
        sum over the query's n-grams of ``q * idf * tf``, divided by each document's norm."""
        ids, w, idf = self._vector(text)
        if ids.size == 0:
            return np.zeros(self.n_docs, dtype=np.float32)
        acc = self._accumulate(ids, w.astype(np.float64) * idf)
        return np.divide(acc, self._norms64, out=np.empty(self.n_docs, dtype=np.float32), casting="same_kind")

    @cached_property
    def _norms64(self) -> np.ndarray:
        """The norms as float64, made once: dividing float64 sums by them is one pass."""
        return self.norms.astype(np.float64)

    def _accumulate(self, ids: np.ndarray, query_weights: np.ndarray | None) -> np.ndarray:
        """``PostingIndex._accumulate`` without the final cast: the sums in float64."""
        starts, ends = self.indptr[ids], self.indptr[ids + 1]
        if kernels.compiled is not None:  # the same sums, in the same order, compiled
            out = np.zeros(self.n_docs)
            kernels.compiled.weighted(out, self.doc_ids, self.tf, starts, ends, query_weights, 0)
            return out
        lengths = ends - starts
        docs, w = self._buffers(int(lengths.sum()))
        bounds = list(zip(starts.tolist(), ends.tolist()))
        np.concatenate([self.doc_ids[s:e] for s, e in bounds], out=docs, casting="safe")
        np.concatenate([self.tf[s:e] for s, e in bounds], out=w, casting="safe")
        w *= np.repeat(query_weights, lengths)
        return np.bincount(docs, weights=w, minlength=self.n_docs)

    @classmethod
    def build(cls, texts: Iterable[str], **options) -> "CharTfidf":
        """Fit on ``texts`` (raw passage texts; folded here): ``from_counts`` (and its
        ``options``) of their ``WordDocCounter``."""
        counter = WordDocCounter()
        counter.add(texts)
        return cls.from_counts(counter, **options)

    @classmethod
    def from_counts(
        cls,
        counter: "WordDocCounter",
        *,
        ngram_range: tuple[int, int] = DEFAULT_NGRAM_RANGE,
        min_df: int | float = DEFAULT_MIN_DF,
        max_df: int | float = DEFAULT_MAX_DF,
        max_df_floor: int = DEFAULT_MAX_DF_FLOOR,
        sublinear_tf: bool = True,
        spill: Path | None = None,
    ) -> "CharTfidf":
        """Fit on the texts ``counter`` counted. Needs scipy (not scikit-learn: importing it
        cost most of a small update's time, ~1.2 s of 2.6 s at 100,000 passages).

        ``min_df``/``max_df`` read as in sklearn (an int is a document count, a float a share),
        except that a share never prunes n-grams found in at most ``max(max_df_floor,
        min_df)`` documents (sklearn raises when 0.1 of a corpus is under one document).
        ``params()["max_doc_count"]`` is the count actually used: give it to sklearn as
        ``max_df`` to reproduce the model. When nothing is kept (no words, or every n-gram
        pruned), the model scores 0 everywhere rather than failing the index.

        With ``spill`` (an empty folder), the postings (most of an index: ~1,100 per passage)
        go to disk as they are computed and the model's ``doc_ids`` and ``tf`` are
        memory-mapped from the ``.npy`` files in ``files``, ready to be moved into an index
        (``store.write_generation``); memory then holds one block of the product at a time.
        """
        import scipy.sparse as sp

        words, word_doc = counter.finish()
        n_docs = word_doc.shape[1]
        min_count, max_count = _doc_count(min_df, n_docs), _doc_count(max_df, n_docs)
        if not isinstance(max_df, Integral):
            max_count = max(max_count, max_df_floor, min_count)
        if max_count < min_count:
            raise ValueError("max_df corresponds to < documents than min_df")
        params = {
            "format": FORMAT,
            "analyzer": "char_wb",
            "preprocessor": "askmali.analysis.fold",
            "ngram_range": [int(ngram_range[0]), int(ngram_range[1])],
            "min_df": min_df,
            "max_df": max_df,
            "max_df_floor": max_df_floor,
            "min_doc_count": int(np.ceil(min_count)),
            "max_doc_count": int(max_count),
            "sublinear_tf": bool(sublinear_tf),
            "smooth_idf": True,
            "norm": "l2",
            "n_docs": n_docs,
            "n_ngrams": 0,
            "n_features": 0,
            "nnz": 0,
            "nnz_kept": 0,
        }
        if not words:
            return cls._empty(params)
        ngram_word, features = _ngram_word_counts(words, ngram_range)  # n-gram x word counts
        del words
        word_df = np.diff(word_doc.indptr)
        dfs: list[np.ndarray] = []  # df of each n-gram, block by block (every n-gram is stored)
        postings = _Postings(spill)
        sq_norm = np.zeros(n_docs, dtype=np.float64)
        for rows in _row_blocks(ngram_word, word_df, np.zeros(ngram_word.shape[0], dtype=bool)):
            part = ngram_word[rows] @ word_doc  # n-gram x document term counts, as float32
            df = np.diff(part.indptr)
            tf = part.data
            if sublinear_tf:
                np.log(tf, out=tf)
                tf += np.float32(1.0)
            docs = part.indices.astype(np.int32)
            keep = (df >= min_count) & (df <= max_count)
            mask = np.repeat(keep, df)
            weighted = tf[mask] * np.repeat(_smooth_idf(df[keep], n_docs), df[keep])
            sq_norm += np.bincount(docs[mask], weights=np.square(weighted, dtype=np.float64), minlength=n_docs)
            dfs.append(df)
            postings.add(docs, tf)
            del part, mask, docs, tf, weighted
        df = np.concatenate(dfs) if dfs else np.zeros(0, dtype=np.int64)
        del dfs
        norms = np.sqrt(sq_norm).astype(np.float32)
        norms[norms == 0] = 1.0  # an empty document stays all zeros, as in sklearn
        doc_ids, tf = postings.finished()
        indptr = np.zeros(df.size + 1, dtype=np.int64)
        np.cumsum(df, out=indptr[1:])
        kept = (df >= min_count) & (df <= max_count)
        params.update(
            n_ngrams=int(df.size), n_features=int(kept.sum()), nnz=int(tf.size), nnz_kept=int(df[kept].sum())
        )
        vocab = Vocabulary.build(features)
        model = cls(vocab, indptr, doc_ids, tf, norms, params)
        model.files = postings.files
        return model

    @classmethod
    def _empty(cls, params: dict) -> "CharTfidf":
        none = np.zeros(0, dtype=np.float32)
        norms = np.ones(int(params["n_docs"]), dtype=np.float32)
        return cls(Vocabulary.build([]), np.zeros(1, dtype=np.int64), none.astype(np.int32), none, norms, params)


class CharTfidfWeights(_CharNgrams):
    """A model of format ``askmali-chartfidf/1``: the kept n-grams only, with normalised
    weights and idf, as askmali stored them before raw statistics. Read only, so that such an
    index still answers (with the same scores) until it is rebuilt."""

    FORMAT = WEIGHTS_FORMAT

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        counts = Counter(char_wb_ngrams(fold(text), self.ngram_range))
        ids = self.vocab.lookup_many(list(counts))
        known = ids >= 0
        ids = ids[known]
        if ids.size == 0:
            return ids, np.zeros(0, dtype=np.float32)
        tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))[known]
        order = np.argsort(ids)
        ids, tf = ids[order], tf[order]
        if self.sublinear_tf:
            tf = np.log(tf) + np.float32(1.0)
        w = tf * self.idf[ids]
        norm = np.sqrt(np.dot(w.astype(np.float64), w.astype(np.float64)))
        if norm > 0:
            w = (w / norm).astype(np.float32)
        return ids, w

    def score(self, text: str) -> np.ndarray:
        ids, w = self.vector(text)
        return self._accumulate(ids, w)


def _ngram_word_counts(words: list[str], ngram_range: tuple[int, int]):
    """(n-gram x word counts as a float32 scipy CSR array, the n-grams sorted): what
    ``CountVectorizer(analyzer="char_wb", lowercase=False).fit_transform(words).T`` and its
    ``get_feature_names_out()`` give, element for element (tests/test_tfidf.py), without
    importing scikit-learn."""
    import scipy.sparse as sp

    ids: dict[str, int] = {}
    indices: list[int] = []
    counts: list[int] = []
    indptr = [0]
    for word in words:
        for gram, n in Counter(char_wb_ngrams(word, ngram_range)).items():
            indices.append(ids.setdefault(gram, len(ids)))
            counts.append(n)
        indptr.append(len(indices))
    features = sorted(ids)
    rank = np.empty(len(ids), dtype=np.int64)  # first-seen id -> sorted id
    rank[np.fromiter((ids[g] for g in features), dtype=np.int64, count=len(ids))] = np.arange(len(ids))
    index = np.int32 if max(len(indices), len(ids)) < np.iinfo(np.int32).max else np.int64  # as scipy picks
    word_ngram = sp.csr_array(
        (np.asarray(counts, dtype=np.float32), rank[np.asarray(indices, dtype=np.int64)].astype(index), np.asarray(indptr, dtype=index)),
        shape=(len(words), len(ids)),
    )
    ngram_word = sp.csr_array(word_ngram.T)
    ngram_word.sort_indices()
    return ngram_word, features


def _smooth_idf(df: np.ndarray, n_docs: int) -> np.ndarray:
    """sklearn's smoothed idf, in float32 step by step as ``TfidfTransformer.fit`` does it."""
    d = df.astype(np.float32) + np.float32(1.0)
    idf = np.full_like(d, n_docs + 1, dtype=np.float32)
    idf /= d
    np.log(idf, out=idf)
    idf += np.float32(1.0)
    return idf


class _NewIds(FirstSeenIds):
    """``FirstSeenIds`` that also lists the keys it has not reported yet (``take_new``)."""

    def __init__(self) -> None:
        super().__init__()
        self.new: list[str] = []

    def __missing__(self, key: str) -> int:
        self.new.append(key)
        return super().__missing__(key)

    def take_new(self) -> list[str]:
        new, self.new = self.new, []
        return new


def _word_doc_counts(texts: Iterable[str], batch: int | None = None):
    """The distinct words of the folded ``texts`` and their word x document counts
    (``WordDocCounter.finish``)."""
    counter = WordDocCounter(batch)
    counter.add(texts)
    return counter.finish()


class WordDocCounter:
    """The distinct words of the folded texts, split on whitespace as sklearn's char_wb does
    (sorted), and the word x document count matrix (scipy CSR, float32; documents ascending
    within a word), from texts given in order, a batch at a time (``add``).

    ``fold(text).split()`` is the concatenation of ``fold(chunk).split()`` over the raw
    whitespace chunks, so each distinct raw chunk is folded once, when first seen. Texts are
    counted ``batch`` at a time into compact (word, document, count) arrays (kept, or with
    ``spill`` written to disk, ``store.SpilledBatches``), placed word-major by ``finish``
    with a counting sort: memory holds those arrays, not a matrix per raw chunk, and with
    ``spill`` only the finished matrix.
    """

    def __init__(self, batch: int | None = None, spill: Path | None = None) -> None:
        self.batch = batch or TEXT_BATCH
        self.raw = _NewIds()  # raw chunk -> id
        self.word_ids = _NewIds()  # folded word -> first-seen id
        self.chunk_words = array("i")  # the folded words of each raw chunk, in raw id order ...
        self.chunk_ends = array("q", [0])  # ... ending at these offsets
        self.batches = SpilledBatches(spill, "tfidf.words", (np.int32, np.int32, np.float32))
        self.df = np.zeros(0, dtype=np.int64)  # documents of each word, by first-seen id
        self.n_docs = 0
        self.pending: list[str] = []

    def add(self, texts: Iterable[str]) -> None:
        pending = self.pending
        for text in texts:
            pending.append(text)
            if len(pending) >= self.batch:
                self._count(pending)
                pending.clear()

    def _count(self, texts: list[str]) -> None:
        raw, word_ids, chunk_words, chunk_ends = self.raw, self.word_ids, self.chunk_words, self.chunk_ends
        flat = array("i")
        lengths = np.fromiter((raw.extend_ids(flat, t.split()) for t in texts), dtype=np.int64, count=len(texts))
        for chunk in raw.take_new():
            chunk_ends.append(chunk_ends[-1] + word_ids.extend_ids(chunk_words, fold(chunk).split()))
        ends = np.frombuffer(chunk_ends, dtype=np.int64)
        chunks = np.frombuffer(flat, dtype=np.int32)
        per_chunk = (ends[1:] - ends[:-1])[chunks]
        # the words of every chunk occurrence, in text order, and the document of each
        starts = np.repeat(ends[:-1][chunks] - np.cumsum(per_chunk) + per_chunk, per_chunk)
        words = np.frombuffer(chunk_words, dtype=np.int32)[starts + np.arange(starts.size)]
        docs = np.repeat(np.repeat(np.arange(len(texts), dtype=np.int64), lengths), per_chunk)
        del ends, chunks  # views of the growing buffers: they must not outlive this call
        pairs, counts = np.unique(words.astype(np.int64) * len(texts) + docs, return_counts=True)
        word, doc = np.divmod(pairs, len(texts))
        self.df = add_counts(self.df, word, len(word_ids))
        self.batches.append(word.astype(np.int32), (doc + self.n_docs).astype(np.int32), counts.astype(np.float32))
        self.n_docs += len(texts)

    def finish(self):
        """(sorted words, word x document CSR matrix) of every text added."""
        import scipy.sparse as sp

        if self.pending:
            self._count(self.pending)
            self.pending = []
        n_docs, word_ids = self.n_docs, self.word_ids
        self.raw = self.chunk_words = self.chunk_ends = None
        words = sorted(word_ids)
        n_words = len(words)
        remap = np.empty(n_words, dtype=np.int64)  # first-seen id -> sorted id
        remap[np.fromiter(map(word_ids.__getitem__, words), dtype=np.int64, count=n_words)] = np.arange(n_words)
        self.word_ids = word_ids = None
        df = np.zeros(n_words, dtype=np.int64)
        df[remap] = self.df[:n_words]
        indptr = np.zeros(n_words + 1, dtype=np.int64)
        np.cumsum(df, out=indptr[1:])
        nnz = int(indptr[-1])
        doc_ids = np.empty(nnz, dtype=np.int32)
        data = np.empty(nnz, dtype=np.float32)
        cursor = indptr[:-1].copy()
        for word, doc, counts in self.batches.drain():
            order, place = term_major_places(remap[word], cursor)
            doc_ids[place] = doc[order]
            data[place] = counts[order]
        index_dtype = np.int32 if max(nnz, n_docs) < 2**31 else np.int64
        matrix = sp.csr_array((data, doc_ids.astype(index_dtype, copy=False), indptr.astype(index_dtype)), shape=(n_words, n_docs))
        return words, matrix


def _row_max(matrix, values: np.ndarray) -> np.ndarray:
    """For each row of a CSR matrix, the max of ``values`` over its column indices (0 if empty)."""
    out = np.zeros(matrix.shape[0], dtype=values.dtype)
    lengths = np.diff(matrix.indptr)
    nonempty = np.flatnonzero(lengths)
    if nonempty.size:
        out[nonempty] = np.maximum.reduceat(values[matrix.indices], matrix.indptr[nonempty])
    return out


def _row_blocks(ngram_word, word_df: np.ndarray, skip: np.ndarray, budget: int | None = None):
    """Row ids of ``ngram_word`` not in ``skip``, in order, in blocks whose product with the
    word x document matrix has at most about ``budget`` entries (bounds the build's memory)."""
    import scipy.sparse as sp

    budget = budget or BLOCK_BUDGET
    binary = sp.csr_array((np.ones_like(ngram_word.data), ngram_word.indices, ngram_word.indptr), shape=ngram_word.shape)
    work = binary @ word_df.astype(np.float64)  # upper bound on each row's document count
    rows = np.flatnonzero(~skip)
    block = np.cumsum(work[rows]) // budget  # rows with the same quotient share a block
    yield from np.split(rows, np.flatnonzero(np.diff(block)) + 1) if rows.size else ()


class _Postings:
    """The (document, weight before normalisation) postings of the n-gram blocks, in block
    order: kept in memory, or with ``spill`` written to raw files there as they come."""

    def __init__(self, spill: Path | None) -> None:
        self.spill = spill
        self.blocks = SpilledBatches(spill, "tfidf.postings", (np.int32, np.float32))
        self.files: dict[str, ArrayFile] = {}

    def add(self, docs: np.ndarray, tf: np.ndarray) -> None:
        self.blocks.append(docs, tf)

    def finished(self) -> tuple[np.ndarray, np.ndarray]:
        """All postings in block order: (doc_ids, tf). Each block goes into its place in the
        output and is freed at once, so the postings are held once (or, spilled, not at all),
        never twice as concatenating would."""
        nnz = sum(self.blocks.sizes)
        if self.spill is None:
            doc_ids = np.empty(nnz, dtype=np.int32)
            tfs = np.empty(nnz, dtype=np.float32)
            at = 0
            for docs, tf in self.blocks.drain():
                doc_ids[at : at + docs.size] = docs
                tfs[at : at + docs.size] = tf
                at += docs.size
            return doc_ids, tfs
        out_docs = ArrayFile(self.spill / "doc_ids.npy", np.int32, nnz)
        out_tf = ArrayFile(self.spill / "tf.npy", np.float32, nnz)
        for docs, tf in self.blocks.drain():
            out_docs.write(docs)
            out_tf.write(tf)
        self.files = {"doc_ids": out_docs, "tf": out_tf}
        return out_docs.close(), out_tf.close()
