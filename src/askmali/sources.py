"""Reading corpora: files and folders of .txt/.md, and JSONL corpora of {"id","title","text"}.

This stage decides what is indexed and fingerprints it, so that a stale index can be detected
cheaply on every question (a ``stat`` per file; a content hash only when the stat changed).
Problems that leave the rest of the corpus usable (an empty file, a binary file, a file that is
not UTF-8) are reported as warnings through a callback; problems that make the corpus ambiguous
or unreadable raise :class:`CorpusError`.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import CorpusError
from .models import Document

TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIXES = (".jsonl",)
MAX_FILE_BYTES = 20 * 1024 * 1024  # a larger file is refused: split it or raise the limit

Warn = Callable[[str], None]

_SURROGATE = re.compile("[\ud800-\udfff]")  # JSON may escape them; UTF-8 cannot encode them
_RECORD_HINT = 'each line must be one JSON object: {"id": ..., "title": ..., "text": "..."}'
_LOOP_HINT = "remove the link, or index the folders it points to directly"
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


def discover(paths: Sequence[Path], warn: Warn = _ignore) -> list[SourceFile]:
    """List the source files below ``paths`` in a stable order, without reading them.

    Raises CorpusError for a missing path, an empty selection, a symlink loop, or two files that
    would be cited under the same name. A folder reached twice through a link is read once.
    """
    found: list[SourceFile] = []
    for given in paths:
        given = Path(given)
        if _loops(given):
            raise CorpusError(f"symlink loop: {given} points back to itself", hint=_LOOP_HINT)
        if not given.exists() and not given.is_symlink():
            raise CorpusError(f"no such file or folder: {given}", hint="check the path (typo? unmounted disk?)")
        if given.is_dir():
            found.extend(_walk(given, warn))
        elif given.is_file():
            found.append(_source_file(given, given.name))
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
            f"no .txt, .md or .jsonl files found in {shown}",
            hint="askmali reads plain text (.txt, .md) and JSONL; convert other formats first",
        )
    return found


def _walk(root: Path, warn: Warn) -> Iterator[SourceFile]:
    """Depth-first, sorted. A link back to a folder being walked (an ancestor) is a loop and an
    error; a link to a folder already walked elsewhere is skipped with a warning, so no file is
    indexed twice under two names."""
    seen: dict[str, Path] = {}
    stack: list[tuple[Path, tuple[str, ...]]] = [(root, ())]
    while stack:
        folder, ancestors = stack.pop()
        real = os.path.realpath(folder)
        if real in ancestors:
            raise CorpusError(f"symlink loop: {folder} leads back to {real}", hint=_LOOP_HINT)
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
                raise CorpusError(f"symlink loop: {path} points back to itself", hint=_LOOP_HINT)
            try:
                is_dir = entry.is_dir()
                is_file = entry.is_file()
            except OSError as exc:
                raise CorpusError(f"cannot read {path}: {exc.strerror}") from None
            if is_dir:
                subdirs.append(path)
            elif is_file and path.suffix.lower() in TEXT_SUFFIXES + JSONL_SUFFIXES:
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
    """Text and encoding of ``data``, or None (with a warning) when it is not text.

    UTF-8 (with or without BOM) is read as is. A UTF-16 file with a BOM is read as UTF-16. A file
    that is mostly UTF-8 with a few broken bytes keeps its UTF-8 and loses only those bytes
    (replaced by U+FFFD); otherwise a non-UTF-8 file is read as Windows-1252 (a superset of the
    printable Latin-1 range), or Latin-1 when it uses bytes Windows-1252 leaves undefined.
    """
    if not data.strip():
        warn(f"{label}: empty file, skipped")
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            warn(f"{label}: starts like UTF-16 but is not, skipped")
            return None
        warn(f"{label}: UTF-16, read as such (save it as UTF-8 to silence this)")
        return text, "utf-16"
    if _looks_binary(data):
        warn(f"{label}: binary file, skipped (only plain text is indexed: convert PDFs and images first)")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    broken = lenient.count("\ufffd")
    if sum(ord(c) > 127 for c in lenient) - broken > broken:
        warn(f"{label}: {broken} byte(s) that are not valid UTF-8 replaced by \ufffd")
        return lenient, "utf-8"
    try:
        text = data.decode("cp1252")
        encoding = "cp1252"
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d are undefined in cp1252
        text = data.decode("latin-1")
        encoding = "latin-1"
    warn(f"{label}: not UTF-8, read as {encoding} (save it as UTF-8 to silence this)")
    return text, encoding


def _looks_binary(data: bytes) -> bool:
    """A known binary signature, a NUL byte, or many control characters near the start."""
    head = data[:8192]
    if head.startswith(_BINARY_MAGIC) or b"\x00" in head:
        return True
    controls = sum(b < 32 and b not in (9, 10, 12, 13) for b in head)
    return controls > len(head) // 10


def read(sf: SourceFile, warn: Warn = _ignore, max_bytes: int = MAX_FILE_BYTES) -> list[Document]:
    """The documents of one source file (one for a text file, one per record for JSONL)."""
    return load(sf, warn, max_bytes)[1]


def _read_at_most(fh, limit: int) -> bytes:
    """Up to ``limit`` bytes, read in 1 MiB blocks: ``read(limit)`` would allocate the whole
    limit up front, a MemoryError for a generous ASKMALI_MAX_FILE_MB."""
    chunks: list[bytes] = []
    total = 0
    while total < limit:
        block = fh.read(min(1 << 20, limit - total))
        if not block:
            break
        chunks.append(block)
        total += len(block)
    return b"".join(chunks)


def load(sf: SourceFile, warn: Warn = _ignore, max_bytes: int = MAX_FILE_BYTES) -> tuple[SourceFile, list[Document]]:
    """Read a source file once: its fingerprint (hash of exactly the bytes indexed) and documents.

    A file over ``max_bytes`` is refused before any of it is read; one that grew past the limit
    since it was listed is refused after reading at most ``max_bytes + 1`` bytes.
    """
    check_size(sf, max_bytes)
    try:
        with open(sf.path, "rb") as fh:
            st = os.fstat(fh.fileno())
            data = _read_at_most(fh, max_bytes + 1)
    except OSError as exc:
        raise CorpusError(f"cannot read {sf.path}: {exc.strerror}", hint="check it exists and is readable") from None
    if len(data) > max_bytes:
        raise _too_big(sf, st.st_size, max_bytes)
    # size and mtime of the bytes actually read, so a change during the build is noticed later
    read_as = SourceFile(sf.path, sf.name, sf.kind, len(data), st.st_mtime_ns, hashlib.sha256(data).hexdigest())
    if sf.kind == "jsonl":
        docs = list(_read_jsonl(data, sf.name, warn))
        if not docs:
            warn(f"{sf.name}: no records, skipped")
        return read_as, docs
    decoded = decode(data, sf.name, warn)
    if decoded is None:
        return read_as, []
    text, encoding = decoded
    return read_as, [Document(source=sf.name, text=text, path=sf.path, encoding=encoding)]


def check_size(sf: SourceFile, max_bytes: int = MAX_FILE_BYTES) -> None:
    """Refuse a file over the size limit, from its listed size (nothing is read)."""
    if sf.size > max_bytes:
        raise _too_big(sf, sf.size, max_bytes)


def _too_big(sf: SourceFile, size: int, max_bytes: int) -> CorpusError:
    return CorpusError(
        f"{sf.name}: {_size(size)} is over the {_size(max_bytes)} limit per file",
        hint="split it into smaller files, or raise the limit with ASKMALI_MAX_FILE_MB",
    )


def _size(n: int) -> str:
    for unit, scale in (("MB", 2**20), ("KB", 2**10)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{n} bytes"


def _read_jsonl(data: bytes, label: str, warn: Warn = _ignore) -> Iterator[Document]:
    """One Document per record; every problem names the line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CorpusError(f"{label}, line {line}: not valid UTF-8", hint="JSONL must be UTF-8") from None
    ids: dict[str, int] = {}
    # split on "\n" only: str.splitlines would also split on U+2028 and other characters that
    # JSON allows raw inside a string, breaking records and line numbers
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except RecursionError:
            raise CorpusError(f"{label}, line {number}: JSON nested too deeply") from None
        except json.JSONDecodeError as exc:
            raise CorpusError(
                f"{label}, line {number}: malformed JSON ({exc.msg}, column {exc.colno})",
                hint=_RECORD_HINT,
            ) from None
        if not isinstance(record, dict):
            raise CorpusError(f"{label}, line {number}: expected an object with id, title, text", hint=_RECORD_HINT)
        rid, body = record.get("id"), record.get("text")
        if not isinstance(rid, (str, int)) or isinstance(rid, bool) or str(rid) == "":
            raise CorpusError(f"{label}, line {number}: missing or invalid \"id\"", hint=_RECORD_HINT)
        if not isinstance(body, str):
            raise CorpusError(f"{label}, line {number}: missing or invalid \"text\"", hint=_RECORD_HINT)
        rid, title = str(rid), str(record.get("title") or "")
        if rid in ids:
            raise CorpusError(
                f"{label}, line {number}: duplicate id {rid!r} (first on line {ids[rid]})",
                hint="every record needs its own id: answers cite it",
            )
        ids[rid] = number
        if any(_SURROGATE.search(v) for v in (rid, title, body)):
            warn(f"{label}, line {number}: invalid \\u escapes (lone surrogates) replaced by \ufffd")
            rid, title, body = (_SURROGATE.sub("\ufffd", v) for v in (rid, title, body))
        yield Document(source=rid, text=body, title=title, path=label)
