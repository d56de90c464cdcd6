"""askmali: offline question answering over French documents.

    >>> import askmali
    >>> engine = askmali.open_index()            # the seeds, built on first use
    >>> result = engine.ask("Quand la Cedeao a-t-elle levé ses sanctions ?")
    >>> result.to_json()["answer"]["source"]

The library never prints and never exits; errors are the typed exceptions re-exported here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

from .errors import AskmaliError, CorpusError, EvalError, IndexBusyError, IndexStoreError, IndexUnwritableError, InputError  # noqa: E402

if TYPE_CHECKING:
    from .engine import Engine, load, open_index
    from .models import Answer, Hit, Passage, Result

# The engine (and the question analysis it loads) is imported on first use, not with the
# package: ``askmali index`` and the other commands that never ask start faster.
_LAZY = {
    "Engine": "engine", "load": "engine", "open_index": "engine",
    "Answer": "models", "Hit": "models", "Passage": "models", "Result": "models",
}


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def ask(
    question: str, *, index=None, k: int = 5, include_comments: bool = False, min_confidence: float = 0.0
) -> Result:
    """Answer one question from the default index (or ``index``), building it if needed; no
    answer whose confidence is under ``min_confidence``."""
    from .engine import open_index

    return open_index(index).ask(question, k, include_comments=include_comments, min_confidence=min_confidence)


def search(query: str, *, index=None, k: int = 10, retriever: str = "hybrid") -> list[Hit]:
    """Rank passages for ``query`` in the default index (or ``index``)."""
    from .engine import open_index

    return open_index(index).search(query, k, retriever=retriever)


__all__ = [
    "AskmaliError",
    "Answer",
    "CorpusError",
    "Engine",
    "EvalError",
    "Hit",
    "IndexBusyError",
    "IndexStoreError",
    "IndexUnwritableError",
    "InputError",
    "Passage",
    "Result",
    "ask",
    "load",
    "open_index",
    "search",
]
