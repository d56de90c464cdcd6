"""Who did what to whom: a sentence that gives the question's roles the other way round.

"Qui a succédé à Barkhane ?" against "En août 2014, l'opération Barkhane a succédé à l'opération
Serval.": every question word is there, and "Serval" stands where the question's "Barkhane" does,
after "succédé à"; yet Barkhane is the one that succeeded, so the sentence answers "À qui Barkhane
a-t-il succédé ?", not the question (confidence 0.78). A question that asks for the subject of a
verb ("Qui ...") and names its object by a name is contradicted by a sentence
where that name is the active subject of the same verb: the name right before it, alone or with
an auxiliary of the active voice ("Barkhane a succédé", "Wagner remplace"), and nowhere after it. A
passive keeps the roles ("Wagner a été fondé par ...", "Wagner, fondé par ..."): it is no
contradiction.
"""

from __future__ import annotations

import re

from . import lazyre
from .analysis import fold

# "Qui a succédé à Barkhane ?", "Qui remplace Wagner ?": the subject asked for, the verb (an
# auxiliary of the active voice before a participle, or a present), then what it acts on, a name.
# Not "Quel trophée a remporté Brodeur ?": French puts a subject after its verb there, so the
# name may be the one acting (PIAF dev: four right answers refused)
_ASKS_SUBJECT = lazyre.compile(
    r"^\W*qui\s+(?:(?P<aux>a|ont|avait|avaient)\s+)?"
    r"(?P<verb>[^\W\d_]{4,})\s+(?:(?:à|a|au|aux|de|du|des)\s+|d['’]\s*)?(?P<object>[^?]+?)\s*\?*\s*$",
    re.IGNORECASE,
)
_NOT_VERBS = frozenset("est sont etait etaient fut furent sera seront ete reste restent devient".split())
_ACTIVE = frozenset("a ont avait avaient aura auront aurait".split())
_WORD = lazyre.compile(r"[^\W\d_][\w-]*")
_NAME = lazyre.compile(r"(?<![\w'’])[A-ZÀ-Þ][\w-]{2,}")
STEM = 5  # letters a verb's forms share ("succédé", "succède")


def _same_verb(a: str, b: str) -> bool:
    """Two forms of one verb: both ``STEM`` letters long at least, the same first ``STEM`` + 1."""
    return len(a) >= STEM and len(b) >= STEM and a[: STEM + 1] == b[: STEM + 1]


def _participle(word: str) -> bool:
    """Whether ``word`` (as written) is a past participle of an -er verb ("fondé", "créées")."""
    return word.lower().endswith(("é", "ée", "és", "ées"))


def reversed_roles(question: str, sentence: str) -> bool:
    """Whether ``sentence`` makes the name ``question`` acts on the active subject of the
    question's verb ("l'opération Barkhane a succédé à ..." for "Qui a succédé à Barkhane ?")."""
    m = _ASKS_SUBJECT.match(question)
    if m is None:
        return False
    verb = fold(m.group("verb"))
    if verb in _NOT_VERBS:
        return False
    named = _NAME.search(m.group("object"))
    if named is None:
        return False
    name = fold(named.group())
    written = _WORD.findall(sentence)
    words = [fold(w) for w in written]
    for i, w in enumerate(words):
        if w != name:
            continue
        after = words[i + 1 : i + 3]
        if after[:1] and after[0] in _ACTIVE and len(after) > 1 and _same_verb(after[1], verb):
            acting = i + 2  # "Barkhane a succédé"
        elif after[:1] and _same_verb(after[0], verb) and not _participle(written[i + 1]):
            acting = i + 1  # "Wagner remplace"
        else:
            continue
        if name not in words[acting + 1 :]:
            return True
    return False
