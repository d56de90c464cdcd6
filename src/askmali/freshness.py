"""Is an open index up to date with its sources, and what to do when it is not and cannot be.

``refresh`` rebuilds a stale index (one process at a time, nobody waiting for another's
rebuild) or, when it cannot, lets it answer as it is with one warning saying why;
``check_stems`` decides whether an index built by another PyStemmer version can be served.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from . import sources, store
from .analysis import Analyzer
from .engine import Engine, Event, _quiet, load
from .errors import IndexBusyError, IndexStoreError, IndexUnwritableError


def check_stems(engine: Engine) -> None:
    """An index built with another PyStemmer version serves as long as this version gives the
    same terms from the index's own text: every stored passage is analysed again, as it was
    indexed, and each term's document frequency must equal the index's (a stem that changed
    would leave one term or join another). It reads the whole index, so it runs only when the
    versions differ."""
    from .indexing import BuildParams, indexed_texts

    built = engine.manifest.get("build", {})
    params = BuildParams(title_in_terms=bool(built.get("title_in_terms", True)))
    dead = engine.segments.dead if engine.segments is not None else None
    passages = [engine.passages.get(i) for i in range(len(engine.passages)) if dead is None or not dead[i]]
    df: dict[str, int] = {}
    for text in indexed_texts(passages, params):
        for term in set(engine.analyzer.terms(text)):
            df[term] = df.get(term, 0) + 1
    if engine.segments is not None:  # the live terms of every segment, with their live df
        live: set[str] = set()
        for seg in engine.segments.segments:
            terms = seg.bm25.vocab.terms()
            counts = seg.live_df(seg.bm25, np.arange(len(terms)))
            live.update(t for t, n in zip(terms, counts.tolist()) if n)
        names = sorted(df)
        same = live == set(df) and engine.bm25.df(names).tolist() == [df[t] for t in names]
    else:
        vocab, indptr = engine.bm25.vocab, engine.bm25.indptr
        same = len(df) == len(vocab) and all(
            df.get(vocab.term(i)) == int(indptr[i + 1] - indptr[i]) for i in range(len(vocab))
        )
    if not same:
        version = engine.manifest.get("analyzer", {}).get("pystemmer")
        raise IndexStoreError(
            f"index at {engine.root} was built with PyStemmer {version}, which stems some of its "
            f"words differently from this PyStemmer ({Analyzer().settings()['pystemmer']})",
            hint=f"rebuild it: askmali index SOURCES --index {engine.root}",
        )


def stale_reasons(manifest: dict) -> tuple[list[str], list[str]]:
    """What changed since the build among the sources that still exist, and the indexed roots
    that are gone (moved, deleted, or an index copied to another machine)."""
    changed, gone, _ = _checked(manifest)
    return changed, gone


def _checked(manifest: dict) -> tuple[list[str], list[str], list[sources.SourceFile]]:
    """``stale_reasons``, and the files only touched since (``sources.changes``)."""
    roots = [Path(r) for r in manifest.get("roots", [])]
    gone = [r for r in roots if not r.exists()]
    here = [r for r in roots if r.exists()]
    recorded = [
        sources.SourceFile(**sf)
        for sf in [*manifest.get("sources", []), *manifest.get("skipped_sources", [])]
        if any(Path(sf["path"]) == r or Path(sf["path"]).is_relative_to(r) for r in here)
    ]
    current = sources.discover(here) if here else []
    changed, touched = sources.changes(recorded, current)
    return changed, [str(r) for r in gone], touched


def _settings_changed(manifest: dict, indexing) -> bool:
    return manifest.get("build") != indexing.BuildParams().to_json()


def _still_stale(root: Path, indexing) -> bool:
    """Re-checked under the write lock: another process may have rebuilt it meanwhile."""
    try:
        manifest = store.read_manifest(store.current_generation(root))
        changed, _ = stale_reasons(manifest)
    except Exception:  # unreadable now: rebuilding is the safe answer
        return True
    return bool(changed) or _settings_changed(manifest, indexing)


def _shown(names: Sequence[str]) -> str:
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def _how_stale(changed: Sequence[str]) -> str:
    if list(changed) == ["build settings"]:
        return "built with other settings"
    return f"{len(changed)} file{'s' if len(changed) != 1 else ''} changed"


def _record(engine: Engine, touched: Sequence[sources.SourceFile]) -> None:
    """Record the new times of files only touched, so that the next check does not read them
    again; skipped, silently, when another process holds the index or it cannot be written
    (the index is up to date either way)."""
    from . import indexing

    try:
        indexing.record_touched(engine.root, touched, wait=0)
    except (IndexBusyError, IndexUnwritableError, IndexStoreError):
        return
    indexing.retime(engine.manifest, touched)  # this engine's next check too


def refresh(engine: Engine, *, on_event: Event = _quiet, warn: Event = _quiet, **kwargs) -> Engine:
    """``engine`` brought up to date with its sources, or as it is with one warning when it
    cannot be: its sources are gone (only sources that still exist are checked), another
    process is rebuilding it (nobody waits for that), or the folder cannot be written."""
    from . import indexing

    root = engine.root
    changed, gone, touched = _checked(engine.manifest)
    if not changed and _settings_changed(engine.manifest, indexing):
        changed = ["build settings"]
    if gone:
        why = f"its sources are gone or moved ({_shown(gone)})"
        if changed:
            warn(f"the index at {root} is stale ({_how_stale(changed)}) and could not be updated: {why}; answering from it as it is")
        else:
            warn(f"the index at {root} answers as it was built: {why}"
                 f" - to follow them, rebuild it: askmali index PATH --index {root}")
        return engine
    if not changed:
        if touched:
            _record(engine, touched)
        return engine

    def announce() -> bool:  # under the write lock: said by the one process that rebuilds
        if not _still_stale(root, indexing):
            return False
        on_event(f"changed since indexing: {_shown(changed)}; rebuilding the index")
        return True

    try:
        indexing.build(
            [Path(r) for r in engine.manifest["roots"]], root, wait=0, still_needed=announce, warn=warn, **kwargs
        )
    except IndexBusyError:
        warn(f"the index at {root} is stale ({_how_stale(changed)}) and another askmali process is rebuilding it; answering from it as it is")
        return engine
    except IndexUnwritableError as exc:
        warn(f"the index at {root} is stale ({_how_stale(changed)}) and could not be updated: {exc.reason}; answering from it as it is")
        return engine
    return load(root)
