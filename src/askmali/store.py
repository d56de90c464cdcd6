"""The index on disk: .npy arrays plus a JSON manifest, written atomically, never pickled.

Layout of an index folder::

    <index>/CURRENT              name of the live generation, replaced atomically (os.replace)
    <index>/.lock                held by a writer for the whole build (filelock)
    <index>/g-<time>-<pid>/      one complete generation
        manifest.json            format, versions, analyser settings, sources, parameters,
                                 and a size + CRC-32 for every array
        <name>.npy               arrays, loaded with allow_pickle=False and memory-mapped

A writer builds a new generation in a temporary folder, fsyncs it, renames it into place, then
swaps CURRENT. A crash at any point leaves the old CURRENT pointing at a complete generation, and
readers that opened the old generation keep reading it. Old generations are removed afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from .errors import IndexBusyError, IndexError_

FORMAT = "askmali-index"
FORMAT_VERSION = 1
CURRENT = "CURRENT"
MANIFEST = "manifest.json"
LOCK = ".lock"
# Entries an index root may hold besides generations: the writer's lock, git's placeholder, and
# the indexes of evaluation datasets kept beside the default index (askmali.paths.dataset_index).
_OURS = (LOCK, ".gitkeep", "datasets")


def is_index(root: Path) -> bool:
    return (root / CURRENT).is_file()


def check_writable_root(root: Path) -> None:
    """Refuse to write into a folder that holds something other than an askmali index."""
    if root.exists() and not root.is_dir():
        raise IndexError_(f"{root} is a file, not an index folder")
    if root.is_dir() and not is_index(root):
        stray = [p.name for p in root.iterdir() if p.name not in _OURS and not p.name.startswith(".tmp-")]
        if stray:
            raise IndexError_(
                f"{root} is not an askmali index and is not empty",
                hint="choose an empty or new folder with --index",
            )


@contextmanager
def write_lock(root: Path, timeout: float) -> Iterator[None]:
    """Exclusive lock for writers; waits up to ``timeout`` seconds, then IndexBusyError."""
    from filelock import FileLock, Timeout

    root.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(root / LOCK))
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise IndexBusyError(
            f"another askmali process is building the index in {root}",
            hint="wait for it to finish, or pass --wait SECONDS",
        ) from None
    try:
        yield
    finally:
        lock.release()


def write_generation(root: Path, arrays: Mapping[str, np.ndarray], manifest: dict) -> Path:
    """Write a complete generation and make it current. Call with the write lock held."""
    root.mkdir(parents=True, exist_ok=True)
    name = f"g-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"
    tmp = root / f".tmp-{name}"
    tmp.mkdir()
    try:
        described = {}
        for key, arr in arrays.items():
            arr = np.ascontiguousarray(arr)
            if arr.dtype == object:
                raise TypeError(f"array {key} has dtype object; refusing to pickle")
            path = tmp / f"{key}.npy"
            with open(path, "wb") as fh:
                np.save(fh, arr, allow_pickle=False)
                fh.flush()
                os.fsync(fh.fileno())
            described[key] = {
                "dtype": arr.dtype.str,
                "shape": list(arr.shape),
                "crc32": zlib.crc32(memoryview(arr).cast("B")) if arr.size else 0,
            }
        manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, **manifest, "arrays": described}
        _write_file(tmp / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
        _fsync_dir(tmp)
        final = root / name
        os.rename(tmp, final)
        _write_file(root / f".tmp-{CURRENT}", name.encode())
        os.replace(root / f".tmp-{CURRENT}", root / CURRENT)
        _fsync_dir(root)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _remove_old(root, keep=name)
    return final


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_old(root: Path, keep: str) -> None:
    """Delete superseded generations and leftovers of killed builds (lock is held)."""
    for p in root.iterdir():
        if p.name == keep or not p.is_dir():
            continue
        if p.name.startswith("g-") or p.name.startswith(".tmp-"):
            shutil.rmtree(p, ignore_errors=True)
    for p in root.glob(".tmp-*"):
        if p.is_file():
            p.unlink(missing_ok=True)


def current_generation(root: Path) -> Path:
    if not root.exists():
        raise IndexError_(f"no index at {root}")
    if not is_index(root):
        raise IndexError_(f"{root} is not an askmali index", hint="build one with: askmali index PATH --index DIR")
    name = (root / CURRENT).read_text(encoding="utf-8", errors="replace").strip()
    gen = root / name
    if not name.startswith("g-") or "/" in name or not gen.is_dir():
        raise IndexError_(f"index at {root} is damaged: CURRENT names a missing generation", hint="rebuild it with askmali index")
    return gen


def read_manifest(gen: Path) -> dict:
    try:
        manifest = json.loads((gen / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise IndexError_(f"index at {gen.parent} is damaged: unreadable manifest", hint="rebuild it with askmali index") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise IndexError_(f"{gen.parent} is not an askmali index")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexError_(
            f"index at {gen.parent} has format version {manifest.get('format_version')}, this askmali reads {FORMAT_VERSION}",
            hint="rebuild it with askmali index",
        )
    return manifest


def load_arrays(gen: Path, manifest: dict, *, verify: bool = True) -> dict[str, np.ndarray]:
    """Memory-map every array the manifest lists, refusing pickles and checking size and CRC."""
    out: dict[str, np.ndarray] = {}
    described = manifest.get("arrays")
    if not isinstance(described, dict):
        raise IndexError_(f"index at {gen.parent} is damaged: manifest lists no arrays")
    for key, meta in described.items():
        path = gen / f"{key}.npy"
        try:
            arr = np.load(path, mmap_mode="r", allow_pickle=False)
        except (OSError, ValueError, EOFError) as exc:
            raise IndexError_(
                f"index at {gen.parent} is damaged: {key}.npy cannot be read ({_short(exc)})",
                hint="rebuild it with askmali index",
            ) from None
        if arr.dtype.str != meta.get("dtype") or list(arr.shape) != meta.get("shape"):
            raise IndexError_(f"index at {gen.parent} is damaged: {key}.npy does not match its manifest", hint="rebuild it with askmali index")
        if verify and arr.size and zlib.crc32(memoryview(np.ascontiguousarray(arr)).cast("B")) != meta.get("crc32"):
            raise IndexError_(f"index at {gen.parent} is damaged: {key}.npy fails its checksum", hint="rebuild it with askmali index")
        out[key] = arr
    return out


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:120]


class StringTable:
    """A list of strings stored as one UTF-8 blob plus offsets: loads without parsing anything."""

    def __init__(self, blob: np.ndarray, offsets: np.ndarray) -> None:
        self.blob = blob
        self.offsets = offsets

    @classmethod
    def build(cls, strings: list[str]) -> "StringTable":
        encoded = [s.encode("utf-8") for s in strings]
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(b) for b in encoded], out=offsets[1:])
        blob = np.frombuffer(b"".join(encoded), dtype=np.uint8) if encoded else np.zeros(0, np.uint8)
        return cls(blob, offsets)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i: int) -> str:
        a, b = int(self.offsets[i]), int(self.offsets[i + 1])
        return bytes(self.blob[a:b]).decode("utf-8")

    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {f"{prefix}_blob": self.blob, f"{prefix}_offsets": self.offsets}

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray], prefix: str) -> "StringTable":
        return cls(arrays[f"{prefix}_blob"], arrays[f"{prefix}_offsets"])
