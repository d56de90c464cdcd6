"""Finding the sources of a corpus: the files below the given paths that a reader is registered
for (``askmali.readers``), and their fingerprints.

This stage decides what is indexed and fingerprints it, so that a stale index can be detected
cheaply on every question (a ``stat`` per file; a content hash only when the stat changed).
Reading the files is the readers' work. Problems that leave the rest of the corpus usable (a
symlink loop, a folder reached twice) are reported as warnings through a callback; problems that
make the corpus ambiguous or unreadable raise :class:`CorpusError`.
"""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from . import readers
from .errors import CorpusError
from .models import Document

# A plain-text file larger than this is refused (it is held whole while cleaned): split it or
# raise the limit with ASKMALI_MAX_FILE_MB. Other formats are streamed or read page by page.
MAX_FILE_BYTES = 20 * 1024 * 1024
LIMITED = ("text",)  # the readers the limit applies to

Warn = Callable[[str], None]

_LOOP_HINT = "remove the link, or index the folders it points to directly"


@dataclass(frozen=True)
class SourceFile:
    """One file on disk that feeds the index, with what is needed to tell if it changed."""

    path: str  # absolute, resolved
    name: str  # relative to the folder it was found in (the citation name for text files)
    kind: str  # the reader that reads it: "text", "jsonl", "pdf", ... (askmali.readers)
    size: int
    mtime_ns: int
    sha256: str = ""

    def to_json(self) -> dict:
        return asdict(self)


def _ignore(_msg: str) -> None:
    return None


def discover(paths: Sequence[Path], warn: Warn = _ignore) -> list[SourceFile]:
    """List the source files below ``paths`` in a stable order, without reading them.

    Raises CorpusError for a missing path, an empty selection, or two files that would be cited
    under the same name. A symlink loop is skipped with a warning (as ripgrep does) and the rest
    is listed; a folder reached twice through a link is read once.
    """
    found: list[SourceFile] = []
    for given in paths:
        given = Path(given)
        if _loops(given):
            warn(f"{given}: symlink loop (it points back to itself), skipped - {_LOOP_HINT}")
            continue
        if not given.exists() and not given.is_symlink():
            raise CorpusError(f"no such file or folder: {given}", hint="check the path (typo? unmounted disk?)")
        if given.is_dir():
            found.extend(_walk(given, warn))
        elif given.is_file():
            found.append(_source_file(given, given.name))  # named explicitly: read whatever its suffix
        else:
            raise CorpusError(f"not a regular file or folder: {given}", hint="a broken symlink? give the file it meant")
    names: dict[str, str] = {}
    for sf in found:
        if sf.name in names and names[sf.name] != sf.path:
            raise CorpusError(
                f"two sources would both be cited as {sf.name!r}: {names[sf.name]} and {sf.path}"
            )
        names[sf.name] = sf.path
    if not found:
        shown = ", ".join(str(p) for p in paths)
        raise CorpusError(
            f"no file askmali reads ({', '.join(readers.suffixes())}) found in {shown}",
            hint="convert other formats to one of these first",
        )
    return found


def _walk(root: Path, warn: Warn) -> Iterator[SourceFile]:
    """Depth-first, sorted. A link back to a folder being walked (an ancestor) is a loop, skipped
    with a warning; so is a link to a folder already walked elsewhere, so no file is indexed
    twice under two names."""
    seen: dict[str, Path] = {}
    stack: list[tuple[Path, tuple[str, ...]]] = [(root, ())]
    while stack:
        folder, ancestors = stack.pop()
        real = os.path.realpath(folder)
        if real in ancestors:
            warn(f"{folder}: symlink loop (it leads back to {real}), skipped - {_LOOP_HINT}")
            continue
        if real in seen:
            warn(f"{folder}: same folder as {seen[real]} (a symlink), skipped")
            continue
        seen[real] = folder
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            raise CorpusError(f"cannot list {folder}: {exc.strerror}", hint="check its permissions") from None
        subdirs = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if entry.is_symlink() and _loops(path):
                warn(f"{path}: symlink loop (it points back to itself), skipped - {_LOOP_HINT}")
                continue
            try:
                is_dir = entry.is_dir()
                is_file = entry.is_file()
            except OSError as exc:
                raise CorpusError(f"cannot read {path}: {exc.strerror}") from None
            if is_dir:
                subdirs.append(path)
            elif is_file and readers.reader_of(path) is not None:
                yield _source_file(path, path.relative_to(root).as_posix())
            # anything else (other suffixes, dangling links, sockets) is not a source
        stack.extend((d, ancestors + (real,)) for d in reversed(subdirs))


def _loops(path: Path) -> bool:
    """True for a link that cannot be resolved because it (eventually) points to itself."""
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def _source_file(path: Path, name: str) -> SourceFile:
    try:
        st = path.stat()
    except OSError as exc:
        raise CorpusError(f"cannot read {path}: {exc.strerror}") from None
    kind = readers.reader_of(path) or "text"  # a file named explicitly is read as text by default
    return SourceFile(str(path.resolve()), name, kind, st.st_size, st.st_mtime_ns)


def fingerprint(sf: SourceFile) -> SourceFile:
    """The same file with its content hash filled in."""
    digest = hashlib.sha256()
    try:
        with open(sf.path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise CorpusError(f"cannot read {sf.path}: {exc.strerror}") from None
    return SourceFile(sf.path, sf.name, sf.kind, sf.size, sf.mtime_ns, digest.hexdigest())


def changed(recorded: Sequence[SourceFile], current: Sequence[SourceFile]) -> list[str]:
    """Names of sources added, removed or modified since ``recorded`` (empty: up to date).

    A file whose size and mtime are unchanged is trusted without reading it; otherwise its
    content hash decides, so ``touch`` alone does not force a rebuild.
    """
    return changes(recorded, current)[0]


def changes(recorded: Sequence[SourceFile], current: Sequence[SourceFile]) -> tuple[list[str], list[SourceFile]]:
    """``changed``, and the files only touched: a new mtime over the same size and content, as
    ``current`` lists them with the recorded hash. Recording their new mtime (``askmali
    index``, or a command finding its index up to date) spares every later check reading
    them again."""
    old = {sf.path: sf for sf in recorded}
    new = {sf.path: sf for sf in current}
    names = [old[p].name for p in old.keys() - new.keys()]
    names += [new[p].name for p in new.keys() - old.keys()]
    touched: list[SourceFile] = []
    for path in old.keys() & new.keys():
        a, b = old[path], new[path]
        if (a.size, a.mtime_ns) == (b.size, b.mtime_ns):
            continue
        if a.size != b.size or fingerprint(b).sha256 != a.sha256:
            names.append(b.name)
        else:
            touched.append(replace(b, sha256=a.sha256))
    return sorted(names), sorted(touched, key=lambda sf: sf.path)


def max_file_bytes() -> int:
    """The size limit for a plain-text file: ``ASKMALI_MAX_FILE_MB`` or 20 MB."""
    raw = os.environ.get("ASKMALI_MAX_FILE_MB")
    if not raw:
        return MAX_FILE_BYTES
    try:
        return int(float(raw) * 1024 * 1024)
    except ValueError:
        raise CorpusError(f"ASKMALI_MAX_FILE_MB must be a number, not {raw!r}") from None


def check_size(sf: SourceFile, max_bytes: int | None = None) -> None:
    """Refuse a plain-text file over the size limit, from its listed size (nothing is read)."""
    limit = max_file_bytes() if max_bytes is None else max_bytes
    if sf.kind in LIMITED and sf.size > limit:
        raise too_big(sf.name, sf.size, limit)


def too_big(name: str, size: int, max_bytes: int) -> CorpusError:
    return CorpusError(
        f"{name}: {size_text(size)} is over the {size_text(max_bytes)} limit per file",
        hint="split it into smaller files, or raise the limit with ASKMALI_MAX_FILE_MB",
    )


def size_text(n: int) -> str:
    for unit, scale in (("MB", 2**20), ("KB", 2**10)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{n} bytes"


def load(sf: SourceFile, warn: Warn = _ignore) -> tuple[SourceFile, list[Document]]:
    """Read a source file once with its reader: its fingerprint (of the bytes read) and its
    documents. Raises ReadError for a file its reader cannot read."""
    size, mtime_ns, sha, docs = readers.load(sf.path, sf.name, sf.kind, warn)
    return SourceFile(sf.path, sf.name, sf.kind, size, mtime_ns, sha), docs


def scan(sf: SourceFile, warn: Warn = _ignore) -> tuple[SourceFile, list[str]]:
    """``load`` for a streaming reader (``readers.streams``), keeping only the documents' source
    ids: the documents are read again, one at a time, from ``readers.Streamed``."""
    size, mtime_ns, sha, ids = readers.scan(sf.path, sf.name, sf.kind, warn)
    return SourceFile(sf.path, sf.name, sf.kind, size, mtime_ns, sha), ids
