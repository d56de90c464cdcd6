"""Checksums of large arrays: verified when the file's size or mtime moved since it was written.

The seeds index has only small arrays (always checksummed, see test_hardening_index.py); here
the size threshold is lowered to 0 so that every array of a copy of it takes the large-array
path, and damage is detected the way it would be on a 100,000-passage index.
"""

from __future__ import annotations

import os
import shutil

import pytest

import askmali
from askmali import store
from askmali.errors import IndexStoreError


@pytest.fixture
def large(monkeypatch, index_copy):
    monkeypatch.setattr(store, "VERIFY_ALWAYS_BYTES", 0)
    return index_copy


def _flip(path, keep_mtime: bool) -> None:
    st = path.stat()
    data = bytearray(path.read_bytes())
    data[128 + (len(data) - 128) // 2] ^= 0x5A
    path.write_bytes(bytes(data))
    if keep_mtime:
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_the_manifest_records_each_file(large):
    gen = store.current_generation(large)
    for key, meta in store.read_manifest(gen)["arrays"].items():
        st = (gen / f"{key}.npy").stat()
        assert meta["file"] == [st.st_size, st.st_mtime_ns]


@pytest.mark.parametrize("array", ["p_text_blob", "bm25.tf", "tfidf.doc_ids"])
def test_a_rewritten_large_array_is_checksummed_and_refused(large, array):
    _flip(store.current_generation(large) / f"{array}.npy", keep_mtime=False)
    with pytest.raises(IndexStoreError, match=rf"{array}\.npy fails its checksum"):
        askmali.load(large)


def test_an_untouched_large_array_is_trusted_without_reading_it(large, monkeypatch):
    """Same size and mtime as written: no CRC is computed (the flip restoring the mtime is
    the documented blind spot; the hardening tests cover small arrays, always verified)."""
    _flip(store.current_generation(large) / "p_text_blob.npy", keep_mtime=True)
    assert len(askmali.load(large)) > 100


def test_a_copy_without_times_is_verified_and_still_opens(large, tmp_path):
    plain = tmp_path / "plain-copy"
    shutil.copytree(large, plain, copy_function=shutil.copyfile)  # new mtimes everywhere
    assert len(askmali.load(plain)) == len(askmali.load(large))
    _flip(store.current_generation(plain) / "s_spans.npy", keep_mtime=True)
    with pytest.raises(IndexStoreError, match=r"s_spans\.npy fails its checksum"):
        askmali.load(plain)
