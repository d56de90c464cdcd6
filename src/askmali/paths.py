"""Where the default corpus and index live.

In a source checkout (``pip install -e .``) the defaults are the repository's ``seeds/`` and
``index/``. In an installed wheel the seeds ship as data files under ``<prefix>/share/askmali``
and the index goes to the user's cache. ``ASKMALI_INDEX`` moves the index for every command.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV_INDEX = "ASKMALI_INDEX"
_CHECKOUT = Path(__file__).resolve().parents[2]


def _in_checkout() -> bool:
    return (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "seeds").is_dir()


def default_sources() -> list[Path]:
    if _in_checkout():
        return [_CHECKOUT / "seeds"]
    shipped = Path(sys.prefix) / "share" / "askmali" / "seeds"
    return [shipped] if shipped.is_dir() else []


def default_index() -> Path:
    env = os.environ.get(ENV_INDEX)
    if env:
        return Path(env).expanduser()
    if _in_checkout():
        return _CHECKOUT / "index"
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "askmali" / "index"


def dataset_index(dataset: Path) -> Path:
    """Where ``askmali eval --dataset DIR`` keeps the index of a dataset: beside the default
    index's generations, in ``datasets/<folder name>`` (never touched by rebuilds of the default)."""
    return default_index() / DATASETS / Path(dataset).resolve().name


DATASETS = "datasets"
