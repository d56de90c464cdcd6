"""Vocabulary: sorted byte blob + offsets, binary-search lookup, memory-mapped round trip."""

from __future__ import annotations

from array import array
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from askmali.analysis import Analyzer
from askmali.vocab import FirstSeenIds, Vocabulary

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def save_and_mmap(vocab: Vocabulary, tmp: Path) -> Vocabulary:
    for name, arr in vocab.to_arrays().items():
        np.save(tmp / f"{name}.npy", arr, allow_pickle=False)
    return Vocabulary.from_arrays({n: np.load(tmp / f"{n}.npy", mmap_mode="r") for n in vocab.to_arrays()})


@given(st.sets(st.text(max_size=12), max_size=60), st.lists(st.text(max_size=12), max_size=20))
def test_round_trip_arbitrary_unicode(terms, probes):
    vocab = Vocabulary.build(terms)
    assert len(vocab) == len(terms)
    assert vocab.terms() == sorted(terms)
    for i, t in enumerate(sorted(terms)):
        assert vocab.term(i) == t
        assert vocab.lookup(t) == i
    ids = vocab.lookup_many(probes)
    for p, i in zip(probes, ids.tolist()):
        assert i == (sorted(terms).index(p) if p in terms else -1)


def test_shared_prefixes_and_the_empty_string():
    # Terms sharing their first 8 bytes, the empty string and NUL padding all resolve.
    terms = ["", "\x00", "a", "a\x00", "abcdefgh", "abcdefghi", "abcdefghij", "abcdefgh\x00", "é", "éé", "😀"]
    vocab = Vocabulary.build(terms)
    assert vocab.lookup_many(terms).tolist() == [sorted(terms).index(t) for t in terms]
    assert vocab.lookup_many(["abcdefg", "abcdefghk", "b", "\x00\x00", "ab"]).tolist() == [-1] * 5


def test_surrogates_and_duplicates():
    vocab = Vocabulary.build(["\ud800", "x", "\ue000"])  # UTF-8 byte order = code point order
    assert vocab.terms() == ["x", "\ud800", "\ue000"]
    assert vocab.lookup("\ud800") == 1 and vocab.term(1) == "\ud800"
    with pytest.raises(ValueError, match="duplicate"):
        Vocabulary.build(["mali", "bamako", "mali"])


def test_empty_vocabulary():
    vocab = Vocabulary.build([])
    assert len(vocab) == 0 and vocab.terms() == []
    assert vocab.lookup("mali") == -1
    assert vocab.lookup_many([]).shape == (0,)


def test_seed_vocabulary_memory_mapped(tmp_path):
    an = Analyzer()
    terms = {t for p in SEEDS.glob("*.txt") for t in an.terms(p.read_text(encoding="utf-8"))}
    assert len(terms) > 2000
    vocab = save_and_mmap(Vocabulary.build(terms), tmp_path)
    assert isinstance(np.load(tmp_path / "blob.npy", mmap_mode="r"), np.memmap)
    assert vocab.terms() == sorted(terms)
    probe = sorted(terms)[::7] + ["absentissime", "wagnerien", ""]
    expected = [sorted(terms).index(t) if t in terms else -1 for t in probe]
    assert vocab.lookup_many(probe).tolist() == expected
    assert vocab.lookup(an.terms("Bamako")[0]) >= 0
    assert vocab.lookup(an.terms("Kinshasa")[0]) == -1  # not in the seeds


def test_a_few_terms_and_many_are_looked_up_alike(tmp_path):
    """Without the compiled search, a lookup of at most 16 terms (a question's) takes a scalar
    path, a longer one the vectorised path: on the seeds' terms, the absent near misses of them (one letter less or
    more, cut to 8 bytes) and long terms sharing their first 8 bytes, both give every id."""
    an = Analyzer()
    terms = sorted({t for p in SEEDS.glob("*.txt") for t in an.terms(p.read_text(encoding="utf-8"))})
    vocab = save_and_mmap(Vocabulary.build(terms), tmp_path)
    long = [t for t in terms if len(t.encode()) > 8]
    assert len(long) > 100
    probe = terms[::5] + long + [t[:-1] for t in long] + [t + "s" for t in terms[::11]] + [t[:8] for t in long]
    expected = [terms.index(t) if t in terms else -1 for t in probe]
    assert 0 < expected.count(-1) < len(probe)
    many = Vocabulary.from_arrays(vocab.to_arrays())._search_keys(probe).tolist()  # one call: vectorised
    few = [i for at in range(0, len(probe), 7) for i in vocab._search_keys(probe[at : at + 7]).tolist()]
    assert many == expected and few == expected
    assert vocab._search(probe).tolist() == expected  # by bytes, compiled when it was built


def test_first_seen_ids():
    ids = FirstSeenIds()
    out = array("i")
    assert ids.extend_ids(out, ["mali", "bamako", "mali"]) == 3
    assert ids.extend_ids(out, ["gao", "bamako"]) == 2
    assert out.tolist() == [0, 1, 0, 2, 1]
    assert list(ids) == ["mali", "bamako", "gao"]
