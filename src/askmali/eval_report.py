"""Terminal rendering of evaluation reports and baseline comparisons (CLI side; uses rich).

The library (:mod:`askmali.evaluation`) computes; this module only draws. Text from questions
and passages goes through :class:`rich.text.Text`, never markup, so a "[" in a question prints
as itself. Colour is rich's decision (``NO_COLOR``, not a terminal): without it the output is
plain text with no escape codes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .evaluation import Comparison, QuestionRecord, Report

# Display order of the headline metrics; others in the report follow in their own order.
_ORDER = (
    "n", "n_answerable", "n_unanswerable", "hit@1", "hit@5", "hit@10", "mrr@10", "ndcg@10",
    "answer_accuracy", "page_accuracy", "n_page_scored", "exact_match", "f1", "wrong_abstention_rate", "accuracy",
    "abstention_precision", "abstention_recall", "abstention_f1", "answer_words_p50", "top_passage_accuracy",
    "latency_p50_ms", "latency_p95_ms",
)  # fmt: skip
_TYPE_COLUMNS = ("n", "hit@1", "hit@5", "mrr@10", "answer_accuracy", "f1", "abstention_recall")
_LABELS = {
    "answer_accuracy": "answer acc.",
    "abstention_recall": "abstained",
    "wrong_abstention_rate": "wrong abst.",
}
_SNIPPET = 160


def fmt(name: str, value: Any) -> str:
    """A metric as shown: counts as integers, latencies in ms, rates with 3 decimals."""
    if value is None:
        return "n/a"
    if name.startswith("latency"):
        return f"{value:.1f} ms"
    if name == "n" or name.startswith("n_") or name == "answer_words_p50" or isinstance(value, bool):
        return str(value)
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _as_report(report: Report | Mapping[str, Any]) -> Report:
    return report if isinstance(report, Report) else Report.from_json(report)


def render_report(
    report: Report | Mapping[str, Any], console: Console, *, show_failures: bool = False
) -> None:
    """The metrics table, the per-type table, and with ``show_failures`` every miss: each
    question answered wrongly, without a relevant passage in the top 5, or cited to another page
    than its gold page, with its gold answers and what came back instead."""
    report = _as_report(report)
    s = report.settings
    settings = (
        f"retriever {s.get('retriever', '?')}, k={s.get('k', '?')}, askmali {s.get('askmali_version', '?')}"
    )
    console.print(Text(settings))
    table = Table("metric", "value", title="Evaluation", box=box.SIMPLE_HEAD)
    table.columns[1].justify = "right"
    names = [n for n in _ORDER if n in report.metrics] + [n for n in report.metrics if n not in _ORDER]
    for name in names:
        table.add_row(name, fmt(name, report.metrics[name]))
    console.print(table)

    if report.by_type:
        k = s.get("k", 10)
        columns = [c.replace("@10", f"@{k}") for c in _TYPE_COLUMNS]
        per_type = Table(
            "type", *(_LABELS.get(c, c) for c in columns), title="By question type", box=box.SIMPLE_HEAD
        )
        for col in per_type.columns[1:]:
            col.justify = "right"
        for qtype, m in sorted(report.by_type.items()):
            per_type.add_row(qtype, *("" if c not in m else fmt(c, m[c]) for c in columns))
        console.print(per_type)

    if show_failures:
        misses = [r for r in report.questions if not r.correct or r.hit5 is False or r.page_correct is False]
        console.print(Text(f"{len(misses)} of {len(report.questions)} questions missed", style="bold"))
        for r in misses:
            _render_miss(r, console)


def _render_miss(r: QuestionRecord, console: Console) -> None:
    head = Text()
    head.append(f"\n{r.id}", style="bold")
    head.append(f" [{r.type}] ")
    head.append(r.question)
    console.print(head)
    gold = " | ".join(r.gold_answers) if r.gold_answers else "(none: should abstain)"
    rank = f"rank {r.hit_rank}" if r.hit_rank else "no relevant passage in the top k"
    lines = [("gold", gold)]
    if r.answerable:
        lines.append(
            ("retrieval", f"{rank}; top passage {r.top_passages[0] if r.top_passages else '(none)'}")
        )
    if r.answer:
        lines.append(("answered", f"{_snippet(r.answer['text'])}  ({r.answer['passage_id']})"))
    else:
        lines.append(("answered", "(abstained)" + (f": {r.error}" if r.error else "")))
    if r.page_correct is False:
        cited = r.answer.get("page") if r.answer else None
        lines.append(("page", f"cited {cited if cited is not None else '(none)'} from {r.answer['source']}, gold {r.gold_page}"))
    verdict = "right" if r.correct else "wrong"
    for label, value in lines:
        line = Text(f"  {label:<10} ")
        line.append(value, style="red" if label == "answered" and verdict == "wrong" else "")
        console.print(line)


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SNIPPET else text[: _SNIPPET - 1] + "…"


def render_comparison(
    comparison: Comparison, console: Console, *, report: Report | Mapping[str, Any] | None = None
) -> None:
    """Which metrics dropped (baseline -> now, and the tolerance), and which questions went from
    right to wrong or lost their top-5 passage. With ``report``, each question's text is shown."""
    texts = {r.id: r.question for r in _as_report(report).questions} if report is not None else {}
    if comparison.drops:
        table = Table("metric", "baseline", "now", "change", "tolerance", box=box.SIMPLE_HEAD)
        table.title = "Metrics below the baseline"
        for col in table.columns[1:]:
            col.justify = "right"
        for d in comparison.drops:
            change = "missing" if d.new is None else f"{d.new - d.old:+.3f}"
            table.add_row(d.name, fmt(d.name, d.old), fmt(d.name, d.new), change, f"{d.tolerance:.3f}")
        console.print(table)
    else:
        console.print(Text("No metric dropped beyond its tolerance.", style="green"))
    for title, ids in (
        ("right -> wrong", comparison.right_to_wrong),
        ("top-5 hit -> miss", comparison.hit_to_miss),
        ("wrong -> right", comparison.wrong_to_right),
    ):
        if ids:
            console.print(Text(f"{title}: {len(ids)}", style="bold"))
            for qid in ids:
                console.print(Text(f"  {qid}" + (f"  {texts[qid]}" if qid in texts else "")))
    if comparison.missing_questions:
        n = len(comparison.missing_questions)
        console.print(Text(f"{n} baseline question(s) not evaluated in this run", style="yellow"))
    for key, (old, new) in comparison.setting_changes.items():
        console.print(Text(f"setting {key} differs: baseline {old}, now {new}", style="yellow"))
