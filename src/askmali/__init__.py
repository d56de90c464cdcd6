"""askmali: offline question answering over French documents.

    >>> import askmali
    >>> engine = askmali.open_index()            # the seeds, built on first use
    >>> result = engine.ask("Quand la Cedeao a-t-elle levé ses sanctions ?")
    >>> result.to_json()["answer"]["source"]

The library never prints and never exits; errors are the typed exceptions re-exported here.
"""

__version__ = "0.1.0"

from .engine import Engine, load, open_index  # noqa: E402
from .errors import AskmaliError, CorpusError, EvalError, IndexBusyError, IndexStoreError, IndexUnwritableError, InputError  # noqa: E402
from .models import Answer, Hit, Passage, Result  # noqa: E402


def ask(question: str, *, index=None, k: int = 5, include_comments: bool = False) -> Result:
    """Answer one question from the default index (or ``index``), building it if needed."""
    return open_index(index).ask(question, k, include_comments=include_comments)


def search(query: str, *, index=None, k: int = 10, retriever: str = "hybrid") -> list[Hit]:
    """Rank passages for ``query`` in the default index (or ``index``)."""
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
