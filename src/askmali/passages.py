"""The passages of an index as flat arrays: memory-mapped, decoded one passage at a time.

Loading a 100,000-passage index parses no JSON and builds no Python objects per passage;
``get(i)`` decodes only the passages a question actually shows.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping, Sequence
from itertools import chain
from pathlib import Path

import numpy as np

from .models import KINDS, LINE_UNITS, Passage
from .store import ArrayFile, StringTable, StringWriter

KIND_CODES = {kind: i for i, kind in enumerate(KINDS)}
PASSAGE_CACHE = 4096  # decoded passages a PassageTable keeps


def _ragged(rows: Sequence[Sequence], width: int, dtype) -> tuple[np.ndarray, np.ndarray]:
    """Concatenate variable-length rows; returns (offsets, values). The values stream into
    the array (no list of Python objects the size of the corpus is built)."""
    offsets = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, rows), dtype=np.int64, count=len(rows)), out=offsets[1:])
    total = int(offsets[-1])
    items = chain.from_iterable(rows)
    if width > 1:
        items = chain.from_iterable(items)
    values = np.fromiter(items, dtype=dtype, count=total * width)
    return offsets, values.reshape((total, width) if width > 1 else (total,))


def _pairs(pairs, n: int, dtype) -> np.ndarray:
    """An (n, 2) array of ``n`` pairs, streamed in."""
    return np.fromiter(chain.from_iterable(pairs), dtype=dtype, count=2 * n).reshape(-1, 2)


def rows_named(names: Sequence[str], sources: Mapping[str, tuple[int, int]], find) -> np.ndarray | None:
    """The rows of the passage ids (``file.txt#3``, through ``find``) and whole sources
    (``file.txt``, their ``(first, end)`` rows in ``sources``) in ``names``; None when one of
    them is neither. A ``PassageTable`` and an index of segments both answer with it."""
    rows: list[int] = []
    for name in names:
        span = sources.get(name)
        row = find(name) if span is None else None
        if span is None and row is None:
            return None
        rows.extend(range(*span) if span is not None else (row,))
    return np.asarray(rows, dtype=np.int64)


class PassageTable:
    files: dict[str, ArrayFile] = {}  # arrays a spilling build wrote to disk (TableBuilder)

    def __init__(self, arrays: Mapping[str, np.ndarray]) -> None:
        # np.asarray drops the np.memmap subclass (same mapped memory): indexing a plain
        # ndarray is several times cheaper, and get() indexes a dozen arrays per passage.
        arrays = {k: np.asarray(v) for k, v in arrays.items()}
        self.text = StringTable.from_arrays(arrays, "p_text")
        self.source_names = StringTable.from_arrays(arrays, "src_name")
        self.source_titles = StringTable.from_arrays(arrays, "src_title")
        self.source_first = arrays["src_first"]  # first passage of each source, plus the end
        self.source = arrays["p_source"]  # int32 source index per passage
        self.kind = arrays["p_kind"]  # uint8 index into KINDS
        self.chars = arrays["p_chars"]  # (n, 2) int64 original span
        self.lines = arrays["p_lines"]  # (n, 2) int32 original lines
        self.ordinal = arrays["p_ordinal"]  # int32 passage number within its source
        self.sent_offsets = arrays["s_offsets"]
        self.sent_spans = arrays["s_spans"]  # (m, 2) spans within passage text
        self.sent_lines = arrays["s_lines"]  # (m, 2) original lines
        self.fn_offsets = arrays["fn_offsets"]
        self.fn_values = arrays["fn_values"]
        # (number, position in passage text) of each footnote marker, Passage.footnote_at;
        # an index written before these arrays existed reads as having none
        n = len(arrays["p_source"])
        self.fa_offsets = arrays.get("fa_offsets", np.zeros(n + 1, dtype=np.int64))
        self.fa_values = arrays.get("fa_values", np.zeros((0, 2), dtype=np.int32))
        # the stored analysis (see build); an index written without it reads as None
        self.sentence_terms_table = StringTable.from_arrays(arrays, "s_terms") if "s_terms_blob" in arrays else None
        self.sentence_terms_first = arrays.get("s_terms_first")
        self.phrase_table = StringTable.from_arrays(arrays, "p_phrase") if "p_phrase_blob" in arrays else None
        # where each passage sits (page, label, section, line unit; Passage.page ...): stored only
        # for a corpus that has them (PDF, EPUB, ...); plain text reads as None and "line"
        self.placed = "p_page" in arrays
        if self.placed:
            self.page = arrays["p_page"]  # int32, 0: none
            self.page_labels = StringTable.from_arrays(arrays, "p_plabel")
            self.sections = StringTable.from_arrays(arrays, "p_section")
            self.line_unit = arrays["p_unit"]  # uint8 index into LINE_UNITS
            self.sent_page = arrays["s_page"]
            self.sent_labels = StringTable.from_arrays(arrays, "s_plabel")
        self._rows: dict[str, int] = {}  # passage id -> row, for the passages get() decoded
        self._arrays = arrays
        self._footnotes: dict[int, dict[int, list[int]]] = {}  # source -> number -> rows
        self._rows_of_source: dict[str, tuple[int, int]] | None = None  # source name -> its rows, on demand
        self._decoded: dict[int, Passage] = {}  # row -> Passage, see get()

    def __len__(self) -> int:
        return len(self.source)

    @classmethod
    def build(cls, passages: Sequence[Passage], analyzer=None) -> "PassageTable":
        """The table of ``passages``. With ``analyzer``, each passage's analysis for the question
        path is stored too: the terms of each of its sentences (``Engine.sentence_terms``) and
        its phrase text (``Analyzer.phrase_text``), so that a question reads them instead of
        analysing the twenty passages it re-ranks (0.6 ms each, the bulk of a question's time
        on a large corpus). ``TableBuilder`` builds the same table batch by batch."""
        builder = TableBuilder(analyzer)
        builder.add(passages)
        return builder.finish()

    def to_arrays(self) -> dict[str, np.ndarray]:
        return dict(self._arrays)

    def get(self, i: int) -> Passage:
        """Passage ``i``, decoded on first use and remembered (Passage is immutable) for the
        last ``PASSAGE_CACHE`` rows: top passages recur from question to question."""
        i = int(i)
        got = self._decoded.get(i)
        if got is None:
            if len(self._decoded) >= PASSAGE_CACHE:
                self._decoded.clear()
                self._rows.clear()
            got = self._decoded[i] = self._decode(i)
            self._rows[got.id] = i
        return got

    def rows(self, start: int, end: int) -> list[Passage]:
        """Passages ``start`` to ``end - 1``, decoded without being remembered: what an update
        takes over from the current generation (``indexing.build``)."""
        return [self._decode(i) for i in range(start, end)]

    def row_of(self, p: Passage) -> int | None:
        """The row of a passage this table gave out (by id)."""
        row = self._rows.get(p.id)
        return row if row is not None else self.find(p.id)

    def stored_sentence_terms(self, row: int) -> list[list[str]] | None:
        """The stored terms of each sentence of passage ``row``, or None without them."""
        if self.sentence_terms_table is None:
            return None
        a, b = self.sentence_terms_first[row : row + 2].tolist()
        return [unit.split() for unit in self.sentence_terms_table.run(a, b)]

    def title_of(self, row: int) -> str:
        """The document title of passage ``row``, without decoding the passage."""
        return self.source_titles[int(self.source[row])]

    def stored_phrase_text(self, row: int) -> str | None:
        """The stored ``Analyzer.phrase_text`` of passage ``row``, or None without it."""
        return None if self.phrase_table is None else self.phrase_table[row]

    def stored_row(self, row: int) -> tuple[list[list[str]] | None, str | None, str]:
        """What the re-ranker reads of passage ``row``: ``stored_sentence_terms``,
        ``stored_phrase_text`` and ``title_of``, in one call."""
        return self.stored_sentence_terms(row), self.stored_phrase_text(row), self.title_of(row)

    def _decode(self, i: int) -> Passage:
        # one .tolist() per array row: numpy scalars converted one by one cost several times more
        src = int(self.source[i])
        a, b = self.sent_offsets[i : i + 2].tolist()
        f, g = self.fn_offsets[i : i + 2].tolist()
        h, k = self.fa_offsets[i : i + 2].tolist()
        char_start, char_end = self.chars[i].tolist()
        line_start, line_end = self.lines[i].tolist()
        source = self.source_names[src]
        placed = {}
        if self.placed:
            placed = {
                "page": int(self.page[i]) or None,
                "page_label": self.page_labels[i] or None,
                "section": self.sections[i] or None,
                "line_unit": LINE_UNITS[int(self.line_unit[i])],
                "sentence_pages": tuple(
                    (int(self.sent_page[k]), self.sent_labels[k]) for k in range(a, b)
                ) if int(self.page[i]) else (),
            }
        return Passage(
            id=f"{source}#{int(self.ordinal[i])}",
            source=source,
            title=self.source_titles[src],
            kind=KINDS[int(self.kind[i])],
            text=self.text[i],
            char_start=char_start,
            char_end=char_end,
            line_start=line_start,
            line_end=line_end,
            # .tolist() converts a slice at C speed (numpy scalars one by one cost ~10x more)
            sentences=tuple(map(tuple, self.sent_spans[a:b].tolist())),
            footnotes=tuple(self.fn_values[f:g].tolist()),
            sentence_lines=tuple(map(tuple, self.sent_lines[a:b].tolist())),
            footnote_at=tuple(map(tuple, self.fa_values[h:k].tolist())),
            **placed,
        )

    def find(self, passage_id: str) -> int | None:
        """Row of a passage id such as ``002_29e0faa7f984317a.txt#14``, or None."""
        source, sep, number = passage_id.rpartition("#")
        if not sep or not number.isdigit():
            return None
        for src in range(len(self.source_names)):
            if self.source_names[src] == source:
                row = int(self.source_first[src]) + int(number)
                return row if row < int(self.source_first[src + 1]) else None
        return None

    def rows_named(self, names: Sequence[str]) -> np.ndarray | None:
        """The rows of the passage ids (``file.txt#3``) and whole sources (``file.txt``) in
        ``names``; None when one of them is neither."""
        if self._rows_of_source is None:
            first = self.source_first.tolist()
            self._rows_of_source = {self.source_names[i]: (first[i], first[i + 1]) for i in range(len(first) - 1)}
        return rows_named(names, self._rows_of_source, self.find)

    def footnote_rows(self, source_index: int, numbers: Sequence[int]) -> list[int]:
        """Rows of the footnote passages with these numbers in one source."""
        by_number = self._footnotes.get(source_index)
        if by_number is None:  # scan the source once, on its first footnote lookup
            start, end = int(self.source_first[source_index]), int(self.source_first[source_index + 1])
            by_number = {}
            offsets = self.fn_offsets[start : end + 1].tolist()
            for i in np.flatnonzero(self.kind[start:end] == KIND_CODES["footnote"]).tolist():
                for v in self.fn_values[offsets[i] : offsets[i + 1]].tolist():
                    by_number.setdefault(int(v), []).append(start + i)
            self._footnotes[source_index] = by_number
        return sorted({row for n in set(numbers) for row in by_number.get(n, ())})


# the strings of a table that grow with the corpus's text: with a spill folder, written to
# their files batch by batch (the others are a few bytes a passage or a sentence)
SPILLED_STRINGS = ("p_text", "s_terms", "p_phrase")


class TableBuilder:
    """A ``PassageTable`` built from batches of passages (``add``), in order, so that a build
    never holds every ``Passage``: the table of the concatenated batches, whatever the batches.
    With ``spill`` (a folder), the passage texts, sentence terms and phrase texts (most of a
    table) go to ``.npy`` files there as they come (``files``, ready to be moved into a
    generation); the rest, a few bytes a passage, is kept in arrays."""

    def __init__(self, analyzer=None, spill: Path | None = None) -> None:
        self.analyzer = analyzer
        self.strings = {
            name: StringWriter(spill / f"{name}_blob.npy" if spill is not None and name in SPILLED_STRINGS else None)
            for name in ("p_text", "src_name", "src_title", "p_plabel", "p_section", "s_plabel", "s_terms", "p_phrase")
        }
        self.parts: dict[str, list[np.ndarray]] = {}  # array name -> its batches
        self.names: set[str] = set()  # the sources so far, each once
        self._last_name: str | None = None
        self.n = 0
        self.placed = False
        self.first = array("q")  # first passage of each source
        self.units_first = array("q", [0])

    @property
    def files(self) -> dict[str, ArrayFile]:
        return {f"{name}_blob": w.file for name, w in self.strings.items() if w.file is not None}

    def _part(self, name: str, values: np.ndarray) -> None:
        self.parts.setdefault(name, []).append(values)

    def add(self, passages: Sequence[Passage]) -> None:
        strings = self.strings
        src_index = np.zeros(len(passages), dtype=np.int32)
        names: list[str] = []
        titles: list[str] = []
        for i, p in enumerate(passages):
            if p.source != self._last_name:
                if p.source in self.names:
                    raise ValueError("passages of one source must be contiguous")
                self.names.add(p.source)
                self._last_name = p.source
                names.append(p.source)
                titles.append(p.title)
                self.first.append(self.n + i)
            src_index[i] = len(self.names) - 1
        strings["src_name"].extend(names)
        strings["src_title"].extend(titles)
        self._part("p_source", src_index)
        strings["p_text"].extend(p.text for p in passages)
        s_offsets, s_spans = _ragged([p.sentences for p in passages], 2, np.int32)
        _, s_lines = _ragged([p.sentence_lines or [(p.line_start, p.line_end)] * len(p.sentences) for p in passages], 2, np.int32)
        fn_offsets, fn_values = _ragged([p.footnotes for p in passages], 1, np.int32)
        fa_offsets, fa_values = _ragged([p.footnote_at for p in passages], 2, np.int32)
        for name, values in (
            ("p_kind", np.array([KIND_CODES[p.kind] for p in passages], dtype=np.uint8)),
            ("p_chars", _pairs(((p.char_start, p.char_end) for p in passages), len(passages), np.int64)),
            ("p_lines", _pairs(((p.line_start, p.line_end) for p in passages), len(passages), np.int32)),
            ("p_ordinal", np.array([int(p.id.rsplit("#", 1)[1]) for p in passages], dtype=np.int32)),
            ("s_counts", np.diff(s_offsets)),
            ("s_spans", s_spans),
            ("s_lines", s_lines),
            ("fn_counts", np.diff(fn_offsets)),
            ("fn_values", fn_values),
            ("fa_counts", np.diff(fa_offsets)),
            ("fa_values", fa_values),
        ):
            self._part(name, values)
        # where each passage sits: kept for every passage, stored only if one of them has a place
        self.placed = self.placed or any(p.page is not None or p.section is not None or p.line_unit != "line" for p in passages)
        pages = [p.sentence_pages or [(p.page or 0, p.page_label or "")] * len(p.sentences) for p in passages]
        self._part("p_page", np.array([p.page or 0 for p in passages], dtype=np.int32))
        strings["p_plabel"].extend(p.page_label or "" for p in passages)
        strings["p_section"].extend(p.section or "" for p in passages)
        self._part("p_unit", np.array([LINE_UNITS.index(p.line_unit) for p in passages], dtype=np.uint8))
        self._part("s_page", np.array([pg for row in pages for pg, _ in row], dtype=np.int32))
        strings["s_plabel"].extend(lb for row in pages for _, lb in row)
        if self.analyzer is not None:
            analyzer, first = self.analyzer, self.units_first

            def units() -> Iterator[str]:  # encoded as they come: no list of them is kept
                for p in passages:
                    spans = p.sentence_spans()
                    for s, e in spans:
                        yield " ".join(analyzer.terms(p.text[s:e]))
                    first.append(first[-1] + len(spans))

            strings["s_terms"].extend(units())
            strings["p_phrase"].extend(analyzer.phrase_text(p.text) for p in passages)
        self.n += len(passages)

    def _joined(self, name: str, dtype, width: int = 1) -> np.ndarray:
        parts = self.parts.pop(name, [])
        if not parts:
            return np.zeros((0, width) if width > 1 else 0, dtype=dtype)
        return np.concatenate(parts)

    def _offsets(self, name: str) -> np.ndarray:
        offsets = np.zeros(self.n + 1, dtype=np.int64)
        np.cumsum(self._joined(name, np.int64), out=offsets[1:])
        return offsets

    def finish(self) -> PassageTable:
        tables = {name: w.finish() for name, w in self.strings.items()}
        arrays: dict[str, np.ndarray] = {
            **tables["p_text"].to_arrays("p_text"),
            **tables["src_name"].to_arrays("src_name"),
            **tables["src_title"].to_arrays("src_title"),
            "src_first": np.array([*self.first, self.n], dtype=np.int64),
            "p_source": self._joined("p_source", np.int32),
            "p_kind": self._joined("p_kind", np.uint8),
            "p_chars": self._joined("p_chars", np.int64, 2),
            "p_lines": self._joined("p_lines", np.int32, 2),
            "p_ordinal": self._joined("p_ordinal", np.int32),
            "s_offsets": self._offsets("s_counts"),
            "s_spans": self._joined("s_spans", np.int32, 2),
            "s_lines": self._joined("s_lines", np.int32, 2),
            "fn_offsets": self._offsets("fn_counts"),
            "fn_values": self._joined("fn_values", np.int32),
            "fa_offsets": self._offsets("fa_counts"),
            "fa_values": self._joined("fa_values", np.int32, 2),
        }
        placed = {
            "p_page": self._joined("p_page", np.int32),
            **tables["p_plabel"].to_arrays("p_plabel"),
            **tables["p_section"].to_arrays("p_section"),
            "p_unit": self._joined("p_unit", np.uint8),
            "s_page": self._joined("s_page", np.int32),
            **tables["s_plabel"].to_arrays("s_plabel"),
        }
        if self.placed:
            arrays.update(placed)
        if self.analyzer is not None:
            arrays.update(tables["s_terms"].to_arrays("s_terms"))
            arrays["s_terms_first"] = np.frombuffer(self.units_first, dtype=np.int64).copy()
            arrays.update(tables["p_phrase"].to_arrays("p_phrase"))
        table = PassageTable(arrays)
        table.files = self.files
        return table
