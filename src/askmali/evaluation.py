"""Evaluation: run the engine on a question set, score it, and gate it against a baseline.

Question sets come from :mod:`askmali.questionsets` (re-exported here). Gold never names a
passage id, so it does not change when the chunker does. A returned passage is relevant
(:func:`is_relevant`) when it comes from a gold source and, if the question has an evidence
quote, contains that quote under :func:`askmali.matching.contains`. An answer is correct when its
text contains one of the gold answers under the same matcher.

Scoring rules:

- Unanswerable questions (no gold answer) are correct iff the engine abstained. They are left
  out of the passage metrics and of answer accuracy / exact match / F1, and scored only by
  abstention precision/recall/F1 (positive class: "abstained on an unanswerable question").
  With no unanswerable question in the set those three are ``None``.
- For an answerable question an abstention is a wrong answer (F1 and EM 0);
  ``wrong_abstention_rate`` is the share of answerable questions abstained on.
- Exact match and F1 compare the answer's key span (``Answer.span``, else its whole text) with
  the gold answers, SQuAD-style (:mod:`askmali.metrics`); accuracy uses containment in the
  answer text, which is the headline number because answers are whole sentences.
- ``page_accuracy``: among correct answers to questions with a gold ``page`` (eval/documents.yaml),
  the share cited to that page of the first gold source. An answer cited from another copy the
  question lists as a source (the HTML edition of a PDF manual) has no page to check and is left
  out; one from any other document counts as a wrong page. ``n_page_scored`` says how many
  answers it was computed on.
- Gold sources match passage sources by name, or by file stem with ``match_sources="stem"``
  (:func:`askmali.questionsets.source_matcher`).
- A metric with no question to apply to is ``None`` (JSON null), never 0.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from . import metrics as M
from .errors import EvalError, InputError
from .matching import contains
from .models import Passage, Result
from .questionsets import (
    MATCH_SOURCES,
    QUESTION_TYPES,
    Question,
    check_evidence,
    evidence_problems,
    load_dataset,
    load_questions,
    resolve_mode,
    source_matcher,
)

REPORT_SCHEMA = 1
DEFAULT_TOLERANCE = 0.01
LOWER_IS_BETTER = frozenset({"wrong_abstention_rate"})

__all__ = [
    "MATCH_SOURCES",
    "QUESTION_TYPES",
    "Comparison",
    "MetricDrop",
    "Question",
    "QuestionRecord",
    "Report",
    "check_evidence",
    "compare",
    "evaluate",
    "evidence_problems",
    "is_gated",
    "is_relevant",
    "load_baseline",
    "load_dataset",
    "load_questions",
    "one_flip_tolerances",
    "resolve_mode",
    "save_baseline",
    "source_matcher",
]


class AskEngine(Protocol):
    """What :func:`evaluate` needs from :class:`askmali.engine.Engine`."""

    def ask(
        self,
        question: str,
        k: int = ...,
        *,
        retriever: str = ...,
        include_comments: bool = ...,
        exclude: Sequence[str] = ...,
        min_confidence: float = ...,
    ) -> Result: ...


# -------------------------------------------------------------------------------- running
Relevance = Callable[[Question, Passage], bool]
Progress = Callable[[int, int], None]


def is_relevant(question: Question, passage: Passage, match_sources: str = "exact") -> bool:
    """Chunker-independent gold: the passage comes from a gold source and contains the
    evidence quote (any passage of a gold source when there is no quote, as for datasets)."""
    if not source_matcher(match_sources)(passage.source, question.sources):
        return False
    return not question.evidence or contains(passage.text, question.evidence)


def cited_page(answer: Any) -> int | None:
    """The physical page an answer is cited to: its JSON ``page`` (the public contract), else
    its passage's ``page``; None for a source with no pages."""
    page = answer.to_json().get("page")
    if page is None:
        page = getattr(getattr(answer, "passage", None), "page", None)
    return page if isinstance(page, int) else None


@dataclass
class QuestionRecord:
    """The outcome for one question; the per-question part of a report."""

    id: str
    question: str
    type: str
    answerable: bool
    gold_answers: list[str]
    relevant_ranks: list[int]  # 1-based ranks of relevant passages among the top k
    top_passages: list[str]  # passage ids, best first
    answer: dict | None  # {"text", "key", "passage_id", "source"}; None when abstained
    abstained: bool
    correct: bool
    exact_match: float | None  # None for unanswerable questions
    f1: float | None
    latency_ms: float
    engine_type: str = ""  # the engine's own reading of the question type
    error: str = ""  # an InputError the engine raised (recorded as an abstention)
    gold_page: int | None = None  # the page of the first source that holds the evidence
    # the cited page is the gold page; None when not scored (no gold page, a wrong answer,
    # or an answer from another copy of the document listed as a source)
    page_correct: bool | None = None
    answer_words: int | None = None  # words of the answer text (None when abstained)
    top_passage_correct: bool | None = None  # would the whole top passage hold a gold answer?

    @property
    def hit_rank(self) -> int | None:
        return self.relevant_ranks[0] if self.relevant_ranks else None

    @property
    def hit5(self) -> bool | None:
        return None if not self.answerable else bool(self.hit_rank and self.hit_rank <= 5)

    def to_json(self) -> dict:
        return {"hit_rank": self.hit_rank, **asdict(self)}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> QuestionRecord:
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass
class Report:
    """Metrics over a question set, per question type, and per question. ``to_json`` is the
    contract read by :func:`compare`, :func:`save_baseline` and the CLI."""

    metrics: dict[str, float | int | None]
    by_type: dict[str, dict[str, float | int | None]]
    questions: list[QuestionRecord]
    settings: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "schema": REPORT_SCHEMA,
            "settings": self.settings,
            "metrics": self.metrics,
            "by_type": self.by_type,
            "questions": [r.to_json() for r in self.questions],
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Report:
        if d.get("schema") != REPORT_SCHEMA or not isinstance(d.get("questions"), list):
            raise EvalError(f"not an askmali evaluation report (schema {REPORT_SCHEMA})")
        records = [QuestionRecord.from_json(q) for q in d["questions"]]
        return cls(dict(d["metrics"]), dict(d.get("by_type", {})), records, dict(d.get("settings", {})))


def evaluate(
    engine: AskEngine,
    questions: Sequence[Question],
    *,
    k: int = 10,
    retriever: str = "hybrid",
    include_comments: bool = False,
    relevance: Relevance | None = None,
    match_sources: str = "exact",
    progress: Progress | None = None,
    unanswerable: bool = False,
    min_confidence: float = 0.0,
) -> Report:
    """Ask every question once (one retrieval: ``engine.ask`` returns the top ``k`` hits with
    the answer), time it, and score retrieval, answers, cited pages and abstention. Gold
    sources match by ``match_sources`` (``exact`` or ``stem``) unless ``relevance`` is given.

    With ``unanswerable`` every answerable question is asked a second time with its gold
    sources hidden (``exclude=``), as if removed from the corpus: an on-topic question the
    corpus no longer answers (id ``<id>#hidden``, scored as unanswerable). Abstention
    precision/recall/F1 then cover both halves; answer accuracy and the passage metrics the
    first half only. ``min_confidence`` is passed to ``engine.ask`` (the asker's bar on
    ``answer.confidence``) when it is not 0."""
    if k < 1:
        raise InputError(f"k must be at least 1, got {k}")
    same = source_matcher(match_sources)
    if relevance is None:
        relevance = lambda q, p: is_relevant(q, p, match_sources)  # noqa: E731
    asked = list(questions)
    if unanswerable:
        indexed = _indexed_sources(engine) if match_sources != "exact" else None
        asked += [hidden(q, same, indexed) for q in questions if q.answerable and q.sources]
    records = []
    for i, q in enumerate(asked, start=1):
        records.append(_run_one(engine, q, k, retriever, include_comments, relevance, same, min_confidence))
        if progress:
            progress(i, len(asked))
    settings = {
        "k": k,
        "retriever": retriever,
        "include_comments": include_comments,
        **({"match_sources": match_sources} if match_sources != "exact" else {}),
        "askmali_version": _version(),
        **({"unanswerable": True} if unanswerable else {}),
        **({"min_confidence": min_confidence} if min_confidence else {}),
    }
    by_type = {
        t: _summarize([r for r in records if r.type == t], k, per_type=True)
        for t in sorted({r.type for r in records})
    }
    return Report(_summarize(records, k), by_type, records, settings)


HIDDEN_SUFFIX = "#hidden"


def hidden(
    q: Question, same: Callable[[str, Sequence[str]], bool] | None = None, indexed: Sequence[str] | None = None
) -> Question:
    """``q`` as an unanswerable question: asked with its gold sources hidden (see ``evaluate``).
    With ``indexed`` (the index's source names), the names hidden are those ``same`` matches
    to the gold sources (converted copies, ``match_sources="stem"``)."""
    sources = q.sources if indexed is None or same is None else tuple(n for n in indexed if same(n, q.sources))
    return Question(q.id + HIDDEN_SUFFIX, q.question, (), sources, "", "unanswerable")


def _indexed_sources(engine) -> list[str] | None:
    """The source names of an ``askmali.engine.Engine`` (None for another ``AskEngine``)."""
    table = getattr(getattr(engine, "passages", None), "source_names", None)
    return None if table is None else [table[i] for i in range(len(table))]


def _run_one(
    engine: AskEngine, q: Question, k: int, retriever: str, comments: bool, relevance: Relevance,
    same: Callable[[str, Sequence[str]], bool], min_confidence: float = 0.0,
) -> QuestionRecord:
    start = time.perf_counter()
    error = ""
    exclude = q.sources if q.id.endswith(HIDDEN_SUFFIX) and not q.answerable else ()
    try:
        kwargs: dict[str, Any] = {"exclude": exclude} if exclude else {}
        if min_confidence:
            kwargs["min_confidence"] = min_confidence
        result = engine.ask(q.question, k=k, retriever=retriever, include_comments=comments, **kwargs)
    except InputError as exc:  # e.g. a question with no searchable word: the engine declines
        result, error = Result(q.question, None), str(exc)
    latency_ms = (time.perf_counter() - start) * 1000
    hits, a = result.hits[:k], result.answer
    record = QuestionRecord(
        id=q.id,
        question=q.question,
        type=q.type,
        answerable=q.answerable,
        gold_answers=list(q.answers),
        relevant_ranks=[],
        top_passages=[h.passage.id for h in hits],
        answer=None,
        abstained=a is None,
        correct=a is None,  # right for an unanswerable question; set below for the others
        exact_match=None,
        f1=None,
        latency_ms=round(latency_ms, 3),
        engine_type=result.question_type,
        error=error,
        gold_page=q.page,
    )
    key = (a.text[a.span[0] : a.span[1]] if a.span else a.text) if a else ""
    if a:
        page = cited_page(a)
        record.answer = {"text": a.text, "key": key, "passage_id": a.passage_id, "source": a.source, "page": page}
        record.answer_words = len(a.text.split())
    if q.answerable:
        record.top_passage_correct = bool(hits) and any(contains(hits[0].passage.text, g) for g in q.answers)
        record.relevant_ranks = [rank for rank, h in enumerate(hits, 1) if relevance(q, h.passage)]
        record.correct = bool(a and any(contains(a.text, g) for g in q.answers))
        record.exact_match = M.best_exact_match(key, q.answers)
        record.f1 = M.best_token_f1(key, q.answers)
        if a and record.correct and q.page is not None:
            other_copy = same(a.source, q.sources[1:]) and not same(a.source, q.sources[:1])
            if not other_copy:
                record.page_correct = same(a.source, q.sources[:1]) and page == q.page
    return record


# Keys kept in the per-type tables: what is meaningful on a subset of one type.
_BY_TYPE_KEYS = (
    "n", "hit@1", "hit@5", "answer_accuracy", "exact_match", "f1", "wrong_abstention_rate",
    "abstention_recall", "page_accuracy",
)  # fmt: skip


def _summarize(records: Sequence[QuestionRecord], k: int, *, per_type: bool = False) -> dict:
    """Metrics over ``records``; ``None`` where a metric is undefined (no question it applies to)."""
    ans = [r for r in records if r.answerable]
    rel = [[rank in r.relevant_ranks for rank in range(1, k + 1)] for r in ans]
    m: dict[str, float | int | None] = {
        "n": len(records),
        "n_answerable": len(ans),
        "n_unanswerable": len(records) - len(ans),
    }
    for cut in sorted({1, 5, k}):
        m[f"hit@{cut}"] = M.mean(M.hit_at_k(x, cut) for x in rel)
    m[f"mrr@{k}"] = M.mean(M.reciprocal_rank(x, k) for x in rel)
    m[f"ndcg@{k}"] = M.mean(M.ndcg_at_k(x, k) for x in rel)
    m["answer_accuracy"] = M.mean(float(r.correct) for r in ans)
    m["exact_match"] = M.mean(r.exact_match or 0.0 for r in ans)
    m["f1"] = M.mean(r.f1 or 0.0 for r in ans)
    m["wrong_abstention_rate"] = M.mean(float(r.abstained) for r in ans)
    paged = [r.page_correct for r in ans if r.page_correct is not None]
    if any(r.gold_page is not None for r in ans):  # only sets that give pages report it
        m["n_page_scored"] = len(paged)
        m["page_accuracy"] = M.mean(float(c) for c in paged)
    m["accuracy"] = M.mean(float(r.correct) for r in records)  # all questions, each by its own rule
    # reference numbers, not gated: answers are sentences, and a longer answer holds a gold answer
    # more often, so accuracy is read beside the answers' length and the whole-top-passage answer
    words = [r.answer_words for r in records if r.answer_words is not None]
    m["answer_words_p50"] = M.percentile(words, 50) if words else None
    m["top_passage_accuracy"] = M.mean(float(bool(r.top_passage_correct)) for r in ans)
    prf: tuple[float | None, ...] = (None, None, None)
    if m["n_unanswerable"]:
        prf = M.abstention_prf([r.abstained for r in records], [not r.answerable for r in records])
    m["abstention_precision"], m["abstention_recall"], m["abstention_f1"] = prf
    latencies = [r.latency_ms for r in records]
    m["latency_p50_ms"], m["latency_p95_ms"] = M.percentile(latencies, 50), M.percentile(latencies, 95)
    m = {name: round(v, 6) if isinstance(v, float) else v for name, v in m.items()}
    if per_type:
        keep = (*_BY_TYPE_KEYS, f"mrr@{k}", f"ndcg@{k}", f"hit@{k}")
        return {name: v for name, v in m.items() if name in keep and v is not None}
    return m


def _version() -> str:
    import askmali

    found = getattr(askmali, "__version__", None)
    if found:
        return str(found)
    try:
        from importlib.metadata import version

        return version("askmali")
    except Exception:  # not installed and no __version__
        return "unknown"


# ----------------------------------------------------------------------- baseline gate
REFERENCE_METRICS = frozenset({"answer_words_p50", "top_passage_accuracy"})  # read beside, not gated


def is_gated(metric: str) -> bool:
    """Every quality metric is gated; latencies (machine-dependent), counts and the reference
    numbers (:data:`REFERENCE_METRICS`) are not."""
    return (
        not metric.startswith("latency")
        and metric != "n"
        and not metric.startswith("n_")
        and metric not in REFERENCE_METRICS
    )


@dataclass
class MetricDrop:
    name: str
    old: float
    new: float | None  # None: the metric is missing from the new report
    tolerance: float


@dataclass
class Comparison:
    """What got worse against a baseline. ``passed`` only looks at metrics: single questions
    flip both ways between runs, so flips are listed for reading, not gated."""

    drops: list[MetricDrop]
    right_to_wrong: list[str]  # ids answered correctly in the baseline, wrongly now
    hit_to_miss: list[str]  # ids with a relevant passage in the top 5 before, not now
    wrong_to_right: list[str]
    missing_questions: list[str]  # ids in the baseline that this run did not evaluate
    setting_changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return not self.drops

    def to_json(self) -> dict:
        return {"passed": self.passed, **asdict(self)}


def compare(
    report_json: Mapping[str, Any] | Report,
    baseline_json: Mapping[str, Any],
    tolerance: float = DEFAULT_TOLERANCE,
) -> Comparison:
    """Metrics that dropped by more than their tolerance (``baseline["tolerances"][name]``, else
    ``tolerance``) and the questions that went from right to wrong. For a metric where lower is
    better (:data:`LOWER_IS_BETTER`) a rise is a drop. A baseline may be a saved baseline or a
    whole report."""
    new = report_json.to_json() if isinstance(report_json, Report) else report_json
    tolerances = baseline_json.get("tolerances") or {}
    drops = []
    for name, old in sorted((baseline_json.get("metrics") or {}).items()):
        if not is_gated(name) or not isinstance(old, (int, float)):
            continue
        value = new.get("metrics", {}).get(name)
        tol = float(tolerances.get(name, tolerance))
        change = None if value is None else (value - old if name in LOWER_IS_BETTER else old - value)
        if change is None or change > tol + 1e-9:
            drops.append(MetricDrop(name, old, value, tol))
    before, after = _outcomes(baseline_json), _outcomes(new)
    common = [qid for qid in before if qid in after]
    settings_old, settings_new = baseline_json.get("settings") or {}, new.get("settings") or {}
    return Comparison(
        drops=drops,
        right_to_wrong=[q for q in common if before[q]["correct"] and not after[q]["correct"]],
        hit_to_miss=[q for q in common if before[q]["hit5"] and after[q]["hit5"] is False],
        wrong_to_right=[q for q in common if not before[q]["correct"] and after[q]["correct"]],
        missing_questions=[q for q in before if q not in after],
        setting_changes={
            key: (settings_old[key], settings_new.get(key))
            for key in sorted(settings_old)
            if key != "askmali_version" and settings_old[key] != settings_new.get(key)
        },
    )


def _outcomes(doc: Mapping[str, Any]) -> dict[str, dict]:
    """id -> {"correct", "hit5"} from a baseline (a mapping) or a report (a list of records)."""
    questions = doc.get("questions") or {}
    if isinstance(questions, Mapping):
        return {
            qid: {"correct": bool(o.get("correct")), "hit5": o.get("hit5")} for qid, o in questions.items()
        }
    records = [QuestionRecord.from_json(q) for q in questions]
    return {r.id: {"correct": r.correct, "hit5": r.hit5} for r in records}


def one_flip_tolerances(report: Report, flips: int = 1) -> dict[str, float]:
    """Per gated metric, the largest drop that ``flips`` questions going wrong can cause in this
    run (each question is tried alone: an answered question made wrong and its passages lost,
    or abstained on; an unanswerable question answered), times ``flips``, rounded up to 4
    decimals. On a small set one flip moves a metric by 1/n; a gate with this tolerance lets
    that pass and names anything worse."""
    k = int(report.settings.get("k", 10))
    base = _summarize(report.questions, k)
    worst: dict[str, float] = {m: 0.0 for m, v in base.items() if is_gated(m) and v is not None}
    for i, r in enumerate(report.questions):
        for flipped in _flips(r):
            records = [*report.questions[:i], flipped, *report.questions[i + 1 :]]
            for m, v in _summarize(records, k).items():
                if m in worst and isinstance(v, (int, float)):
                    drop = (v - base[m]) if m in LOWER_IS_BETTER else (base[m] - v)
                    worst[m] = max(worst[m], drop)
    return {m: max(DEFAULT_TOLERANCE, math.ceil(d * flips * 1e4 - 1e-6) / 1e4) for m, d in sorted(worst.items())}


def _flips(r: QuestionRecord) -> list[QuestionRecord]:
    """The ways one question can go wrong (see :func:`one_flip_tolerances`)."""
    from dataclasses import replace

    if not r.answerable:
        return [replace(r, abstained=False, correct=False)] if r.abstained else []
    lost = {"relevant_ranks": [], "correct": False, "exact_match": 0.0, "f1": 0.0,
            "page_correct": False if r.page_correct else r.page_correct}  # fmt: skip
    return [replace(r, **lost), replace(r, **lost, abstained=True)]


def save_baseline(
    report: Report,
    path: Path,
    *,
    tolerances: Mapping[str, float] | None = None,
    tolerate_flips: int | None = None,
    produced_by: Mapping[str, str] | None = None,
) -> None:
    """Write the gate's reference: metrics (no latencies: they depend on the machine), per-type
    metrics, per-question outcomes, tolerances and the askmali version, with sorted keys and
    indent=2 so that re-saving an unchanged run gives the same bytes. With ``tolerate_flips``
    the tolerances are :func:`one_flip_tolerances` of this run (and the rule is recorded, so a
    re-save recomputes them); tolerances not given are otherwise kept from an existing baseline
    at ``path``, else :data:`DEFAULT_TOLERANCE` per gated metric."""
    path = Path(path)
    previous = load_baseline(path) if path.exists() and tolerances is None else {}
    if tolerate_flips is None and isinstance(previous.get("tolerate_flips"), int):
        tolerate_flips = previous["tolerate_flips"]
    if tolerances is None and tolerate_flips:
        tolerances = one_flip_tolerances(report, tolerate_flips)
    if tolerances is None:
        tolerances = previous.get("tolerances") or {
            m: DEFAULT_TOLERANCE for m, v in report.metrics.items() if is_gated(m) and v is not None
        }
    doc = {
        "schema": REPORT_SCHEMA,
        "askmali_version": report.settings.get("askmali_version", _version()),
        "settings": {k: v for k, v in report.settings.items() if k != "askmali_version"},
        "metrics": {m: v for m, v in report.metrics.items() if not m.startswith("latency")},
        "by_type": report.by_type,
        "questions": {r.id: {"correct": r.correct, "hit5": r.hit5} for r in report.questions},
        "tolerances": dict(tolerances),
        **({"tolerate_flips": tolerate_flips} if tolerate_flips else {}),
        **({"produced_by": dict(produced_by)} if produced_by else {}),  # askmali.provenance
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    except OSError as exc:
        raise EvalError(f"cannot write baseline {path}: {exc.strerror}") from None


def load_baseline(path: Path) -> dict:
    """A baseline or report JSON file, with EvalError for a missing or malformed one."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise EvalError(
            f"cannot read baseline {path}: {exc.strerror}", hint="create it with --save-baseline"
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise EvalError(f"baseline {path} is not valid JSON: {exc}") from None
    if not isinstance(doc, dict) or doc.get("schema") != REPORT_SCHEMA or "metrics" not in doc:
        raise EvalError(f"baseline {path} is not an askmali evaluation file (schema {REPORT_SCHEMA})")
    return doc
