"""The CI gate: `askmali eval --baseline` fails naming the metrics that dropped beyond their
tolerance, and, separately, when the baseline was not produced by the current question file,
corpus and code (askmali.provenance): an improvement is then reported as a stale baseline to
re-save, never as a test failure."""

import json

import pytest
from typer.testing import CliRunner

import askmali
from askmali import provenance
from askmali.cli import app


@pytest.fixture(scope="module")
def current(seeds_index, repo):
    """The fingerprint of what the gate runs on: the repository's questions, the seeds, this code."""
    return provenance.fingerprint(repo / "eval" / "questions.yaml", askmali.load(seeds_index).manifest)


@pytest.fixture
def committed(repo):
    return json.loads((repo / "eval" / "baseline.json").read_text(encoding="utf-8"))


def _eval(seeds_index, *args):
    return CliRunner().invoke(app, ["eval", "--index", str(seeds_index), "--format", "plain", *args])


def _written(tmp_path, doc) -> str:
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def test_the_committed_metrics_pass_the_tolerant_gate(seeds_index, tmp_path, committed, current):
    """Against the committed metrics this code regresses nothing beyond tolerance (an
    improvement passes: only drops are gated)."""
    result = _eval(seeds_index, "--baseline", _written(tmp_path, {**committed, "produced_by": current}))
    assert result.exit_code == 0, result.output
    assert "No metric dropped beyond its tolerance." in result.stderr


def test_a_drop_beyond_tolerance_fails_and_names_the_metric(seeds_index, tmp_path, committed, current):
    doc = {**committed, "produced_by": current}
    doc["metrics"] = {**doc["metrics"], "hit@1": min(1.0, doc["metrics"]["hit@1"] + 0.05)}  # we "used to" do better
    result = _eval(seeds_index, "--baseline", _written(tmp_path, doc))
    assert result.exit_code == 1
    assert "Metrics below the baseline" in result.stderr and "hit@1" in result.stderr
    assert "was not produced by" not in result.stderr


def test_a_baseline_from_other_code_is_stale_and_says_to_resave_it(seeds_index, tmp_path, committed, current):
    path = _written(tmp_path, {**committed, "produced_by": {**current, "code": "0" * 64}})
    result = _eval(seeds_index, "--baseline", path)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert f"askmali: error: {path} was not produced by this code - re-save it on purpose: askmali eval --save-baseline {path}" in lines


def test_save_baseline_records_what_produced_it_and_the_gate_accepts_it(seeds_index, tmp_path, current):
    out = tmp_path / "new.json"
    assert _eval(seeds_index, "--save-baseline", str(out)).exit_code == 0
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["produced_by"] == current
    assert _eval(seeds_index, "--baseline", str(out)).exit_code == 0


def test_the_fingerprint_follows_each_part(tmp_path, repo, seeds_index):
    manifest = askmali.load(seeds_index).manifest
    questions = tmp_path / "questions.yaml"
    questions.write_bytes((repo / "eval" / "questions.yaml").read_bytes())
    base = provenance.fingerprint(questions, manifest)
    questions.write_bytes(questions.read_bytes() + b"\n")
    assert provenance.stale_parts({"produced_by": base}, provenance.fingerprint(questions, manifest)) == ["questions"]
    edited = {**manifest, "sources": [{**manifest["sources"][0], "sha256": "0" * 64}, *manifest["sources"][1:]]}
    assert provenance.fingerprint(questions, edited)["corpus"] != base["corpus"]
    package = tmp_path / "askmali"
    package.mkdir()
    (package / "a.py").write_text("x = 1\n", encoding="utf-8")
    before = provenance.code_digest(package)
    (package / "a.py").write_text("x = 2\n", encoding="utf-8")
    assert provenance.code_digest(package) != before
    assert provenance.stale_parts({}, base) == list(provenance.PARTS)  # no fingerprint: stale
