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

from . import kernels
from .bm25 import BM25, _idf, nonzero_rows, norms_by_length, sums_by_row
from .models import Passage
from .passages import PassageTable, rows_named
from .tfidf import CharTfidf, _doc_count, _smooth_idf, char_wb_ngrams
from .analysis import fold

import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
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

SEGMENT_FORMAT = "askmali-segment"
SEGMENT_FORMAT_VERSION = 1
SEGMENT_MANIFEST = "segment.json"  # under the segment's prefix: "segment.json", "s3.segment.json"


def segment_manifests(manifest: dict) -> dict[str, dict]:
    """Each segment's own manifest, by file name, from a generation's complete manifest: what a
    process holding only that segment's files needs to read them (its arrays with their dtype,
    shape and CRC-32, under names without the prefix; its sources and their rows; the analyser
    and the BM25 and TF-IDF parameters it was built with). It holds raw statistics only: N,
    avgdl, df, idf and the TF-IDF norms are the whole index's, computed over every live segment
    by whoever reads them together, and its dead rows are the generation's (``"dead"``), so
    neither is here. A segment never changes, so neither does this file."""
    arrays = manifest["arrays"]
    out = {}
    for meta in segments_of(manifest):
        prefix = meta["prefix"]
        own = {
            k[len(prefix) :]: arrays[k]
            for k in segment_keys(arrays, prefix)
            if k[len(prefix) :] not in GENERATION_ARRAYS
        }
        out[f"{prefix}{SEGMENT_MANIFEST}"] = {
            "format": SEGMENT_FORMAT,
            "format_version": SEGMENT_FORMAT_VERSION,
            "id": meta["id"],
            "prefix": prefix,
            "passages": meta["passages"],
            "sources": meta["sources"],
            "source_rows": meta.get("source_rows"),
            "analyzer": manifest.get("analyzer"),
            "bm25": meta["bm25"],
            "tfidf": meta["tfidf"],
            "statistics": "raw: tf and passage lengths; idf, avgdl and TF-IDF norms are the index's",
            "arrays": own,
        }
    return out


def open_segment(generation, prefix: str = "") -> Segment:
    """One segment read from its own manifest and files alone (``segment_manifests``), as a
    worker holding only that segment would: every row live, arrays checked against their CRC-32."""
    import json
    import zlib
    from pathlib import Path

    from .errors import IndexStoreError

    gen = Path(generation)
    path = gen / f"{prefix}{SEGMENT_MANIFEST}"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexStoreError(f"cannot read segment manifest {path}: {exc}") from None
    if doc.get("format") != SEGMENT_FORMAT or doc.get("format_version") != SEGMENT_FORMAT_VERSION:
        raise IndexStoreError(f"{path} is not an askmali segment manifest of version {SEGMENT_FORMAT_VERSION}")
    arrays = {}
    for name, meta in doc["arrays"].items():
        arr = np.load(gen / f"{prefix}{name}.npy", mmap_mode="r", allow_pickle=False)
        if arr.dtype.str != meta["dtype"] or list(arr.shape) != list(meta["shape"]):
            raise IndexStoreError(f"segment array {prefix}{name} does not match its manifest")
        if (zlib.crc32(memoryview(np.ascontiguousarray(arr)).cast("B")) if arr.size else 0) != meta["crc32"]:
            raise IndexStoreError(f"segment array {prefix}{name} is damaged (CRC-32 mismatch)")
        arrays[f"{prefix}{name}"] = arr
    meta = {k: doc[k] for k in ("prefix", "id", "passages", "sources", "source_rows", "bm25", "tfidf")}
    # the TF-IDF norms depend on the statistics of whatever is read together: alone, its own
    # (as a fresh build of its files alone would compute them)
    arrays[f"{prefix}tfidf.norms"] = np.ones(int(doc["passages"]), dtype=np.float32)
    segment = Segment({**meta, "dead": []}, arrays)
    terms, _ = global_terms([segment], "tfidf")
    segment.tfidf.norms = global_stats([segment], terms)[2][0]
    return segment


class Segment:
    """One segment of a loaded index: its table, BM25 and TF-IDF, and its live rows."""

    def __init__(self, meta: dict, arrays: Mapping[str, np.ndarray], before: dict | None = None) -> None:
        """``before``: this segment's description in the generation ``arrays`` come from, for a
        writer whose new description ``meta`` marks more files dead: the live df is then that
        generation's, less the postings on the rows dead since (a pass over the postings that
        looks at those rows only)."""
        prefix = meta["prefix"]
        own = sub(arrays, prefix) if prefix else {k: arrays[k] for k in segment_keys(arrays, "")}
        self.meta = meta
        self.table = PassageTable({k: v for k, v in own.items() if not k.startswith(("bm25.", "tfidf."))})
        self.bm25 = BM25.from_arrays(sub(own, "bm25."), meta["bm25"])
        self.tfidf = CharTfidf.from_arrays(sub(own, "tfidf."), meta["tfidf"])
        self.n = len(self.table)
        dead = meta.get("dead") or []
        rows = meta.get("source_rows") or []
        self.alive = alive_mask(self.n, dead, rows)
        # the live df of every term of a segment with dead rows, as the generation stored it
        self._live = {}
        if self.alive is not None:
            was = set((before if before is not None else meta).get("dead") or [])
            for name, index in (("bm25", self.bm25), ("tfidf", self.tfidf)):
                base = own.get(f"{name}.live_df") if was else None
                counted = was if base is not None and was <= set(dead) else set()
                if base is None or not counted:
                    base = np.diff(np.asarray(index.indptr))
                since = [f for f in dead if f not in counted]
                live = base - postings_on(index, [rows[f][:2] for f in since]) if since else base
                self._live[id(index)] = np.asarray(live, dtype=np.int32)

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

    def live(self, which: str) -> np.ndarray:
        """The live df (int64) of every term of the segment's ``which`` index ("bm25", "tfidf")."""
        index = getattr(self, which)
        return np.diff(np.asarray(index.indptr)) if self.alive is None else self._live[id(index)].astype(np.int64)


CHUNK = 8_000_000  # postings handled together by a pass over a segment (bounds temporaries)
WORKERS = max(1, min(2, os.cpu_count() or 1))  # threads of a pass over all the postings (each has CHUNK // WORKERS)


def term_chunks(indptr: np.ndarray, budget: int = CHUNK):
    """Ranges of terms ``(t0, t1)`` whose postings add up to about ``budget`` each."""
    n_terms = indptr.size - 1
    t0 = 0
    while t0 < n_terms:
        t1 = int(np.searchsorted(indptr, indptr[t0] + budget, side="right")) - 1
        t1 = min(max(t1, t0 + 1), n_terms)
        yield t0, t1
        t0 = t1


def merged(ranges: Sequence[Sequence[int]]) -> list[tuple[int, int]]:
    """Row ranges ``[start, end)`` sorted, the empty ones dropped and those that touch joined
    (the files removed together are often neighbours)."""
    out: list[tuple[int, int]] = []
    for a, b in sorted((int(a), int(b)) for a, b in ranges if b > a):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def postings_on(index, ranges: Sequence[Sequence[int]]) -> np.ndarray:
    """Each term's number of postings on the rows ``ranges`` (``[start, end)`` each): one pass
    over the doc ids, finding the postings on those rows (a subtraction and one unsigned
    comparison; with several ranges, those between the first and the last then checked
    against a mask of the rows), then counting them per term by where the terms' boundaries
    fall among them. The pass is shared among ``WORKERS`` threads, a run of terms each."""
    indptr = np.asarray(index.indptr)
    out = np.zeros(indptr.size - 1, dtype=np.int64)
    ranges = merged(ranges)
    if not ranges:
        return out
    lo, hi = ranges[0][0], max(b for _, b in ranges)
    mask = None
    if len(ranges) > 1:
        mask = np.zeros(hi - lo, dtype=bool)
        for a, b in ranges:
            mask[a - lo : b - lo] = True

    def count(chunks: list[tuple[int, int]]) -> None:
        buffer = np.empty(0, dtype=np.int32)
        for t0, t1 in chunks:
            s, e = int(indptr[t0]), int(indptr[t1])
            if buffer.size < e - s:
                buffer = np.empty(e - s, dtype=np.int32)
            # the row's distance from ``lo``: unsigned, a row before it is past every range
            shifted = np.subtract(index.doc_ids[s:e], lo, out=buffer[: e - s], dtype=np.int32).view(np.uint32)
            hits = np.flatnonzero(shifted < hi - lo)
            if mask is not None:
                hits = hits[mask[shifted[hits]]]
            out[t0:t1] = np.diff(np.searchsorted(hits, indptr[t0 : t1 + 1] - s))

    in_parallel(count, list(term_chunks(indptr, CHUNK // WORKERS)), indptr)
    return out


def in_parallel(work, chunks: list[tuple[int, int]], indptr: np.ndarray) -> list:
    """``work(part)`` for each of ``WORKERS`` contiguous parts of ``chunks`` (term ranges, split
    so that each part holds about as many postings), in threads: numpy releases the GIL in the
    passes over the postings. Returns the results in the order of the parts (the same parts
    for the same chunks: a sum over them is the same from one run to the next)."""
    if WORKERS < 2 or len(chunks) < 2:
        return [work(chunks)]
    sizes = np.array([int(indptr[t1]) - int(indptr[t0]) for t0, t1 in chunks], dtype=np.float64)
    cuts = np.searchsorted(np.cumsum(sizes), sizes.sum() * np.arange(1, WORKERS) / WORKERS).tolist()
    parts = [chunks[a:b] for a, b in zip([0, *cuts], [*cuts, len(chunks)]) if b > a]
    with ThreadPoolExecutor(len(parts)) as pool:
        return list(pool.map(work, parts))


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
        # the largest segment's rows, where most rows a question reads are: found without a search
        big = max(range(len(self._segs)), key=lambda i: self._segs[i].n) if self._segs else 0
        self._big = (self._starts[big], self._starts[big + 1], self._segs[big].table) if self._segs else (0, 0, None)

    def __len__(self) -> int:
        return int(self._offsets[-1])

    def _where(self, row: int) -> tuple[PassageTable, int, int]:
        start, end, table = self._big
        if start <= row < end:
            return table, row - start, start
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

    def stored_row(self, row: int):
        """``PassageTable.stored_row`` of a global row: its segment found once, not three times."""
        table, local, _ = self._where(int(row))
        return table.stored_row(local)

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
    (int64, -1: absent), global live df, ids in the global vocabulary or None without one). A question looks its terms up several times (known
    terms, weights, scores). With the generation's global vocabulary (``global_terms``), a term
    is looked up once and its id in every segment is one row of the segments' maps side by
    side (made at the first question), gathered by one fancy index."""

    def __init__(self, segs: list[Segment], which: str, arrays: Mapping[str, np.ndarray], size: int = 8) -> None:
        from .vocab import Vocabulary

        self._segs = segs
        self._which = which
        self._size = size
        self._cache: dict[tuple[str, ...], tuple[np.ndarray, np.ndarray, np.ndarray | None]] = {}
        self._global = None
        self._maps = [arrays.get(f"{s.meta['prefix']}{which}.gmap") for s in segs]
        self._stacked: np.ndarray | None = None  # global term x segment: its local id
        if f"g.{which}.df" in arrays and all(m is not None for m in self._maps):
            vocab = Vocabulary.from_arrays(sub(arrays, f"g.{which}.vocab."))
            self._global = (vocab, np.asarray(arrays[f"g.{which}.df"]))

    def __call__(self, terms: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
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
            got = self._cache[key] = (ids, df, gids)
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
            got = self._cache[key] = (ids, df, None)
        return got


    def df(self, terms: Sequence[str]) -> np.ndarray:
        """The global live df of ``terms`` (int64), without their ids in every segment: with the
        global vocabulary, one lookup (memoised by the vocabulary) and one gather."""
        got = self._cache.get(tuple(terms))
        if got is None and self._global is not None:
            vocab, gdf = self._global
            gids = vocab.lookup_many(list(terms))
            return np.where(gids >= 0, gdf[np.maximum(gids, 0)], 0)
        return (got or self(terms))[1].copy()


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
        bounds = list(zip(starts.tolist(), ends.tolist()))
        docs_parts.extend([doc_ids[a:b] for a, b in bounds])
        tf_parts.extend([tf[a:b] for a, b in bounds])
    return lengths


FOLD_POSTINGS = 2_000_000  # postings of the small segments folded into one in memory, at most


class _Folded:
    """The postings of the small segments of one signal, as one posting list per global term
    over global rows (the ``indptr``, ``doc_ids``, ``tf`` of an index), their dead rows left
    out: made at the first question, so that a question gathers from the big segment and from
    this rather than from each small segment. The segments folded are all but the one with the
    most postings, the smallest first, up to ``FOLD_POSTINGS`` postings together.

    A term's list holds its postings segment after segment; a row, whose postings all come
    from its own segment, then gets them in the order of the question's terms (BM25), or of
    their global ids, in the order of each segment's local ids as both vocabularies are sorted
    (TF-IDF): the sums, and the scores, are bit for bit those of the segments read one by one."""

    def __init__(self, segs: "Segments", which: str, members: list[int], maps: Sequence[np.ndarray], n_terms: int) -> None:
        self.members = frozenset(members)
        terms, docs, tfs = [], [], []
        for i in members:
            seg, gmap = segs.segments[i], np.asarray(maps[i])
            index = getattr(seg, which)
            has = np.flatnonzero(gmap >= 0)
            to_global = np.zeros(np.asarray(index.indptr).size - 1, dtype=np.int64)
            to_global[gmap[has]] = has
            term = np.repeat(to_global, np.diff(np.asarray(index.indptr)))
            doc, tf = np.asarray(index.doc_ids), np.asarray(index.tf)
            if seg.alive is not None:
                live = seg.alive[doc]
                term, doc, tf = term[live], doc[live], tf[live]
            terms.append(term)
            docs.append(doc.astype(np.intp) + int(segs.offsets[i]))
            tfs.append(tf)
        order = np.argsort(np.concatenate(terms), kind="stable")
        self.doc_ids = np.concatenate(docs)[order]
        self.tf = np.concatenate(tfs)[order]
        self.indptr = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(np.bincount(np.concatenate(terms), minlength=n_terms), out=self.indptr[1:])

    @staticmethod
    def plan(sizes: Sequence[int]) -> list[int]:
        """The segments to fold, given each one's postings: none when fewer than two qualify."""
        big = max(range(len(sizes)), key=lambda i: (sizes[i], -i))
        chosen, total = [], 0
        for i in sorted(range(len(sizes)), key=lambda i: (sizes[i], i)):
            if i == big or total + sizes[i] > FOLD_POSTINGS:
                continue
            chosen.append(i)
            total += sizes[i]
        return sorted(chosen) if len(chosen) >= 2 else []


class _Signal:
    """What BM25 and TF-IDF over segments share: the term lookups, the scratch buffers, and
    the gathering of a question's postings from every segment (the small ones folded)."""

    _which = ""

    def __init__(self, segs: "Segments", lookups_size: int) -> None:
        self._segs = segs
        self._lookups = _Lookups(segs.segments, self._which, segs.arrays, size=lookups_size)
        self._scratch = threading.local()
        self._folded: _Folded | None | bool = False  # False: not made yet

    def _fold(self) -> _Folded | None:
        if self._folded is False:
            folded = None
            if self._lookups._global is not None:
                sizes = [int(np.asarray(getattr(s, self._which).indptr)[-1]) for s in self._segs.segments]
                members = _Folded.plan(sizes)
                if members:
                    n_terms = len(self._lookups._global[0])
                    folded = _Folded(self._segs, self._which, members, self._lookups._maps, n_terms)
            self._folded = folded
        return self._folded

    def _sources(self, looked: np.ndarray, gids: np.ndarray | None, wanted: np.ndarray, in_id_order: bool):
        """Where the postings of the question's terms ``wanted`` (a mask over them) are: for
        each segment holding some (the small ones folded into one), its index, the positions
        among the question's terms of the terms it holds, their ids in it, and the global row
        of its first row. The terms come in the order of the question's terms, or with
        ``in_id_order`` in the order of their ids, as the segment itself sums them."""
        found = []

        def take(index, ids: np.ndarray, offset: int) -> None:
            sel = np.flatnonzero(wanted & (ids >= 0))
            if sel.size:
                if in_id_order:
                    sel = sel[np.argsort(ids[sel])]
                found.append((index, sel, ids[sel], offset))

        folded = self._fold() if gids is not None else None
        for i, seg in enumerate(self._segs.segments):
            if folded is None or i not in folded.members:
                take(getattr(seg, self._which), looked[i], int(self._segs.offsets[i]))
        if folded is not None:
            take(folded, gids, 0)  # its rows are global already
        return found

    def _add(self, out: np.ndarray, sources, add) -> None:
        """The compiled loop ``add(out, doc_ids, tf, starts, ends, sel, offset)`` over every one of
        ``sources`` (``_sources``): a row's postings all come from its own segment, in the order
        the numpy path sums them, so its score is bit for bit the same."""
        for index, sel, ids, offset in sources:
            indptr = np.asarray(index.indptr)
            add(out, index.doc_ids, index.tf, indptr[ids], indptr[ids + 1], sel, offset)

    def _postings(self, looked: np.ndarray, gids: np.ndarray | None, wanted: np.ndarray, in_id_order: bool):
        """The postings of the question's terms ``wanted`` (a mask over them) in every segment,
        over global rows, in the scratch buffers: (rows, tf as float64, the position among the
        question's terms of each posting list's term, the lists' lengths), or None when there
        is none; in the order of ``_sources``."""
        docs_parts: list = []
        tf_parts: list = []
        lengths, shifts, terms = [], [], []
        for index, sel, ids, offset in self._sources(looked, gids, wanted, in_id_order):
            lengths.append(_gather(index, ids, docs_parts, tf_parts))
            shifts.append(offset)
            terms.append(sel)
        if not lengths:
            return None
        length = np.concatenate(lengths)
        docs, w = _buffers(self._scratch, int(length.sum()))
        np.concatenate(docs_parts, out=docs, casting="safe")
        at = 0
        for part, shift in zip(lengths, shifts):  # local rows -> global rows
            end = at + int(part.sum())
            if shift:
                docs[at:end] += shift
            at = end
        np.concatenate(tf_parts, out=w, casting="safe")
        return docs, w, np.concatenate(terms), length


class _Vocabularies:
    """Typo correction's view of the terms of all live segments (``Engine._neighbours``)."""

    def __init__(self, segs: list[Segment], lookups: _Lookups) -> None:
        self._segs = segs
        self._lookups = lookups

    def lookup_many(self, terms: Sequence[str]) -> np.ndarray:
        """1 for a term with a live posting in some segment, -1 otherwise (a flag, not an id)."""
        return np.where(self._lookups.df(terms) > 0, 1, -1)

    def neighbours(
        self, prefix: str, limit: int, near: tuple[int, int] | None = None, term: str = ""
    ) -> list[tuple[str, int]] | None:
        """(term, live df) of the live terms starting with ``prefix`` in all segments, or None
        when there are more than ``limit`` of them; with ``near`` (a UTF-8 length and a slack),
        only those whose length is within the slack of it, and, given the ``term`` corrected,
        whose edit distance to it may be (``kernels.within``). With the generation's global
        vocabulary, one prefix range of it and the global df (the same terms and counts), the
        lengths read from the vocabulary's offsets: only the terms kept are decoded."""
        if self._lookups._global is not None:
            vocab, gdf = self._lookups._global
            lo, hi = vocab.prefix_range(prefix)
            live = np.flatnonzero(gdf[lo:hi] > 0)
            if live.size > limit:
                return None
            live = live + lo
            if near is not None:
                live = live[np.abs(vocab.byte_lengths(lo, hi)[live - lo] - near[0]) <= near[1]]
                live = kernels.within(vocab, live, term, near[1]) if term else live
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
        if len(live) > limit:
            return None
        return live if near is None else [(t, n) for t, n in live if abs(len(t.encode()) - near[0]) <= near[1]]


class MultiBM25(_Signal):
    """BM25 over segments with global N, df and avgdl."""

    _which = "bm25"

    def __init__(self, segs: Segments) -> None:
        super().__init__(segs, 8)
        self.n_docs = segs.n_live
        first = segs.segments[0].bm25
        self.k1, self.b = first.k1, first.b
        self._params = first.params()
        self.vocabularies = _Vocabularies(segs.segments, self._lookups)
        self._norm: np.ndarray | None = None
        self._by_length: tuple[np.ndarray | None, np.ndarray] | None = None

    def df(self, terms: Sequence[str]) -> np.ndarray:
        return self._lookups.df(terms)

    def term_df(self, terms: Sequence[str]) -> np.ndarray:
        """How many live documents hold each term (``BM25.term_df``)."""
        return self.df(list(terms))

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
        counted = Counter(terms)
        distinct = sorted(counted)
        looked, df, gids = self._lookups(distinct)
        present = df > 0
        if not present.any():
            return np.zeros(self._segs.n, dtype=np.float32)
        idf = self._idf(df)
        # a repeated term counts each time (None: each once, where x 1.0 would change nothing)
        qw = None
        if len(distinct) < len(terms):
            qw = np.array([counted[t] for t in distinct], dtype=np.float32).astype(np.float64)
        if kernels.compiled is not None:
            acc = np.zeros(self._segs.n)
            (lengths, norm), k1p1, bm25 = self._norms(), self.k1 + 1.0, kernels.compiled.bm25

            def add(out, doc_ids, tf, starts, ends, sel, offset):
                bm25(out, doc_ids, tf, starts, ends, idf[sel], None if qw is None else qw[sel], norm, k1p1, offset, lengths)

            self._add(acc, self._sources(looked, gids, present, in_id_order=False), add)
            out = acc.astype(np.float32)
            out[self._segs.dead_rows] = 0.0
            return out
        got = self._postings(looked, gids, present, in_id_order=False)
        if got is None:
            return np.zeros(self._segs.n, dtype=np.float32)
        docs, w, term, length = got
        w = self._weights(docs, w, np.repeat(idf[term], length))
        if qw is not None:
            w *= np.repeat(qw[term], length)
        out = np.bincount(docs, weights=w, minlength=self._segs.n).astype(np.float32)
        out[self._segs.dead_rows] = 0.0
        return out

    def score_rows(self, terms: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """The rows ``score(terms)`` does not score 0 (ascending) and their scores, summed over
        the postings alone when they are few (a question's derived nouns: ~100 postings, where
        a score vector costs a zeroed vector of every row, a pass per segment and a scan): the
        postings, over global rows, sorted by row stably, are summed in the order ``score``
        sums them, so the scores are bit for bit the same (``BM25.score_rows``)."""
        distinct = sorted(set(terms))
        if not distinct or len(distinct) < len(terms):
            return nonzero_rows(self.score(terms))  # a repeated term: the general path
        looked, df, gids = self._lookups(distinct)
        present = df > 0
        if not present.any():
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.float32)
        if int(df[present].sum()) > self.n_docs // 16:
            return nonzero_rows(self.score(terms))
        got = self._postings(looked, gids, present, in_id_order=False)
        if got is None:
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.float32)
        docs, w, term, length = got
        rows, sums = sums_by_row(docs, self._weights(docs, w, np.repeat(self._idf(df)[term], length)))
        keep = (sums != 0) & ~self._segs.dead[rows]
        return rows[keep], sums[keep]

    def _weights(self, docs: np.ndarray, tf: np.ndarray, idf: np.ndarray) -> np.ndarray:
        """The BM25 weight of each posting (rows ``docs``, ``tf`` as float64, overwritten; each
        posting's term ``idf``): idf * tf * (k1 + 1) / (tf + norm), in this order, rounded to
        float32 as ``BM25._accumulate`` rounds it, as float64."""
        denominator = tf + self._length_norm()[docs]
        tf *= idf
        tf *= self.k1 + 1.0
        tf /= denominator
        return tf.astype(np.float32).astype(np.float64)

    def _length_norm(self) -> np.ndarray:
        """``k1 * (1 - b + b * dl / avgdl)`` of every global row under the global avgdl (float64,
        element for element what each segment's ``BM25.scored`` uses), made at the first question."""
        if self._norm is None:
            dl = np.concatenate([np.asarray(s.bm25.doc_len) for s in self._segs.segments]).astype(np.int64)
            self._norm = self.k1 * (1.0 - self.b + self.b * dl / self._segs.avgdl)
        return self._norm

    def _norms(self) -> tuple[np.ndarray | None, np.ndarray]:
        """As ``BM25._norms``, over global rows: (each row's length as uint16, ``_length_norm``
        by length), or (None, ``_length_norm``) when a passage is too long for uint16."""
        if self._by_length is None:
            dl = np.concatenate([np.asarray(s.bm25.doc_len) for s in self._segs.segments])
            self._by_length = norms_by_length(dl, self.k1, self.b, self._segs.avgdl) or (None, self._length_norm())
        return self._by_length

    def term_idf(self, terms: Sequence[str]) -> np.ndarray:
        return self._idf(self.df(list(terms))).astype(np.float32)


class MultiTfidf(_Signal):
    """Char TF-IDF over segments: global df, N and pruning; each segment's own norms."""

    _which = "tfidf"

    def __init__(self, segs: Segments) -> None:
        super().__init__(segs, 2)
        first = segs.segments[0].tfidf
        self._params = first.params()
        self.ngram_range = first.ngram_range
        self.sublinear_tf = first.sublinear_tf
        self.n_docs = segs.n_live
        self.min_count, self.max_count = limits(self._params, self.n_docs)
        self._norms: np.ndarray | None = None

    def score(self, text: str) -> np.ndarray:
        counts = Counter(char_wb_ngrams(fold(text), self.ngram_range))
        grams = sorted(counts)
        if not grams:
            return np.zeros(self._segs.n, dtype=np.float32)
        looked, df, gids = self._lookups(grams)
        kept = (df >= max(self.min_count, 1)) & (df <= self.max_count)
        if not kept.any():
            return np.zeros(self._segs.n, dtype=np.float32)
        tf = np.array([counts[g] for g in grams], dtype=np.float32)[kept]
        if self.sublinear_tf:
            tf = np.log(tf) + np.float32(1.0)
        idf = _smooth_idf(df[kept], self.n_docs)
        w = tf * idf
        norm = np.sqrt(np.dot(w.astype(np.float64), w.astype(np.float64)))
        if norm > 0:
            w = (w / norm).astype(np.float32)
        qw = np.zeros(len(grams), dtype=np.float64)
        qw[kept] = w.astype(np.float64) * idf
        # one gather and one bincount over global rows (``CharTfidf._accumulate``, every segment
        # at once: a row's postings are its segment's, in its id order, so its sum is the same)
        if kernels.compiled is not None:
            acc, weighted = np.zeros(self._segs.n), kernels.compiled.weighted

            def add(out, doc_ids, tf, starts, ends, sel, offset):
                weighted(out, doc_ids, tf, starts, ends, qw[sel], offset)

            self._add(acc, self._sources(looked, gids, kept, in_id_order=True), add)
        else:
            got = self._postings(looked, gids, kept, in_id_order=True)
            if got is None:
                return np.zeros(self._segs.n, dtype=np.float32)
            docs, acc_w, term, length = got
            acc_w *= np.repeat(qw[term], length)
            acc = np.bincount(docs, weights=acc_w, minlength=self._segs.n)
        out = np.divide(acc, self._norms64(), out=np.empty(self._segs.n, dtype=np.float32), casting="same_kind")
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


def global_terms(
    segments: Sequence[Segment], which: str, previous: Mapping[str, np.ndarray] | None = None
) -> tuple[dict[str, np.ndarray], list[str]]:
    """The terms of every segment's ``which`` index ("bm25", "tfidf") as one sorted vocabulary,
    with each term's global live df, and for each segment its local id of every global term
    (-1: absent): a question then looks its terms up once, not once per segment. Arrays of
    the generation: ``g.<which>.vocab.*``, ``g.<which>.df``, ``<prefix><which>.gmap``.

    Returns the arrays to write and the keys of ``previous`` (the arrays of the generation
    being updated) that the new generation shares. When no segment was added since
    (``previous`` given: an update that only marks files dead or drops segments), the previous
    vocabulary and maps still hold and only the df is counted again from the segments' live df;
    a term whose passages are all dead keeps its entry at df 0, as it does in its segment."""
    from .vocab import Vocabulary

    maps = [f"{s.meta['prefix']}{which}.gmap" for s in segments]
    if previous is not None and f"g.{which}.df" in previous and all(m in previous for m in maps):
        df = np.zeros(np.asarray(previous[f"g.{which}.df"]).size, dtype=np.int64)
        for s, m in zip(segments, maps):
            gmap = np.asarray(previous[m])
            has = np.flatnonzero(gmap >= 0)  # a term is at most once in a segment
            df[has] += s.live(which)[gmap[has]]
        shared = [k for k in previous if k.startswith(f"g.{which}.vocab.")] + maps
        return {f"g.{which}.df": df}, shared
    terms = [np.array(getattr(s, which).vocab.terms(), dtype=str) for s in segments]
    joined = np.concatenate(terms) if terms else np.zeros(0, dtype=str)
    uniq, inverse = np.unique(joined, return_inverse=True)
    live = [s.live(which) for s in segments]
    df = np.bincount(inverse, weights=np.concatenate(live) if live else None, minlength=uniq.size).astype(np.int64)
    vocab = Vocabulary.build(uniq.tolist())
    out = {f"g.{which}.vocab.{k}": v for k, v in vocab.to_arrays().items()}
    out[f"g.{which}.df"] = df
    at = 0
    for m, t in zip(maps, terms):
        gmap = np.full(uniq.size, -1, dtype=np.int32)
        gmap[inverse[at : at + t.size]] = np.arange(t.size, dtype=np.int32)
        at += t.size
        out[m] = gmap
    return out, []


def global_stats(segments: Sequence[Segment], tfidf_terms: Mapping[str, np.ndarray]) -> tuple[int, float, list[np.ndarray]]:
    """N, avgdl over the live passages, and the TF-IDF norms of every segment under the global
    df and N (float32, one per row; 1 for a dead or empty row), as a fresh build computes them.
    ``tfidf_terms``: the generation's ``g.tfidf.df`` and each segment's ``tfidf.gmap``
    (``global_terms``), which give each segment's n-grams their global df."""
    n = sum(int(s.n if s.alive is None else s.alive.sum()) for s in segments)
    lengths = np.concatenate([s.bm25.doc_len if s.alive is None else s.bm25.doc_len[s.alive] for s in segments]).astype(np.int64)
    avgdl = float(lengths.mean()) if n and lengths.sum() else 1.0
    gdf = np.asarray(tfidf_terms["g.tfidf.df"])
    min_count, max_count = limits(segments[0].tfidf.params(), n)
    norms = []
    for s in segments:
        gmap = np.asarray(tfidf_terms[f"{s.meta['prefix']}tfidf.gmap"])
        has = np.flatnonzero(gmap >= 0)
        df = np.zeros(np.asarray(s.tfidf.indptr).size - 1, dtype=np.int64)
        df[gmap[has]] = gdf[has]
        keep = (df >= max(min_count, 1)) & (df <= max_count)
        idf = np.where(keep, _smooth_idf(df, n), np.float32(0.0)).astype(np.float32)
        norms.append(tfidf_norms(s.tfidf, keep, idf, s.n))
    return n, avgdl, norms


def tfidf_norms(index, keep: np.ndarray, idf: np.ndarray, n: int) -> np.ndarray:
    """The L2 norm (float32; 1 for an empty row) of each of the ``n`` rows of a TF-IDF index
    whose n-grams ``keep`` weigh ``idf`` (float32): each kept posting's ``tf * idf`` in float32
    as a fresh build computes it, squared in float64 and summed per row. The kept n-grams come
    in long runs between the few pruned ones (the most common, with the longest lists), so
    their postings are read as contiguous slices, a run (or a chunk of one) at a time: no
    gather of the postings. ``WORKERS`` threads share the runs, each summing its own."""
    indptr = np.asarray(index.indptr)
    lengths = np.diff(indptr)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], keep.astype(np.int8), [0]])))
    chunks = [
        (t0 + r0, t1 + r0)
        for r0, r1 in zip(edges[0::2].tolist(), edges[1::2].tolist())
        for t0, t1 in term_chunks(indptr[r0 : r1 + 1], CHUNK // WORKERS)
    ]

    def squares(part: list[tuple[int, int]]) -> np.ndarray:
        sq = np.zeros(n, dtype=np.float64)
        for t0, t1 in part:
            s, e = int(indptr[t0]), int(indptr[t1])
            w = index.tf[s:e] * np.repeat(idf[t0:t1], lengths[t0:t1])  # float32, as a fresh build
            sq += np.bincount(index.doc_ids[s:e], weights=np.square(w, dtype=np.float64), minlength=n)
        return sq

    parts = in_parallel(squares, chunks, indptr)  # no chunk: one part, all zeros
    norms = np.sqrt(sum(parts[1:], parts[0])).astype(np.float32)
    norms[norms == 0] = 1.0
    return norms

