"""``askmali index``: what the command does once its arguments are parsed, shared by the typer
command (``askmali.cli``) and the fast path of ``python -m askmali`` (``askmali.__main__``),
which parses a plain ``index [PATH...] [--index DIR] [--optimize]`` without importing typer
(~0.15 s of a small update, most of it the pydantic that typer's argument conversion loads)."""

from __future__ import annotations

from pathlib import Path
from collections.abc import Callable

WAIT_DEFAULT = 600.0  # seconds to wait for another build to finish (``--wait``)
# the options the fast path parses (option -> run_index's argument); typer handles the others
INDEX_VALUED = {"--index": "index"}
INDEX_FLAGS = {"--optimize": "optimize"}


def run_index(
    paths: list[Path] | None,
    index: Path | None = None,
    wait: float = WAIT_DEFAULT,
    optimize: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> None:
    """Build or update the index ``index`` (default: the seeds' index) from ``paths`` (default:
    the seeds), then print the one-line summary on stderr. Errors are raised, typed."""
    from . import exits, indexing, paths as default_paths, store
    from .errors import InputError

    root = index or default_paths.default_index()
    sources = list(paths) if paths else default_paths.default_sources()
    if not sources:
        raise InputError("nothing to index", hint="askmali index PATH")
    warn = lambda m: exits.stderr_line(f"warning: {m}")  # noqa: E731
    safe = "the previous index is intact" if store.is_index(root) else "no index was written"
    before = _current(root)
    with exits.activity(f"building the index in {root}", safe):
        extra = {"progress": progress} if progress is not None else {}
        gen = indexing.build(sources, root, warn=warn, wait=wait, optimize=optimize, **extra)
    manifest = store.read_manifest(gen)
    touched = manifest.get("touched") if gen != before else None  # only new file times recorded
    kept = indexing.live_files(manifest) if gen == before or touched else None
    exits.stderr_line(indexing.summary(manifest, root, unchanged=kept, touched=touched or 0))


def _current(root: Path) -> Path | None:
    """The current generation of the index ``root``, or None when it cannot be read."""
    from . import store
    from .errors import AskmaliError

    try:
        return store.current_generation(root)
    except AskmaliError:
        return None
