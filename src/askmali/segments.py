"""An index made of segments (issue #11): reading several segments as one index.

A generation's manifest lists its segments (``"segments"``): each is a set of arrays written
once by one build or update (passage table, BM25 and TF-IDF raw statistics, under its own key
prefix) with the sources it holds and its dead rows (``"dead"``, row ranges of the files that
were changed or removed since: tombstones). A segment's arrays are never rewritten: a later
generation hard-links their files (``store.write_generation``, ``links``), so they are shared
between generations and go away with the last generation that names them. Only the TF-IDF norms
of every segment (``<prefix>tfidf.norms``, one float per passage) are written again by each
generation, since they depend on the global df and N.

An index written by a fresh build (no ``"segments"`` key) is one segment with the prefix "".

Scores stay exact: N, avgdl, each term's df (the sum over segments of its live postings), the
idf and the TF-IDF pruning are global; a segment's scores land in one vector over global rows
(the segment's offset + its local row). A dead row scores 0 everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .bm25 import BM25, _idf, nonzero_rows
from .models import Passage
from .passages import PassageTable, rows_named
from .tfidf import CharTfidf, _doc_count, _smooth_idf, char_wb_ngrams
from .analysis import fold

import re
import threading
from bisect import bisect_right
from collections import Counter

SEGMENT_PREFIX = re.compile(r"s[0-9]+\.")
MAX_SEGMENTS = 10  # an update that would leave more merges some of them (``plan_merge``)
MERGE_FACTOR = 4  # segments a merge takes at least


def plan_merge(sizes: Sequence[int], adding: bool) -> list[int]:
    """The segments (indices into ``sizes``, their live passages) that an update merges into the
    segment it writes, so that at most ``MAX_SEGMENTS`` remain: none while they fit; else the
    smallest ones, at least ``MERGE_FACTOR`` of them. As in Lucene's tiered policy, simplified:
    the segments merged are the smallest and of similar sizes, so a big segment is rewritten only
    when the small ones have grown to its size, and an update's cost follows its own size rather
    than the index's. ``askmali index --optimize`` merges everything."""
    alive = [i for i, n in enumerate(sizes) if n]
    after = len(alive) + 1 if adding else len(alive)  # the update's own segment
    if after <= MAX_SEGMENTS:
        return []
    k = max(MERGE_FACTOR, after - MAX_SEGMENTS + 1)
    return sorted(sorted(alive, key=lambda i: (sizes[i], i))[:k])


def segments_of(manifest: dict) -> list[dict]:
    """The segments of a generation's manifest; a fresh build's manifest is one segment."""
    segs = manifest.get("segments")
    if segs is None:
        return [
            {
                "prefix": "",
                "id": 0,
                "passages": int(manifest["counts"]["passages"]),
                "sources": manifest["sources"],
                "source_rows": manifest.get("source_rows"),
                "bm25": manifest["bm25"],
                "tfidf": manifest["tfidf"],
                "dead": [],
            }
        ]
    return segs


def sub(arrays: Mapping[str, np.ndarray], prefix: str) -> dict[str, np.ndarray]:
    return {k[len(prefix) :]: v for k, v in arrays.items() if k.startswith(prefix)}


def alive_mask(n: int, dead: Sequence[int], source_rows: Sequence[Sequence[int]]) -> np.ndarray | None:
    """A bool mask of the live rows of a segment of ``n`` rows whose files ``dead`` (indices
    into its sources) were changed or removed since; None when none is dead."""
    if not dead:
        return None
    alive = np.ones(n, dtype=bool)
    for f in dead:
        a, b = source_rows[f][:2]
        alive[a:b] = False
    return alive


def segment_keys(keys, prefix: str) -> list[str]:
    """The array names of the segment with ``prefix`` ("" : the names without a segment prefix)."""
    if prefix:
        return [k for k in keys if k.startswith(prefix)]
    return [k for k in keys if not SEGMENT_PREFIX.match(k) and not k.startswith("g.")]


# arrays of a segment that depend on the generation (global statistics, dead rows): written
# again by every generation, never linked from the previous one
GENERATION_ARRAYS = ("tfidf.norms", "bm25.live_df", "tfidf.live_df", "bm25.gmap", "tfidf.gmap")


class Segment:
    """One segment of a loaded index: its table, BM25 and TF-IDF, and its live rows."""

    def __init__(self, meta: dict, arrays: Mapping[str, np.ndarray], stored_live: bool = True) -> None:
        """``stored_live=False``: count the live df again rather than read the generation's
        (a writer whose new generation marks other rows dead)."""
        prefix = meta["prefix"]
        own = sub(arrays, prefix) if prefix else {k: arrays[k] for k in segment_keys(arrays, "")}
        self.meta = meta
        self.table = PassageTable({k: v for k, v in own.items() if not k.startswith(("bm25.", "tfidf."))})
        self.bm25 = BM25.from_arrays(sub(own, "bm25."), meta["bm25"])
        self.tfidf = CharTfidf.from_arrays(sub(own, "tfidf."), meta["tfidf"])
        self.n = len(self.table)
        self.alive = alive_mask(self.n, meta.get("dead") or [], meta.get("source_rows") or [])
        # the live df of every term of a segment with dead rows, as the generation stored it
        self._live = {}
        if self.alive is not None:
            for name, index in (("bm25", self.bm25), ("tfidf", self.tfidf)):
                stored = own.get(f"{name}.live_df") if stored_live else None
                self._live[id(index)] = np.asarray(stored) if stored is not None else live_counts(index, self.alive)

    def live_df(self, index, ids: np.ndarray) -> np.ndarray:
        """The number of live postings of the terms ``ids`` (-1: absent, 0) of ``index``."""
        out = np.zeros(ids.size, dtype=np.int64)
        known = ids >= 0
        if not known.any():
            return out
        if self.alive is None:
            out[known] = index.indptr[ids[known] + 1] - index.indptr[ids[known]]
        else:
            out[known] = self._live[id(index)][ids[known]]
        return out


CHUNK = 8_000_000  # postings handled together by a pass over a segment (bounds temporaries)


def term_chunks(indptr: np.ndarray, budget: int = CHUNK):
    """Ranges of terms ``(t0, t1)`` whose postings add up to about ``budget`` each."""
    n_terms = indptr.size - 1
    t0 = 0
    while t0 < n_terms:
        t1 = int(np.searchsorted(indptr, indptr[t0] + budget, side="right")) - 1
        t1 = min(max(t1, t0 + 1), n_terms)
        yield t0, t1
        t0 = t1


def live_counts(index, alive: np.ndarray) -> np.ndarray:
    """Each term's number of postings on live rows (int32): one pass over the postings."""
    indptr = np.asarray(index.indptr)
    out = np.zeros(indptr.size - 1, dtype=np.int32)
    for t0, t1 in term_chunks(indptr):
        s, e = int(indptr[t0]), int(indptr[t1])
        live = alive[index.doc_ids[s:e]]
        starts = indptr[t0:t1] - s
        out[t0:t1] = np.add.reduceat(live, starts, dtype=np.int64) if e > s else 0
    return out


class Segments:
    """The segments of a generation, read as one index over global rows."""

    def __init__(self, manifest: dict, arrays: Mapping[str, np.ndarray]) -> None:
        self.arrays = arrays
        self.segments = [Segment(meta, arrays) for meta in segments_of(manifest)]
        self.offsets = np.zeros(len(self.segments) + 1, dtype=np.int64)
        np.cumsum([s.n for s in self.segments], out=self.offsets[1:])
        self.n = int(self.offsets[-1])
        g = manifest.get("global") or {}
        self.n_live = int(g.get("n_docs", self.n))
        self.avgdl = float(g.get("avgdl", self.segments[0].bm25.avgdl if self.segments else 1.0))
        self.dead = np.zeros(self.n, dtype=bool)
        for seg, off in zip(self.segments, self.offsets.tolist()):
            if seg.alive is not None:
                self.dead[off : off + seg.n] = ~seg.alive
        self.dead_rows = np.flatnonzero(self.dead)
        self.table = MultiTable(self)
        self.bm25 = MultiBM25(self)
        self.tfidf = MultiTfidf(self)


class MultiTable:
    """``PassageTable``'s reading methods over the segments' tables (global rows)."""

    def __init__(self, segs: Segments) -> None:
        self._segs = segs.segments
        self._offsets = segs.offsets
        self._starts = segs.offsets.tolist()
        self._dead = segs.dead
        self.source = np.concatenate(
            [s.table.source.astype(np.int64) + sum(len(t.table.source_names) for t in self._segs[:i]) for i, s in enumerate(self._segs)]
        )
        firsts = [s.table.source_first[:-1].astype(np.int64) + off for s, off in zip(self._segs, self._offsets.tolist())]
        self.source_first = np.concatenate(firsts + [np.array([segs.n], dtype=np.int64)])
        self._src_offsets = np.cumsum([0] + [len(s.table.source_names) for s in self._segs])
        self.kind = np.concatenate([np.asarray(s.table.kind) for s in self._segs])
        self.source_names = _Joined([s.table.source_names for s in self._segs])
        self.source_titles = _Joined([s.table.source_titles for s in self._segs])
        self._by_name: dict[str, tuple[int, int]] | None = None

    def __len__(self) -> int:
        return int(self._offsets[-1])

    def _where(self, row: int) -> tuple[PassageTable, int, int]:
        i = bisect_right(self._starts, row) - 1  # a Python list: cheaper than numpy per row
        off = self._starts[i]
        return self._segs[i].table, row - off, off

    def get(self, i: int) -> Passage:
        table, local, _ = self._where(int(i))
        return table.get(local)

    def rows(self, start: int, end: int) -> list[Passage]:
        return [self.get(i) for i in range(start, end)]

    def stored_sentence_terms(self, row: int):
        table, local, _ = self._where(int(row))
        return table.stored_sentence_terms(local)

    def stored_phrase_text(self, row: int):
        table, local, _ = self._where(int(row))
        return table.stored_phrase_text(local)

    def title_of(self, row: int) -> str:
        table, local, _ = self._where(int(row))
        return table.title_of(local)

    def _names(self) -> dict[str, tuple[int, int]]:
        """Live source name -> its global rows."""
        if self._by_name is None:
            out = {}
            for seg, off in zip(self._segs, self._offsets.tolist()):
                first = seg.table.source_first.tolist()
                for i in range(len(first) - 1):
                    if seg.alive is None or seg.alive[first[i] : first[i + 1]].all():
                        out[seg.table.source_names[i]] = (off + first[i], off + first[i + 1])
            self._by_name = out
        return self._by_name

    def find(self, passage_id: str) -> int | None:
        source, sep, number = passage_id.rpartition("#")
        if not sep or not number.isdigit():
            return None
        span = self._names().get(source)
        if span is None:
            return None
        row = span[0] + int(number)
        return row if row < span[1] else None

    def row_of(self, p: Passage) -> int | None:
        return self.find(p.id)

    def rows_named(self, names: Sequence[str]) -> np.ndarray | None:
        return rows_named(names, self._names(), self.find)

    def footnote_rows(self, source_index: int, numbers: Sequence[int]) -> list[int]:
        i = int(np.searchsorted(self._src_offsets, source_index, side="right")) - 1
        local = int(source_index - self._src_offsets[i])
        off = int(self._offsets[i])
        return [off + r for r in self._segs[i].table.footnote_rows(local, numbers)]


class _Joined:
    """String tables read one after the other as one (global source indices)."""

    def __init__(self, tables) -> None:
        self._tables = tables
        self._offsets = np.cumsum([0] + [len(t) for t in tables])

    def __len__(self) -> int:
        return int(self._offsets[-1])

    def __getitem__(self, i: int) -> str:
        j = int(np.searchsorted(self._offsets, i, side="right")) - 1
        return self._tables[j][int(i - self._offsets[j])]


class _Lookups:
    """The terms of the last questions looked up in every segment: (ids, one row per segment
    (int64, -1: absent), global live df). A question looks its terms up several times (known
    terms, weights, scores). With the generation's global vocabulary (``global_terms``), a term
    is looked up once and its id in every segment is one row of the segments' maps side by
    side (made at the first question), gathered by one fancy index."""

    def __init__(self, segs: list[Segment], which: str, arrays: Mapping[str, np.ndarray], size: int = 8) -> None:
        from .vocab import Vocabulary

        self._segs = segs
        self._which = which
        self._size = size
        self._cache: dict[tuple[str, ...], tuple[np.ndarray, np.ndarray]] = {}
        self._global = None
        self._maps = [arrays.get(f"{s.meta['prefix']}{which}.gmap") for s in segs]
        self._stacked: np.ndarray | None = None  # global term x segment: its local id
        if f"g.{which}.df" in arrays and all(m is not None for m in self._maps):
            vocab = Vocabulary.from_arrays(sub(arrays, f"g.{which}.vocab."))
            self._global = (vocab, np.asarray(arrays[f"g.{which}.df"]))

    def __call__(self, terms: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        key = tuple(terms)
        got = self._cache.get(key)
        if got is None and self._global is not None:
            vocab, gdf = self._global
            if self._stacked is None:
                self._stacked = np.stack([np.asarray(m) for m in self._maps], axis=1)
            gids = vocab.lookup_many(list(key))
            known = gids >= 0
            safe = np.where(known, gids, 0)
            df = np.where(known, gdf[safe], 0)
            ids = np.where(known, self._stacked[safe].T, -1).astype(np.int64)
            if len(self._cache) >= self._size:
                self._cache.clear()
            got = self._cache[key] = (ids, df)
        if got is None:
            rows, df = [], np.zeros(len(key), dtype=np.int64)
            for seg in self._segs:
                index = getattr(seg, self._which)
                found = index.vocab.lookup_many(list(key))
                rows.append(np.asarray(found, dtype=np.int64))
                df += seg.live_df(index, found)
            ids = np.stack(rows) if rows else np.zeros((0, len(key)), dtype=np.int64)
            if len(self._cache) >= self._size:
                self._cache.clear()
            got = self._cache[key] = (ids, df)
        return got


SHORT = 32  # mean postings per term under which a segment's lists are gathered by one fancy index


def _gather(index, sel: np.ndarray, docs_parts: list, tf_parts: list) -> np.ndarray:
    """Append the posting lists of the terms ``sel`` of ``index`` (doc ids, tf) to the parts
    to concatenate, in that order, and return their lengths. Long lists are sliced (a copy
    each); a segment of short lists (a small update's) is gathered by one fancy index rather
    than a Python slice per term."""
    starts, ends = index.indptr[sel], index.indptr[sel + 1]
    lengths = ends - starts
    total = int(lengths.sum())
    if total <= SHORT * sel.size:
        take = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
        docs_parts.append(index.doc_ids[take])
        tf_parts.append(index.tf[take])
    else:
        doc_ids, tf = index.doc_ids, index.tf
        for a, b in zip(starts.tolist(), ends.tolist()):
            docs_parts.append(doc_ids[a:b])
            tf_parts.append(tf[a:b])
    return lengths


class _Vocabularies:
    """Typo correction's view of the terms of all live segments (``Engine._neighbours``)."""

    def __init__(self, segs: list[Segment], lookups: _Lookups) -> None:
        self._segs = segs
        self._lookups = lookups

    def lookup_many(self, terms: Sequence[str]) -> np.ndarray:
        """1 for a term with a live posting in some segment, -1 otherwise (a flag, not an id)."""
        return np.where(self._lookups(terms)[1] > 0, 1, -1)

    def neighbours(self, prefix: str, size_of, limit: int) -> list[tuple[str, int]] | None:
        """(term, live df) of the live terms starting with ``prefix`` in all segments, or None
        when there are more than ``limit`` of them. With the generation's global vocabulary,
        one prefix range of it and the global df (the same terms and counts)."""
        if self._lookups._global is not None:
            vocab, gdf = self._lookups._global
            lo, hi = vocab.prefix_range(prefix)
            live = np.flatnonzero(gdf[lo:hi] > 0) + lo
            if live.size > limit:
                return None
            return sorted((vocab.term(i), int(gdf[i])) for i in live.tolist())
        found: dict[str, int] = {}
        for seg in self._segs:
            vocab = seg.bm25.vocab
            lo, hi = vocab.prefix_range(prefix)
            if hi > lo:
                df = seg.live_df(seg.bm25, np.arange(lo, hi))
                for i, n in zip(range(lo, hi), df.tolist()):
                    term = vocab.term(i)
                    found[term] = found.get(term, 0) + n
        live = [(t, n) for t, n in sorted(found.items()) if n > 0]
        return None if len(live) > limit else live


class MultiBM25:
    """BM25 over segments with global N, df and avgdl."""

    def __init__(self, segs: Segments) -> None:
        self._segs = segs
        self.n_docs = segs.n_live
        first = segs.segments[0].bm25
        self.k1, self.b = first.k1, first.b
        self._params = first.params()
        self._lookups = _Lookups(segs.segments, "bm25", segs.arrays)
        self.vocabularies = _Vocabularies(segs.segments, self._lookups)
        self._scratch = threading.local()
        self._norm: np.ndarray | None = None

    def df(self, terms: Sequence[str]) -> np.ndarray:
        return self._lookups(terms)[1].copy()

    def _idf(self, df: np.ndarray) -> np.ndarray:
        return _idf(df, self.n_docs, "lucene", 0.0)

    def score(self, terms: Sequence[str]) -> np.ndarray:
        """BM25 of every global row: the postings of every segment gathered into one buffer
        over global rows and summed by one ``np.bincount``, with each weight computed as
        ``BM25._accumulate`` computes it (so a row's score is bit for bit its segment's: its
        postings come from its own segment only, in the same order)."""
        terms = sorted(t for t in terms)
        if not terms:
            return np.zeros(self._segs.n, dtype=np.float32)
        distinct, counts = np.unique(np.array(terms, dtype=object), return_counts=True)
        looked, df = self._lookups(distinct.tolist())
        present = df > 0
        if not present.any():
            return np.zeros(self._segs.n, dtype=np.float32)
        idf = self._idf(df)
        weights = counts.astype(np.float32).astype(np.float64)
        docs_parts, tf_parts, lengths, offs, idfs, qws = [], [], [], [], [], []
        ok_all = (looked >= 0) & present
        offsets = self._segs.offsets
        for i in np.flatnonzero(ok_all.any(axis=1)).tolist():
            ok = ok_all[i]
            length = _gather(self._segs.segments[i].bm25, looked[i][ok], docs_parts, tf_parts)
            lengths.append(length)
            offs.append(np.full(length.size, offsets[i], dtype=np.intp))
            idfs.append(idf[ok])
            qws.append(weights[ok])
        if not lengths:
            return np.zeros(self._segs.n, dtype=np.float32)
        length = np.concatenate(lengths)
        docs, w = _buffers(self._scratch, int(length.sum()))
        np.concatenate(docs_parts, out=docs, casting="safe")
        docs += np.repeat(np.concatenate(offs), length)  # local rows -> global rows
        np.concatenate(tf_parts, out=w, casting="safe")
        # idf * tf * (k1 + 1) / (tf + norm), in this order, rounded to float32 (BM25._accumulate)
        denominator = w + self._length_norm()[docs]
        w *= np.repeat(np.concatenate(idfs), length)
        w *= self.k1 + 1.0
        w /= denominator
        w = w.astype(np.float32).astype(np.float64)
        w *= np.repeat(np.concatenate(qws), length)
        out = np.bincount(docs, weights=w, minlength=self._segs.n).astype(np.float32)
        out[self._segs.dead_rows] = 0.0
        return out

    def score_rows(self, terms: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """The rows ``score(terms)`` does not score 0 and their scores (``BM25.score_rows``)."""
        return nonzero_rows(self.score(terms))

    def _length_norm(self) -> np.ndarray:
        """``k1 * (1 - b + b * dl / avgdl)`` of every global row under the global avgdl (float64,
        element for element what each segment's ``BM25.scored`` uses), made at the first question."""
        if self._norm is None:
            dl = np.concatenate([np.asarray(s.bm25.doc_len) for s in self._segs.segments]).astype(np.int64)
            self._norm = self.k1 * (1.0 - self.b + self.b * dl / self._segs.avgdl)
        return self._norm

    def term_idf(self, terms: Sequence[str]) -> np.ndarray:
        return self._idf(self.df(list(terms))).astype(np.float32)


class MultiTfidf:
    """Char TF-IDF over segments: global df, N and pruning; each segment's own norms."""

    def __init__(self, segs: Segments) -> None:
        self._segs = segs
        first = segs.segments[0].tfidf
        self._params = first.params()
        self.ngram_range = first.ngram_range
        self.sublinear_tf = first.sublinear_tf
        self.n_docs = segs.n_live
        self.min_count, self.max_count = limits(self._params, self.n_docs)
        self._lookups = _Lookups(segs.segments, "tfidf", segs.arrays, size=2)
        self._scratch = threading.local()
        self._norms: np.ndarray | None = None

    def score(self, text: str) -> np.ndarray:
        out = np.zeros(self._segs.n, dtype=np.float32)
        counts = Counter(char_wb_ngrams(fold(text), self.ngram_range))
        grams = sorted(counts)
        if not grams:
            return out
        looked, df = self._lookups(grams)
        kept = (df >= max(self.min_count, 1)) & (df <= self.max_count)
        if not kept.any():
            return out
        tf = np.array([counts[g] for g in grams], dtype=np.float32)[kept]
        if self.sublinear_tf:
            tf = np.log(tf) + np.float32(1.0)
        idf = _smooth_idf(df[kept], self.n_docs)
        w = tf * idf
        norm = np.sqrt(np.dot(w.astype(np.float64), w.astype(np.float64)))
        if norm > 0:
            w = (w / norm).astype(np.float32)
        qw = w.astype(np.float64) * idf
        docs_parts, tf_parts, lengths, offs, qws = [], [], [], [], []
        looked = looked[:, kept]
        ok_all = looked >= 0
        offsets = self._segs.offsets
        for i in np.flatnonzero(ok_all.any(axis=1)).tolist():
            ok = ok_all[i]
            ids = looked[i][ok]
            order = np.argsort(ids)  # each segment's n-grams in its own id order, as it sums them
            length = _gather(self._segs.segments[i].tfidf, ids[order], docs_parts, tf_parts)
            lengths.append(length)
            offs.append(np.full(length.size, offsets[i], dtype=np.intp))
            qws.append(qw[ok][order])
        if not lengths:
            return out
        # one gather and one bincount over global rows (``CharTfidf._accumulate``, every segment
        # at once: a row's postings are its segment's, in the same order, so its sum is the same)
        length = np.concatenate(lengths)
        docs, acc_w = _buffers(self._scratch, int(length.sum()))
        np.concatenate(docs_parts, out=docs, casting="safe")
        docs += np.repeat(np.concatenate(offs), length)
        np.concatenate(tf_parts, out=acc_w, casting="safe")
        acc_w *= np.repeat(np.concatenate(qws), length)
        acc = np.bincount(docs, weights=acc_w, minlength=self._segs.n)
        np.divide(acc, self._norms64(), out=out, casting="same_kind")
        out[self._segs.dead_rows] = 0.0
        return out

    def _norms64(self) -> np.ndarray:
        """Every global row's TF-IDF norm as float64 (the segments' ``_norms64`` end to end)."""
        if self._norms is None:
            self._norms = np.concatenate([np.asarray(s.tfidf.norms) for s in self._segs.segments]).astype(np.float64)
        return self._norms


def _buffers(local: threading.local, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Scratch arrays of ``size`` (global rows, values), kept per thread and grown as needed."""
    if getattr(local, "docs", None) is None or local.docs.size < size:
        local.docs = np.empty(max(size, 1024) * 2, dtype=np.intp)
        local.w = np.empty(local.docs.size, dtype=np.float64)
    return local.docs[:size], local.w[:size]


def limits(params: dict, n_docs: int) -> tuple[int, int]:
    """The min and max document counts of TF-IDF's pruning for a corpus of ``n_docs`` (as
    ``CharTfidf.build`` computes them)."""
    min_df, max_df = params["min_df"], params["max_df"]
    min_count, max_count = _doc_count(min_df, n_docs), _doc_count(max_df, n_docs)
    if not isinstance(max_df, int):
        max_count = max(max_count, params["max_df_floor"], min_count)
    return int(np.ceil(min_count)), int(max_count)


def global_terms(segments: Sequence[Segment], which: str) -> dict[str, np.ndarray]:
    """The terms of every segment's ``which`` index ("bm25", "tfidf") as one sorted vocabulary,
    with each term's global live df, and for each segment its local id of every global term
    (-1: absent): a question then looks its terms up once, not once per segment. Arrays of
    the generation: ``g.<which>.vocab.*``, ``g.<which>.df``, ``<prefix><which>.gmap``."""
    from .vocab import Vocabulary

    terms = [np.array(getattr(s, which).vocab.terms(), dtype=str) for s in segments]
    joined = np.concatenate(terms) if terms else np.zeros(0, dtype=str)
    uniq, inverse = np.unique(joined, return_inverse=True)
    live = [
        np.diff(getattr(s, which).indptr) if s.alive is None else s._live[id(getattr(s, which))].astype(np.int64)
        for s in segments
    ]
    df = np.bincount(inverse, weights=np.concatenate(live) if live else None, minlength=uniq.size).astype(np.int64)
    vocab = Vocabulary.build(uniq.tolist())
    out = {f"g.{which}.vocab.{k}": v for k, v in vocab.to_arrays().items()}
    out[f"g.{which}.df"] = df
    at = 0
    for s, t in zip(segments, terms):
        gmap = np.full(uniq.size, -1, dtype=np.int32)
        gmap[inverse[at : at + t.size]] = np.arange(t.size, dtype=np.int32)
        at += t.size
        out[f"{s.meta['prefix']}{which}.gmap"] = gmap
    return out


def global_stats(segments: Sequence[Segment]) -> tuple[int, float, list[np.ndarray]]:
    """N, avgdl over the live passages, and the TF-IDF norms of every segment under the global
    df and N (float32, one per row; 1 for a dead or empty row), as a fresh build computes them."""
    n = sum(int(s.n if s.alive is None else s.alive.sum()) for s in segments)
    lengths = np.concatenate([s.bm25.doc_len if s.alive is None else s.bm25.doc_len[s.alive] for s in segments]).astype(np.int64)
    avgdl = float(lengths.mean()) if n and lengths.sum() else 1.0
    # n-gram identity across segments: the strings, uniqued over all segments
    grams = [np.array(s.tfidf.vocab.terms(), dtype=str) for s in segments]
    live_df = []
    for s in segments:
        t = s.tfidf
        live_df.append(np.diff(t.indptr) if s.alive is None else s._live[id(t)].astype(np.int64))
    joined = np.concatenate(grams) if grams else np.zeros(0, dtype=str)
    uniq, inverse = np.unique(joined, return_inverse=True)
    df = np.bincount(inverse, weights=np.concatenate(live_df) if live_df else None, minlength=uniq.size).astype(np.int64)
    params = segments[0].tfidf.params()
    min_count, max_count = limits(params, n)
    norms = []
    at = 0
    for s, g in zip(segments, grams):
        t = s.tfidf
        gdf = df[inverse[at : at + g.size]]
        at += g.size
        keep = (gdf >= max(min_count, 1)) & (gdf <= max_count)
        idf = np.where(keep, _smooth_idf(gdf, n), np.float32(0.0)).astype(np.float32)
        indptr = np.asarray(t.indptr)
        sq = np.zeros(s.n, dtype=np.float64)
        for t0, t1 in term_chunks(indptr):  # the kept terms only: the others weigh 0
            kept_terms = np.flatnonzero(keep[t0:t1]) + t0
            if kept_terms.size == 0:
                continue
            lo, hi = indptr[kept_terms], indptr[kept_terms + 1]
            lengths = hi - lo
            take = np.repeat(lo - np.cumsum(lengths) + lengths, lengths) + np.arange(int(lengths.sum()))
            w = t.tf[take] * np.repeat(idf[kept_terms], lengths)  # float32, as a fresh build
            sq += np.bincount(t.doc_ids[take], weights=np.square(w, dtype=np.float64), minlength=s.n)
        nr = np.sqrt(sq).astype(np.float32)
        nr[nr == 0] = 1.0
        norms.append(nr)
    return n, avgdl, norms
