"""An index made of segments (issue #11): an update adds one segment and tombstones the rows of
changed and removed files; it ranks as a fresh build of the same files; --optimize merges the
segments into the fresh build itself; a failed update or merge leaves the previous generation."""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import numpy as np
import pytest

import askmali
from askmali import indexing, segments, sources, store
from askmali.cli import app
from conftest import shared
from test_incremental import QUESTIONS, SEEDS, _same_answers, _same_arrays, _same_hits

QUESTION = "Quand la Cedeao a-t-elle partiellement levé ses sanctions contre le Mali ?"


def _generation(root: Path) -> Path:
    return store.current_generation(root)


def _seeds_corpus(tmp_path: Path, leave_out: str = "004_5b873d6cbf113ef8.txt") -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in sorted(SEEDS.glob("*.txt")):
        if p.name != leave_out:
            shutil.copy(p, corpus / p.name)
    return corpus


def test_an_update_writes_one_segment_and_shares_the_older_ones(tmp_path):
    corpus = _seeds_corpus(tmp_path)
    root = tmp_path / "index"
    indexing.build([corpus], root)
    first = _generation(root)
    before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in first.glob("*.npy")}
    shutil.copy(SEEDS / "004_5b873d6cbf113ef8.txt", corpus / "004_5b873d6cbf113ef8.txt")
    indexing.build([corpus], root)
    second = _generation(root)
    assert second != first and not first.exists()  # the old generation is gone ...
    manifest = store.read_manifest(second)
    assert [m["prefix"] for m in manifest["segments"]] == ["", "s1."]
    after = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in second.glob("*.npy")}
    # ... but the first segment's files live on, the same inodes, never rewritten; only its
    # TF-IDF norms (global state) are written again
    shared_files = {n for n in before if n != "tfidf.norms.npy"}
    assert all(after[n] == before[n] for n in shared_files)
    assert after["tfidf.norms.npy"][0] != before["tfidf.norms.npy"][0]
    new = {n for n in after if n not in before}
    # the new segment's arrays, and the generation's own: its global vocabularies and each
    # segment's map to them
    generation = {f"{p}{k}.npy" for p in ("", "s1.") for k in segments.GENERATION_ARRAYS}
    assert any(n.startswith("s1.p_text") for n in new)
    assert all(n.startswith(("s1.", "g.")) or n in generation for n in new)
    engine = askmali.load(root)
    assert engine.segments is not None and len(engine.segments.segments) == 2
    assert len(engine) == manifest["counts"]["passages"]


def test_each_segment_describes_itself_and_reads_alone(tmp_path):
    # issue #11, "future use": a segment is the unit a later backend places on a worker, so it
    # carries its own manifest (arrays, sources, parameters) and reads without the generation's
    corpus = _seeds_corpus(tmp_path)
    root = tmp_path / "index"
    indexing.build([corpus], root)
    shutil.copy(SEEDS / "004_5b873d6cbf113ef8.txt", corpus / "004_5b873d6cbf113ef8.txt")
    (corpus / "000_7b68323003ce8296.txt").unlink()  # a tombstone in the first segment
    indexing.build([corpus], root)
    gen = _generation(root)
    manifest = store.read_manifest(gen)
    engine = askmali.load(root)
    for meta, offset in zip(manifest["segments"], engine.segments.offsets.tolist()):
        own = json.loads((gen / f"{meta['prefix']}segment.json").read_text(encoding="utf-8"))
        assert own["format"] == "askmali-segment" and own["prefix"] == meta["prefix"]
        assert own["sources"] == meta["sources"] and own["passages"] == meta["passages"]
        assert "dead" not in own and "tfidf.norms" not in own["arrays"]  # the generation's, not the segment's
        for name, described in own["arrays"].items():
            assert manifest["arrays"][meta["prefix"] + name]["crc32"] == described["crc32"]
        alone = segments.open_segment(gen, meta["prefix"])
        assert alone.n == meta["passages"] and alone.alive is None  # every row: tombstones are the generation's
        for row in range(0, alone.n, 7):
            assert alone.table.get(row).text == engine.passages.get(offset + row).text
        # its BM25 scores its own rows with its own statistics
        scores = alone.bm25.score(engine.analyse(QUESTION).terms)
        assert scores.shape == (alone.n,) and np.isfinite(scores).all()
        char = alone.tfidf.score(QUESTION)  # its TF-IDF norms: under its own statistics
        assert char.shape == (alone.n,) and 0.0 <= char.min() and char.max() <= 1.0 + 1e-6
    # the segment that holds the Cedeao passages ranks one of them first on its own
    first = segments.open_segment(gen, "")
    best = first.table.get(int(np.argmax(first.bm25.score(engine.analyse(QUESTION).terms)))).text
    assert "Cedeao" in best and "levé" in best and "sanctions" in best
    assert {own.name for own in gen.glob("*segment.json")} == {"segment.json", "s1.segment.json"}
    # a damaged array is refused with the segment's name
    victim = next(p for p in gen.glob("s1.*.npy") if p.stat().st_size > 1000)
    data = bytearray(victim.read_bytes())
    data[-1] ^= 0xFF
    victim.write_bytes(bytes(data))
    with pytest.raises(askmali.IndexStoreError, match="s1"):
        segments.open_segment(gen, "s1.")


def test_tombstoned_passages_never_come_back(tmp_path):
    from typer.testing import CliRunner

    corpus = _seeds_corpus(tmp_path, leave_out="")
    root = tmp_path / "index"
    indexing.build([corpus], root)
    gone = "002_29e0faa7f984317a.txt"
    assert askmali.load(root).ask(QUESTION).answer.source == gone
    (corpus / gone).unlink()
    (corpus / "003_08a994fd9431b56b.txt").write_text(
        (corpus / "003_08a994fd9431b56b.txt").read_text(encoding="utf-8") + "\n\nLe comité de Tessalit a levé ses sanctions.\n",
        encoding="utf-8",
    )
    indexing.build([corpus], root)
    engine = askmali.load(root)
    assert engine.segments is not None and engine.segments.dead.sum() > 0
    dead_rows = np.flatnonzero(engine.segments.dead)
    for q in QUESTIONS[:40] + [QUESTION, "Cedeao sanctions"]:
        for retriever in ("hybrid", "bm25", "tfidf"):
            hits = engine.search(q, 20, retriever=retriever, include_comments=True)
            assert all(h.passage.source != gone for h in hits), q
            assert not {engine.passages.row_of(h.passage) for h in hits} & set(dead_rows.tolist())
        result = engine.ask(q)
        assert result.answer is None or result.answer.source != gone
    # rare terms summed over their postings alone (a question's derived nouns) skip dead rows too
    rare = 0
    for term in engine.analyse("Prigojine fondateur Evgueni Tessalit Wagner milice Kremlin Corps mercenaires").terms:
        rows, got = engine.bm25.score_rows([term])
        whole = engine.bm25.score([term])
        assert np.array_equal(rows, np.flatnonzero(whole)) and np.array_equal(got, whole[rows]), term
        assert not engine.segments.dead[rows].any()
        rare += 0 < engine.bm25.df([term])[0] <= engine.bm25.n_docs // 16
    assert rare >= 1
    assert engine.passages.find(f"{gone}#3") is None
    shown = CliRunner().invoke(app, ["show", f"{gone}#3", "--index", str(root)])
    assert shown.exit_code != 0 and "no passage" in shown.output
    # the changed file's old version is dead too: its new version only is found
    hits = engine.search("comité de Tessalit", 3, retriever="bm25", include_comments=True)  # after the comments
    assert hits[0].passage.source == "003_08a994fd9431b56b.txt" and "Tessalit" in hits[0].passage.text
    old = [h for h in engine.search("sanctions", 50, retriever="bm25") if h.passage.source == "003_08a994fd9431b56b.txt"]
    assert all(engine.segments.dead[engine.passages.row_of(h.passage)] == False for h in old)  # noqa: E712


@pytest.mark.parametrize("seed", [3, 17])
def test_random_updates_rank_as_a_fresh_build_and_optimize_gives_it(tmp_path, seed):
    rng = random.Random(seed)
    pool = sorted(SEEDS.glob("*.txt"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    present = [p.name for p in rng.sample(pool, 3)]
    for name in present:
        shutil.copy(SEEDS / name, corpus / name)
    root = tmp_path / "index"
    indexing.build([corpus], root)
    extra = 0
    for step in range(7):
        absent = [p for p in pool if p.name not in present]
        ops = ["add"] * bool(absent) + ["change", "new"] + ["delete"] * (len(present) > 2)
        op = rng.choice(ops)
        if op == "add":
            src = rng.choice(absent)
            shutil.copy(src, corpus / src.name)
            present.append(src.name)
        elif op == "new":  # a small new file of its own
            extra += 1
            name = f"note{extra}.txt"
            (corpus / name).write_text(f"Note {extra}. La Cedeao et le Mali ont signé un accord à Bamako le {extra} mars 2024.\n", encoding="utf-8")
            present.append(name)
        elif op == "change":
            path = corpus / rng.choice(present)
            path.write_text(path.read_text(encoding="utf-8") + f"\n\nAjout {step} : Wagner quitte Tombouctou en 2024.\n", encoding="utf-8")
        else:
            name = rng.choice(present)
            (corpus / name).unlink()
            present.remove(name)
        indexing.build([corpus], root)
        if step % 3 == 2:  # compare on the way too, not only at the end
            fresh = tmp_path / f"fresh{step}"
            indexing.build([corpus], fresh)
            _same_answers(root, fresh, QUESTIONS[:8])
    fresh = tmp_path / "fresh"
    indexing.build([corpus], fresh)
    _same_answers(root, fresh, QUESTIONS[:25] + ["Wagner quitte Tombouctou", "accord signé à Bamako"])
    indexing.build([corpus], root, optimize=True)
    assert "segments" not in askmali.load(root).manifest
    _same_arrays(root, fresh)


def test_an_updated_index_hides_a_question_s_words_as_its_fresh_build_does(tmp_path):
    # analyse(exclude=) asks the segments which live passages hold a word (term_df, score_rows)
    corpus = _seeds_corpus(tmp_path)
    root, fresh_root = tmp_path / "index", tmp_path / "fresh"
    indexing.build([corpus], root)
    shutil.copy(SEEDS / "004_5b873d6cbf113ef8.txt", corpus / "004_5b873d6cbf113ef8.txt")
    indexing.build([corpus], root)
    indexing.build([corpus], fresh_root)
    updated, fresh = askmali.load(root), askmali.load(fresh_root)
    assert updated.segments is not None and fresh.segments is None
    question = "Quand Sergueï Lavrov est-il venu au Mali ?"
    rows, _ = fresh.bm25.score_rows(fresh.analyzer.terms("Lavrov"))
    hidden = [fresh.passages.get(int(r)).id for r in rows]
    got = [e.analyse(question, hidden) for e in (updated, fresh)]
    assert got[0].unknown == got[1].unknown > 0.5 and got[0].terms == got[1].terms


def test_a_piaf_subset_updated_by_parts_ranks_as_its_fresh_build(tmp_path):
    piaf = shared("piaf")
    records = [json.loads(line) for line in (piaf / "passages.jsonl").read_text(encoding="utf-8").splitlines()[:300]]
    ids = {r["id"] for r in records}
    questions = [
        q["question"]
        for q in map(json.loads, (piaf / "questions.jsonl").read_text(encoding="utf-8").splitlines())
        if set(q["passage_ids"]) <= ids
    ][::9][:40]
    assert len(questions) >= 30
    corpus = tmp_path / "corpus"
    corpus.mkdir()

    def write(name: str, part: list[dict]) -> None:
        (corpus / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part), encoding="utf-8")

    write("a.jsonl", records[:100])
    write("b.jsonl", records[100:200])
    root = tmp_path / "index"
    indexing.build([corpus], root)
    write("c.jsonl", records[200:300])  # added
    indexing.build([corpus], root)
    write("a.jsonl", records[:60])  # changed: 40 paragraphs fewer
    indexing.build([corpus], root)
    (corpus / "b.jsonl").unlink()  # removed
    indexing.build([corpus], root)
    # the first segment held a.jsonl and b.jsonl, both changed or removed since: dropped
    assert [m["prefix"] for m in askmali.load(root).manifest["segments"]] == ["s1.", "s2."]
    fresh = tmp_path / "fresh"
    indexing.build([corpus], fresh)
    _same_answers(root, fresh, questions)
    indexing.build([corpus], root, optimize=True)
    _same_arrays(root, fresh)


def test_too_many_segments_merge_the_smallest_into_the_update_s_segment(tmp_path, monkeypatch):
    monkeypatch.setattr(segments, "MAX_SEGMENTS", 3)
    monkeypatch.setattr(segments, "MERGE_FACTOR", 2)
    corpus = _seeds_corpus(tmp_path)
    root = tmp_path / "index"
    indexing.build([corpus], root)
    first = segments.segments_of(askmali.load(root).manifest)[0]["prefix"]
    counts, reads = [], []
    real_load = sources.load
    for i in range(4):
        (corpus / f"n{i}.txt").write_text(f"Le fleuve Niger traverse Ségou, note {i}.\n", encoding="utf-8")
        seen: list[str] = []
        monkeypatch.setattr(sources, "load", lambda sf, *a, **k: (seen.append(sf.name), real_load(sf, *a, **k))[1])
        indexing.build([corpus], root)
        reads.append(seen)
        manifest = askmali.load(root).manifest
        counts.append([m["prefix"] for m in segments.segments_of(manifest)])
    # the third update would have made 4 segments: the two smallest (the notes) merged into its
    # own, the big first segment (the seeds) untouched; nothing but the new note was read
    assert [len(c) for c in counts] == [2, 3, 2, 3]
    assert all(c[0] == first for c in counts)
    assert reads == [["n0.txt"], ["n1.txt"], ["n2.txt"], ["n3.txt"]]
    fresh = tmp_path / "fresh"
    indexing.build([corpus], fresh)
    _same_answers(root, fresh, QUESTIONS[:6] + ["fleuve Niger Ségou"])


def test_the_merge_plan_takes_the_smallest_segments():
    assert segments.plan_merge([500, 3, 40, 7], adding=True) == []  # 5 segments fit under 10
    sizes = [9000, 40, 3, 7, 1000, 12, 5, 900, 8, 2]
    got = segments.plan_merge(sizes, adding=True)  # an 11th would be one too many
    assert got == sorted([2, 9, 6, 3][: segments.MERGE_FACTOR]) and 0 not in got
    assert segments.plan_merge([0, 0, 0] + sizes, adding=True) == [i + 3 for i in got]  # empty ones aside


@pytest.mark.parametrize("stage", ["global_stats", "write_generation", "merge"])
def test_a_failed_update_or_merge_leaves_the_previous_generation_answering(tmp_path, monkeypatch, stage):
    corpus = _seeds_corpus(tmp_path)
    root = tmp_path / "index"
    indexing.build([corpus], root)
    (corpus / "n.txt").write_text("Le fleuve Niger traverse Ségou.\n", encoding="utf-8")
    indexing.build([corpus], root)  # two segments
    current = (root / store.CURRENT).read_text()
    before = askmali.load(root).ask(QUESTION).to_json()["answer"]["text"]
    shutil.copy(SEEDS / "004_5b873d6cbf113ef8.txt", corpus / "004_5b873d6cbf113ef8.txt")

    def boom(*args, **kwargs):
        raise RuntimeError("injected failure")

    if stage == "global_stats":
        monkeypatch.setattr(segments, "global_stats", boom)
    elif stage == "write_generation":
        real = store.write_generation

        def half(root_, arrays, manifest, files=None, links=None):
            # die after the generation's files are linked and written, before CURRENT moves
            real_replace = os.replace

            def no_swap(a, b):
                if Path(b).name == store.CURRENT:
                    raise RuntimeError("injected failure")
                return real_replace(a, b)

            monkeypatch.setattr(os, "replace", no_swap)
            try:
                return real(root_, arrays, manifest, files, links)
            finally:
                monkeypatch.setattr(os, "replace", real_replace)

        monkeypatch.setattr(store, "write_generation", half)
    else:
        monkeypatch.setattr(indexing, "build_components", boom)
    with pytest.raises(RuntimeError, match="injected"):
        indexing.build([corpus], root, optimize=stage == "merge")
    assert (root / store.CURRENT).read_text() == current
    engine = askmali.load(root)
    assert engine.ask(QUESTION).to_json()["answer"]["text"] == before
    assert "004_5b873d6cbf113ef8.txt" not in {sf["name"] for sf in engine.manifest["sources"]}
    monkeypatch.undo()
    indexing.build([corpus], root)  # the next writer clears what the failed one left
    names = sorted(p.name for p in root.iterdir())
    assert names == sorted([store.CURRENT, store.LOCK, (root / store.CURRENT).read_text()])
    fresh = tmp_path / "fresh"
    indexing.build([corpus], fresh)
    _same_answers(root, fresh, QUESTIONS[:6])


def _counted_live_df(index, alive: np.ndarray) -> np.ndarray:
    """Each term's live postings counted from every posting (what an update must store)."""
    return np.array([alive[index.doc_ids[a:b]].sum() for a, b in zip(index.indptr[:-1], index.indptr[1:])])


def test_removals_count_only_the_newly_dead_rows_and_keep_the_global_vocabularies(tmp_path):
    """A removal subtracts the postings of the rows dead since from the stored live df (one
    range, several, next to each other or not), and, adding no segment, shares the previous
    generation's global vocabularies and maps: the live df and global df are those counted
    from scratch, and the index still ranks as a fresh build."""
    corpus = _seeds_corpus(tmp_path, leave_out="")
    for i in range(4):  # small files between the seeds, so that removals leave gaps
        (corpus / f"001_n{i}.txt").write_text(f"Note {i}. Le fleuve Niger traverse Ségou et Gao.\n", encoding="utf-8")
    root = tmp_path / "index"
    indexing.build([corpus], root)
    (corpus / "n.txt").write_text("Kidal et Tessalit sont au nord du Mali.\n", encoding="utf-8")
    indexing.build([corpus], root)  # two segments: the global vocabularies exist
    for gone in (["001_n1.txt"], ["000_7b68323003ce8296.txt", "001_n0.txt", "003_08a994fd9431b56b.txt"], ["001_n3.txt"]):
        before = _generation(root)
        shared_before = {p.name: p.stat().st_ino for p in before.glob("*.npy") if p.name.startswith("g.") or ".gmap" in p.name}
        for name in gone:
            (corpus / name).unlink()
        indexing.build([corpus], root)
        after = _generation(root)
        engine = askmali.load(root)
        segs = engine.segments.segments
        assert len(segs) == 2 and all(s.meta["prefix"] in ("", "s1.") for s in segs)
        for s in segs:
            for which in ("bm25", "tfidf"):
                index = getattr(s, which)
                alive = s.alive if s.alive is not None else np.ones(s.n, dtype=bool)
                assert np.array_equal(s.live(which), _counted_live_df(index, alive)), (gone, which)
        for which in ("bm25", "tfidf"):
            written, shared = segments.global_terms(segs, which)  # counted from scratch
            _, _, arrays = store.open_current(root)
            assert not shared and all(np.array_equal(arrays[k], v) for k, v in written.items()), which
        # the vocabularies and maps are the previous generation's files, linked
        linked = {p.name: p.stat().st_ino for p in after.glob("*.npy") if p.name in shared_before and not p.name.endswith(".df.npy")}
        assert len(linked) == len(shared_before) - 2 and all(shared_before[n] == ino for n, ino in linked.items())
    fresh = tmp_path / "fresh"
    indexing.build([corpus], fresh)
    _same_answers(root, fresh, QUESTIONS[:8] + ["fleuve Niger Ségou", "Kidal Tessalit"])


def test_the_small_segments_folded_into_one_score_bit_for_bit_as_read_one_by_one(tmp_path, monkeypatch):
    """At the first question the small segments' postings are folded into one in-memory list
    per term (their dead rows left out): BM25 and TF-IDF scores are then exactly those of the
    segments read one by one, and the index still ranks as its fresh build."""
    corpus = _seeds_corpus(tmp_path)
    root = tmp_path / "index"
    indexing.build([corpus], root)
    for i in range(4):
        (corpus / f"n{i}.txt").write_text(f"Note {i}. Le fleuve Niger traverse Ségou, Gao et Tombouctou.\n\nLa Cedeao a levé ses sanctions en {2020 + i}.\n", encoding="utf-8")
        indexing.build([corpus], root)
    (corpus / "n1.txt").write_text("Kidal est au nord du Mali.\n", encoding="utf-8")  # dead rows in a small segment
    (corpus / "n2.txt").unlink()
    indexing.build([corpus], root)
    apart = askmali.load(root)
    with monkeypatch.context() as m:
        m.setattr(segments, "FOLD_POSTINGS", 0)
        assert apart.bm25._fold() is None and apart.tfidf._fold() is None
    folded = askmali.load(root)
    big = max(range(len(folded.segments.segments)), key=lambda i: folded.segments.segments[i].n)
    for signal in (folded.bm25, folded.tfidf):
        members = signal._fold().members
        assert len(members) >= 2 and big not in members
    sparse = 0
    for q in QUESTIONS[:30] + ["fleuve Niger Ségou Gao", "Kidal nord", "sanctions de la Cedeao 2023", "Qui a fondé Wagner ?"]:
        a = folded.analyse(q)
        assert np.array_equal(folded.bm25.score(a.terms), apart.bm25.score(a.terms)), q
        assert np.array_equal(folded.tfidf.score(a.text), apart.tfidf.score(a.text)), q
        # a few rare terms (derived nouns) are summed over their postings alone: the rows and
        # scores of the whole vector, dead rows left out, folded or not
        for engine in (folded, apart):
            for terms in (a.derived, a.terms[-1:], *([t] for t in engine.analyse("Note fleuve Ségou Gao Kidal").terms)):
                rows, got = engine.bm25.score_rows(terms)
                whole = engine.bm25.score(terms)
                assert np.array_equal(rows, np.flatnonzero(whole)) and np.array_equal(got, whole[rows]), (q, terms)
                assert not engine.segments.dead[rows].any()
                sparse += rows.size > 0
    assert sparse > 40
    fresh = tmp_path / "fresh"
    indexing.build([corpus], fresh)
    _same_answers(root, fresh, QUESTIONS[:6] + ["fleuve Niger Ségou Gao", "Kidal nord"])


def test_a_reader_of_the_old_generation_keeps_answering_after_an_update(tmp_path):
    corpus = _seeds_corpus(tmp_path)
    root = tmp_path / "index"
    indexing.build([corpus], root)
    (corpus / "n.txt").write_text("Le fleuve Niger traverse Ségou.\n", encoding="utf-8")
    indexing.build([corpus], root)
    old = askmali.load(root)
    expected = old.ask(QUESTION).to_json()["answer"]["text"]
    (corpus / "m.txt").write_text("Gao est sur le fleuve Niger.\n", encoding="utf-8")
    indexing.build([corpus], root)  # removes the generation `old` reads: its files stay mapped
    (corpus / "n.txt").unlink()
    indexing.build([corpus], root)
    old._last_analysis = None
    old._last_query = (None, [], {})
    assert old.ask(QUESTION).to_json()["answer"]["text"] == expected
    assert [h.passage.source for h in old.search("fleuve Niger Ségou", 1, retriever="bm25")] == ["n.txt"]


def test_kill_9_during_updates_leaves_an_index_that_answers(tmp_path):
    """Updates that add, change and remove files (segments, tombstones, links), each a forked
    ``askmali index`` killed at a random moment: the index always answers, from the old or the
    new generation, and a clean update afterwards ranks as the fresh build."""
    import signal
    import time

    from test_durability import _fork_cli

    rng = random.Random(20261202)
    corpus = _seeds_corpus(tmp_path)
    root = tmp_path / "index"
    indexing.build([corpus], root)
    started = time.perf_counter()
    (corpus / "n0.txt").write_text("Le fleuve Niger traverse Ségou.\n", encoding="utf-8")
    os.waitpid(_fork_cli("index", str(corpus), "--index", str(root)), 0)
    duration = time.perf_counter() - started
    for i in range(1, 9):
        before = (root / store.CURRENT).read_text()
        if i % 3 == 0 and (corpus / f"n{i - 1}.txt").exists():
            (corpus / f"n{i - 1}.txt").unlink()
        else:
            (corpus / f"n{i}.txt").write_text(f"Le fleuve Niger traverse Gao, note {i}.\n", encoding="utf-8")
        pid = _fork_cli("index", str(corpus), "--index", str(root))
        time.sleep(rng.uniform(0.0, duration))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        after = (root / store.CURRENT).read_text()
        assert after in (before, store.current_generation(root).name)
        engine = askmali.load(root)
        assert engine.ask(QUESTION).answer.source == "002_29e0faa7f984317a.txt"
    indexing.build([corpus], root)
    fresh = tmp_path / "fresh"
    indexing.build([corpus], fresh)
    _same_answers(root, fresh, QUESTIONS[:6] + ["fleuve Niger Gao"])
    assert sorted(p.name for p in root.iterdir()) == sorted([store.CURRENT, store.LOCK, (root / store.CURRENT).read_text()])


def test_askmali_index_optimize_merges_the_segments(tmp_path):
    from typer.testing import CliRunner

    corpus = _seeds_corpus(tmp_path)
    root = tmp_path / "index"
    runner = CliRunner()
    assert runner.invoke(app, ["index", str(corpus), "--index", str(root)]).exit_code == 0
    shutil.copy(SEEDS / "004_5b873d6cbf113ef8.txt", corpus / "004_5b873d6cbf113ef8.txt")
    (corpus / "000_7b68323003ce8296.txt").unlink()
    assert runner.invoke(app, ["index", str(corpus), "--index", str(root)]).exit_code == 0
    assert len(askmali.load(root).manifest["segments"]) == 2
    merged = runner.invoke(app, ["index", str(corpus), "--index", str(root), "--optimize"])
    assert merged.exit_code == 0, merged.output
    assert merged.stderr.strip().splitlines()[-1].endswith("updated: 0 added, 0 changed, 0 removed, 4 unchanged")
    engine = askmali.load(root)
    assert engine.segments is None and len(engine) == engine.manifest["counts"]["passages"]
    fresh = tmp_path / "fresh"
    indexing.build([corpus], fresh)
    _same_arrays(root, fresh)


def test_the_passes_over_the_postings_give_the_same_counts_and_norms_in_threads(tmp_path, monkeypatch):
    """``postings_on`` and ``tfidf_norms`` share their chunks of terms among threads: with small
    chunks (many of them, split between two threads) the counts are those of one thread and the
    norms those of one thread and of the fresh build, to the float32 rounding."""
    root = tmp_path / "index"
    indexing.build([SEEDS], root)
    engine = askmali.load(root)
    seg = engine.segments.segments[0] if engine.segments is not None else None
    if seg is None:
        _, manifest, arrays = store.open_current(root)
        seg = segments.Segment({**segments.segments_of(manifest)[0], "dead": []}, arrays)
    rows = seg.meta["source_rows"]
    ranges = [rows[0][:2], rows[2][:2]]
    terms, _ = segments.global_terms([seg], "tfidf")
    monkeypatch.setattr(segments, "CHUNK", 2_000)
    out = {}
    for workers in (1, 2):
        monkeypatch.setattr(segments, "WORKERS", workers)
        chunks = list(segments.term_chunks(np.asarray(seg.tfidf.indptr), segments.CHUNK // workers))
        assert len(chunks) > 20
        counts = {w: segments.postings_on(getattr(seg, w), ranges) for w in ("bm25", "tfidf")}
        out[workers] = counts, segments.global_stats([seg], terms)[2][0]
    for w in ("bm25", "tfidf"):
        assert np.array_equal(out[1][0][w], out[2][0][w])
        index = getattr(seg, w)
        alive = np.ones(seg.n, dtype=bool)
        for a, b in ranges:
            alive[a:b] = False
        assert np.array_equal(np.diff(np.asarray(index.indptr)) - out[2][0][w], _counted_live_df(index, alive))
    np.testing.assert_allclose(out[2][1], out[1][1], rtol=3e-7)
    np.testing.assert_allclose(out[2][1], np.asarray(seg.tfidf.norms), rtol=3e-7)
