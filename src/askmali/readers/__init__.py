"""Readers: one module per file format, each turning one file into Documents.

``READERS`` maps a file suffix to the module that reads it. Modules are imported only when a
file of theirs is read (``importlib``), so ``askmali ask`` never pays for a PDF library.

Each reader module exposes ``read(path: Path, name: str, warn) -> list[Document]`` and raises
:class:`askmali.errors.ReadError` for a file it cannot read (encrypted, truncated, not text):
the build turns that into one warning line naming the file and goes on with the others. A
reader may also expose ``load(path, name, warn, digest) -> list[Document]``, which feeds the
bytes it reads to ``digest`` (a :class:`Digest`) as it goes, so a large file is read only once.
"""

from __future__ import annotations

import hashlib
import importlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

from ..errors import CorpusError
from ..models import Document

Warn = Callable[[str], None]

READERS: dict[str, str] = {
    ".txt": "text",
    ".md": "text",
    ".jsonl": "jsonl",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".odt": "odt",
    ".epub": "epub",
}


def suffixes() -> tuple[str, ...]:
    """Every suffix a reader is registered for, in registry order."""
    return tuple(READERS)


def reader_of(path: str | Path) -> str | None:
    """The reader module name for ``path`` (by suffix, case-insensitive), or None."""
    return READERS.get(Path(path).suffix.lower())


def module(reader: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{reader}")


def load(path: str, name: str, reader: str, warn: Warn) -> tuple[int, int, str, list[Document]]:
    """Read one file with its reader: (size, mtime_ns, sha256, documents), the fingerprint
    being that of the very bytes read (for a reader that hashes as it goes) or of the file
    as it was just before reading."""
    mod = module(reader)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise CorpusError(f"cannot read {path}: {exc.strerror}", hint="check it exists and is readable") from None
    digest = Digest()
    hashing = getattr(mod, "load", None)
    if hashing is not None:
        docs = hashing(Path(path), name, warn, digest)
        size = digest.size
    else:
        try:
            with open(path, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(block)
        except OSError as exc:
            raise CorpusError(f"cannot read {path}: {exc.strerror}", hint="check it exists and is readable") from None
        size = st.st_size
        docs = mod.read(Path(path), name, warn)
    return size, st.st_mtime_ns, digest.hexdigest(), docs


def streams(reader: str) -> bool:
    """Whether the reader can give a file's documents one at a time (``records``)."""
    return hasattr(module(reader), "records")


def scan(path: str, name: str, reader: str, warn: Warn) -> tuple[int, int, str, list[str]]:
    """Read one file of a streaming reader without keeping its documents: (size, mtime_ns,
    sha256, the source id of each document). ``Streamed`` gives the documents later."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise CorpusError(f"cannot read {path}: {exc.strerror}", hint="check it exists and is readable") from None
    digest = Digest()
    ids = [doc.source for doc in module(reader).records(Path(path), name, warn, digest)]
    if not ids:
        warn(f"{name}: no records, skipped")
    return digest.size, st.st_mtime_ns, digest.hexdigest(), ids


class Streamed:
    """The documents of a file ``scan`` read, read again one at a time as they are iterated
    (once): a build then never holds the texts of a large corpus. The bytes read again must be
    the ones fingerprinted (``sha256``), or the file changed under the build, which then stops
    (CorpusError) rather than index text its manifest does not describe."""

    def __init__(self, path: str, name: str, reader: str, sha256: str) -> None:
        self.path, self.name, self.reader, self.sha256 = path, name, reader, sha256

    def __iter__(self) -> Iterator[Document]:
        digest = Digest()
        yield from module(self.reader).records(Path(self.path), self.name, _quiet, digest)
        if digest.hexdigest() != self.sha256:
            raise CorpusError(f"{self.name} changed while it was being indexed", hint="index it again")


def _quiet(_msg: str) -> None:  # its warnings were given when the file was scanned
    return None


class Digest:
    """SHA-256 of the bytes a reader read, and how many there were."""

    def __init__(self) -> None:
        self._sha = hashlib.sha256()
        self.size = 0

    def update(self, data: bytes) -> None:
        self._sha.update(data)
        self.size += len(data)

    def hexdigest(self) -> str:
        return self._sha.hexdigest()
