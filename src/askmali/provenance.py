"""What produced an evaluation baseline: a fingerprint of the question file, the corpus and the
code, recorded by ``askmali eval --save-baseline`` and checked by ``askmali eval --baseline``.

The CI gate then says two separate things: which metrics dropped beyond their tolerance (a
regression: the gate fails, naming them), and whether the committed baseline was produced by
the committed inputs and code at all (when it was not, the gate fails after the comparison and
says to re-save it; an improvement is never mistaken for a regression, and no test fails
because of it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

PARTS = ("questions", "corpus", "code")
_CODE_SUFFIXES = (".py", ".json", ".txt")  # the package's modules and the data they read


def _digest(chunks) -> str:
    h = hashlib.sha256()
    for chunk in chunks:
        h.update(chunk if isinstance(chunk, bytes) else chunk.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def code_digest(package: Path | None = None) -> str:
    """SHA-256 of every module and data file of the askmali package (names and bytes)."""
    package = package or Path(__file__).resolve().parent
    files = sorted(
        p for p in package.rglob("*")
        if p.is_file() and p.suffix in _CODE_SUFFIXES and "__pycache__" not in p.parts
    )
    return _digest(x for p in files for x in (p.relative_to(package).as_posix(), p.read_bytes()))


def fingerprint(questions: Path, manifest: Mapping) -> dict[str, str]:
    """The question file's bytes, the indexed corpus (each source's name and SHA-256, as the
    index manifest records them) and the package's code, each as a SHA-256."""
    corpus = sorted((str(s.get("name")), str(s.get("sha256"))) for s in manifest.get("sources", []))
    return {
        "questions": hashlib.sha256(Path(questions).read_bytes()).hexdigest(),
        "corpus": _digest(x for pair in corpus for x in pair),
        "code": code_digest(),
    }


def stale_parts(baseline: Mapping, current: Mapping[str, str]) -> list[str]:
    """The parts (questions, corpus, code) that differ from what produced ``baseline``; all of
    them for a baseline that records no fingerprint."""
    recorded = baseline.get("produced_by")
    if not isinstance(recorded, Mapping):
        return list(PARTS)
    return [part for part in PARTS if recorded.get(part) != current.get(part)]
