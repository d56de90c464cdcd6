"""Plain text (.txt, .md): decoded whatever its encoding, one Document per file.

A file over the size limit (``askmali.sources.max_file_bytes``) is refused: the text is held
whole while it is cleaned. An empty or binary file is skipped with a warning.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from ..errors import CorpusError, ReadError
from ..models import Document
from ..sources import max_file_bytes, too_big

Warn = Callable[[str], None]

_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x7fELF")
_SKIPPED = re.compile(r"(empty file|binary file|starts like UTF-16)")


def _ignore(_msg: str) -> None:
    return None


def read(path: Path, name: str, warn: Warn = _ignore) -> list[Document]:
    return load(path, name, warn, None)


def load(path: Path, name: str, warn: Warn, digest) -> list[Document]:
    """The file's one Document, feeding the bytes read to ``digest``. A file that grew past the
    limit since it was listed is refused after reading at most the limit plus one byte."""
    limit = max_file_bytes()
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            data = _read_at_most(fh, limit + 1)
    except OSError as exc:
        raise CorpusError(f"cannot read {path}: {exc.strerror}", hint="check it exists and is readable") from None
    if len(data) > limit:
        raise too_big(name, size, limit)
    if digest is not None:
        digest.update(data)
    said: list[str] = []
    decoded = decode(data, name, said.append)
    if decoded is None:
        raise ReadError(said[0], reason=_reason(said[0]))
    for message in said:
        warn(message)
    text, encoding = decoded
    return [Document(source=name, text=text, path=str(path), encoding=encoding, fmt="text")]


def _reason(message: str) -> str:
    m = _SKIPPED.search(message)
    return {"empty file": "empty", "binary file": "binary"}.get(m.group(1), "not text") if m else "not text"


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
    if looks_binary(data):
        warn(f"{label}: binary file, skipped (only text is read from a .txt or .md: give PDFs as .pdf)")
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


def looks_binary(data: bytes) -> bool:
    """A known binary signature, a NUL byte, or many control characters near the start."""
    head = data[:8192]
    if head.startswith(_BINARY_MAGIC) or b"\x00" in head:
        return True
    controls = sum(b < 32 and b not in (9, 10, 12, 13) for b in head)
    return controls > len(head) // 10
