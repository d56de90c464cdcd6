"""Incremental ``askmali index``: an update reads only new and changed files, takes the other
files' passages from the current generation, and gives the same index as a fresh build."""

from __future__ import annotations

import json
import os
import random
import shutil
from dataclasses import fields
from pathlib import Path

import numpy as np
import pytest
import yaml

import askmali
from askmali import freshness, indexing, sources, store
from askmali.analysis import Analyzer
from askmali.passages import PassageTable

from conftest import SEEDS, shared_documents

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
HTML_SEED = FIXTURES / "seeds" / "html" / "000_7b68323003ce8296.html"
QUESTIONS = [q["question"] for q in yaml.safe_load((ROOT / "eval" / "questions.yaml").read_text(encoding="utf-8"))]


def _documents() -> list[Path]:
    """A few real files of ../shared/documents, one per reader: HTML, EPUB, PDF."""
    return [
        shared_documents("html", "maint-guide", "upload.fr.html"),
        shared_documents("html", "debian-reference", "apa.fr.html"),
        shared_documents("epub", "developers-reference.fr.epub"),
        shared_documents("pdf", "maint-guide.fr.pdf"),
    ]


def _pool() -> list[Path]:
    """Files a test corpus is made of: the seed texts, converted seeds, shared documents."""
    return [
        *sorted(SEEDS.glob("*.txt")),
        FIXTURES / "seeds" / "pdf" / "003_08a994fd9431b56b.pdf",
        FIXTURES / "seeds" / "epub" / "004_5b873d6cbf113ef8.epub",
        HTML_SEED,
        *_documents(),
    ]


def _same_arrays(a: Path, b: Path) -> None:
    _, ma, xa = store.open_current(a)
    _, mb, xb = store.open_current(b)
    assert sorted(xa) == sorted(xb)
    for key in xa:
        assert xa[key].dtype == xb[key].dtype and np.array_equal(xa[key], xb[key]), key
    volatile = {"created", "build_seconds", "arrays", "update"}
    assert {k: v for k, v in ma.items() if k not in volatile} == {k: v for k, v in mb.items() if k not in volatile}


def _close(a, b, path="") -> None:
    """JSON values equal, floats within 1e-6."""
    if isinstance(a, float) or isinstance(b, float):
        assert a == pytest.approx(b, abs=1e-6), path
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), path
        for k in a:
            _close(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)):
            _close(x, y, f"{path}[{i}]")
    else:
        assert a == b, path


def _same_hits(hu, hf, what) -> None:
    """The same ranking: scores within 1e-6, and the same passages, except that passages of
    equal scores may come in another order (an index of segments numbers its rows otherwise
    than a fresh build, and rows break ties); a tie straddling the cut may show either."""
    su, sf = [h.score for h in hu], [h.score for h in hf]
    assert len(su) == len(sf) and np.allclose(su, sf, atol=1e-6, rtol=0), what
    last = sf[-1] if sf else 0.0
    groups_u: dict[float, set] = {}
    groups_f: dict[float, set] = {}
    for hs, groups in ((hu, groups_u), (hf, groups_f)):
        for h in hs:
            key = next((k for k in groups if abs(k - h.score) <= 1e-6), h.score)
            groups.setdefault(key, set()).add(h.passage.id)
    for key, ids in groups_f.items():
        other = next(v for k, v in groups_u.items() if abs(k - key) <= 1e-6)
        if abs(key - last) > 1e-6:
            assert ids == other, what
        else:
            assert len(ids) == len(other), what


def _same_answers(updated: Path, fresh: Path, questions) -> None:
    u, f = askmali.load(updated), askmali.load(fresh)
    ids_u = sorted(u.passages.get(i).id for i in range(len(u.passages)) if u.segments is None or not u.segments.dead[i])
    assert ids_u == sorted(f.passages.get(i).id for i in range(len(f.passages)))
    for q in questions:
        for retriever in ("hybrid", "bm25", "tfidf"):
            _same_hits(u.search(q, 10, retriever=retriever), f.search(q, 10, retriever=retriever), (q, retriever))
        au, af = u.ask(q).to_json(), f.ask(q).to_json()
        assert (au["answer"] or {}).get("text") == (af["answer"] or {}).get("text"), q
        _close(au["answer"], af["answer"], q)


# ----------------------------------------------------------------------------- round trip


def test_the_passage_table_gives_back_every_field_the_chunker_made():
    """An update rebuilds the index from passages decoded from the current generation: each
    decoded passage must equal the chunker's, field by field, and must store the same arrays."""
    _, docs = indexing.read_corpus([SEEDS, *_documents(), FIXTURES / "seeds" / "pdf" / "002_29e0faa7f984317a.pdf"])
    passages = indexing.chunk_documents(docs, indexing.BuildParams())
    assert {p.kind for p in passages} >= {"body", "title", "footnote"}
    assert any(p.page for p in passages) and any(p.section for p in passages) and any(p.footnote_at for p in passages)
    table = PassageTable.build(passages, Analyzer())
    decoded = table.rows(0, len(table))
    for p, d in zip(passages, decoded, strict=True):
        for f in fields(p):
            assert getattr(d, f.name) == getattr(p, f.name), (p.id, f.name)
    again = PassageTable.build(decoded, Analyzer()).to_arrays()
    for key, arr in table.to_arrays().items():
        assert np.array_equal(arr, again[key]), key
    assert list(indexing.indexed_texts(decoded, indexing.BuildParams())) == list(
        indexing.indexed_texts(passages, indexing.BuildParams())
    )


def test_the_manifest_says_which_rows_each_file_gave(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "vide.jsonl").write_text("", encoding="utf-8")  # read, no records: no rows
    root = tmp_path / "index"
    indexing.build([corpus], root)
    engine = askmali.load(root)
    manifest = engine.manifest
    assert [sf["name"] for sf in manifest["sources"]][-1] == "vide.jsonl"
    for sf, (first, end, documents) in zip(manifest["sources"], manifest["source_rows"], strict=True):
        names = {engine.passages.get(i).source for i in range(first, end)}
        assert names == ({sf["name"]} if documents else set())
    assert manifest["source_rows"][-1][1] == len(engine.passages) == manifest["counts"]["passages"]


# ----------------------------------------------------------------------------- differential


def _edit(path: Path, rng: random.Random) -> str:
    """Change a text or HTML file: a new paragraph, or a word replaced by another of the same
    length (same size: only the content hash tells it changed)."""
    text = path.read_text(encoding="utf-8")
    if rng.random() < 0.5:
        words = [w for w in set(text.split()) if w.isalpha() and len(w) >= 6]
        word = rng.choice(sorted(words))
        text = text.replace(word, word[::-1], 1)
        path.write_text(text, encoding="utf-8")
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # a distinct mtime
        return "same size"
    para = "Le port de Tombouctou a rouvert le 4 mars 2024, selon les autorités de la région."
    if path.suffix == ".html":
        text = text.replace("</body>", f"<p>{para}</p></body>", 1)
    else:
        text += f"\n\n{para}\n"
    path.write_text(text, encoding="utf-8")
    return "paragraph"


@pytest.mark.parametrize("seed", [11, 29])
def test_a_corpus_updated_step_by_step_is_indexed_as_a_fresh_build_of_it(tmp_path, seed):
    rng = random.Random(seed)
    pool = _pool()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    present: list[str] = []
    for src in rng.sample(pool, 6):
        shutil.copy(src, corpus / src.name)
        present.append(src.name)
    root = tmp_path / "index"
    indexing.build([corpus], root)
    for step in range(6):
        absent = [p for p in pool if p.name not in present]
        editable = [n for n in present if n.endswith((".txt", ".html"))]
        ops = ["add"] * bool(absent) + ["change"] * bool(editable) + ["delete"] * (len(present) > 2) + ["touch"]
        op = rng.choice(ops)
        expected = {"added": 0, "changed": 0, "removed": 0}
        if op == "add":
            src = rng.choice(absent)
            shutil.copy(src, corpus / src.name)
            present.append(src.name)
            expected["added"] = 1
        elif op == "change":
            _edit(corpus / rng.choice(editable), rng)
            expected["changed"] = 1
        elif op == "delete":
            name = rng.choice(present)
            (corpus / name).unlink()
            present.remove(name)
            expected["removed"] = 1
        else:  # a new mtime, the same bytes: taken over unchanged
            path = corpus / rng.choice(present)
            st = path.stat()
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))
        before = store.current_generation(root)
        indexing.build([corpus], root)
        if op == "touch":  # nothing to read: only the file's new time is recorded
            assert askmali.load(root).manifest["touched"] == 1, step
            assert store.current_generation(root) != before, step
            continue
        update = askmali.load(root).manifest["update"]
        assert update == {**expected, "unchanged": len(present) - expected["added"] - expected["changed"]}, (step, op)
    fresh = tmp_path / "fresh"
    indexing.build([corpus], fresh)
    _same_answers(root, fresh, QUESTIONS[:12] + ["Comment envoyer un paquet dans l'archive Debian ?"])
    # merged into one segment (askmali index --optimize), it is the fresh build, array for array
    indexing.build([corpus], root, optimize=True)
    _same_arrays(root, fresh)


# ----------------------------------------------------------------------------- what is read


def test_an_update_reads_only_the_new_and_changed_files(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    for doc in _documents()[:3]:
        shutil.copy(doc, corpus / doc.name)
    root = tmp_path / "index"
    indexing.build([corpus], root)
    loaded: list[str] = []
    real_load, real_scan = sources.load, sources.scan  # a fresh build scans a JSONL file, then streams it
    monkeypatch.setattr(sources, "load", lambda sf, warn: loaded.append(sf.name) or real_load(sf, warn))
    monkeypatch.setattr(sources, "scan", lambda sf, warn: loaded.append(sf.name) or real_scan(sf, warn))

    shutil.copy(HTML_SEED, corpus / "ajout.html")  # a converted seed, under a new name
    _edit(corpus / "001_eb65ca922daaa8d5.txt", random.Random(1))
    (corpus / "003_08a994fd9431b56b.txt").unlink()
    path = corpus / "upload.fr.html"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 5_000_000_000))  # touched only
    indexing.build([corpus], root)
    assert sorted(loaded) == ["001_eb65ca922daaa8d5.txt", "ajout.html"]
    manifest = askmali.load(root).manifest
    assert manifest["update"] == {"added": 1, "changed": 1, "removed": 1, "unchanged": 6}
    line = indexing.summary(manifest, root)
    assert line.endswith("; updated: 1 added, 1 changed, 1 removed, 6 unchanged")

    # nothing changed: nothing is read, the index is rebuilt from the current generation
    loaded.clear()
    indexing.build([corpus], root)
    assert loaded == []
    # other build settings: every file is read again, as in a fresh build
    indexing.build([corpus], root, params=indexing.BuildParams(k1=0.5))
    assert len(loaded) == 8 and "update" not in askmali.load(root).manifest


def test_a_stale_index_found_by_a_question_is_updated_reading_only_what_changed(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    root = tmp_path / "index"
    indexing.build([corpus], root)
    (corpus / "tombouctou.txt").write_text("Le port de Tombouctou a rouvert le 4 mars 2024.\n", encoding="utf-8")
    loaded: list[str] = []
    real_load, real_scan = sources.load, sources.scan  # a fresh build scans a JSONL file, then streams it
    monkeypatch.setattr(sources, "load", lambda sf, warn: loaded.append(sf.name) or real_load(sf, warn))
    monkeypatch.setattr(sources, "scan", lambda sf, warn: loaded.append(sf.name) or real_scan(sf, warn))
    said: list[str] = []
    engine = askmali.open_index(root, on_event=said.append)
    assert loaded == ["tombouctou.txt"] and any("tombouctou.txt" in m for m in said)
    assert engine.manifest["update"] == {"added": 1, "changed": 0, "removed": 0, "unchanged": 5}
    assert "4 mars 2024" in engine.ask("Quand le port de Tombouctou a-t-il rouvert ?").to_json()["answer"]["text"]


def test_an_index_without_source_rows_is_rebuilt_from_every_file(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    root = tmp_path / "index"
    indexing.build([corpus], root)
    gen = store.current_generation(root)
    manifest = json.loads((gen / store.MANIFEST).read_text(encoding="utf-8"))
    manifest["source_rows"] = manifest["source_rows"][:-1]  # does not match its sources: not trusted
    (gen / store.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    loaded: list[str] = []
    real_load, real_scan = sources.load, sources.scan  # a fresh build scans a JSONL file, then streams it
    monkeypatch.setattr(sources, "load", lambda sf, warn: loaded.append(sf.name) or real_load(sf, warn))
    monkeypatch.setattr(sources, "scan", lambda sf, warn: loaded.append(sf.name) or real_scan(sf, warn))
    indexing.build([corpus], root)
    assert len(loaded) == 5
    assert "update" not in askmali.load(root).manifest


# ----------------------------------------------------------------------------- failures


QUESTION = "Quand la Cedeao a-t-elle partiellement levé ses sanctions contre le Mali ?"


def _answer(root: Path) -> dict:
    answer = askmali.load(root).ask(QUESTION).to_json()["answer"]
    return {"text": answer["text"], "source": answer["source"]}


def test_an_unreadable_new_file_is_one_warning_and_the_rest_is_kept(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    root = tmp_path / "index"
    indexing.build([corpus], root)
    before = _answer(root)
    shutil.copy(FIXTURES / "broken" / "tronque.pdf", corpus / "tronque.pdf")
    warnings: list[str] = []
    indexing.build([corpus], root, warn=warnings.append)
    assert len(warnings) == 1 and "tronque.pdf" in warnings[0]
    engine = askmali.load(root)
    assert engine.manifest["update"] == {"added": 1, "changed": 0, "removed": 0, "unchanged": 5}
    assert engine.manifest["formats"]["skipped"] and len(engine.passages) == 202
    assert _answer(root) == before


@pytest.mark.parametrize("stage", ["chunking", "weighting"])
def test_a_failed_update_leaves_the_previous_generation_answering(tmp_path, monkeypatch, stage):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    root = tmp_path / "index"
    indexing.build([corpus], root)
    current = (root / store.CURRENT).read_text()
    before = _answer(root)
    (corpus / "002_29e0faa7f984317a.txt").write_text("La Cedeao a levé ses sanctions en 1999.\n", encoding="utf-8")
    shutil.copy(HTML_SEED, corpus / "ajout.html")

    def boom(*_args, **_kwargs):
        raise RuntimeError("injected")

    if stage == "chunking":
        monkeypatch.setattr(indexing, "_chunker", lambda params: boom)
    else:
        monkeypatch.setattr(indexing.CharTfidf, "from_counts", boom)
    with pytest.raises(RuntimeError, match="injected"):
        indexing.build([corpus], root)
    assert (root / store.CURRENT).read_text() == current
    assert sorted(p.name for p in root.iterdir()) == sorted([store.CURRENT, store.LOCK, current])
    assert _answer(root) == before
    # the next update (nothing injected) reads the changed files and serves their text
    monkeypatch.undo()
    indexing.build([corpus], root)
    assert askmali.load(root).manifest["update"] == {"added": 1, "changed": 1, "removed": 0, "unchanged": 4}
    assert "1999" in askmali.load(root).search("Cedeao sanctions 1999", 1)[0].passage.text


def test_askmali_index_over_an_index_ends_with_what_changed(tmp_path):
    from typer.testing import CliRunner

    from askmali.cli import app

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    root = tmp_path / "index"
    runner = CliRunner()
    first = runner.invoke(app, ["index", str(corpus), "--index", str(root)], catch_exceptions=False)
    assert first.exit_code == 0 and "updated" not in first.stderr
    (corpus / "003_08a994fd9431b56b.txt").unlink()
    again = runner.invoke(app, ["index", str(corpus), "--index", str(root)], catch_exceptions=False)
    assert again.exit_code == 0
    assert again.stderr.strip().splitlines()[-1] == (
        f"askmali: indexed 4 documents into {len(askmali.load(root))} passages in {root}: "
        "read 4 txt; updated: 0 added, 0 changed, 1 removed, 4 unchanged"
    )


def test_the_new_time_of_a_touched_file_is_recorded_in_its_segment_and_never_read_again(tmp_path, monkeypatch):
    """Over a segmented index, a file touched in an old segment gets its new time everywhere
    the generation records it (the sources staleness checks read, and its segment's, which an
    update reads): no later check or update reads it through again, and the index ranks as
    before, on the same array files."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    root = tmp_path / "index"
    indexing.build([corpus], root)
    shutil.copy(HTML_SEED, corpus / "ajout.html")
    indexing.build([corpus], root)  # a second segment
    before = askmali.load(root)
    assert before.segments is not None
    question = "Qui a fondé Wagner ?"
    hits = [(h.passage.id, h.score) for h in before.search(question, 10)]
    path = corpus / "001_eb65ca922daaa8d5.txt"  # in the first segment
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 3_000_000_000))
    hashed: list[str] = []
    real = sources.fingerprint
    monkeypatch.setattr(sources, "fingerprint", lambda sf: hashed.append(sf.name) or real(sf))
    indexing.build([corpus], root)
    assert hashed == ["001_eb65ca922daaa8d5.txt"]  # read once, to find it unchanged
    after = askmali.load(root)
    assert after.manifest["touched"] == 1 and after.generation != before.generation
    mtime = path.stat().st_mtime_ns
    recorded = [sf for sf in after.manifest["sources"] if sf["path"] == str(path)]
    recorded += [sf for m in after.manifest["segments"] for sf in m["sources"] if sf["path"] == str(path)]
    assert len(recorded) == 2 and {sf["mtime_ns"] for sf in recorded} == {mtime}
    assert (root / after.generation.name / "segment.json").exists()
    assert [(h.passage.id, h.score) for h in after.search(question, 10)] == hits
    hashed.clear()
    assert freshness.stale_reasons(after.manifest) == ([], [])
    indexing.build([corpus], root)
    assert hashed == [] and askmali.load(root).generation == after.generation


def test_an_update_that_finds_nothing_changed_keeps_the_generation_as_it_is(tmp_path):
    """A fresh build is one plain segment, the fastest to search; an ``askmali index`` that
    finds every file as indexed writes nothing, rather than the same passages again in the
    multi-segment form; when one was only touched, its new time alone is recorded."""
    from typer.testing import CliRunner

    from askmali.cli import app

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    root = tmp_path / "index"
    runner = CliRunner()
    assert runner.invoke(app, ["index", str(corpus), "--index", str(root)], catch_exceptions=False).exit_code == 0
    built = store.current_generation(root)
    touched = corpus / "000_7b68323003ce8296.txt"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    again = runner.invoke(app, ["index", str(corpus), "--index", str(root)], catch_exceptions=False)
    assert again.exit_code == 0
    assert again.stderr.strip().splitlines()[-1].endswith(
        "read 5 txt; nothing changed (5 files up to date, 1 touched: new times recorded)"
    )
    recorded = store.current_generation(root)
    assert recorded != built
    same = runner.invoke(app, ["index", str(corpus), "--index", str(root)], catch_exceptions=False)
    assert same.stderr.strip().splitlines()[-1].endswith("read 5 txt; nothing changed (5 files up to date)")
    assert store.current_generation(root) == recorded
    engine = askmali.load(root)
    assert engine.segments is None  # still the one plain segment
    assert engine.ask("Qui a fondé Wagner ?").answer is not None
    # a real change still makes a new generation, and a no-op over segments keeps that one
    (corpus / "003_08a994fd9431b56b.txt").unlink()
    assert runner.invoke(app, ["index", str(corpus), "--index", str(root)], catch_exceptions=False).exit_code == 0
    updated = store.current_generation(root)
    assert updated != built
    runner.invoke(app, ["index", str(corpus), "--index", str(root)], catch_exceptions=False)
    assert store.current_generation(root) == updated


def test_a_file_with_a_document_that_gave_no_passage_is_read_again(tmp_path, monkeypatch):
    """Its id is not in the index: taking the file over could miss a duplicate id that a fresh
    build refuses, so it is read again (and the duplicate refused, the index left as it was)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    records = [{"id": "r1", "title": "Mali", "text": "Bamako est la capitale du Mali."}, {"id": "r2", "text": "\u200b "}]  # no text once cleaned
    (corpus / "a.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    root = tmp_path / "index"
    indexing.build([corpus], root)
    engine = askmali.load(root)
    assert engine.manifest["source_rows"] == [[0, len(engine.passages), 2]]
    assert {engine.passages.get(i).source for i in range(len(engine.passages))} == {"r1"}
    current = (root / store.CURRENT).read_text()
    (corpus / "b.jsonl").write_text(json.dumps({"id": "r2", "text": "Ségou est sur le Niger."}) + "\n", encoding="utf-8")
    loaded: list[str] = []
    real_load, real_scan = sources.load, sources.scan  # a fresh build scans a JSONL file, then streams it
    monkeypatch.setattr(sources, "load", lambda sf, warn: loaded.append(sf.name) or real_load(sf, warn))
    monkeypatch.setattr(sources, "scan", lambda sf, warn: loaded.append(sf.name) or real_scan(sf, warn))
    with pytest.raises(askmali.CorpusError, match="duplicate source id 'r2'"):
        indexing.build([corpus], root)
    assert loaded == ["a.jsonl", "b.jsonl"] and (root / store.CURRENT).read_text() == current
