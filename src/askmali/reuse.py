"""What an update of an index takes over from its current generation.

``askmali index`` on an existing index (and the refresh of a stale one) reads, cleans and chunks
only the files that are new or changed: the passages of a file that did not change are decoded
from the current generation instead. This is sound because a file is chunked on its own (the
sentence splitter's parameters are fixed, ``SentenceSplitter.french``) and because the
manifest records, for each source file, the passage rows and the number of documents it gave
(``source_rows``, parallel to ``sources``). The global structures (BM25, TF-IDF, passage table)
are then rebuilt from all the passages, so an updated index is the same as a fresh build of the
same files (tests/test_incremental.py).

Anything doubtful gives up on reuse, and the build reads everything as a fresh build does: no
index, an index that does not load, another askmali's build settings or analyser, or a manifest
without (valid) ``source_rows``. A file with a document that gave no passage is read again (its
id is not stored, and a fresh build would refuse another file reusing it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from . import sources, store
from .errors import AskmaliError
from .models import Passage
from .passages import PassageTable


class Previous:
    """The current generation of an index, as far as an update can reuse it."""

    def __init__(self, manifest: dict, table: PassageTable) -> None:
        self.table = table
        # path -> (its SourceFile as indexed, first passage row, end row, documents)
        self.files: dict[str, tuple[sources.SourceFile, int, int, int]] = {}
        for sf, (first, end, documents) in zip(manifest["sources"], manifest["source_rows"]):
            self.files[sf["path"]] = (sources.SourceFile(**sf), first, end, documents)

    def unchanged(self, sf: sources.SourceFile) -> sources.SourceFile | None:
        """``sf`` as the index holds it, with its recorded hash, when its content did not change
        (same name and reader; same size and mtime, or else the same sha256, as
        ``sources.changed`` decides staleness); None when it must be read."""
        got = self.files.get(sf.path)
        if got is None:
            return None
        old, first, end, documents = got
        if len(np.unique(self.table.source[first:end])) != documents:
            # a document that gave no passage: its id is not in the index, so a duplicate of it
            # elsewhere could not be caught as a fresh build catches it; read the file again
            return None
        if (old.name, old.kind, old.size) != (sf.name, sf.kind, sf.size):
            return None
        if old.mtime_ns != sf.mtime_ns:
            try:
                if sources.fingerprint(sf).sha256 != old.sha256:
                    return None
            except AskmaliError:  # unreadable now: read it, and let its reader say why
                return None
        return replace(sf, sha256=old.sha256)

    def documents(self, path: str) -> int:
        return self.files[path][3]

    def passages(self, path: str) -> list[Passage]:
        """The passages the file at ``path`` gave, in order."""
        _, first, end, _ = self.files[path]
        return self.table.rows(first, end)


def previous(root: Path, build: dict, analyzer: dict) -> Previous | None:
    """The current generation of the index at ``root`` if an update can take passages from it:
    built with the build settings ``build`` and analyser settings ``analyzer``, loading
    cleanly, and recording which rows each source file gave. None otherwise."""
    if not store.is_index(root):
        return None
    try:
        _, manifest, arrays = store.open_current(root)
        if manifest.get("build") != build or manifest.get("analyzer") != analyzer:
            return None
        if "segments" in manifest:
            return _of_segments(manifest, arrays)
        table = PassageTable(arrays)
    except (AskmaliError, KeyError, ValueError, TypeError, IndexError):
        return None
    if not _valid_rows(manifest.get("source_rows"), manifest["sources"], len(table)):
        return None
    return Previous(manifest, table)


def _valid_rows(rows: object, files: Sequence[dict], n: int) -> bool:
    """``source_rows`` is one ``[first, end, documents]`` per source file, the files' rows
    following each other from 0 to the number of passages."""
    if not isinstance(rows, list) or len(rows) != len(files):
        return False
    at = 0
    for row in rows:
        if not (isinstance(row, list) and len(row) == 3 and all(type(v) is int for v in row)):
            return False
        first, end, documents = row
        if first != at or end < first or documents < 0 or (end > first and documents == 0):
            return False
        at = end
    return at == n


def _of_segments(manifest: dict, arrays) -> Previous | None:
    """``Previous`` over an index of segments: its live files, each with its global rows (a
    merge of every segment into one takes their passages from there)."""
    from .segments import Segments

    segs = Segments(manifest, arrays)
    files, rows = [], []
    for seg, off in zip(segs.segments, segs.offsets.tolist()):
        m = seg.meta
        if not _valid_rows(m.get("source_rows"), m["sources"], seg.n):
            return None
        dead = set(m.get("dead") or [])
        for fi, (sf, (first, end, documents)) in enumerate(zip(m["sources"], m["source_rows"])):
            if fi not in dead:
                files.append(sf)
                rows.append([off + first, off + end, documents])
    return Previous({"sources": files, "source_rows": rows}, segs.table)
