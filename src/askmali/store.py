"""The index on disk: .npy arrays plus a JSON manifest, written atomically, never pickled.

Layout of an index folder::

    <index>/CURRENT              name of the live generation, replaced atomically (os.replace)
    <index>/.lock                held by a writer for the whole build (filelock)
    <index>/g-<time>-<pid>/      one complete generation
        manifest.json            format, versions, analyser settings, sources, parameters,
                                 and a size + CRC-32 for every array (and its file's size
                                 and mtime, see ``load_arrays``)
        <name>.npy               arrays, loaded with allow_pickle=False and memory-mapped

A writer builds a new generation in a temporary folder, fsyncs it, renames it into place, then
swaps CURRENT. A crash at any point leaves the old CURRENT pointing at a complete generation, and
readers that opened the old generation keep reading it. Old generations are removed afterwards.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from .errors import IndexBusyError, IndexStoreError, IndexUnwritableError

FORMAT = "askmali-index"
# 2: raw statistics (BM25 tf, TF-IDF 1 + log tf and norms) and segments (askmali.segments); an
# index of version 1 (precomputed weights) is still read, so an askmali of version 1 refuses
# the new layout with a clear message instead of misreading it
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
CURRENT = "CURRENT"
MANIFEST = "manifest.json"
LOCK = ".lock"
# Entries an index root may hold besides generations: the writer's lock, git's placeholder, and
# the indexes of evaluation datasets kept beside the default index (askmali.paths.dataset_index).
_OURS = (LOCK, ".gitkeep", "datasets")
_ARRAY_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.]*")  # no path separators, no ".."
_SOURCE_FIELDS = {"path", "name", "kind", "size", "mtime_ns", "sha256"}


def is_index(root: Path) -> bool:
    return (root / CURRENT).is_file()


def _rebuild_hint(root: Path) -> str:
    return f"rebuild it: askmali index SOURCES --index {root}"


def _damaged(root: Path, what: str) -> IndexStoreError:
    return IndexStoreError(f"index at {root} is damaged: {what}", hint=_rebuild_hint(root))


def _ours(p: Path) -> bool:
    """An entry a (possibly interrupted) askmali writer may have left in an index folder."""
    if p.name in _OURS or p.name.startswith(".tmp-"):
        return True
    return p.name.startswith("g-") and (p / MANIFEST).is_file()  # renamed before CURRENT swapped


def not_a_folder(root: Path) -> IndexStoreError | None:
    """The error for an index path that is, or lies under, something other than a folder."""
    for p in (root, *root.parents):
        if p.exists() or p.is_symlink():
            if p.is_dir():
                return None
            what = "is a file" if p == root else f"lies under {p}, which is a file"
            return IndexStoreError(f"{root} {what}, not an index folder", hint="give a folder path with --index")
    return None


def unwritable(root: Path, exc: OSError) -> IndexUnwritableError:
    """The typed error for an OSError met while writing the index folder ``root``."""
    reason = _short(exc) + (f" ({exc.filename})" if exc.filename else "")
    return IndexUnwritableError(
        f"cannot write the index at {root}: {reason}",
        reason=reason,
        hint="check the folder's permissions and free space, or choose another with --index",
    )


def check_writable_root(root: Path) -> None:
    """Refuse to write into a folder that holds something other than an askmali index."""
    error = not_a_folder(root)
    if error is not None:
        raise error
    if root.is_dir() and not is_index(root):
        stray = sorted(p.name for p in root.iterdir() if not _ours(p))
        if stray:
            raise IndexStoreError(
                f"{root} is not an askmali index and is not empty (it holds {stray[0]!r}"
                + (f" and {len(stray) - 1} more)" if len(stray) > 1 else ")"),
                hint="askmali will not write into it; choose an empty or new folder with --index",
            )


def missing_index_error(root: Path) -> IndexStoreError:
    """The error for a folder with no index in it, saying what is there instead."""
    error = not_a_folder(root)
    if error is not None:
        return error
    if root.is_dir() and any(not _ours(p) for p in root.iterdir()):
        return IndexStoreError(
            f"{root} is not an askmali index (it holds other files)",
            hint="point --index at an index folder, or build one in a new folder: askmali index PATH --index NEWDIR",
        )
    return IndexStoreError(f"no index at {root}", hint=f"build one with: askmali index PATH --index {root}")


@contextmanager
def write_lock(root: Path, timeout: float) -> Iterator[None]:
    """Exclusive lock for writers; waits up to ``timeout`` seconds, then IndexBusyError. A folder
    or lock file askmali may not write raises IndexUnwritableError."""
    from filelock import FileLock, Timeout

    try:
        root.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(root / LOCK))
        lock.acquire(timeout=timeout)
    except Timeout:
        raise IndexBusyError(
            f"another askmali process is building the index in {root}",
            hint="wait for it to finish, or pass --wait SECONDS",
        ) from None
    except OSError as exc:
        raise unwritable(root, exc) from None
    try:
        yield
    finally:
        lock.release()


def write_generation(
    root: Path,
    arrays: Mapping[str, np.ndarray],
    manifest: dict,
    files: Mapping[str, "ArrayFile"] | None = None,
    links: Mapping[str, tuple[Path, dict]] | None = None,
) -> Path:
    """Write a complete generation and make it current. Call with the write lock held.
    An OSError (permissions, full disk) raises IndexUnwritableError; CURRENT is then unchanged.
    ``files`` names arrays already written to disk (``ArrayFile``, in a ``scratch_folder``):
    their files are moved into the generation. ``links`` names arrays of the current generation
    (its file, and its description in that manifest) that the new one shares: their files are
    hard-linked, never copied or rewritten (a segment's arrays, askmali.segments), and live on
    as long as a generation names them."""
    files = files or {}
    links = links or {}
    name = f"g-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"
    tmp = root / f".tmp-{name}"
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp.mkdir()
    except OSError as exc:
        raise unwritable(root, exc) from None
    try:
        described = {}
        for key, (src, meta) in links.items():
            path = tmp / f"{key}.npy"
            try:
                os.link(src, path)
            except OSError:  # a file system without hard links: a copy, with its times
                shutil.copy2(src, path)
            described[key] = dict(meta)
        for key, arr in arrays.items():
            done = files.get(key)
            if done is not None:  # written already: moved in, not written again from memory
                path = tmp / f"{key}.npy"
                os.replace(done.path, path)
                st = os.stat(path)
                described[key] = {
                    "dtype": done.dtype.str,
                    "shape": [done.length],
                    "crc32": done.crc32,
                    "file": [st.st_size, st.st_mtime_ns],
                }
                continue
            arr = np.ascontiguousarray(arr)
            if arr.dtype.hasobject:
                raise TypeError(f"array {key} has dtype object; refusing to pickle")
            path = tmp / f"{key}.npy"
            with open(path, "wb") as fh:
                np.save(fh, arr, allow_pickle=False)
                fh.flush()
                os.fsync(fh.fileno())
            st = os.stat(path)
            described[key] = {
                "dtype": arr.dtype.str,
                "shape": list(arr.shape),
                "crc32": zlib.crc32(memoryview(arr).cast("B")) if arr.size else 0,
                "file": [st.st_size, st.st_mtime_ns],
            }
        manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, **manifest, "arrays": described}
        from .segments import segment_manifests  # (segments reads this module's tables)

        for file_name, doc in segment_manifests(manifest).items():
            _write_file(tmp / file_name, json.dumps(doc, ensure_ascii=False, indent=1).encode())
        _write_file(tmp / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
        _fsync_dir(tmp)
        final = root / name
        os.rename(tmp, final)
        _fsync_dir(root)  # the generation's name is durable before CURRENT can point to it
        _write_file(root / f".tmp-{CURRENT}", name.encode())
        os.replace(root / f".tmp-{CURRENT}", root / CURRENT)
        _fsync_dir(root)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError):
            raise unwritable(root, exc) from None
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


@contextmanager
def scratch_folder(root: Path) -> Iterator[Path]:
    """A private folder inside the index folder for a build's files on their way to a
    generation (same file system: they are moved, not copied), removed afterwards; one a
    killed build left is a leftover (``.tmp-``) that the next writer removes."""
    path = root / f".tmp-scratch-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"
    try:
        root.mkdir(parents=True, exist_ok=True)
        path.mkdir()
    except OSError as exc:
        raise unwritable(root, exc) from None
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def remove_leftovers(root: Path) -> None:
    """Delete what killed builds left behind: temporary folders and files, and generations that
    CURRENT does not name. Call with the write lock held (no other writer can be mid-way)."""
    if root.is_dir():
        _remove_old(root, keep=_current_name(root) or "")


def remove_if_unused(root: Path) -> None:
    """Remove an index folder a failed first build created, if it holds nothing but our lock."""
    try:
        if all(p.name == LOCK or p.name.startswith(".tmp-") for p in root.iterdir()):
            shutil.rmtree(root, ignore_errors=True)
    except OSError:
        pass


def _remove_old(root: Path, keep: str) -> None:
    """Delete superseded generations and leftovers of killed builds (lock is held)."""
    for p in root.iterdir():
        if p.name == keep or not p.is_dir() or p.is_symlink():
            continue
        if p.name.startswith("g-") or p.name.startswith(".tmp-"):
            shutil.rmtree(p, ignore_errors=True)
    for p in root.glob(".tmp-*"):
        if p.is_file():
            p.unlink(missing_ok=True)


def _current_name(root: Path) -> str | None:
    try:
        return (root / CURRENT).read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return None


def current_generation(root: Path) -> Path:
    if not is_index(root):
        raise missing_index_error(root)
    name = _current_name(root)
    if name is None:
        raise IndexStoreError(f"cannot read {root / CURRENT}", hint="check the index folder's permissions")
    gen = root / name
    if not re.fullmatch(r"g-[A-Za-z0-9-]+", name) or not gen.is_dir():
        raise _damaged(root, "CURRENT names a missing generation")
    return gen


def read_manifest(gen: Path) -> dict:
    root = gen.parent
    try:
        manifest = json.loads((gen / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise _damaged(root, "unreadable manifest") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise IndexStoreError(f"{root} is not an askmali index (its manifest is not askmali's)", hint=_rebuild_hint(root))
    if manifest.get("format_version") not in READABLE_VERSIONS:
        raise IndexStoreError(
            f"index at {root} has format version {manifest.get('format_version')!r}, this askmali reads {FORMAT_VERSION}",
            hint=_rebuild_hint(root),
        )
    roots, srcs, arrays = manifest.get("roots"), manifest.get("sources"), manifest.get("arrays")
    if not (
        isinstance(roots, list)
        and all(isinstance(r, str) for r in roots)
        and isinstance(srcs, list)
        and all(isinstance(sf, dict) and set(sf) == _SOURCE_FIELDS for sf in srcs)
        and isinstance(arrays, dict)
        and all(isinstance(k, str) and _ARRAY_KEY.fullmatch(k) and isinstance(v, dict) for k, v in arrays.items())
    ):
        raise _damaged(root, "malformed manifest")
    return manifest


def open_current(
    root: Path, check: Callable[[Path, dict], None] | None = None, *, verify: bool = True
) -> tuple[Path, dict, dict[str, np.ndarray]]:
    """The current generation of ``root``, its manifest (passed to ``check`` before any array is
    read) and its arrays.

    A writer deletes the old generation right after swapping CURRENT. A reader that read CURRENT
    just before the swap then finds its generation gone; it retries once with the new CURRENT
    instead of reporting a damaged index.
    """
    for attempt in (1, 2):
        seen = _current_name(root)
        try:
            gen = current_generation(root)
            manifest = read_manifest(gen)
            if check is not None:
                check(gen, manifest)
            return gen, manifest, load_arrays(gen, manifest, verify=verify)
        except IndexStoreError:
            if attempt == 2 or seen is None or _current_name(root) == seen:
                raise
    raise AssertionError("unreachable")


VERIFY_ALWAYS_BYTES = 4 * 2**20  # arrays up to this size are checksummed on every load


def load_arrays(gen: Path, manifest: dict, *, verify: bool = True) -> dict[str, np.ndarray]:
    """Memory-map every array the manifest lists, refusing pickles and checking size and CRC.

    The CRC of an array up to ``VERIFY_ALWAYS_BYTES`` is checked on every load. A larger one is
    checked when its file's size or mtime differ from those recorded when it was written (a
    file rewritten, damaged by a write, or copied without its times); otherwise it is trusted
    as written, so that opening a 100,000-passage index does not read its 600 MB.
    """
    root = gen.parent
    out: dict[str, np.ndarray] = {}
    described = manifest.get("arrays")
    if not isinstance(described, dict) or not described:
        raise _damaged(root, "manifest lists no arrays")
    for key, meta in described.items():
        if not _ARRAY_KEY.fullmatch(key) or not isinstance(meta, dict):
            raise _damaged(root, f"manifest lists a bad array name {key[:40]!r}")
        path = gen / f"{key}.npy"
        try:
            # allow_pickle=False: an object array (a pickle) is refused, never unpickled
            arr = np.load(path, mmap_mode="r", allow_pickle=False)
        except (OSError, ValueError, EOFError) as exc:
            raise _damaged(root, f"{key}.npy cannot be read ({_short(exc)})") from None
        if not isinstance(arr, np.ndarray) or arr.dtype.hasobject:
            raise _damaged(root, f"{key}.npy is not a plain array")
        if arr.dtype.str != meta.get("dtype") or list(arr.shape) != meta.get("shape"):
            raise _damaged(root, f"{key}.npy does not match its manifest")
        if verify and arr.size and _needs_checksum(path, arr, meta):
            if zlib.crc32(memoryview(np.ascontiguousarray(arr)).cast("B")) != meta.get("crc32"):
                raise _damaged(root, f"{key}.npy fails its checksum")
        out[key] = arr
    return out


def _needs_checksum(path: Path, arr: np.ndarray, meta: dict) -> bool:
    if arr.nbytes <= VERIFY_ALWAYS_BYTES:
        return True
    try:
        st = os.stat(path)
    except OSError:
        return True
    return meta.get("file") != [st.st_size, st.st_mtime_ns]


def _short(exc: BaseException) -> str:
    """A short reason: the OS's words for an OSError (no path: the message names the file)."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:120]


class ArrayFile:
    """A one-dimensional array written to a ``.npy`` file piece by piece, so that a build never
    holds it in memory. Its length is announced in advance, or (``length=None``) counted as it
    is written and put in the header at ``close``: numpy's header keeps room for the longest
    length, so it is rewritten in place and the file is the one ``np.save`` would write.
    ``close`` maps it read-only, and ``write_generation`` moves the file into the generation (as
    if ``np.save`` had written it) instead of writing it from memory."""

    def __init__(self, path: Path, dtype, length: int | None) -> None:
        self.path = Path(path)
        self.dtype = np.dtype(dtype)
        self.announced = length
        self.length = 0 if length is None else int(length)
        self.crc32 = 0
        self._written = 0
        self._fh = open(self.path, "wb")
        self._header_size = self._write_header()

    @classmethod
    def spilled(cls, path: Path, values: np.ndarray) -> tuple[np.ndarray, "ArrayFile"]:
        """``values`` written to a new file at ``path``: the array memory-mapped from it (the
        caller drops ``values``), and the file."""
        out = cls(path, values.dtype, values.size)
        out.write(values)
        return out.close(), out

    def _write_header(self) -> int:
        header = {"descr": np.lib.format.dtype_to_descr(self.dtype), "fortran_order": False, "shape": (self.length,)}
        np.lib.format.write_array_header_1_0(self._fh, header)
        return self._fh.tell()

    def write(self, values: np.ndarray) -> None:
        data = memoryview(np.ascontiguousarray(values, dtype=self.dtype)).cast("B")
        self._fh.write(data)
        self.crc32 = zlib.crc32(data, self.crc32)
        self._written += len(data) // self.dtype.itemsize

    def close(self) -> np.ndarray:
        """Finish the file (flushed to disk) and memory-map it."""
        if self.announced is None:
            self.length = self._written
            self._fh.seek(0)
            if self._write_header() != self._header_size:
                raise ValueError(f"{self.path.name}: the header of {self.length} values does not fit")
        if self._written != self.length:
            raise ValueError(f"{self.path.name}: {self._written} values written, {self.length} announced")
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        return np.load(self.path, mmap_mode="r", allow_pickle=False)


class SpilledBatches:
    """Batches of equal-length 1-D arrays (one per ``dtypes`` entry) appended in order and read
    back once, in the same order: held in memory, or with ``spill`` (a folder) written to raw
    files there as they come, so that what a build accumulates batch after batch (postings,
    counts) is never all in memory at once. ``name`` tells the files of two of them apart."""

    def __init__(self, spill: Path | None, name: str, dtypes: Sequence) -> None:
        self.dtypes = [np.dtype(d) for d in dtypes]
        self.sizes: list[int] = []
        self._held: list[tuple[np.ndarray, ...]] = []
        self._paths = [] if spill is None else [Path(spill) / f"{name}.{i}.raw" for i in range(len(self.dtypes))]
        self._files = [open(path, "wb") for path in self._paths]

    def append(self, *arrays: np.ndarray) -> None:
        self.sizes.append(int(arrays[0].size))
        if not self._files:
            self._held.append(arrays)
            return
        for fh, arr, dtype in zip(self._files, arrays, self.dtypes):
            fh.write(memoryview(np.ascontiguousarray(arr, dtype=dtype)).cast("B"))

    def __len__(self) -> int:
        return len(self.sizes)

    def drain(self) -> Iterator[tuple[np.ndarray, ...]]:
        """Each batch once, in order, dropped (or read back from its files) as it is used."""
        if not self._files:
            held, self._held = self._held, []
            held.reverse()
            while held:
                yield held.pop()
            return
        for fh in self._files:
            fh.close()
        readers = [open(path, "rb") for path in self._paths]
        try:
            for size in self.sizes:
                yield tuple(np.fromfile(fh, dtype=dtype, count=size) for fh, dtype in zip(readers, self.dtypes))
        finally:
            for fh in readers:
                fh.close()
            self.discard()

    def discard(self) -> None:
        """Forget the batches (and remove their files)."""
        self._held = []
        for fh in self._files:
            fh.close()
        for path in self._paths:
            path.unlink(missing_ok=True)


class StringTable:
    """A list of strings stored as one UTF-8 blob plus offsets: loads without parsing anything."""

    def __init__(self, blob: np.ndarray, offsets: np.ndarray) -> None:
        self.blob = blob
        self.offsets = offsets
        # a memoryview slices and decodes without making a numpy view and a bytes copy first
        self._view = memoryview(np.ascontiguousarray(blob, dtype=np.uint8))

    @classmethod
    def build(cls, strings: Iterable[str]) -> "StringTable":
        """From any iterable of strings, encoded one at a time into one growing buffer (no
        list of encoded copies, no second copy to join them)."""
        writer = StringWriter()
        writer.extend(strings)
        return writer.finish()

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __iter__(self) -> Iterator[str]:
        for i in range(0, len(self), 4096):
            yield from self.run(i, min(i + 4096, len(self)))

    def __getitem__(self, i: int) -> str:
        a, b = self.offsets[i : i + 2].tolist()
        return str(self._view[a:b], "utf-8")

    def run(self, i: int, j: int) -> list[str]:
        """Strings ``i`` to ``j - 1``: one read of their offsets, then one decode each."""
        bounds = self.offsets[i : j + 1].tolist()
        view = self._view
        return [str(view[a:b], "utf-8") for a, b in zip(bounds, bounds[1:])]

    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {f"{prefix}_blob": self.blob, f"{prefix}_offsets": self.offsets}

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray], prefix: str) -> "StringTable":
        return cls(arrays[f"{prefix}_blob"], arrays[f"{prefix}_offsets"])


class StringWriter:
    """``StringTable.build`` piece by piece: the strings of each ``extend`` are encoded one at a
    time into one growing buffer, which with ``path`` is appended to a ``.npy`` file (an
    ``ArrayFile`` of bytes) at the end of the call, so that memory holds one call's strings,
    not the table's. ``finish`` gives the table (its blob memory-mapped from the file) and
    leaves the file in ``file`` for ``write_generation``."""

    def __init__(self, path: Path | None = None) -> None:
        self.file = None if path is None else ArrayFile(path, np.uint8, None)
        self._blob = bytearray()
        self._ends = array("q", [0])
        self._flushed = 0  # bytes already in the file

    def __len__(self) -> int:
        return len(self._ends) - 1

    def extend(self, strings: Iterable[str]) -> None:
        blob, ends, base = self._blob, self._ends, self._flushed
        for s in strings:
            blob += s.encode("utf-8")
            ends.append(base + len(blob))
        if self.file is not None and blob:
            self.file.write(np.frombuffer(blob, dtype=np.uint8))
            self._flushed += len(blob)
            self._blob = bytearray()

    def finish(self) -> StringTable:
        offsets = np.frombuffer(self._ends, dtype=np.int64).copy()
        if self.file is not None:
            blob = self.file.close()
        else:
            blob = np.frombuffer(self._blob, dtype=np.uint8) if self._blob else np.zeros(0, np.uint8)
        return StringTable(blob, offsets)
