"""Reading corpora: files and folders of .txt/.md, and JSONL corpora of {"id","title","text"}.

This stage decides what is indexed and fingerprints it, so that a stale index can be detected
cheaply on every question (a ``stat`` per file; a content hash only when the stat changed).
Problems that leave the rest of the corpus usable (an empty file, a binary file, a file that is
not UTF-8) are reported as warnings through a callback; problems that make the corpus ambiguous
or unreadable raise :class:`CorpusError`.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import CorpusError
from .models import Document

TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIXES = (".jsonl",)
MAX_FILE_BYTES = 20 * 1024 * 1024  # a larger file is refused: split it or raise the limit

Warn = Callable[[str], None]

_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x7fELF")


@dataclass(frozen=True)
class SourceFile:
    """One file on disk that feeds the index, with what is needed to tell if it changed."""

    path: str  # absolute, resolved
    name: str  # relative to the folder it was found in (the citation name for text files)
    kind: str  # "text" or "jsonl"
    size: int
    mtime_ns: int
    sha256: str = ""

    def to_json(self) -> dict:
        return asdict(self)


def _ignore(_msg: str) -> None:
    return None


def discover(paths: Sequence[Path]) -> list[SourceFile]:
    """List the source files below ``paths`` in a stable order, without reading them.

    Raises CorpusError for a missing path, an empty selection, a symlink loop, or two files that
    would be cited under the same name.
    """
    found: list[SourceFile] = []
    for given in paths:
        given = Path(given)
        if not given.exists() and not given.is_symlink():
            raise CorpusError(f"no such file or folder: {given}")
        if given.is_dir():
            found.extend(_walk(given))
        elif given.is_file():
            found.append(_source_file(given, given.name))
        else:
            raise CorpusError(f"not a regular file or folder: {given}", hint="broken symlink?")
    names: dict[str, str] = {}
    for sf in found:
        if sf.name in names and names[sf.name] != sf.path:
            raise CorpusError(
                f"two sources would both be cited as {sf.name!r}: {names[sf.name]} and {sf.path}"
            )
        names[sf.name] = sf.path
    if not found:
        shown = ", ".join(str(p) for p in paths)
        raise CorpusError(f"no .txt, .md or .jsonl files found in {shown}")
    return found


def _walk(root: Path) -> Iterator[SourceFile]:
    seen: set[str] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        real = os.path.realpath(folder)
        if real in seen:
            raise CorpusError(f"symlink loop: {folder} leads back to {real}")
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            raise CorpusError(f"cannot list {folder}: {exc.strerror}") from None
        subdirs = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
                is_file = entry.is_file()
            except OSError as exc:  # ELOOP on a self-referencing link
                raise CorpusError(f"cannot read {path}: {exc.strerror}") from None
            if entry.is_symlink() and not (is_dir or is_file):
                if _loops(path):
                    raise CorpusError(f"symlink loop: {path}")
                continue  # a dangling link is not a source
            if is_dir:
                subdirs.append(path)
            elif is_file and path.suffix.lower() in TEXT_SUFFIXES + JSONL_SUFFIXES:
                yield _source_file(path, path.relative_to(root).as_posix())
        stack.extend(reversed(subdirs))


def _loops(path: Path) -> bool:
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == 40  # ELOOP
    return False


def _source_file(path: Path, name: str) -> SourceFile:
    try:
        st = path.stat()
    except OSError as exc:
        raise CorpusError(f"cannot read {path}: {exc.strerror}") from None
    kind = "jsonl" if path.suffix.lower() in JSONL_SUFFIXES else "text"
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
    old = {sf.path: sf for sf in recorded}
    new = {sf.path: sf for sf in current}
    names = [old[p].name for p in old.keys() - new.keys()]
    names += [new[p].name for p in new.keys() - old.keys()]
    for path in old.keys() & new.keys():
        a, b = old[path], new[path]
        if (a.size, a.mtime_ns) == (b.size, b.mtime_ns):
            continue
        if a.size != b.size or fingerprint(b).sha256 != a.sha256:
            names.append(b.name)
    return sorted(names)


def decode(data: bytes, label: str, warn: Warn = _ignore) -> tuple[str, str] | None:
    """Text and encoding of ``data``, or None (with a warning) when it is not text."""
    if not data.strip():
        warn(f"{label}: empty file, skipped")
        return None
    if data.startswith(_BINARY_MAGIC) or b"\x00" in data[:8192]:
        warn(f"{label}: binary file, skipped")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        encoding = "cp1252"
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d are undefined in cp1252
        text = data.decode("latin-1")
        encoding = "latin-1"
    warn(f"{label}: not UTF-8, read as {encoding}")
    return text, encoding


def read(sf: SourceFile, warn: Warn = _ignore, max_bytes: int = MAX_FILE_BYTES) -> list[Document]:
    """The documents of one source file (one for a text file, one per record for JSONL)."""
    if sf.size > max_bytes:
        raise CorpusError(
            f"{sf.name}: {sf.size / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit per file",
            hint="split it, or set ASKMALI_MAX_FILE_MB",
        )
    try:
        data = Path(sf.path).read_bytes()
    except OSError as exc:
        raise CorpusError(f"cannot read {sf.path}: {exc.strerror}") from None
    if sf.kind == "jsonl":
        return list(_read_jsonl(data, sf.name))
    decoded = decode(data, sf.name, warn)
    if decoded is None:
        return []
    text, encoding = decoded
    return [Document(source=sf.name, text=text, path=sf.path, encoding=encoding)]


def _read_jsonl(data: bytes, label: str) -> Iterator[Document]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CorpusError(f"{label}, line {line}: not valid UTF-8") from None
    ids: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{label}, line {number}: malformed JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise CorpusError(f"{label}, line {number}: expected an object with id, title, text")
        rid, body = record.get("id"), record.get("text")
        if not isinstance(rid, (str, int)) or isinstance(rid, bool) or str(rid) == "":
            raise CorpusError(f"{label}, line {number}: missing or invalid \"id\"")
        if not isinstance(body, str):
            raise CorpusError(f"{label}, line {number}: missing or invalid \"text\"")
        rid = str(rid)
        if rid in ids:
            raise CorpusError(f"{label}, line {number}: duplicate id {rid!r}")
        ids.add(rid)
        title = record.get("title") or ""
        yield Document(source=rid, text=body, title=str(title), path=label)
