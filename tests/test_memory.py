"""A build in small batches writes the very index a build in one go writes.

The build bounds its memory by analysing passages in batches (``indexing.BATCH``), by
counting TF-IDF words in batches (``tfidf.TEXT_BATCH``) and by multiplying n-grams in blocks
(``tfidf.BLOCK_BUDGET``). Neither may change what is
built: every array file of an index built with tiny batches and blocks is byte-identical to
the normal build's, and so is the manifest (apart from when and how long it was built).
"""

from __future__ import annotations

import json
from pathlib import Path

from askmali import indexing, store, tfidf


def _generation(root: Path) -> Path:
    return store.current_generation(root)


def _manifest(gen: Path) -> dict:
    manifest = json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
    for key in ("created", "build_seconds"):
        manifest.pop(key)
    for meta in manifest["arrays"].values():
        meta.pop("file")  # size and mtime of the file: the mtime differs
    return manifest


def _assert_same_index(a: Path, b: Path) -> None:
    ga, gb = _generation(a), _generation(b)
    files = sorted(p.name for p in ga.glob("*.npy"))
    assert files == sorted(p.name for p in gb.glob("*.npy"))
    assert len(files) > 30
    for name in files:
        assert (ga / name).read_bytes() == (gb / name).read_bytes(), name
    assert _manifest(ga) == _manifest(gb)


def test_a_build_in_tiny_batches_is_byte_identical_to_the_normal_build(seeds_index, tmp_path, monkeypatch):
    monkeypatch.setattr(indexing, "BATCH", 3)  # 202 passages: 68 batches, the last one short
    monkeypatch.setattr(tfidf, "BLOCK_BUDGET", 5_000)  # hundreds of n-gram blocks
    monkeypatch.setattr(tfidf, "TEXT_BATCH", 7)  # words counted 7 passages at a time
    root = tmp_path / "index"
    indexing.build([Path(__file__).parents[1] / "seeds"], root)
    _assert_same_index(seeds_index, root)
    assert not list(root.glob(".tmp-*"))  # the spilled postings were moved, their folder removed


def test_batches_without_any_term_leave_the_index_unchanged(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # documents of stop words only give passages without BM25 terms, between ones with terms
    texts = ["Le la les.", "Bamako est la capitale du Mali.", "De la.", "Le Niger borde le Mali au nord-est."]
    for i, text in enumerate(texts):
        (corpus / f"d{i}.txt").write_text(text + "\n", encoding="utf-8")
    indexing.build([corpus], tmp_path / "whole")
    monkeypatch.setattr(indexing, "BATCH", 1)
    monkeypatch.setattr(tfidf, "TEXT_BATCH", 1)
    indexing.build([corpus], tmp_path / "single")
    _assert_same_index(tmp_path / "whole", tmp_path / "single")


def test_the_postings_spilled_to_disk_equal_the_ones_built_in_memory(seeds_index, tmp_path):
    """``build`` writes the TF-IDF postings to disk as it computes them; ``build_components``
    without a spill folder keeps them in memory. Both give the same arrays."""
    import numpy as np

    params = indexing.BuildParams()
    _, read = indexing.read_corpus([Path(__file__).parents[1] / "seeds"])
    passages = indexing.chunk_documents(read, params)
    _, bm25, model, table = indexing.build_components(passages, params)
    assert model.files == {}
    gen = _generation(seeds_index)
    built = {**table.to_arrays(), **{f"bm25.{k}": v for k, v in bm25.to_arrays().items()}}
    built.update({f"tfidf.{k}": v for k, v in model.to_arrays().items()})
    assert set(built) == {p.stem for p in gen.glob("*.npy")}
    for key, arr in built.items():
        saved = np.load(gen / f"{key}.npy", allow_pickle=False)
        assert saved.dtype == arr.dtype and np.array_equal(saved, arr), key
    assert len(passages) == 202  # build_components without consume leaves them


def test_arrays_written_piece_by_piece_are_the_files_np_save_writes(tmp_path):
    """A build writes what grows with the corpus (passage texts, BM25's postings) to ``.npy``
    files as it comes, some of unknown length until the end: the files must be those
    ``np.save`` writes, and a table's texts must read back as ``StringTable.build`` gives them."""
    import numpy as np

    texts = ["Bamako est la capitale du Mali.", "", "Le Niger borde le Mali au nord-est.", "é" * 1000]
    out = store.StringWriter(tmp_path / "texts.npy")
    out.extend(texts[:2])
    out.extend([])
    out.extend(texts[2:])
    table = out.finish()
    expected = store.StringTable.build(texts)
    np.save(tmp_path / "expected.npy", expected.blob, allow_pickle=False)
    assert (tmp_path / "texts.npy").read_bytes() == (tmp_path / "expected.npy").read_bytes()
    assert list(table) == texts and np.array_equal(table.offsets, expected.offsets)
    values = np.arange(100_003, dtype=np.int32)
    mapped, written = store.ArrayFile.spilled(tmp_path / "values.npy", values)
    np.save(tmp_path / "values-expected.npy", values, allow_pickle=False)
    assert (tmp_path / "values.npy").read_bytes() == (tmp_path / "values-expected.npy").read_bytes()
    assert np.array_equal(mapped, values) and written.length == values.size
    empty = store.StringWriter(tmp_path / "empty.npy")
    assert len(empty.finish()) == 0 and np.load(tmp_path / "empty.npy").size == 0


def test_spilled_batches_come_back_in_order_from_memory_and_from_disk(tmp_path):
    import numpy as np

    batches = [(np.arange(n, dtype=np.int32), np.full(n, n / 2, dtype=np.float32)) for n in (5, 0, 3)]
    for spill in (None, tmp_path):
        held = store.SpilledBatches(spill, "test", (np.int32, np.float32))
        for a, b in batches:
            held.append(a, b)
        back = list(held.drain())
        assert len(back) == 3 and all(np.array_equal(x, a) and np.array_equal(y, b) for (x, y), (a, b) in zip(back, batches))
    assert not list(tmp_path.iterdir())  # read back once, then removed


def test_a_jsonl_corpus_is_streamed_into_the_index_its_documents_in_memory_give(tmp_path):
    """A build reads a JSONL file once for its fingerprint and ids, then again one record at a
    time as it chunks them (never holding every text): the index is the one the documents
    held in memory give (``build_components`` of ``read_corpus``)."""
    import numpy as np

    corpus = tmp_path / "corpus.jsonl"
    texts = [line for line in (Path(__file__).parents[1] / "seeds" / "002_29e0faa7f984317a.txt").read_text(encoding="utf-8").split("\n\n") if line.strip()]
    corpus.write_text("".join(json.dumps({"id": f"r{i}", "title": "Mali", "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts)), encoding="utf-8")
    root = tmp_path / "index"
    indexing.build([corpus], root)
    params = indexing.BuildParams()
    _, docs = indexing.read_corpus([corpus])
    _, bm25, model, table = indexing.build_components(indexing.chunk_documents(docs, params), params)
    built = {**table.to_arrays(), **{f"bm25.{k}": v for k, v in bm25.to_arrays().items()}}
    built.update({f"tfidf.{k}": v for k, v in model.to_arrays().items()})
    gen = _generation(root)
    assert set(built) == {p.stem for p in gen.glob("*.npy")} and len(texts) > 50
    for key, arr in built.items():
        saved = np.load(gen / f"{key}.npy", allow_pickle=False)
        assert saved.dtype == arr.dtype and np.array_equal(saved, arr), key


def test_a_jsonl_file_changed_between_its_two_readings_stops_the_build(tmp_path):
    import pytest

    from askmali import readers
    from askmali.errors import CorpusError

    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": "r1", "text": "Bamako est la capitale du Mali."}) + "\n", encoding="utf-8")
    size, _, sha, ids = readers.scan(str(corpus), "corpus.jsonl", "jsonl", print)
    assert ids == ["r1"] and size == corpus.stat().st_size
    assert [d.source for d in readers.Streamed(str(corpus), "corpus.jsonl", "jsonl", sha)] == ["r1"]
    corpus.write_text(json.dumps({"id": "r1", "text": "Ségou est sur le Niger."}) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="changed while it was being indexed"):
        list(readers.Streamed(str(corpus), "corpus.jsonl", "jsonl", sha))
