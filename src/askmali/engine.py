"""Opening an index (building or rebuilding it when needed) and retrieving passages.

This module is on the question path: it imports numpy and askmali's query-side modules only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from itertools import compress
from pathlib import Path

import numpy as np

from . import distinct, fusion, kernels, paths, store
from . import rerank as reranking
from .analysis import Analyzer, fold
from .bm25 import BM25
from .errors import IndexStoreError, InputError
from .models import Hit, Passage, Result, RowHit
from .passages import KIND_CODES, PassageTable
from .query import ACRONYM_PASSAGES, DERIVED_ENDINGS, LETTER_RUN, Query, derived_terms, search_terms, spelled_acronyms
from .query import analyse as analyse_query
from .spelling import PREFIX, correct, max_distance, name_terms, real_word
from .tfidf import CharTfidf

RETRIEVERS = ("hybrid", "bm25", "tfidf")
# Fusion defaults, tuned on the PIAF dev split only (see README, "Evaluation").
FUSION_WEIGHT_BM25 = 0.7
DERIVED_WEIGHT = 0.5  # BM25 weight of a question's derived nouns (askmali.query.derived_terms)
CANDIDATES = 100  # each signal contributes its top-N to the fused candidate set
SENTENCE_TERMS_CACHE = 4096  # passages whose sentence terms an Engine remembers

Event = Callable[[str], None]


def _quiet(_msg: str) -> None:
    return None


class Engine:
    """A loaded index. ``search`` ranks passages; ``ask`` extracts an answer."""

    def __init__(self, root: Path, generation: Path, manifest: dict, arrays: dict[str, np.ndarray]) -> None:
        self.root = root
        self.generation = generation
        self.manifest = manifest
        self.analyzer = Analyzer()
        self.segments = None  # an index of several segments, or with dead rows (askmali.segments)
        try:
            if "segments" in manifest:
                from .segments import Segments

                self.segments = Segments(manifest, arrays)
                self.passages = self.segments.table
                self.bm25 = self.segments.bm25
                self.tfidf = self.segments.tfidf
            else:
                self.passages = PassageTable(arrays)
                self.bm25 = BM25.from_arrays(_sub(arrays, "bm25."), manifest["bm25"])
                self.tfidf = CharTfidf.from_arrays(_sub(arrays, "tfidf."), manifest["tfidf"])
        except (KeyError, ValueError, TypeError, IndexError) as exc:
            raise IndexStoreError(
                f"index at {root} is damaged: {type(exc).__name__} {str(exc)[:80]}",
                hint="rebuild it with askmali index",
            ) from None
        self._comment = np.asarray(self.passages.kind) == KIND_CODES["comment"]
        self._has_comments = bool(self._comment.any())  # else no mask to apply per question
        self._last_query: tuple[str | None, list[str], dict[str, str] | None, Callable[[str], bool] | None] = (
            None, [], None, None,
        )
        self._last_analysis: Query | None = None
        self._analysed: tuple[str, tuple[str, ...]] | None = None  # the question and exclusion it holds
        self._hidden: np.ndarray | None = None  # rows analysis treats as removed (``analyse(exclude=)``)
        self._sentence_terms: dict[str, list[list[str]]] = {}  # passage id -> terms per sentence
        self._sentence_keys: dict[str, list[frozenset[str]]] = {}  # passage id -> keys per sentence
        self._titles: dict[str, tuple[frozenset[str], frozenset[str]]] = {}  # title -> terms, keys
        self._phrase_texts: dict[str, str] = {}  # passage id -> Analyzer.phrase_text of its text
        self._derived: dict[str, tuple[str, ...]] = {}  # stem -> its derived nouns in the index

    def __len__(self) -> int:
        """The number of live passages (an index of segments also holds dead rows)."""
        return len(self.passages) if self.segments is None else self.segments.n_live

    def _row(self, passage_id: str) -> int:
        row = self.passages.find(passage_id)
        if row is None:
            raise InputError(f"no passage {passage_id!r} in this index", hint="ids look like file.txt#3")
        return row

    def passage(self, passage_id: str) -> Passage:
        return self.passages.get(self._row(passage_id))

    def neighbours(self, passage_id: str) -> tuple[Passage | None, Passage, Passage | None, list[Passage]]:
        """A passage with the one before and after it in its source, and the footnotes it cites."""
        row = self._row(passage_id)
        src = int(self.passages.source[row])
        first, end = int(self.passages.source_first[src]), int(self.passages.source_first[src + 1])
        p = self.passages.get(row)
        before = self.passages.get(row - 1) if row > first else None
        after = self.passages.get(row + 1) if row + 1 < end else None
        notes = []
        if p.kind != "footnote" and p.footnotes:
            notes = [self.passages.get(r) for r in self.passages.footnote_rows(src, p.footnotes)]
        return before, p, after, notes

    def same_place(self, passage_id: str, limit: int = 40) -> list[Passage]:
        """The passages of a passage's page (PDF) or section, in document order, itself among
        them: ``askmali show`` prints a passage in the context of its page. Empty for a passage
        with no page or section (plain text)."""
        row = self._row(passage_id)
        p = self.passages.get(row)
        if p.page is None and p.section is None:
            return []
        src = int(self.passages.source[row])
        first, end = int(self.passages.source_first[src]), int(self.passages.source_first[src + 1])

        def same(r: int) -> Passage | None:
            q = self.passages.get(r)
            return q if q.page == p.page and q.section == p.section else None

        before: list[Passage] = []  # each neighbour is decoded once, as it is compared
        while row - len(before) > first and len(before) < limit and (q := same(row - len(before) - 1)):
            before.append(q)
        out = before[::-1] + [p]
        hi = row + 1
        while hi < end and len(out) < limit and (q := same(hi)):
            out.append(q)
            hi += 1
        return out

    def term_weights(self, terms: Sequence[str]) -> dict[str, float]:
        """IDF of each distinct query term; a term the index lacks weighs as much as the rarest,
        so a question about something absent cannot be answered by its other words alone."""
        distinct = sorted(set(terms))
        if not distinct:
            return {}
        idf = self.bm25.term_idf(distinct)
        return {t: float(w) for t, w in zip(distinct, idf)}

    def query_terms(self, text: str) -> list[str]:
        """The analysed terms of a question, each term the index lacks replaced by its closest
        known spelling when there is one ("wagnr" -> "wagn", "sanctionss" -> "sanction"),
        unless it comes from a real French word ("livrés" stays "livr", never "libr")."""
        if self._last_query[0] != text:  # search and answer both need them: analyse once
            raw = self._plural_verbs(self.analyzer.query_terms(text))
            is_word = real_word(self.analyzer, text)
            terms = correct(raw, self._known_flags, self._neighbours, is_word, is_name=name_terms(self.analyzer, text))
            self._last_query = (text, terms, None, is_word)  # near spellings: when asked for
        return list(self._last_query[1])

    def _plural_verbs(self, terms: list[str]) -> list[str]:
        """Snowball French leaves a verb's third person plural whole ("datent", "accusent",
        "dénoncent" stay as written, while "datant", "dater" give "dat"): such a term the index
        lacks becomes the stem of the verb's infinitive when the index knows that one."""
        asked = [i for i, t in enumerate(terms) if len(t) >= 6 and t.endswith("ent")]
        if not asked:
            return terms
        known = self._known_flags([terms[i] for i in asked])
        out = list(terms)
        for i, k in zip(asked, known):
            if k:
                continue
            t = terms[i]
            forms = [t[:-3] + "er", t[:-3] + "re"] + ([t[:-5] + "ir"] if t.endswith("issent") else [])
            stems = [x for f in forms for x in self.analyzer.terms(f)[:1]]
            found = [x for x, ok in zip(stems, self._known_flags(stems)) if ok] if stems else []
            if found:
                out[i] = found[0]
        return out

    def near_spellings(self, text: str) -> dict[str, str]:
        """The real French words of ``text`` that the index lacks (so ``query_terms`` keeps them)
        mapped to the index term a typo fixer would have put instead (``spelling.correct``)."""
        self.query_terms(text)
        _, terms, near, is_word = self._last_query
        if near is None:
            # the words ``query_terms`` kept as they are, looked up only now: a search on one
            # signal never reads them (query_terms p50 0.131 -> 0.081 ms at 100,000 passages)
            near = {}
            unknown = [t for t, ok in zip(terms, self._known_flags(terms)) if not ok]
            if unknown:
                correct(unknown, self._known_flags, self._neighbours, is_word, near)
            self._last_query = (text, terms, near, is_word)
        return dict(near)

    def analyse(self, question: str, exclude: Sequence[str] = ()) -> Query:
        """The question analysed once (``askmali.query``): terms, weights, type, key terms and
        word sequences, read by retrieval, re-ranking and answering alike. With ``exclude``
        (passage ids or source names, as for ``search``) a word that only the excluded
        passages hold counts as absent from the index, as it would be had they been removed:
        typo correction, the absent-topic share and the key terms see the corpus a search
        with that ``exclude`` ranks."""
        key = (question, tuple(exclude))
        if self._last_analysis is None or self._analysed != key:
            hidden = self._rows_named(exclude) if exclude else None
            self._last_query = (None, [], None, None)  # analysed under another exclusion
            self._hidden = hidden
            try:
                self._last_analysis = analyse_query(question, self)
            finally:
                self._hidden = None
                if hidden is not None:
                    self._last_query = (None, [], None, None)
            self._analysed = key
        return self._last_analysis

    def _known_flags(self, terms: Sequence[str]) -> list[bool]:
        if self.segments is not None:
            flags = [i >= 0 for i in self.bm25.vocabularies.lookup_many(list(terms)).tolist()]
        else:
            flags = [i >= 0 for i in self.bm25.vocab.lookup_ids(list(terms))]
        return flags if self._hidden is None else self._outside_hidden(terms, flags)

    def _outside_hidden(self, terms: Sequence[str], flags: list[bool]) -> list[bool]:
        """``flags`` with False for each known term that no passage outside ``self._hidden``
        holds (looked at only for terms with no more passages than are hidden: few)."""
        hidden = self._hidden
        asked = [i for i, ok in enumerate(flags) if ok]
        if not asked:
            return flags
        out = list(flags)
        df = self.bm25.term_df([terms[i] for i in asked])
        for i, n in zip(asked, df.tolist()):
            if n <= len(hidden):
                rows, _ = self.bm25.score_rows([terms[i]])
                out[i] = not bool(np.isin(rows, hidden).all())
        return out

    def _neighbours(self, term: str, limit: int) -> list[tuple[str, int]]:
        """(term, df) of the index terms a typo in ``term`` may stand for (``spelling.correct``);
        under ``analyse(exclude=)`` none that only the excluded passages hold."""
        found = self._spellings_near(term, limit)
        if self._hidden is None or not found:
            return found
        return [f for f, ok in zip(found, self._outside_hidden([t for t, _ in found], [True] * len(found))) if ok]

    def _spellings_near(self, term: str, limit: int) -> list[tuple[str, int]]:
        if self.segments is not None:
            near = (len(term.encode()), max_distance(term))
            for size in (PREFIX, PREFIX + 1):
                found = self.bm25.vocabularies.neighbours(term[:size], limit, near, term)
                if found is not None:
                    return found
            return []

        vocab, indptr = self.bm25.vocab, self.bm25.indptr
        slack = max_distance(term)
        for size in (PREFIX, PREFIX + 1):
            lo, hi = vocab.prefix_range(term[:size])
            if hi - lo <= limit:
                near = np.flatnonzero(np.abs(vocab.byte_lengths(lo, hi) - len(term.encode())) <= slack) + lo
                near = kernels.within(vocab, near, term, slack)
                return [(vocab.term(int(i)), int(indptr[i + 1] - indptr[i])) for i in near]
        return []

    def derived_nouns(self, stems: Sequence[str]) -> list[tuple[str, ...]]:
        """For each stem, the index terms it makes with ``query.DERIVED_ENDINGS`` ("fond" ->
        "fondateur"), remembered (up to ``SENTENCE_TERMS_CACHE`` stems, then forgotten)."""
        memo = self._derived
        found = list(map(memo.get, stems))
        if None not in found:
            return found
        missing = list(dict.fromkeys(t for t, f in zip(stems, found) if f is None))
        if len(memo) + len(missing) > SENTENCE_TERMS_CACHE:
            memo.clear()  # forgets this question's remembered stems too: look them all up
            missing = list(dict.fromkeys(stems))
        candidates = [t + end for t in missing for end in DERIVED_ENDINGS]
        known = self._known_flags(candidates)
        width = len(DERIVED_ENDINGS)
        for i, t in enumerate(missing):
            memo[t] = tuple(compress(candidates[i * width : (i + 1) * width], known[i * width : (i + 1) * width]))
        return list(map(memo.__getitem__, stems))

    def written_capitalised(self, words: Sequence[str], terms: Sequence[str], limit: int = 20) -> bool:
        """Whether one of the first ``limit`` passages holding ``terms`` has ``words`` in a row,
        each capitalised ("Pascal Confavreux" for ("pascal", "confavreux")); a passage
        ``analyse(exclude=)`` hides does not count."""
        wanted = [fold(w) for w in words]
        n = len(wanted)
        for found in self._letter_runs(terms, limit):
            for i in range(len(found) - n + 1):
                run = found[i : i + n]
                if all(w[0].isupper() for w in run) and [fold(w) for w in run] == wanted:
                    return True
        return False

    def written_upper(self, word: str, terms: Sequence[str], limit: int = 20) -> bool:
        """Whether the first ``limit`` passages holding ``terms`` write ``word`` in capitals
        ("AES" for "aes"), and never otherwise ("DVI", ".dvi": a file's extension, and the
        sentence that spells it out writes ".dvi"); a passage ``analyse(exclude=)`` hides does
        not count."""
        wanted = fold(word)
        written = [w.isupper() for found in self._letter_runs(terms, limit) for w in found if fold(w) == wanted]
        return bool(written) and all(written)

    def _letter_runs(self, terms: Sequence[str], limit: int):
        """The runs of letters (``query.LETTER_RUN``) of each of the first ``limit`` passages
        holding ``terms``, best first; a passage ``analyse(exclude=)`` hides is passed over."""
        rows, _ = self.bm25.score_rows(list(terms))
        if self._hidden is not None:
            rows = rows[~np.isin(rows, self._hidden)]
        for row in rows[:limit].tolist():
            yield LETTER_RUN.findall(self.passages.get(row).text)

    def known_terms(self, terms: Sequence[str]) -> set[str]:
        """The terms among ``terms`` that occur in the index."""
        return {t for t, known in zip(terms, self._known_flags(terms)) if known}

    def sentence_terms(self, p: Passage) -> list[list[str]]:
        """``Analyzer.terms`` of each of ``p.sentence_spans()``: read from the index when it
        stores them, and remembered for the last ``SENTENCE_TERMS_CACHE`` passages (the top
        passages of related questions recur). Callers must not modify the lists."""

        def compute() -> list[list[str]]:
            got = self._stored(p, self.passages.stored_sentence_terms)
            return got if got is not None else [self.analyzer.terms(p.text[s:e]) for s, e in p.sentence_spans()]

        return _remember(self._sentence_terms, p.id, compute)

    def passage_terms(self, p: Passage) -> list[str]:
        """The analysed terms of ``p``, its sentences' in order (``sentence_terms``)."""
        return [t for terms in self.sentence_terms(p) for t in terms]

    def sentence_keys(self, p: Passage) -> list[frozenset[str]]:
        """``answering.term_keys`` of each sentence of ``p``, remembered as ``sentence_terms``."""
        from .answering import term_keys

        return _remember(self._sentence_keys, p.id, lambda: [term_keys(t) for t in self.sentence_terms(p)])

    def title_terms(self, p: Passage) -> frozenset[str]:
        """The analysed terms of a passage's document title, remembered per title."""
        return self._title(p.title)[0]

    def title_keys(self, p: Passage) -> frozenset[str]:
        """``answering.term_keys`` of a passage's document title, remembered per title."""
        return self._title(p.title)[1]

    def _title(self, title: str) -> tuple[frozenset[str], frozenset[str]]:
        got = self._titles.get(title)  # the re-ranker asks 20 times a question: mostly titles met before
        return got if got is not None else _remember(self._titles, title, lambda: self._analyse_title(title))

    def _analyse_title(self, title: str) -> tuple[frozenset[str], frozenset[str]]:
        from .answering import term_keys

        terms = self.analyzer.terms(title)
        return frozenset(terms), term_keys(terms)

    def row_analysis(self, row: int) -> tuple[list[list[str]], frozenset[str], str]:
        """The sentence terms, title terms and phrase text of passage ``row``: read from the
        index without decoding the passage when it stores them (the re-ranker reads 20 rows a
        question, and shows none of them), else through ``get`` and the methods above."""
        sentences, phrase, title = self.passages.stored_row(row)
        if sentences is None or phrase is None:
            p = self.passages.get(row)
            return self.sentence_terms(p), self.title_terms(p), self.phrase_text(p)
        return sentences, self._title(title)[0], phrase

    def phrase_text(self, p: Passage) -> str:
        """``Analyzer.phrase_text`` of ``p``'s text, read from the index when it stores it and
        remembered as ``sentence_terms`` are."""

        def compute() -> str:
            got = self._stored(p, self.passages.stored_phrase_text)
            return got if got is not None else self.analyzer.phrase_text(p.text)

        return _remember(self._phrase_texts, p.id, compute)

    def _stored(self, p: Passage, read):
        """What the index stores for ``p`` through ``read(row)``, or None (an older index)."""
        row = self.passages.row_of(p)
        return read(row) if row is not None else None

    def footnotes_of(self, p: Passage) -> list[Passage]:
        """The footnote passages a body passage cites (same source)."""
        if p.kind == "footnote" or not p.footnotes:
            return []
        row = self.passages.find(p.id)
        if row is None:
            return []
        src = int(self.passages.source[row])
        return [self.passages.get(r) for r in self.passages.footnote_rows(src, p.footnotes)]

    def scores(self, query: Query | str, retriever: str = "hybrid") -> tuple[np.ndarray, np.ndarray]:
        """Each signal's raw score for every passage (zeros for a signal not asked for)."""
        if isinstance(query, Query):
            return self._scores(query.text, query.terms, query.derived, retriever)
        return self._scores(query, search_terms(query, self.query_terms(query), self.analyzer), (), retriever)

    def _scores(
        self, text: str, terms: Sequence[str], derived: Sequence[str], retriever: str
    ) -> tuple[np.ndarray, np.ndarray]:
        n = len(self.passages)
        bm = self.bm25.score(terms) if retriever != "tfidf" else self._no_scores(n)
        if derived and retriever != "tfidf" and DERIVED_WEIGHT:
            # only where the derived nouns score: the same float32 sums as adding their vector
            rows, extra = self.bm25.score_rows(derived)
            bm[rows] += np.float32(DERIVED_WEIGHT) * extra
        tf = self.tfidf.score(text) if retriever != "bm25" else self._no_scores(n)
        return bm, tf

    def _no_scores(self, n: int) -> np.ndarray:
        """A read-only vector of ``n`` zeros: the signal a one-signal search does not compute
        (allocated once, where a fresh one cost ~20 us a question at 100,000 passages)."""
        zeros = getattr(self, "_zeros", None)
        if zeros is None or zeros.shape[0] != n:
            zeros = np.zeros(n, np.float32)
            zeros.flags.writeable = False
            self._zeros = zeros
        return zeros

    def search(
        self,
        query: Query | str,
        k: int = 10,
        *,
        retriever: str = "hybrid",
        include_comments: bool = False,
        exclude: Sequence[str] = (),
        copies: bool = True,
    ) -> list[Hit]:
        """The ``k`` best passages for ``query``. ``exclude`` holds passage ids or source names
        hidden from the ranking as if removed from the index (their words still count in IDF;
        a question's word only they hold counts as absent, see ``analyse``).
        With ``copies=False`` a passage whose text the passages above it already hold (the same
        report kept as PDF and as a web page) is left out (``askmali.distinct``)."""
        if not copies:
            found = self.search(
                query, k + distinct.SLACK, retriever=retriever, include_comments=include_comments, exclude=exclude
            )
            return distinct.distinct(found, k, self.passage_terms)
        if retriever not in RETRIEVERS:
            raise InputError(f"unknown retriever {retriever!r}", hint=f"use one of {', '.join(RETRIEVERS)}")
        if k < 1:
            raise InputError("k must be at least 1")
        allowed = self._allowed(include_comments, exclude)
        if isinstance(query, str) and retriever != "hybrid":
            # one signal, not re-ranked: its terms are all it reads of the question, not the
            # type, names and weights the whole analysis finds for answering (~40 us)
            terms = search_terms(query, self.query_terms(query), self.analyzer) if retriever == "bm25" else []
            derived = derived_terms(dict.fromkeys(terms), self)
            if retriever == "bm25" and (hits := self._bm25_hits(terms, derived, k, allowed)) is not None:
                return hits
            bm, tf = self._scores(query, terms, derived, retriever)
            rerank = None
        elif retriever == "bm25" and (hits := self._bm25_hits(query.terms, query.derived, k, allowed)) is not None:
            return hits
        else:
            q = self.analyse(query, exclude) if isinstance(query, str) else query
            bm, tf = self.scores(q, retriever)

            def rerank(rows: np.ndarray, bm_: np.ndarray, tf_: np.ndarray, fused: np.ndarray) -> np.ndarray:
                return reranking.scores(reranking.features(self, q, rows, bm_, tf_, fused))

        return rank(bm, tf, k, retriever=retriever, allowed=allowed, passages=self.passages, rerank=rerank)

    def _allowed(self, include_comments: bool, exclude: Sequence[str]) -> np.ndarray | None:
        """Which rows a search may return (a bool mask), or None for all of them."""
        allowed = None if include_comments or not self._has_comments else ~self._comment
        if exclude:
            allowed = np.ones(len(self.passages), dtype=bool) if allowed is None else allowed.copy()
            allowed[self._rows_named(exclude)] = False
        return allowed

    def _rows_named(self, exclude: Sequence[str]) -> np.ndarray:
        """The rows of the passage ids and source names in ``exclude``; InputError for a name
        that is neither."""
        rows = self.passages.rows_named(exclude)
        if rows is None:
            raise InputError("cannot exclude: no such passage or source in this index", hint="ids look like file.txt#3")
        return rows

    def _bm25_hits(
        self, terms: Sequence[str], derived: Sequence[str], k: int, allowed: np.ndarray | None
    ) -> list[Hit] | None:
        """``rank``'s hits for ``retriever="bm25"``, from the documents the question's postings
        touch (``BM25.top``) instead of a score vector over all of them: the same rows, scores
        and ranks. None where that path is not open (no compiled loops, a segmented index)."""
        top = getattr(self.bm25, "top", None)
        found = None if top is None else top(terms, derived, DERIVED_WEIGHT, min(k, CANDIDATES), allowed)
        if found is None:
            return None
        get = self.passages.get
        return [
            RowHit.of(partial(get, row), r, score, score, 0.0, r, None)
            for r, (row, score) in enumerate(zip(found[0].tolist(), found[1].tolist()), start=1)
        ]

    def ask(
        self,
        question: str,
        k: int = 5,
        *,
        retriever: str = "hybrid",
        include_comments: bool = False,
        exclude: Sequence[str] = (),
        min_confidence: float = 0.0,
    ) -> Result:
        """The answer to ``question`` from the top passages; ``exclude`` as for ``search``. No
        answer is given whose ``confidence`` (the calibrated probability that it is right) is
        under ``min_confidence``, in [0, 1]."""
        from .answering import ACRONYM_HITS, answer

        check_question(question)
        check_min_confidence(min_confidence)
        q = self.analyse(question, exclude)
        # "Que signifie SSH ?", "Qu'est-ce que pbuilder ?" may look further down
        depth = max(k, ACRONYM_HITS if q.acronym or q.defined else 10)
        # the same text kept twice (a PDF and the web page it was saved from) is read once
        hits = self.search(q, depth, retriever=retriever, include_comments=include_comments, exclude=exclude, copies=False)
        # "selon hrw": an acronym the index lacks stands for what the top passages spell out
        q = spelled_acronyms(q, [h.passage.text for h in hits[:ACRONYM_PASSAGES]], self.known_terms)
        return answer(q, hits, self, k=k, exclude=frozenset(exclude), min_confidence=min_confidence)


def _remember(cache: dict, key, compute):
    """``cache[key]``, computed by ``compute()`` on a miss; the cache is emptied when it holds
    ``SENTENCE_TERMS_CACHE`` entries, so a long batch cannot grow it without bound."""
    got = cache.get(key)
    if got is None:
        if len(cache) >= SENTENCE_TERMS_CACHE:
            cache.clear()
        got = cache[key] = compute()
    return got


def check_min_confidence(value: float) -> None:
    """A bar on ``answer.confidence`` is a probability: in [0, 1]."""
    if not 0.0 <= value <= 1.0:  # NaN fails too
        raise InputError(f"the minimum confidence must lie between 0 and 1, got {value}")


def check_question(question: str) -> None:
    if not question or not question.strip():
        raise InputError("the question is empty")
    if "\x00" in question:
        raise InputError("the question contains a NUL byte")


def candidates_of(
    bm: np.ndarray,
    tf: np.ndarray,
    *,
    retriever: str,
    allowed: np.ndarray | None,
    weight: float = FUSION_WEIGHT_BM25,
    candidates: int = CANDIDATES,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The candidate rows (each signal's top ``candidates``), best fused first (min-max,
    weighted), with their fused scores, and the two signals with disallowed rows zeroed."""
    if allowed is not None:
        bm = np.where(allowed, bm, 0.0)
        tf = np.where(allowed, tf, 0.0)
    pools = []
    for signal in (bm, tf) if retriever == "hybrid" else (bm if retriever == "bm25" else tf,):
        top = fusion.top_k(signal, candidates)
        pools.append(top[signal[top] > 0])
    cand = fusion.union(pools[0], pools[1]) if retriever == "hybrid" else pools[0]
    if cand.size == 0:
        return cand, np.zeros(0), bm, tf
    if retriever == "hybrid":
        fused = fusion.fuse_minmax(bm[cand], tf[cand], weight_a=weight)
    else:
        raw = (bm if retriever == "bm25" else tf)[cand]
        fused = raw.astype(np.float64)
    order = np.lexsort((cand, -fused))
    return cand[order], fused[order], bm, tf


Rerank = Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray], np.ndarray]


def rank(
    bm: np.ndarray,
    tf: np.ndarray,
    k: int,
    *,
    retriever: str,
    allowed: np.ndarray | None,
    passages: PassageTable,
    weight: float = FUSION_WEIGHT_BM25,
    candidates: int = CANDIDATES,
    rerank: Rerank | None = None,
    depth: int = reranking.DEPTH,
) -> list[Hit]:
    """Fuse the two signals over their top candidates (min-max, weighted) and return top k.

    With ``rerank`` (rows, bm, tf, fused -> one score per row) and the hybrid retriever, the
    first ``depth`` fused candidates are put in the order of that score; a hit's ``score`` is
    then the re-ranking score min-max scaled onto [fused score of the ``depth``-th candidate,
    best fused score], and the candidates below keep their fused order and score.
    """
    if retriever != "hybrid":  # one signal: its top k are the hits, ranked and scored alike
        candidates = min(k, candidates)
    cand, fused, bm, tf = candidates_of(
        bm, tf, retriever=retriever, allowed=allowed, weight=weight, candidates=candidates
    )
    if cand.size == 0:
        return []
    if rerank is not None and retriever == "hybrid" and cand.size > 1:
        cand, fused = _reranked(cand, fused, bm, tf, rerank, depth)
    rows = cand[:k]
    if retriever == "hybrid":
        bm_rank, tf_rank = _ranks(bm, cand, rows), _ranks(tf, cand, rows)
    else:  # one signal: its ranks are the hits' positions (its order, ties by lower row)
        own: list[int | None] = list(range(1, rows.size + 1))
        other = tf if retriever == "bm25" else bm  # zeros, unless a caller passes both signals
        ranks = _ranks(other, cand, rows) if (other[rows] > 0).any() else [None] * rows.size
        bm_rank, tf_rank = (own, ranks) if retriever == "bm25" else (ranks, own)
    get = passages.get
    return [
        RowHit.of(partial(get, row), r + 1, score, b, t, bm_rank[r], tf_rank[r])
        for r, (row, score, b, t) in enumerate(zip(rows.tolist(), fused[:k].tolist(), bm[rows].tolist(), tf[rows].tolist()))
    ]


def _reranked(
    cand: np.ndarray, fused: np.ndarray, bm: np.ndarray, tf: np.ndarray, rerank: Rerank, depth: int
) -> tuple[np.ndarray, np.ndarray]:
    head = cand[:depth]
    s = np.asarray(rerank(head, bm[head], tf[head], fused[:depth]), dtype=np.float64)
    if not s.max() > s.min():  # nothing told apart: keep the fused order and scores
        return cand, fused
    order = np.lexsort((np.arange(head.size), -s))
    # scaled onto [fused score of the last re-ranked, best fused score]: the tail stays below
    low, high = float(fused[head.size - 1]), float(fused[0])
    scaled = low + (high - low) * fusion.minmax(s[order])
    tail = fused[depth:]
    return np.concatenate((head[order], cand[depth:])), np.concatenate((scaled, tail))


def _ranks(signal: np.ndarray, cand: np.ndarray, rows: np.ndarray) -> list[int | None]:
    """1-based rank under one signal of each of ``rows`` (candidates) among the candidates
    with a score, best first and ties by lower row; None for a row without a score. Counted
    for the rows shown only: how many candidates rank before each."""
    vals, mine = signal[cand], signal[rows]
    before = (vals > mine[:, None]) | ((vals == mine[:, None]) & (cand < rows[:, None]))
    return [int(n) + 1 if v > 0 else None for n, v in zip(before.sum(axis=1).tolist(), mine.tolist())]


def _sub(arrays: dict[str, np.ndarray], prefix: str) -> dict[str, np.ndarray]:
    return {k[len(prefix) :]: v for k, v in arrays.items() if k.startswith(prefix)}


def load(root: Path) -> Engine:
    """Load the current generation of an index folder without checking its sources. A reader
    racing a rebuild retries once with the new generation (see ``store.open_current``)."""
    gen, manifest, arrays = store.open_current(Path(root), _check_analyzer)
    engine = Engine(root, gen, manifest, arrays)
    if _analyzer_differs(manifest) == ["pystemmer"]:
        from .freshness import check_stems

        check_stems(engine)
    return engine


def _analyzer_differs(manifest: dict) -> list[str]:
    built, expected = manifest.get("analyzer"), Analyzer().settings()
    built = built if isinstance(built, dict) else {}
    return sorted(k for k in set(built) | set(expected) if built.get(k) != expected.get(k))


def _check_analyzer(gen: Path, manifest: dict) -> None:
    """Refuse an index whose terms were made by another analyser: its scores would be wrong.
    Another PyStemmer version alone is checked after loading instead (``freshness.check_stems``)."""
    differ = _analyzer_differs(manifest)
    if differ and differ != ["pystemmer"]:
        raise IndexStoreError(
            f"index at {gen.parent} was built with other analyser settings ({', '.join(differ)} differ)",
            hint=f"rebuild it: askmali index SOURCES --index {gen.parent}",
        )


def open_index(
    index_dir: Path | None = None,
    sources_: Sequence[Path] | None = None,
    *,
    on_event: Event = _quiet,
    progress=None,
    warn: Event | None = None,
    check_sources: bool = True,
) -> Engine:
    """Open an index, building it first when it is missing, and rebuilding it when its sources
    changed (see ``freshness.refresh``). With no ``index_dir`` the default index (of the seeds) is used."""
    from . import indexing  # build path only; cheap to import, heavy libraries load on build

    root = Path(index_dir) if index_dir is not None else paths.default_index()
    kwargs = {"warn": warn or on_event, **({"progress": progress} if progress else {})}
    if store.is_index(root):
        engine = load(root)
        if sources_ is not None:
            wanted = sorted(str(Path(p).resolve()) for p in sources_)
            if wanted != sorted(engine.manifest.get("roots", [])):
                on_event(f"index at {root} holds other sources; rebuilding it")
                indexing.build(sources_, root, **kwargs)
                return load(root)
        if not check_sources:
            return engine
        from .freshness import refresh

        return refresh(engine, on_event=on_event, **kwargs)
    error = store.not_a_folder(root)
    if error is not None:
        raise error
    if sources_ is None:
        if index_dir is not None and Path(index_dir) != paths.default_index():
            raise store.missing_index_error(root)
        sources_ = paths.default_sources()
        if not sources_:
            raise IndexStoreError(f"no index at {root} and no sources to build it from", hint="askmali index PATH")
    on_event(f"building the index in {root} (first use)")
    indexing.build(sources_, root, **kwargs)
    return load(root)
