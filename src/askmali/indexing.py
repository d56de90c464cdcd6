"""Building an index: sources -> cleaning -> chunking -> analysis -> BM25 + TF-IDF -> disk.

This is the only module that pulls in scikit-learn (TF-IDF), and only when a build actually
runs, so asking a question never pays for it.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

import numpy as np

from . import __version__, readers, reuse, sources, store
from .analysis import Analyzer
from .bm25 import BM25, BM25Builder
from .errors import CorpusError, ReadError
from .models import KINDS, Document, Passage
from .passages import PassageTable, TableBuilder
from .reuse import Previous
from .tfidf import CharTfidf, WordDocCounter

Progress = Callable[[str, int, int], None]  # (stage, done, total)
Warn = Callable[[str], None]

DEFAULT_WAIT = 600.0  # seconds a second writer waits for the lock before giving up
BATCH = 4096  # passages analysed together into compact arrays: bounds the build's working memory


@dataclass(frozen=True)
class BuildParams:
    """Everything that shapes the index, recorded in its manifest."""

    k1: float = 0.4  # tuned on PIAF dev (scripts/tune_retrieval.py): short passages saturate fast
    b: float = 0.5
    title_in_terms: bool = True  # index the document title with each of its passages
    target_words: int = 120
    max_words: int = 200
    # Bumped whenever cleaning or chunking changes the passages a corpus gives, so an index
    # built by an older askmali is rebuilt rather than served. 2: a PDF running header's
    # publication line is kept once. 3: each passage's sentence terms and phrase text are stored.
    # 4: passages carry their place (page, page label, section, line unit). 5: sentences are
    # split with fixed Punkt parameters (data/sentences_fr.json), not ones learnt from the corpus.
    # 6: a short paragraph a colon announces joins the passage announcing it (chunking._displayed);
    # 7: so does the paragraph after a short line that says what that line is ("Ce fichier ...").
    # 8: a PDF table is read row by row, each row's cells in order and its wrapped cells with it.
    passages_version: int = 8

    def to_json(self) -> dict:
        return dict(self.__dict__)


def _quiet(*_args: object) -> None:
    return None


class Tally:
    """What a build read, by format (file suffix), and what it skipped, by reason: the summary
    line ``askmali index`` ends with, kept in the manifest."""

    def __init__(self) -> None:
        self.read: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()
        # the files skipped, fingerprinted: an unchanged one does not make the index stale
        self.skipped_files: list[sources.SourceFile] = []

    def skip(self, sf: sources.SourceFile, reason: str) -> None:
        self.skipped[reason] += 1
        try:
            sf = sources.fingerprint(sf)
        except CorpusError:  # unreadable: its size and mtime alone tell a change
            pass
        self.skipped_files.append(sf)

    def skipped_json(self) -> list[dict]:
        return [sf.to_json() for sf in self.skipped_files]

    def to_json(self) -> dict:
        return {"read": dict(sorted(self.read.items())), "skipped": dict(sorted(self.skipped.items()))}


def live_files(manifest: dict) -> int:
    """How many source files a generation indexes (a segment's dead files aside)."""
    from .segments import segments_of

    return sum(len(m["sources"]) - len(m.get("dead") or []) for m in segments_of(manifest))


def summary(manifest: dict, root: Path, unchanged: int | None = None, touched: int = 0) -> str:
    """The one line ``askmali index`` ends with: what it indexed, what it read by format and what
    it skipped and why ("read 3 pdf, 5 txt; skipped 2 (1 encrypted, 1 no text layer)"), and for
    an update of an existing index, what changed by file ("updated: 1 added, 0 changed, 2
    removed, 34 unchanged"; only the added and changed files were read), or, with ``unchanged``
    (an update that found every one of that many files as indexed and kept the generation),
    that nothing changed, and how many of those files were only ``touched`` (their new times
    recorded)."""
    counts = manifest["counts"]
    line = f"indexed {counts['documents']} documents into {counts['passages']} passages in {root}"
    formats = manifest.get("formats") or {}
    read = ", ".join(f"{n} {fmt}" for fmt, n in sorted((formats.get("read") or {}).items()))
    skipped = formats.get("skipped") or {}
    if read:
        line += f": read {read}"
    if skipped:
        why = ", ".join(f"{n} {reason}" for reason, n in sorted(skipped.items()))
        line += f"; skipped {sum(skipped.values())} ({why})"
    update = manifest.get("update")
    if unchanged is not None:
        line += f"; nothing changed ({unchanged} files up to date"
        line += f", {touched} touched: new times recorded)" if touched else ")"
    elif update:
        line += "; updated: " + ", ".join(f"{update[k]} {k}" for k in ("added", "changed", "removed", "unchanged"))
    return line


@dataclass
class Source:
    """One source file of a build: read now (``docs``, to be chunked) or, in an update, taken
    over unchanged from the current generation (``passages``)."""

    file: sources.SourceFile
    documents: int
    docs: Iterable[Document] = field(default_factory=list)  # a list, or readers.Streamed
    passages: list[Passage] | None = None
    kept: bool = False  # taken over from the current generation


def read_corpus(
    paths: Sequence[Path],
    warn: Warn = _quiet,
    files: Sequence[sources.SourceFile] | None = None,
    tally: Tally | None = None,
) -> tuple[list[sources.SourceFile], list[Document]]:
    """Read every source once (fingerprinting the very bytes indexed); raise if nothing usable
    remains. ``files`` is the result of ``sources.discover(paths)`` when the caller has it. A
    file its reader cannot read (``ReadError``) is one warning, and the others are read."""
    listed = list(files) if files is not None else sources.discover(paths, warn)
    read = read_sources(listed, warn, tally if tally is not None else Tally())
    return [s.file for s in read], [doc for s in read for doc in s.docs]


def read_sources(
    listed: Sequence[sources.SourceFile],
    warn: Warn,
    tally: Tally,
    previous: Previous | None = None,
    stream: bool = False,
) -> list[Source]:
    """The sources ``listed`` in order, each read, or taken from ``previous`` when it holds the
    file unchanged; the files that could be read (or were taken), with their documents. With
    ``stream``, a file whose reader can stream (JSONL) is read for its fingerprint and ids
    only, and its documents are read again one at a time when they are chunked
    (``readers.Streamed``)."""
    for sf in listed:  # refuse an oversized file before reading anything
        sources.check_size(sf)
    read: list[Source] = []
    cited: dict[str, str] = {}
    held: list[str] = []  # warnings wait until something is indexed; else the error says it all
    for sf in listed:
        kept = previous.unchanged(sf) if previous is not None else None
        if kept is not None:
            source = Source(kept, previous.documents(kept.path), passages=previous.passages(kept.path), kept=True)
            names = list(dict.fromkeys(p.source for p in source.passages))
        else:
            try:
                if stream and readers.streams(sf.kind):
                    sf, names = sources.scan(sf, held.append)
                    source = Source(sf, len(names), docs=readers.Streamed(sf.path, sf.name, sf.kind, sf.sha256))
                else:
                    sf, found = sources.load(sf, held.append)
                    source = Source(sf, len(found), docs=found)
                    names = [doc.source for doc in found]
            except ReadError as exc:
                held.append(str(exc))
                tally.skip(sf, exc.reason)
                continue
        read.append(source)  # fingerprinted even when empty: its change makes the index stale
        if not source.documents:
            tally.skipped["no records"] += 1
            continue
        tally.read[Path(sf.name).suffix.lower().lstrip(".") or sf.kind] += 1
        for name in names:
            if name in cited:
                raise CorpusError(
                    f"duplicate source id {name!r} in {sf.name} (also in {cited[name]})",
                    hint="ids must be unique across the corpus: answers cite them",
                )
            cited[name] = sf.name
    if not any(s.documents for s in read):
        raise CorpusError(
            f"nothing to index: no source file could be read ({held[0]}"
            + (f", and {len(held) - 1} more)" if len(held) > 1 else ")"),
            hint=f"give {', '.join(readers.suffixes())} files with text in them",
        )
    for message in held:
        warn(message)
    return read


def _chunker(params: BuildParams) -> Callable[[Document], list[Passage]]:
    from .chunking import chunk
    from .cleaning import clean
    from .sentences import SentenceSplitter

    # the shipped parameters, not ones learnt from the corpus: a document is then split alike
    # whichever documents are indexed with it, which an update that re-chunks only the files
    # that changed relies on (seeds, documents and PIAF dev metrics unchanged or better, and no
    # training: the build no longer imports nltk)
    splitter = SentenceSplitter.french()
    return lambda doc: chunk(clean(doc), doc, splitter, target_words=params.target_words, max_words=params.max_words)


def chunk_documents(docs: Sequence[Document], params: BuildParams, progress: Progress = _quiet) -> list[Passage]:
    chunk_one = _chunker(params)
    passages: list[Passage] = []
    for i, doc in enumerate(docs):
        passages.extend(chunk_one(doc))
        if i % 200 == 0 or i == len(docs) - 1:
            progress("cleaning and chunking", i + 1, len(docs))
    if not passages:
        raise CorpusError("nothing to index: the sources hold no text once cleaned")
    return passages


def chunk_sources(read: Sequence[Source], params: BuildParams, progress: Progress = _quiet) -> None:
    """Chunk the documents of the sources read now (``passages`` filled, ``docs`` emptied)."""
    if all(s.kept for s in read):
        return  # nothing read now (a removal): no need to import the chunker
    for _, source, passages in _passages_of(read, params, progress):
        if not source.kept:
            if source.passages is None:
                source.passages = []
            source.passages.extend(passages)
    for source in read:
        if source.passages is None:  # a source without documents
            source.passages = []


def _passages_of(
    read: Sequence[Source], params: BuildParams, progress: Progress
) -> Iterator[tuple[int, Source, list[Passage]]]:
    """The passages of the sources in order, in pieces ``(index in read, source, passages)``:
    a source taken over gives its passages at once, a source read now one document's at a
    time, and each document is dropped once chunked (the original texts, a 1 GB JSONL's
    worth, are not needed past chunking)."""
    chunk_one = _chunker(params)
    total = sum(s.documents for s in read if not s.kept)
    done = 0
    for i, source in enumerate(read):
        if source.kept:
            yield i, source, source.passages or []
            continue
        docs, source.docs = source.docs, []
        for doc in _drained(docs) if isinstance(docs, list) else docs:
            yield i, source, chunk_one(doc)
            done += 1
            if done % 200 == 1 or done == total:
                progress("cleaning and chunking", done, total)


def _source_batches(passages: Iterable[Passage], batch: int) -> Iterator[list[Passage]]:
    """``passages`` in lists of at least ``batch`` (the last may be shorter), cut only where the
    source changes: a footnote is indexed with the body sentence that cites it
    (``indexed_texts``), which is in its own source."""
    group: list[Passage] = []
    for p in passages:
        if len(group) >= batch and p.source != group[-1].source:
            yield group
            group = []
        group.append(p)
    if group:
        yield group


def _drained(items: list) -> Iterator:
    """The items of a list in order, each removed from it as it is given."""
    items.reverse()
    while items:
        yield items.pop()


def indexed_texts(passages: Sequence[Passage], params: BuildParams) -> Iterator[str]:
    """The text each passage is indexed under for BM25: its own text, after the document title
    (a field that names the subject), and for a footnote, after the body sentence that cites it,
    so that a question phrased like the body ("le ministre des Affaires étrangères russe") finds
    the note that names the person ("Serguei Lavrov")."""
    citing: dict[tuple[str, int], str] = {}
    for p in passages:
        if p.kind == "footnote" or not p.footnote_at:
            continue
        spans = p.sentence_spans()
        for i, numbers in p.sentence_notes().items():
            for n in numbers:
                citing[(p.source, n)] = p.text[spans[i][0] : spans[i][1]]
    for p in passages:
        parts = [p.title] if params.title_in_terms and p.title and p.kind != "title" else []
        if p.kind == "footnote":
            parts += [citing[(p.source, n)] for n in p.footnotes if (p.source, n) in citing]
        yield "\n".join([*parts, p.text])


def build(
    paths: Sequence[Path],
    root: Path,
    *,
    params: BuildParams | None = None,
    warn: Warn = _quiet,
    progress: Progress = _quiet,
    wait: float = DEFAULT_WAIT,
    still_needed: Callable[[], bool] | None = None,
    optimize: bool = False,
) -> Path | None:
    """Build an index of ``paths`` into the index folder ``root``; return the new generation.

    The existing index (if any) stays intact and readable until the new one is complete. With
    ``still_needed``, it is asked once the write lock is held: a process that waited while
    another rebuilt the same stale index then finds nothing left to do and returns None.

    Over an existing index, an update adds one segment holding the new and changed files and
    marks the rows of changed and removed files dead (askmali.segments); when that would leave
    more than ``segments.MAX_SEGMENTS`` segments, the smallest segments' unchanged files go into
    that new segment too (``segments.plan_merge``, their passages taken over, not read again);
    with ``optimize``, or when every segment would merge, every live passage goes into one.
    """
    params = params or BuildParams()
    paths = [Path(p).resolve() for p in paths]
    root = Path(root)
    store.check_writable_root(root)
    # a bad path or an oversized file fails here, before the index folder is touched
    listed = sources.discover(paths, warn)
    for sf in listed:
        sources.check_size(sf)
    started = time.perf_counter()
    created = not root.exists()
    try:
        with store.write_lock(root, wait):
            if still_needed is not None and not still_needed():
                return None
            store.remove_leftovers(root)
            gen = None if optimize else _segment_update(paths, listed, root, params, warn, progress, started)
            if gen is None:
                gen = _build_locked(paths, listed, root, params, warn, progress, started)
    except BaseException:
        if created:
            store.remove_if_unused(root)
        raise
    return gen


def build_components(
    passages: Iterable[Passage],
    params: BuildParams,
    progress: Progress = _quiet,
    *,
    batch: int | None = None,
    consume: bool = False,
    spill: Path | None = None,
) -> tuple[Analyzer, BM25, CharTfidf, PassageTable]:
    """The in-memory index of ``passages`` (a list, or any iterable of them in order): what
    ``build`` saves, and what a loaded index must score exactly like
    (tests/test_properties.py).

    Passages are taken ``batch`` at a time (cut between sources) and each batch goes at once
    into BM25's compact arrays (no list of terms per passage is kept), the passage table and
    TF-IDF's word counts; nothing else of it is kept, so a stream of passages is never all in
    memory. With ``consume``, a list of ``passages`` is emptied as it is read. With ``spill``
    (an empty folder), what grows with the corpus is written there as it comes: BM25's
    batches and postings, the table's texts, TF-IDF's word counts and postings (the model's
    and the table's ``files``, ready to be moved into a generation, ``spilled_files``). The
    result depends on neither (tests/test_memory.py)."""
    batch = batch or BATCH
    analyzer = Analyzer()
    total = len(passages) if isinstance(passages, Sequence) else 0
    if consume and isinstance(passages, list):
        passages = _drained(passages)
    builder = BM25Builder(k1=params.k1, b=params.b, spill=spill)
    table = TableBuilder(analyzer, spill)
    # TF-IDF sees the passage alone: with the title too, PIAF dev gains 0.004 R@1 but on the
    # seeds, where every passage of a document shares its title, hit@1 falls 0.654 -> 0.559.
    words = WordDocCounter(spill=spill)
    for group in _source_batches(passages, batch):
        builder.add([analyzer.terms(text) for text in indexed_texts(group, params)])
        table.add(group)
        words.add(p.text for p in group)
        if total:
            progress("analysing", table.n, total)
        del group
    progress("weighting BM25", 0, 1)
    bm25 = builder.finish()
    progress("weighting TF-IDF", 0, 1)
    tfidf = CharTfidf.from_counts(words, spill=spill)
    return analyzer, bm25, tfidf, table.finish()


def spilled_files(prefix: str, bm25: BM25, tfidf: CharTfidf, table: PassageTable) -> dict:
    """The arrays of ``build_components`` written to its spill folder, by array key (under
    ``prefix``): ``store.write_generation`` moves their files into the generation."""
    files = {f"{prefix}{k}": f for k, f in table.files.items()}
    files.update({f"{prefix}bm25.{k}": f for k, f in bm25.files.items()})
    files.update({f"{prefix}tfidf.{k}": f for k, f in tfidf.files.items()})
    return files


def _update_counts(previous: Previous, listed: Sequence[sources.SourceFile], read: Sequence[Source]) -> dict:
    """What an update changed, by file: added, changed (read again), removed, unchanged (taken
    over)."""
    kept = {s.file.path for s in read if s.kept}
    listed_paths = [sf.path for sf in listed]
    return {
        "added": sum(1 for p in listed_paths if p not in previous.files),
        "changed": sum(1 for p in listed_paths if p in previous.files and p not in kept),
        "removed": len(previous.files.keys() - set(listed_paths)),
        "unchanged": len(kept),
    }


def _build_locked(
    paths: list[Path],
    listed: list[sources.SourceFile],
    root: Path,
    params: BuildParams,
    warn: Warn,
    progress: Progress,
    started: float,
) -> Path:
    """The build proper; the caller holds the write lock."""
    tally = Tally()
    previous = reuse.previous(root, params.to_json(), Analyzer().settings())
    read = read_sources(listed, warn, tally, previous, stream=True)
    files = [s.file for s in read]
    documents = [s.documents for s in read]
    update = None if previous is None else _update_counts(previous, listed, read)
    del previous
    counts = [0] * len(read)  # passages of each source
    kinds: Counter[str] = Counter()

    def stream() -> Iterator[Passage]:  # chunked as the build takes them, dropped after
        for i, source, passages in _passages_of(read, params, progress):
            source.passages = None
            counts[i] += len(passages)
            kinds.update(p.kind for p in passages)
            yield from passages

    passages = stream()
    first = next(passages, None)
    if first is None:
        raise CorpusError("nothing to index: the sources hold no text once cleaned")
    # what grows with the corpus (the TF-IDF postings, most of an index, BM25's postings, the
    # passage texts) goes to the scratch folder as it is computed, and the files are moved
    # into the new generation: memory never holds them all
    with store.scratch_folder(root) as scratch:
        analyzer, bm25, tfidf, table = build_components(chain([first], passages), params, progress, spill=scratch)
        del read, first, passages
        n = len(table)
        rows: list[list[int]] = []
        for count, docs in zip(counts, documents):
            start = rows[-1][1] if rows else 0
            rows.append([start, start + count, docs])
        n_docs = sum(documents)
        arrays: dict[str, np.ndarray] = {}
        arrays.update(table.to_arrays())
        arrays.update({f"bm25.{k}": v for k, v in bm25.to_arrays().items()})
        arrays.update({f"tfidf.{k}": v for k, v in tfidf.to_arrays().items()})
        manifest = {
            "askmali_version": __version__,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "analyzer": analyzer.settings(),
            "build": params.to_json(),
            "bm25": bm25.params(),
            "tfidf": tfidf.params(),
            "roots": [str(p) for p in paths],
            "sources": [sf.to_json() for sf in files],
            # the passage rows and the number of documents each source gave: an update takes
            # an unchanged file's passages from here (askmali.reuse)
            "source_rows": rows,
            "counts": {
                "documents": n_docs,
                "passages": n,
                **{kind: kinds[kind] for kind in KINDS},
            },
            "formats": tally.to_json(),
            "skipped_sources": tally.skipped_json(),
            **({"update": update} if update is not None else {}),
            "build_seconds": round(time.perf_counter() - started, 3),
        }
        progress("writing", 0, 1)
        return store.write_generation(root, arrays, manifest, spilled_files("", bm25, tfidf, table))


def record_touched(root: Path, touched: Sequence[sources.SourceFile], wait: float = 0.0) -> Path | None:
    """Record the new mtimes of files whose content is as indexed (``sources.changes``): a new
    generation of the current one, every array hard-linked, only the manifest's file times
    rewritten; None when none needed it. A file touched (a copy, a checkout) would otherwise be
    read in full by every staleness check until the index is rebuilt."""
    root = Path(root)
    with store.write_lock(root, wait):
        gen = store.current_generation(root)
        return _record_touched_locked(root, gen, store.read_manifest(gen), touched)


def _record_touched_locked(root: Path, gen: Path, manifest: dict, touched: Sequence[sources.SourceFile]) -> Path | None:
    """``record_touched`` with the write lock held, on the current generation ``gen`` and its
    ``manifest`` (rewritten in place)."""
    if manifest.get("format_version") != store.FORMAT_VERSION:
        return None  # an older index: its next update rewrites it whole
    done = retime(manifest, touched)
    if not done:
        return None
    links = {key: (gen / f"{key}.npy", meta) for key, meta in manifest.pop("arrays").items()}
    return store.write_generation(root, {}, {**manifest, "touched": done}, links=links)


def retime(manifest: dict, touched: Sequence[sources.SourceFile]) -> int:
    """Give the files ``touched`` their new mtime wherever ``manifest`` records them with the
    same size and hash (its sources, its skipped files, its segments' sources), in place; how
    many files it changed."""
    from .segments import segments_of

    by_path = {sf.path: sf for sf in touched if sf.sha256}
    done: set[str] = set()
    lists = [manifest.get("sources"), manifest.get("skipped_sources")]
    if manifest.get("segments") is not None:
        lists += [m.get("sources") for m in segments_of(manifest)]
    for entries in lists:
        for entry in entries or ():
            sf = by_path.get(entry.get("path"))
            if sf is None or (entry.get("size"), entry.get("sha256")) != (sf.size, sf.sha256):
                continue
            if entry.get("mtime_ns") != sf.mtime_ns:
                entry["mtime_ns"] = sf.mtime_ns
                done.add(sf.path)
    return len(done)


def _segment_update(
    paths: list[Path],
    listed: list[sources.SourceFile],
    root: Path,
    params: BuildParams,
    warn: Warn,
    progress: Progress,
    started: float,
) -> Path | None:
    """Update the current generation by adding one segment (the new and changed files) and
    tombstoning the files changed or removed; None when it cannot be done that way (no index,
    other settings, an index of the old formats, nothing new to read, a merge due): the caller
    then builds the whole index (``_build_locked``). The caller holds the write lock."""
    from .bm25 import FORMAT as BM25_FORMAT
    from .errors import AskmaliError
    from .segments import GENERATION_ARRAYS, Segment, global_stats, global_terms, plan_merge, segment_keys, segments_of
    from .tfidf import FORMAT as TFIDF_FORMAT

    if not store.is_index(root):
        return None
    try:
        gen, manifest, arrays = store.open_current(root)
        if manifest.get("build") != params.to_json() or manifest.get("analyzer") != Analyzer().settings():
            return None
        metas = segments_of(manifest)
        if any(m["bm25"].get("format") != BM25_FORMAT or m["tfidf"].get("format") != TFIDF_FORMAT for m in metas):
            return None
        for m in metas:
            if not reuse._valid_rows(m.get("source_rows"), m["sources"], int(m["passages"])):
                return None
        segs = [Segment(m, arrays) for m in metas]
    except (AskmaliError, KeyError, ValueError, TypeError, IndexError):
        return None
    previous = [reuse.Previous({"sources": m["sources"], "source_rows": m["source_rows"]}, s.table) for m, s in zip(metas, segs)]
    live: dict[str, tuple[int, int]] = {}  # path -> (segment, its file index)
    for si, m in enumerate(metas):
        dead = set(m.get("dead") or [])
        for fi, sf in enumerate(m["sources"]):
            if fi not in dead:
                live[sf["path"]] = (si, fi)
    tally = Tally()
    kept: list[tuple[sources.SourceFile, tuple[int, int]]] = []
    to_read: list[sources.SourceFile] = []
    for sf in listed:
        at = live.get(sf.path)
        same = previous[at[0]].unchanged(sf) if at is not None else None
        if same is None:
            to_read.append(sf)
        else:
            kept.append((same, at))
    if not kept:
        return None  # nothing taken over: a fresh build
    if not to_read and len(kept) == len(live):
        # nothing added, changed or removed: the current generation stays as it is (rewriting
        # it would turn a one-segment index into the slower multi-segment form), but for the
        # new mtimes of the files only touched, recorded so that no later check reads them again
        return _record_touched_locked(root, gen, manifest, [sf for sf, _ in kept]) or gen
    dead = {si: set(m.get("dead") or []) for si, m in enumerate(metas)}
    kept_at = {at for _, at in kept}
    for at in live.values():
        if at not in kept_at:
            dead[at[0]].add(at[1])
    live_sizes = [
        sum(end - first for fi, (first, end, _) in enumerate(m["source_rows"]) if fi not in dead[si])
        for si, m in enumerate(metas)
    ]
    merging = plan_merge([n for n in live_sizes], bool(to_read))
    if len(merging) >= sum(1 for n in live_sizes if n):
        return None  # every live segment would merge: the whole index, as a fresh build
    # the unchanged files of the segments merged go into the new segment, their passages taken
    # over as they are (not read again), and leave their old segments, which are then dropped
    moved: list[Source] = []
    for sf, (si, fi) in kept:
        if si in merging:
            moved.append(Source(sf, previous[si].documents(sf.path), passages=previous[si].passages(sf.path), kept=True))
            dead[si].add(fi)
    taken = kept  # every file taken over, merged or not: its tally and its source ids
    if moved:
        kept = [(sf, at) for sf, at in kept if at[0] not in merging]
    # the files taken over: their tally and their source ids (a new file may not reuse one)
    cited: dict[str, str] = {}
    for sf, (si, fi) in taken:
        first, end, documents = metas[si]["source_rows"][fi]
        table = segs[si].table
        if to_read:  # (a removal alone reads nothing: no id to check)
            for src in np.unique(np.asarray(table.source[first:end])).tolist():
                cited[table.source_names[src]] = sf.name
        if documents:
            tally.read[Path(sf.name).suffix.lower().lstrip(".") or sf.kind] += 1
        else:
            tally.skipped["no records"] += 1
    try:
        read = read_sources(to_read, warn, tally) if to_read else []
    except CorpusError as exc:
        if str(exc).startswith("nothing to index"):
            return None  # nothing readable among the new files: the whole build says why
        raise
    for source in read:
        for name in dict.fromkeys(doc.source for doc in source.docs):
            if name in cited:
                raise CorpusError(
                    f"duplicate source id {name!r} in {source.file.name} (also in {cited[name]})",
                    hint="ids must be unique across the corpus: answers cite them",
                )
    chunk_sources(read, params, progress)
    if read and not any(s.passages for s in read):
        return None  # new files without text: the whole build decides
    read = moved + read
    passages = [p for s in read for p in s.passages or ()]
    if not kept and not passages:
        return None
    rows: list[list[int]] = []
    for s in read:
        first = rows[-1][1] if rows else 0
        rows.append([first, first + len(s.passages or ()), s.documents])
    n_new = len(passages)
    kinds = Counter(p.kind for p in passages)
    update = {
        "added": sum(1 for sf in listed if sf.path not in live),
        "changed": sum(1 for sf in listed if sf.path in live and sf.path not in {k.path for k, _ in kept} | {m.file.path for m in moved}),
        "removed": len(live.keys() - {sf.path for sf in listed}),
        "unchanged": len(kept) + len(moved),
    }
    seg_id = int(manifest.get("next_segment", 1))
    prefix = f"s{seg_id}."
    with store.scratch_folder(root) as scratch:
        new_meta: dict | None = None
        new_arrays: dict[str, np.ndarray] = {}
        files: dict = {}
        if passages:
            new_meta, new_arrays, files = _new_segment(passages, params, progress, scratch, prefix, seg_id, read, rows)
        metas_out: list[dict] = []
        segs_out: list[Segment] = []
        for si, (m, seg) in enumerate(zip(metas, segs)):
            if all(fi in dead[si] for fi in range(len(m["sources"]))):
                continue  # every file of this segment changed or went: the segment is dropped
            m = {**m, "dead": sorted(dead[si])}
            metas_out.append(m)
            segs_out.append(Segment(m, arrays, before=metas[si]))
        if new_meta is not None:
            metas_out.append(new_meta)
            segs_out.append(Segment(new_meta, new_arrays))
        if not metas_out:
            return None
        progress("weighting TF-IDF", 0, 1)
        out_arrays = {k: v for k, v in new_arrays.items() if k != f"{prefix}tfidf.norms"}
        links: dict[str, tuple[Path, dict]] = {}
        terms: dict[str, np.ndarray] = {}
        for which in ("bm25", "tfidf"):  # one lookup per question term, not one per segment
            # with no segment added, the previous generation's vocabularies and maps still hold
            written, shared = global_terms(segs_out, which, arrays if new_meta is None else None)
            out_arrays.update(written)
            terms.update(written)
            for key in shared:
                links[key] = (gen / f"{key}.npy", manifest["arrays"][key])
                terms[key] = arrays[key]
        n_live, avgdl, norms = global_stats(segs_out, terms)
        for m, seg, nr in zip(metas_out, segs_out, norms):
            out_arrays[f"{m['prefix']}tfidf.norms"] = nr
            if seg.alive is not None:  # the live df of its terms, read by every question
                out_arrays[f"{m['prefix']}bm25.live_df"] = seg._live[id(seg.bm25)]
                out_arrays[f"{m['prefix']}tfidf.live_df"] = seg._live[id(seg.tfidf)]
            if m is new_meta:
                continue
            generation_only = {m["prefix"] + k for k in GENERATION_ARRAYS}
            for key in segment_keys(manifest["arrays"], m["prefix"]):
                if key not in generation_only:
                    links[key] = (gen / f"{key}.npy", manifest["arrays"][key])
        live_kinds = Counter()
        for m, seg in zip(metas_out, segs_out):
            codes = np.asarray(seg.table.kind) if seg.alive is None else np.asarray(seg.table.kind)[seg.alive]
            for code, count in zip(*np.unique(codes, return_counts=True)):
                live_kinds[KINDS[int(code)]] += int(count)
        n_docs = sum(
            m["source_rows"][fi][2] for m in metas_out for fi in range(len(m["sources"])) if fi not in set(m.get("dead") or [])
        )
        out_manifest = {
            "askmali_version": __version__,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "analyzer": Analyzer().settings(),
            "build": params.to_json(),
            "bm25": {k: v for k, v in metas_out[0]["bm25"].items() if k in ("k1", "b", "idf")},
            "roots": [str(p) for p in paths],
            "sources": [sf.to_json() for sf, _ in kept] + [s.file.to_json() for s in read],
            "counts": {"documents": n_docs, "passages": n_live, **{kind: live_kinds[kind] for kind in KINDS}},
            "formats": tally.to_json(),
            "skipped_sources": tally.skipped_json(),
            "update": update,
            "global": {"n_docs": n_live, "avgdl": avgdl},
            "segments": metas_out,
            "next_segment": seg_id + 1,
            "build_seconds": round(time.perf_counter() - started, 3),
        }
        progress("writing", 0, 1)
        return store.write_generation(root, out_arrays, out_manifest, files, links)


def _new_segment(passages, params, progress, scratch, prefix, seg_id, read, rows):
    """The arrays and description of a new segment holding ``passages``."""
    _, bm25, tfidf, table = build_components(passages, params, progress, consume=True, spill=scratch)
    meta = {
        "prefix": prefix,
        "id": seg_id,
        "passages": len(table),
        "sources": [s.file.to_json() for s in read],
        "source_rows": rows,
        "bm25": bm25.params(),
        "tfidf": tfidf.params(),
        "dead": [],
    }
    arrays: dict[str, np.ndarray] = {prefix + k: v for k, v in table.to_arrays().items()}
    arrays.update({f"{prefix}bm25.{k}": v for k, v in bm25.to_arrays().items()})
    arrays.update({f"{prefix}tfidf.{k}": v for k, v in tfidf.to_arrays().items()})
    return meta, arrays, spilled_files(prefix, bm25, tfidf, table)
