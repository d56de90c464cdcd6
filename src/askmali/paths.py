"""Where the default corpus and index live.

In a source checkout (``pip install -e .``) the defaults are the repository's ``seeds/``,
``eval/questions.yaml`` and ``index/``. In an installed wheel the seeds and their question set
ship as data files under ``<prefix>/share/askmali`` (``seeds/``, ``eval/``; pyproject.toml's
``data-files``) and the index goes to the user's cache. ``ASKMALI_INDEX`` moves the index for every command.
"""

from __future__ import annotations

import os
import site
import sys
from pathlib import Path

ENV_INDEX = "ASKMALI_INDEX"
_CHECKOUT = Path(__file__).resolve().parents[2]


def _in_checkout() -> bool:
    return (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "seeds").is_dir()


def _shipped(name: str) -> Path | None:
    """``share/askmali/<name>`` where pip put the data files: the environment's prefix, or the
    user's base for ``pip install --user``."""
    for base in (sys.prefix, site.getuserbase()):
        path = Path(base) / "share" / "askmali" / name
        if path.exists():
            return path
    return None


def default_sources() -> list[Path]:
    if _in_checkout():
        return [_CHECKOUT / "seeds"]
    shipped = _shipped("seeds")
    return [shipped] if shipped is not None and shipped.is_dir() else []


def default_questions() -> Path:
    """The seeds' question set: ``eval/questions.yaml`` of the checkout, else the shipped copy."""
    if _in_checkout():
        return _CHECKOUT / "eval" / "questions.yaml"
    return _shipped("eval/questions.yaml") or Path("eval/questions.yaml")


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
