"""The CI gate: `askmali eval --baseline` passes on the pinned baseline and fails on a drop."""

import json
from pathlib import Path

from typer.testing import CliRunner

from askmali.cli import app

BASELINE = Path("eval/baseline.json")


def _eval(seeds_index, *args):
    return CliRunner().invoke(app, ["eval", "--index", str(seeds_index), "--format", "plain", *args])


def test_the_pinned_baseline_passes(seeds_index):
    result = _eval(seeds_index, "--baseline", str(BASELINE))
    assert result.exit_code == 0, result.output


def test_a_drop_beyond_tolerance_fails_and_names_the_metric(seeds_index, tmp_path):
    doc = json.loads(BASELINE.read_text(encoding="utf-8"))
    doc["metrics"]["hit@1"] = min(1.0, doc["metrics"]["hit@1"] + 0.05)  # pretend we used to do better
    raised = tmp_path / "baseline.json"
    raised.write_text(json.dumps(doc), encoding="utf-8")
    result = _eval(seeds_index, "--baseline", str(raised))
    assert result.exit_code == 1
    assert "hit@1" in result.output


def test_save_baseline_writes_what_the_gate_reads(seeds_index, tmp_path):
    out = tmp_path / "new.json"
    assert _eval(seeds_index, "--save-baseline", str(out)).exit_code == 0
    saved = json.loads(out.read_text(encoding="utf-8"))
    pinned = json.loads(BASELINE.read_text(encoding="utf-8"))
    assert saved["metrics"] == pinned["metrics"], "the committed baseline is stale: re-save it on purpose"
