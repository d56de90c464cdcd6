"""Index and query use the very same stemming, on the whole vocabulary of the seeds.

askmali stems with PyStemmer (Snowball French in C) when it builds the index and when it reads a
question; nltk's Python Snowball is never used (it would cost seconds of import per question and
disagrees with PyStemmer on a few words). If the two sides ever diverged, a question word would
be stemmed to a term the index does not hold and silently match nothing. So: every surface word
of every indexed passage (and document title), analysed as a question word by a fresh Analyzer,
must yield only terms that are in the index's BM25 vocabulary.
"""

from __future__ import annotations

import re

import Stemmer

from askmali.analysis import STEMMER_NAME, Analyzer

_WORD = re.compile(r"\S+")  # whitespace chunks: the surface words exactly as written


def _surface_words(engine) -> set[str]:
    table = engine.passages
    words: set[str] = set()
    for row in range(len(table)):
        p = table.get(row)
        words.update(_WORD.findall(p.text))
        words.update(_WORD.findall(p.title))
    return words


def test_every_seed_word_is_stemmed_at_query_time_to_an_indexed_term(engine):
    # Words with a letter: what is stemmed. A bare number depends on its neighbours ("4 500" is
    # one number, 4500), so numbers are checked in context by the next test.
    words = {w for w in _surface_words(engine) if any(c.isalpha() for c in w)}
    assert len(words) > 3000  # every distinct word of the five seed texts, not a sample
    fresh = Analyzer()  # no memo shared with the index build or the engine
    vocab = engine.bm25.vocab
    terms_of = {w: fresh.query_terms(w) for w in words}
    distinct = sorted({t for terms in terms_of.values() for t in terms})
    assert len(distinct) > 1500
    missing = [t for t, i in zip(distinct, vocab.lookup_many(distinct)) if i < 0]
    examples = [(w, ts) for w, ts in terms_of.items() if set(ts) & set(missing)][:10]
    assert not missing, f"{len(missing)} query-side terms absent from the index, e.g. {examples}"


def test_every_passage_read_as_a_question_yields_indexed_terms(engine):
    """The same on whole passages, so numbers are grouped as the index grouped them."""
    fresh, vocab = Analyzer(), engine.bm25.vocab
    for row in range(len(engine.passages)):
        p = engine.passages.get(row)
        terms = fresh.query_terms(p.text)
        assert (vocab.lookup_many(terms) >= 0).all(), (p.id, [t for t in terms if vocab.lookup(t) < 0])


def test_inflections_meet_on_one_indexed_stem(engine):
    """The point of stemming both sides alike: a question's inflection finds the text's."""
    vocab = engine.bm25.vocab
    analyzer = Analyzer()
    for forms in (["sanctions", "sanction", "sanctionné"], ["militaires", "militaire"],
                  ["négociations", "négociation", "négocier"]):
        stems = {analyzer.query_terms(f)[0] for f in forms}
        assert len(stems) == 1, (forms, stems)
        assert vocab.lookup(stems.pop()) >= 0


def test_the_index_records_the_stemmer_the_question_path_uses(engine):
    settings = engine.manifest["analyzer"]
    assert settings == Analyzer().settings()
    assert settings["stemmer"] == STEMMER_NAME == "snowball-french"
    assert settings["pystemmer"] == Stemmer.version()
    assert Stemmer.Stemmer("french").stemWord("gouvernements") == Analyzer().query_terms("gouvernements")[0]
