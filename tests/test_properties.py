"""Property tests (hypothesis) for the question path and for index persistence.

- Any question string either gets a Result whose JSON (schema 1) survives json.dumps/json.loads,
  or an AskmaliError; nothing else escapes ``Engine.ask``.
- An index saved to disk and loaded again scores every query exactly like the in-memory
  components it was built from, and ranks and answers exactly like an engine over those
  components that never went to disk.
(The chunker's coverage property lives in tests/test_chunking.py.)
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import askmali
from askmali import indexing
from askmali.errors import AskmaliError
from askmali.models import SCHEMA_VERSION

TOP_KEYS = {"schema", "question", "abstained", "answer", "passages", "other_sources"}
ANSWER_KEYS = {"text", "passage_id", "source", "line_start", "line_end", "score", "line_unit", "page", "page_label",
               "section", "span", "confidence"}

# Words from the seeds' subject matter, with accents, elisions and compounds, so generated text
# exercises the French analyser, the sentence splitter and the chunker.
WORDS = (
    "le la les des du de un une et à au aux en dans pour par sur avec sans qui que dont où est sont "
    "a ont été sera Mali Bamako Gao Kidal Tombouctou Cedeao Wagner junte transition sanctions "
    "président ministre élections constitution armée soldats civils massacre réfugiés accord paix "
    "juillet 2022 mars 2023 1960 3 24 l'armée d'État qu'il s'est aujourd'hui peut-être "
    "Assimi Goïta Serguei Lavrov Moura Ménaka économie coût forêt île Noël"
).split()
PUNCT = [".", ".", ".", "?", "!", ",", ";", " :", " «", " »"]


@st.composite
def sentences(draw) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=18))
    text = " ".join(words)
    return text[0].upper() + text[1:] + draw(st.sampled_from(PUNCT))


@st.composite
def documents(draw) -> str:
    paragraphs = draw(st.lists(st.lists(sentences(), min_size=1, max_size=6), min_size=1, max_size=5))
    return "\n\n".join(" ".join(p) for p in paragraphs) + "\n"


QUESTIONS = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8", categories=("L", "M", "N", "P", "Z", "C", "S")), max_size=60),
    st.lists(st.sampled_from(WORDS + ["?", "Quand", "Qui", "Combien", "Pourquoi"]), max_size=14).map(" ".join),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=QUESTIONS)
def test_any_question_gets_a_json_result_or_a_typed_error(engine, question):
    try:
        result = engine.ask(question)
    except AskmaliError as exc:
        assert str(exc)  # a message for the one-line error
        return
    doc = json.loads(json.dumps(result.to_json(), ensure_ascii=False))
    assert set(doc) == TOP_KEYS
    assert doc["schema"] == SCHEMA_VERSION and doc["question"] == question
    assert doc["abstained"] is (doc["answer"] is None)
    if doc["answer"] is not None:
        assert set(doc["answer"]) == ANSWER_KEYS
        assert 0.0 <= doc["answer"]["confidence"] <= 1.0
        span = doc["answer"]["span"]
        assert span is None or doc["answer"]["text"][span["char_start"] : span["char_end"]] == span["text"]
    for passage in doc["passages"]:
        assert passage["line_start"] <= passage["line_end"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    docs=st.lists(documents(), min_size=1, max_size=4),
    queries=st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join), min_size=1, max_size=5),
)
def test_a_saved_and_loaded_index_scores_exactly_like_the_one_built_in_memory(docs, queries):
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for i, text in enumerate(docs):
            (corpus / f"doc{i}.txt").write_text(text, encoding="utf-8")
        root = Path(tmp) / "index"
        indexing.build([corpus], root)
        loaded = askmali.load(root)

        params = indexing.BuildParams()
        _, read = indexing.read_corpus([corpus])
        passages = indexing.chunk_documents(read, params)
        analyzer, bm25, tfidf, table = indexing.build_components(passages, params)
        assert [loaded.passages.get(i) for i in range(len(loaded))] == passages
        arrays = {
            **table.to_arrays(),
            **{f"bm25.{k}": v for k, v in bm25.to_arrays().items()},
            **{f"tfidf.{k}": v for k, v in tfidf.to_arrays().items()},
        }
        fresh = askmali.Engine(root, root, {"bm25": bm25.params(), "tfidf": tfidf.params()}, arrays)

        for query in queries:
            terms = analyzer.query_terms(query)
            assert np.array_equal(loaded.bm25.score(terms), bm25.score(terms))
            assert np.array_equal(loaded.tfidf.score(query), tfidf.score(query))
            a = [h.to_json(explain=True) for h in loaded.search(query, 10)]
            b = [h.to_json(explain=True) for h in fresh.search(query, 10)]
            assert a == b
            assert loaded.ask(query).to_json() == fresh.ask(query).to_json()
