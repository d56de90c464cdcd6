"""Patterns compiled on first use (``askmali.lazyre``) find what ``re.compile`` finds."""

from __future__ import annotations

import re
import subprocess
import sys

from askmali import acronyms, analysis, answering, lazyre, qtypes, query, spans
from conftest import SEEDS

MODULES = (acronyms, analysis, answering, qtypes, query, spans)


def _patterns():
    for module in MODULES:
        for name, value in vars(module).items():
            if isinstance(value, lazyre.LazyPattern):
                yield f"{module.__name__}.{name}", value
            elif isinstance(value, (list, tuple, dict)):
                items = value.values() if isinstance(value, dict) else value
                for i, item in enumerate(items):
                    for part in item if isinstance(item, tuple) else (item,):
                        if isinstance(part, lazyre.LazyPattern):
                            yield f"{module.__name__}.{name}[{i}]", part


def test_every_lazy_pattern_finds_on_the_seeds_what_re_compile_finds():
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.iterdir()))[:60_000]
    seen = 0
    for name, lazy in _patterns():
        eager = re.compile(lazy.pattern, lazy._flags)
        got = [m.span() for m in lazy.finditer(text)]
        assert got == [m.span() for m in eager.finditer(text)], name
        assert lazy.sub("_", text[:3000]) == eager.sub("_", text[:3000]), name
        assert lazy.flags == eager.flags and lazy.groups == eager.groups, name
        seen += 1
    assert seen >= 60  # the question-type, span and answering patterns are all lazy


def test_a_pattern_is_compiled_on_first_use_only():
    lazy = lazyre.compile(r"\b(\d{4})\b", re.IGNORECASE)
    assert lazy.pattern == r"\b(\d{4})\b" and "_compiled" not in vars(lazy)
    assert lazy.search("en 2022 à Bamako").group(1) == "2022"
    assert vars(lazy)["_compiled"].flags & re.IGNORECASE
    assert lazy.search is vars(lazy)["search"]  # bound once: no __getattr__ on later calls


def test_importing_the_question_path_compiles_none_of_its_patterns():
    code = (
        "import askmali.engine, askmali.answering, askmali.spans, askmali.acronyms\n"
        "from askmali import lazyre\n"
        "import gc\n"
        "lazy = [o for o in gc.get_objects() if isinstance(o, lazyre.LazyPattern)]\n"
        "print(len(lazy), sum('_compiled' in vars(o) for o in lazy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert int(out[0]) >= 60 and out[1] == "0"
