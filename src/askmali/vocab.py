"""A compact sorted vocabulary that loads from memory-mapped arrays in constant time.

Terms are stored sorted by their UTF-8 bytes (the same order as Python's ``sorted`` on str,
since UTF-8 preserves code point order) as one byte blob plus offsets; term ``i`` is
``blob[offsets[i]:offsets[i + 1]]``. Lookup is a binary search: ``keys[i]`` is the first 8
bytes of term ``i`` as a big-endian integer (zero padded), which is non-decreasing in term
order, so ``np.searchsorted`` narrows every query term to the few terms sharing its 8-byte
prefix in one vectorised call, and a short byte-wise bisection settles the rest. Nothing is
built at load: no dict of terms, no decoding.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from . import kernels

_KEY_BYTES = 8
MEMO_LIMIT = 200_000  # terms remembered by Vocabulary.lookup_many before the memo is reset
_FEW = 16  # a lookup of at most this many terms takes the scalar path (Vocabulary._search_few)
# Encode with surrogatepass so that any Python str (even lone surrogates) round-trips; UTF-8
# byte order still equals code point order for those.
_ERRORS = "surrogatepass"


def _encode(term: str) -> bytes:
    return term.encode("utf-8", _ERRORS)


def _keys(encoded: Sequence[bytes]) -> np.ndarray:
    """Big-endian uint64 of each term's first 8 bytes, zero padded (numpy's "S8" truncates
    and pads exactly so)."""
    if not encoded:
        return np.zeros(0, dtype=np.uint64)
    return np.array(encoded, dtype=f"S{_KEY_BYTES}").view(">u8").astype(np.uint64)


class FirstSeenIds(dict):
    """str -> dense id in first-seen order, for build-time counting at C speed:
    ``ids.extend_ids(out, words)`` appends the ids of ``words`` to an ``array('i')``; the
    dict's ``__getitem__`` (a C call) only drops into Python for a word never seen before."""

    def __missing__(self, key: str) -> int:
        value = self[key] = len(self)
        return value

    def extend_ids(self, out: "array[int]", words: Iterable[str]) -> int:
        """Append the ids of ``words`` to ``out``; return how many were appended."""
        before = len(out)
        out.extend(map(self.__getitem__, words))
        return len(out) - before


def add_counts(total: np.ndarray, ids: np.ndarray, n: int) -> np.ndarray:
    """``total`` (int64, by id, grown to ``n`` ids) plus how many times each id is in ``ids``:
    a df counted batch by batch over ids that keep being handed out."""
    counts = np.bincount(ids, minlength=n)
    if counts.size > total.size:
        total = np.concatenate([total, np.zeros(counts.size - total.size, dtype=np.int64)])
    total[: counts.size] += counts
    return total


def term_major_places(term: np.ndarray, cursor: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Counting-sort placement of one batch of (term, document) entries into term-major
    posting lists: ``order`` sorts the batch by term (stably, so documents keep their order
    within a term) and ``place`` is where each sorted entry goes, ``cursor[t]`` being the next
    free place of term ``t`` (advanced here). Batches given in document order thus fill every
    list in document order, as one sort of all entries would."""
    order = np.argsort(term, kind="stable")
    if term.size == 0:
        return order, order
    term = term[order]
    starts = np.flatnonzero(np.r_[True, term[1:] != term[:-1]])
    counts = np.diff(np.r_[starts, term.size])
    place = cursor[term] + (np.arange(term.size) - np.repeat(starts, counts))
    cursor[term[starts]] += counts
    return order, place


class Vocabulary:
    """Sorted unique terms with ids ``0..len-1`` in sorted order."""

    __slots__ = ("_blob", "_offsets", "_keys", "_memo")

    def __init__(self, blob: np.ndarray, offsets: np.ndarray, keys: np.ndarray) -> None:
        # np.asarray drops the np.memmap subclass: indexing a plain view is much cheaper.
        self._blob = np.asarray(blob)
        self._offsets = np.asarray(offsets)
        self._keys = np.asarray(keys)
        if self._offsets.ndim != 1 or self._offsets.shape[0] != self._keys.shape[0] + 1:
            raise ValueError("vocabulary arrays are inconsistent: len(offsets) != len(keys) + 1")
        self._memo: dict[str, int] = {}  # term -> id (or -1) of terms looked up before

    @classmethod
    def build(cls, terms: Iterable[str]) -> "Vocabulary":
        """From unique strings, in any order. Raises ValueError on a duplicate."""
        encoded = sorted(_encode(t) for t in terms)
        for prev, cur in zip(encoded, encoded[1:]):
            if prev == cur:
                raise ValueError(f"duplicate term {cur.decode('utf-8', _ERRORS)!r}")
        lengths = np.fromiter((len(e) for e in encoded), dtype=np.int64, count=len(encoded))
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        blob = np.frombuffer(b"".join(encoded), dtype=np.uint8).copy()
        return cls(blob, offsets, _keys(encoded))

    def to_arrays(self) -> dict[str, np.ndarray]:
        return {"blob": self._blob, "offsets": self._offsets, "keys": self._keys}

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray]) -> "Vocabulary":
        return cls(arrays["blob"], arrays["offsets"], arrays["keys"])

    def __len__(self) -> int:
        return self._keys.shape[0]

    def _bytes(self, i: int) -> bytes:
        return self._blob[self._offsets[i] : self._offsets[i + 1]].tobytes()

    def term(self, i: int) -> str:
        if not 0 <= i < len(self):
            raise IndexError(f"term id {i} out of range 0..{len(self) - 1}")
        return self._bytes(i).decode("utf-8", _ERRORS)

    def terms(self) -> list[str]:
        """All terms in id (sorted) order. O(V): for inspection and tests, not the query path."""
        blob = self._blob.tobytes()
        off = self._offsets.tolist()
        return [blob[off[i] : off[i + 1]].decode("utf-8", _ERRORS) for i in range(len(self))]

    def lookup(self, term: str) -> int:
        """Id of ``term``, or -1."""
        return int(self.lookup_many([term])[0])

    def lookup_many(self, terms: Sequence[str]) -> np.ndarray:
        """Ids (int64) of ``terms`` in the given order, -1 for absent terms.

        Answers are memoised (up to ``MEMO_LIMIT`` terms): the words and n-grams of questions
        repeat, and a dict lookup costs a fraction of a vectorised search on a handful of
        terms (~1 us against ~50 us per call).
        """
        return np.array(self.lookup_ids(terms), dtype=np.int64)

    def lookup_ids(self, terms: Sequence[str]) -> list[int]:
        """``lookup_many`` as a list (a question's few terms: no array to make and take apart)."""
        memo = self._memo
        found = list(map(memo.get, terms))
        if None in found:
            missing = list({t: None for t, i in zip(terms, found) if i is None})
            if len(memo) + len(missing) > MEMO_LIMIT:
                memo.clear()
            memo.update(zip(missing, self._search_ids(missing)))
            found = list(map(memo.__getitem__, terms))
        return found

    def _search(self, terms: Sequence[str]) -> np.ndarray:
        """``lookup_many`` without the memo: a binary search by bytes in C (``kernels``:
        ~0.3 us a term, where the numpy and Python path of ``_search_keys`` costs ~2 us), or of
        the sorted keys without the compiled loops."""
        return np.array(self._search_ids(terms), dtype=np.int64)

    def _search_ids(self, terms: Sequence[str]) -> list[int]:
        """``_search`` as a list: a question's dozen new terms cost more in numpy's calls on
        tiny arrays than in the search itself."""
        if kernels.compiled is not None and self._offsets.dtype == np.int64 and terms:
            found = array("q", kernels.compiled.find(self._blob, self._offsets, list(terms))).tolist()
            if -2 in found:  # not UTF-8 (a lone surrogate): encoded by _search_keys
                odd = [i for i, x in enumerate(found) if x == -2]
                for i, x in zip(odd, self._search_keys([terms[i] for i in odd]).tolist()):
                    found[i] = x
            return found
        return self._search_keys(terms).tolist()

    def _search_keys(self, terms: Sequence[str]) -> np.ndarray:
        """``_search`` by the sorted 8-byte keys: numpy, then Python for a few terms."""
        try:
            encoded = [t.encode() for t in terms]  # strict UTF-8 is the fast path
        except UnicodeEncodeError:
            encoded = [_encode(t) for t in terms]
        out = np.full(len(encoded), -1, dtype=np.int64)
        if not encoded or len(self) == 0:
            return out
        if len(encoded) <= _FEW:
            out[:] = self._search_few(encoded)
            return out
        q = _keys(encoded)
        keys, n = self._keys, len(self)
        lo = np.searchsorted(keys, q, side="left")
        at = np.minimum(lo, n - 1)
        found = keys[at] == q  # some term shares the 8-byte prefix
        qlen = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
        # Fast path: a term of <= 8 bytes is wholly inside its key, and the first term with
        # that key is the shortest (byte order), so it matches iff that term has its length.
        # Other terms are compared byte for byte.
        short_hit = found & (qlen <= _KEY_BYTES) & ((self._offsets[at + 1] - self._offsets[at]) == qlen)
        out[short_hit] = lo[short_hit]
        slow = np.flatnonzero(found & ~short_hit)
        if slow.size:
            hi = np.searchsorted(keys, q[slow], side="right")
            for j, end in zip(slow.tolist(), hi.tolist()):
                out[j] = self._bisect(encoded[j], int(lo[j]), end)
        return out

    def _search_few(self, encoded: Sequence[bytes]) -> list[int]:
        """``_search`` of a handful of encoded terms (a question's): one ``searchsorted``, then
        Python scalars. The vectorised path costs ~15 numpy calls whatever the number of terms
        (47 us for 6 terms at 100,000 passages); this one ~10 us."""
        keys = self._keys
        n = keys.shape[0]
        wanted = [int.from_bytes(e[:_KEY_BYTES].ljust(_KEY_BYTES, b"\0"), "big") for e in encoded]
        starts = keys.searchsorted(np.array(wanted, dtype=np.uint64)).tolist()
        out = []
        for e, key, lo in zip(encoded, wanted, starts):
            if lo >= n or int(keys[lo]) != key:  # no term shares its 8-byte prefix
                out.append(-1)
            elif self._bytes(lo) == e:  # the first of that prefix: a short term's only candidate
                out.append(lo)
            else:
                out.append(self._bisect(e, lo, int(keys.searchsorted(keys[lo], side="right"))))
        return out

    def byte_lengths(self, lo: int, hi: int) -> np.ndarray:
        """UTF-8 lengths of terms ``lo..hi-1`` (no decoding)."""
        return np.diff(self._offsets[lo : hi + 1])

    def prefix_range(self, prefix: str) -> tuple[int, int]:
        """Ids ``lo..hi-1`` of the terms that start with ``prefix`` (at most 8 bytes long)."""
        encoded = _encode(prefix)
        if len(encoded) > _KEY_BYTES:
            raise ValueError("prefix_range takes a prefix of at most 8 bytes")
        lo_key = _keys([encoded])[0]
        span = np.uint64(1) << np.uint64(8 * (_KEY_BYTES - len(encoded))) if encoded else None
        lo = int(np.searchsorted(self._keys, lo_key, side="left"))
        if span is None:
            return 0, len(self)
        hi_key = lo_key + (span - np.uint64(1))
        hi = int(np.searchsorted(self._keys, hi_key, side="right"))
        return lo, hi

    def _bisect(self, target: bytes, lo: int, hi: int) -> int:
        """Bytewise binary search of ``target`` among terms ``lo..hi-1``."""
        while lo < hi:
            mid = (lo + hi) // 2
            if self._bytes(mid) < target:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self) and self._bytes(lo) == target:
            return lo
        return -1
