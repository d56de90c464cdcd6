"""Nothing is lost: index writes are atomic, a killed build leaves a loadable index, writers
exclude each other, readers keep answering during a rebuild, and loading never runs code.

- A crash at every step of ``store.write_generation`` (forked child, ``os._exit`` before the
  step) leaves CURRENT on the old or the new generation, and both load.
- ``kill -9`` of a real ``askmali index`` at seeded random moments: ``askmali ask`` still answers.
- Two writers: ``--wait 0`` fails at once; otherwise the second waits, and they never interleave.
- Readers: asks during a background build of another corpus into the same folder all answer from
  a complete index; a reader that read CURRENT just before a swap retries with the new one.
- A .npy holding a pickle whose loading would create a file is refused as damaged.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import askmali
from askmali import cli, indexing, store
from askmali.cli import app
from conftest import shared

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SMALL = SEEDS / "000_7b68323003ce8296.txt"
OTHER = SEEDS / "004_5b873d6cbf113ef8.txt"
CEDEAO = "Quand la Cedeao a-t-elle partiellement levé ses sanctions contre le Mali ?"
MOURA = "Combien de civils sont morts lors du massacre de Moura ?"
runner = CliRunner()


def ask_json(index: Path, question: str) -> tuple[int, dict | None, str]:
    result = runner.invoke(app, ["ask", question, "--index", str(index), "--format", "json"])
    doc = json.loads(result.stdout) if result.exit_code in (0, 1) else None
    return result.exit_code, doc, result.stderr


def generations(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith("g-"))


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".tmp-"))


def _sigint_as_in_a_terminal() -> None:
    """A shell starts background jobs with SIGINT ignored, and a child inherits that: Python then
    installs no Ctrl-C handler. Give the build the disposition it has in a terminal, so a test
    that sends it SIGINT does not depend on how pytest itself was started."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def spawn_build(source: Path, index: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen(
        [sys.executable, "-m", "askmali", "index", str(source), "--index", str(index), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        preexec_fn=_sigint_as_in_a_terminal,
    )


@pytest.fixture
def small_index(tmp_path) -> Path:
    """An index of one small seed text: quick to rewrite many times."""
    root = tmp_path / "small-index"
    indexing.build([SMALL], root)
    return root


# ----------------------------------------------------------------------------- atomic writes


def _crash_before_step(root: Path, arrays: dict, manifest: dict, step: int) -> int:
    """Fork a writer that dies (``os._exit``, no cleanup) just before its ``step``-th durable
    operation (write of an array, fsync, rename, replace). Returns its exit status."""
    pid = os.fork()
    if pid == 0:  # child: never returns
        try:
            counter = [0]

            def dying(real):
                def op(*args, **kwargs):
                    counter[0] += 1
                    if counter[0] == step:
                        os._exit(137)
                    return real(*args, **kwargs)

                return op

            for name in ("fsync", "rename", "replace"):
                setattr(os, name, dying(getattr(os, name)))
            np.save = dying(np.save)
            store.write_generation(root, arrays, manifest)
            os._exit(0)
        finally:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def test_a_crash_at_any_step_of_a_write_leaves_the_old_or_the_new_index(small_index):
    engine = askmali.load(small_index)
    expected = [h.passage.id for h in engine.search("massacre de Moura civils", 5)]
    arrays = {k: np.array(v) for k, v in store.load_arrays(engine.generation, engine.manifest).items()}
    manifest = {k: v for k, v in engine.manifest.items() if k not in ("format", "format_version", "arrays")}
    outcomes = set()
    step = 0
    while True:
        step += 1
        assert step < 500, "the writer never finished"
        before = store.current_generation(small_index).name
        code = _crash_before_step(small_index, arrays, manifest, step)
        assert code in (0, 137), code
        current = store.current_generation(small_index).name
        assert current in generations(small_index)
        loaded = askmali.load(small_index)  # loads, checksums and all
        assert [h.passage.id for h in loaded.search("massacre de Moura civils", 5)] == expected
        outcomes.add("old" if current == before else "new")
        if code == 0:
            break
    assert step > 40  # every array is written and fsynced: many steps were tried
    assert outcomes == {"old", "new"}  # crashes before and after the CURRENT swap both happened
    # the write that finished removed what the killed ones left behind
    assert leftovers(small_index) == [] and generations(small_index) == [current]


def _fork_cli(*argv: str) -> int:
    """``askmali.cli.main(argv)`` in a forked child (imports already paid); returns its pid."""
    pid = os.fork()
    if pid == 0:  # child: never returns into pytest
        code = 1
        try:
            code = cli.main(list(argv))
        finally:
            os._exit(code)
    return pid


def _check_answers_after_kill(index: Path, before: str) -> None:
    after = store.current_generation(index).name
    assert after == before or after in generations(index)
    code, doc, stderr = ask_json(index, MOURA)
    assert code == 0, stderr
    assert doc["answer"]["source"] == SMALL.name
    askmali.load(index)


def test_kill_9_during_a_build_leaves_an_index_that_answers(small_index):
    rng = random.Random(20240703)
    # a real "python -m askmali index", killed as soon as it starts writing its generation
    before = store.current_generation(small_index).name
    proc = spawn_build(SMALL, small_index, "--optimize")  # a whole build: the files did not change
    while proc.poll() is None and not leftovers(small_index):
        time.sleep(0.001)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    _check_answers_after_kill(small_index, before)
    # 15 builds forked from this process (no import time), killed at random over the build
    started = time.perf_counter()
    os.waitpid(_fork_cli("index", str(SMALL), "--index", str(small_index)), 0)
    duration = time.perf_counter() - started
    for _ in range(15):
        before = store.current_generation(small_index).name
        pid = _fork_cli("index", str(SMALL), "--index", str(small_index))
        time.sleep(rng.uniform(0.0, duration))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        _check_answers_after_kill(small_index, before)
    indexing.build([SMALL], small_index)  # a clean build removes what the killed ones left
    assert leftovers(small_index) == [] and len(generations(small_index)) == 1


def test_leftovers_of_killed_builds_are_cleaned_by_the_next_build(small_index):
    (small_index / ".tmp-g-20000101-000000-1-000001").mkdir()
    (small_index / ".tmp-g-20000101-000000-1-000001" / "p_text_blob.npy").write_bytes(b"partial")
    (small_index / ".tmp-CURRENT").write_text("g-20000101-000000-1-000002", encoding="utf-8")
    orphan = small_index / "g-20000101-000000-1-000002"  # renamed, but CURRENT never swapped
    shutil.copytree(store.current_generation(small_index), orphan)
    indexing.build([SMALL], small_index)
    assert leftovers(small_index) == [] and len(generations(small_index)) == 1
    assert not orphan.exists()


def test_a_first_build_killed_after_its_rename_does_not_block_the_next(tmp_path, small_index):
    root = tmp_path / "fresh"
    root.mkdir()
    shutil.copytree(store.current_generation(small_index), root / "g-20000101-000000-1-000003")
    (root / ".lock").touch()
    indexing.build([SMALL], root)  # not refused as "not an askmali index"
    assert generations(root) != ["g-20000101-000000-1-000003"] and len(generations(root)) == 1
    assert askmali.load(root).search("Moura", 1)


# ----------------------------------------------------------------------------- writers


def test_a_second_writer_with_wait_0_fails_at_once(small_index, tree_hash, diagnostic):
    before = tree_hash(small_index)
    with store.write_lock(small_index, 0):
        result = runner.invoke(app, ["index", str(SMALL), "--index", str(small_index), "--wait", "0"])
    assert result.exit_code == 2
    line = diagnostic(result.stderr)
    assert "another askmali process is building the index" in line and "--wait" in line
    assert tree_hash(small_index) == before


def test_a_second_writer_waits_for_the_first(small_index):
    with store.write_lock(small_index, 0):
        held = store.current_generation(small_index).name
        pid = _fork_cli("index", str(SMALL), "--index", str(small_index), "--wait", "60", "--optimize")
        time.sleep(0.5)
        assert os.waitpid(pid, os.WNOHANG) == (0, 0)  # still waiting for the lock
        assert store.current_generation(small_index).name == held
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert store.current_generation(small_index).name != held


def test_two_builds_at_once_never_interleave(small_index):
    pids = [_fork_cli("index", str(path), "--index", str(small_index)) for path in (OTHER, SMALL)]
    for pid in pids:
        assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
    engine = askmali.load(small_index)  # one complete generation, from one of the two corpora
    assert len(generations(small_index)) == 1 and leftovers(small_index) == []
    (root,) = engine.manifest["roots"]
    assert root in (str(OTHER), str(SMALL))
    assert [engine.passages.source_names[i] for i in range(len(engine.passages.source_names))] == [Path(root).name]


# ----------------------------------------------------------------------------- readers


def test_readers_keep_answering_while_another_corpus_is_built_into_the_folder(index_copy, tmp_path):
    subset = tmp_path / "piaf-subset.jsonl"
    with open(shared("piaf", "passages.jsonl"), encoding="utf-8") as src:
        subset.write_text("".join(line for _, line in zip(range(400), src)), encoding="utf-8")
    piaf_ids = {json.loads(line)["id"] for line in subset.read_text(encoding="utf-8").splitlines()}
    old = store.current_generation(index_copy).name
    pid = _fork_cli("index", str(subset), "--index", str(index_copy))
    seen: list[str] = []
    status = None
    while status is None:
        done, code = os.waitpid(pid, os.WNOHANG)
        status = os.waitstatus_to_exitcode(code) if done else None
        code, doc, stderr = ask_json(index_copy, CEDEAO)
        assert code in (0, 1), stderr  # never an error: the index is always complete
        assert stderr == ""
        sources = {p["source"] for p in doc["passages"]}
        assert sources <= {p.name for p in SEEDS.glob("*.txt")} or sources <= piaf_ids
        seen.append("old" if sources <= {p.name for p in SEEDS.glob("*.txt")} else "new")
    assert status == 0
    assert seen and seen[0] == "old"  # asks ran during the build, on the old index
    code, doc, _ = ask_json(index_copy, CEDEAO)
    assert code in (0, 1) and {p["source"] for p in doc["passages"]} <= piaf_ids
    assert store.current_generation(index_copy).name != old


def test_a_reader_that_read_current_just_before_a_swap_retries(small_index, monkeypatch):
    engine = askmali.load(small_index)
    arrays = {k: np.array(v) for k, v in store.load_arrays(engine.generation, engine.manifest).items()}
    manifest = {k: v for k, v in engine.manifest.items() if k not in ("format", "format_version", "arrays")}
    real_read_manifest = store.read_manifest
    swaps: list[str] = []

    def swap_first(gen: Path) -> dict:
        if not swaps:  # a writer swaps CURRENT and deletes this generation right now
            swaps.append(store.write_generation(small_index, arrays, manifest).name)
            assert not gen.exists()
        return real_read_manifest(gen)

    monkeypatch.setattr(store, "read_manifest", swap_first)
    loaded = askmali.load(small_index)
    assert swaps and loaded.generation.name == swaps[0]
    assert loaded.search("Moura", 1)


def test_a_reader_that_opened_the_old_generation_keeps_answering_after_it_is_deleted(small_index):
    engine = askmali.load(small_index)
    before = engine.ask(MOURA).to_json()
    old = engine.generation
    indexing.build([SMALL], small_index, optimize=True)  # a new generation of the same files
    assert not old.exists()
    assert engine.ask(MOURA).to_json() == before  # its arrays are still mapped


# ----------------------------------------------------------------------------- no code runs


class _Payload:
    """Unpickling this calls ``Path.touch(marker)``: proof that a pickle ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_a_pickle_planted_in_an_index_array_is_refused_and_never_runs(index_copy, tmp_path, diagnostic):
    marker = tmp_path / "pwned"
    planted = store.current_generation(index_copy) / "p_text_blob.npy"
    payload = np.empty(1, dtype=object)
    payload[0] = _Payload(marker)
    np.save(planted, payload, allow_pickle=True)
    result = runner.invoke(app, ["ask", CEDEAO, "--index", str(index_copy)])
    assert result.exit_code == 2
    line = diagnostic(result.stderr)
    assert "damaged" in line and "p_text_blob.npy" in line
    assert not marker.exists()
    np.load(planted, allow_pickle=True)  # the payload is real: a careless load runs it
    assert marker.exists()


# ----------------------------------------------------------------------------- Ctrl-C


def test_ctrl_c_during_askmali_index_says_what_was_interrupted(small_index, tmp_path, tree_hash, diagnostic):
    """A real SIGINT to a real ``askmali index`` in the middle of its build. The corpus holds the
    seeds and a long text made of them, so that reading it takes seconds on any machine and the
    signal cannot come after the build is over (the seeds alone took a fraction of a second)."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "long.txt").write_text("\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))) * 50,
                                     encoding="utf-8")
    leftover = small_index / ".tmp-leftover"  # the build removes it once it holds the lock
    leftover.write_text("x", encoding="utf-8")
    before = {k: v for k, v in tree_hash(small_index).items() if k != leftover.name}
    answered = ask_json(small_index, MOURA)
    proc = spawn_build(corpus, small_index)
    deadline = time.monotonic() + 120
    while leftover.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGINT)  # the build proper has started: reading the long text takes seconds
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert diagnostic(err.decode(), "interrupted") == (
        f"askmali: interrupted: building the index in {small_index}; the previous index is intact"
    )
    assert tree_hash(small_index) == before  # nothing half-written is left
    assert ask_json(small_index, MOURA) == answered
