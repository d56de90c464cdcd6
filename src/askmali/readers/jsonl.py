"""JSONL corpora: one Document per ``{"id", "title", "text"}`` record.

The file is streamed line by line, so its size is not limited: each record is (a record over
``MAX_RECORD_BYTES`` is skipped with a warning naming its line). Lines split on "\\n" only:
JSON allows U+2028 and its kin raw inside a string.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import CorpusError
from ..models import Document

Warn = Callable[[str], None]

MAX_RECORD_BYTES = 20 * 1024 * 1024  # one record larger than this is skipped, not the file
_SURROGATE = re.compile("[\ud800-\udfff]")  # JSON may escape them; UTF-8 cannot encode them
_RECORD_HINT = 'each line must be one JSON object: {"id": ..., "title": ..., "text": "..."}'
_BLOCK = 1 << 20


def _ignore(_msg: str) -> None:
    return None


def read(path: Path, name: str, warn: Warn = _ignore) -> list[Document]:
    return load(path, name, warn, None)


def load(path: Path, name: str, warn: Warn, digest, max_record: int | None = None) -> list[Document]:
    """Every record of the file, hashing its bytes into ``digest`` as they are read."""
    docs = list(records(path, name, warn, digest, max_record))
    if not docs:
        warn(f"{name}: no records, skipped")
    return docs


def records(path: Path, name: str, warn: Warn, digest, max_record: int | None = None) -> Iterator[Document]:
    """The records of the file one at a time, as they are read (a build takes a large corpus
    this way, never holding all its texts), hashing its bytes into ``digest``."""
    limit = MAX_RECORD_BYTES if max_record is None else max_record
    try:
        with open(path, "rb") as fh:
            yield from _records(_lines(fh, limit, digest), name, warn, limit)
    except OSError as exc:
        raise CorpusError(f"cannot read {path}: {exc.strerror}", hint="check it exists and is readable") from None


def _lines(fh, limit: int, digest) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of each line; None for a line longer than ``limit`` bytes, whose
    bytes are read (and hashed) but never held."""
    number = 0
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        number += 1
        if digest is not None:
            digest.update(line)
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # skip the rest of the oversized line, block by block
                rest = fh.readline(_BLOCK)
                if digest is not None:
                    digest.update(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
            continue
        yield number, line


def _records(lines: Iterator[tuple[int, bytes | None]], label: str, warn: Warn, limit: int) -> Iterator[Document]:
    """One Document per record; every problem names the line."""
    ids: dict[str, int] = {}
    for number, raw in lines:
        if raw is None:
            warn(f"{label}, line {number}: record over the {limit // 2**20 or limit} {'MB' if limit >= 2**20 else 'bytes'} limit per record, skipped")
            continue
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise CorpusError(f"{label}, line {number}: not valid UTF-8", hint="JSONL must be UTF-8") from None
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
        yield Document(source=rid, text=body, title=title, path=label, fmt="jsonl")
