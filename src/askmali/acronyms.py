"""What an acronym stands for: "Que signifie SSH ?" is answered by the sentence that spells it out.

``asked`` finds the acronym of a question that asks for a meaning ("Que veut dire l'acronyme
SSH ?", "Que désigne le sigle ENS ?"), and ``expansion`` finds, in a sentence, the words it
stands for, before it ("éléments nationaux de soutien » (ENS)") or after it ("SSH, Shell sûr
(« Secure Shell »)", "SSH signifie Secure Shell"). The match is Schwartz and Hearst's ("A
simple algorithm for identifying abbreviation definitions in biomedical text", 2003), a little
stricter: every letter of the acronym, in order, the first opening the first word, each other
one opening a word or following the one before it inside a word ("Secure SHell"), and the
shortest such run of words, French function words not counted against its length; accents
do not count. Failing that, a name given just before "(ACRONYM)" or ", ou ACRONYM" counts: a
French name for a body known by its initials ("la Mission de soutien aux capacités de sécurité
intérieure maliennes, ou EUCAP").
"""

from __future__ import annotations

import re
from itertools import islice

from . import lazyre
from .analysis import fold
from .definitions import asked as asked_definition

OCCURRENCES = 3  # of the acronym in one sentence, looked at (a table may repeat it 40 times: 74 ms)

# "Que veut dire ...", "Que signifie ...", "Que désigne ...", "Qu'est-ce que veut dire ...",
# "Quelle est la signification de ...": a question for a meaning (searched: "En latin, que veut
# dire ...").
MEANING = lazyre.compile(
    r"\b(?:(?:que|qu['’]est[- ]ce que?)\s*(?:veut|veulent)\s+dire|(?:que|qu['’]est[- ]ce que?)\s*(?:signifie|signifient"
    r"|d[ée]signe|d[ée]signent)|quel(?:le)? est la signification)\b",
    re.IGNORECASE,
)
# An acronym: two capitals or more, with at most a few lower-case letters or digits ("SSH",
# "MINUSMA", "SSHd", "G5").
_ACRONYM = lazyre.compile(r"\b(?=(?:\w*[A-Z]){2})[A-Z][A-Za-z0-9]{1,9}\b")
_WORDS = lazyre.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
# What may stand between an acronym and the words it stands for ("SSH, Shell sûr (« Secure
# Shell »)", "SSH [http://...] signifie Secure Shell", "ENS : éléments nationaux de soutien").
_PUNCT = r"[\s()«»“”\"',:;=–—-]*"
_LINK = lazyre.compile(
    rf"{_PUNCT}(?:\[[^\]]*\]{_PUNCT})?(?:(?:signifie|veut dire|désigne|pour|ou|c'est-à-dire|soit|en anglais"
    rf"|en français)\b{_PUNCT})?",
    re.IGNORECASE,
)
_ELIDED = lazyre.compile(r"^\w{1,2}['’]")  # "l'Union" spells from "Union"


def asked(question: str) -> str | None:
    """The acronym whose meaning ``question`` asks for, or None: named after the words that ask
    for a meaning, or as the thing a question asks to define ("Qu'est-ce que l'AES ?", "C'est
    quoi le GSIM ?", ``definitions.asked``): what an acronym is, is first what it stands for."""
    if not MEANING.search(question):
        thing = asked_definition(question)
        return thing.thing if thing is not None and _ACRONYM.fullmatch(thing.thing) else None
    found = _ACRONYM.findall(question)
    return found[-1] if found else None


def _occurrences(sentence: str, acronym: str):
    """The first ``OCCURRENCES`` matches of ``acronym`` in ``sentence``, as a whole word."""
    return islice(re.finditer(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", sentence), OCCURRENCES)


def _spells(words: list[str], acronym: str) -> bool:
    """Whether ``words`` spell ``acronym`` (after Schwartz and Hearst): its letters in order,
    the first opening the first word and the last in the last word, each other one opening a
    word or following the one before it inside a word ("Secure SHell" spells SSH, "éléments
    nationaux de soutien" ENS; "some are listed here" does not spell SSH). Accents and an
    elided article ("l'Union") do not count."""
    letters = [re.escape(c) for c in fold(acronym) if c.isalnum()]
    if not letters:
        return False
    text = " ".join(_ELIDED.sub("", fold(w)) for w in words)
    later = r"[^\W_]*(?:[\W_]+[^\W_]+)*?[\W_]+"  # the rest of the word, whole words, then a word's start
    pattern = letters[0] + "".join(f"(?:{c}|{later}{c})" for c in letters[1:]) + r"[^\W_]*"
    return re.fullmatch(pattern, text) is not None


_BREAK = lazyre.compile(r"[,;:.!?«»“”()\[\]]")


def expansion(sentence: str, acronym: str, named: bool = True) -> tuple[int, int] | None:
    """Character offsets in ``sentence`` of the words ``acronym`` stands for, or None: the
    shortest run of words just before an occurrence of it, or soon after it, that spells it,
    of at most ``min(len + 5, 2 * len)`` words (Schwartz and Hearst's bound), French function
    words aside ("juge des libertés et de la détention", JLD); failing that, with ``named``, a
    name given just before it (``_named``)."""
    size = len(acronym)
    most = min(size + 5, 2 * size)
    reach = 3 * most  # words looked at on either side

    own = acronym.casefold()

    def fits(run) -> bool:
        # the acronym's own occurrence spells nothing ("des NMU (voir ... (NMU)) sur votre paquet
        # si un": "NMU ... un" holds N, M, U in order)
        return sum(w.group().casefold() not in _FUNCTION for w in run) <= most and (
            len(run) > 1 or size <= 2 or len(run[0].group()) > size
        ) and all(w.group().casefold() != own for w in run)

    for m in _occurrences(sentence, acronym):
        before = list(_WORDS.finditer(sentence[: m.start()]))[-reach:]
        for n in range(1, len(before) + 1):  # the shortest run ending just before it
            run = before[-n:]
            if _bracketed(sentence[run[-1].end() : m.start()]) and fits(run) and _spells([w.group() for w in run], acronym):
                return run[0].start(), run[-1].end()
        link = _LINK.match(sentence, m.end())
        after = list(_WORDS.finditer(sentence, link.end()))[:reach]
        found = [  # the shortest run soon after it ("SSH, Shell sûr (« Secure Shell »)"), one
            # phrase: no punctuation inside it ("la CMA, vent debout contre les mercenaires russes
            # », Jeune Afrique" spells nothing)
            (n, first) for n in range(1, len(after) + 1) for first in range(min(len(after) - n + 1, most))
            if fits(after[first : first + n]) and not _BREAK.search(sentence, after[first].end(), after[first + n - 1].start())
            and _spells([w.group() for w in after[first : first + n]], acronym)
        ]
        if found:
            n, first = min(found)
            return after[first].start(), after[first + n - 1].end()
    return _named(sentence, acronym) if named else None


# A name given just before the acronym, which it does not spell (a French name for a body known
# by its English initials): "la Mission de soutien aux capacités de sécurité intérieure
# maliennes, ou EUCAP", "le Groupe de soutien à l'islam et aux musulmans (GSIM)", "Le projet de
# traduction de descriptions de Debian — DDTP".
_NAMED_LINK = lazyre.compile(r"\s*(?:,\s*ou|\bou|\(|[—–])\s*$")
_NAME_WORDS = 12


def _named(sentence: str, acronym: str) -> tuple[int, int] | None:
    """The name before "(ACRONYM)" or ", ou ACRONYM": from the nearest capitalised word, two
    words or more, at most ``_NAME_WORDS``, not across a closing bracket or quote or a sentence
    mark; None when there is none."""
    for m in _occurrences(sentence, acronym):
        link = _NAMED_LINK.search(sentence, 0, m.start())
        if link is None:
            continue
        head = sentence[: link.start()]
        stop = max(head.rfind(c) for c in ").;:»")  # the name does not run back over these
        words = [w for w in _WORDS.finditer(head) if w.start() > stop][-_NAME_WORDS:]
        capitals = [i for i, w in enumerate(words) if w.group()[:1].isupper() and not w.group().isupper()]
        if capitals and len(words) - capitals[-1] >= 2:
            return words[capitals[-1]].start(), words[-1].end()
        # a common noun's phrase: "le système de gestion de bogues (BTS)", "le projet de
        # traduction des descriptions de Debian (DDTP)" (a name at its end only)
        if not capitals or len(words) - capitals[-1] < 2:
            folded = [fold(w.group()) for w in words]
            opens = [
                i for i in range(len(words) - 2)
                if folded[i] in _ARTICLES and (i == 0 or folded[i - 1] not in _INSIDE)
            ]
            # ... or, when none opens one on its own, the first article of the run: "dans le
            # cadre de la mission de formation de l'Union européenne pour le Mali (EUTM)"
            opens = opens or [i for i in range(len(words) - 2) if folded[i] in _ARTICLES][:1]
            if opens:
                return words[opens[-1] + 1].start(), words[-1].end()
    return None


# The article that opens a noun phrase, unless it follows a word that ties it to the phrase
# before ("de la détention", "et la sécurité")
_ARTICLES = frozenset("le la les un une".split())
_INSIDE = frozenset("de d et ou a".split())


# Words an expansion may hold beyond the acronym's letters ("Mission de l'ONU au Mali").
_FUNCTION = frozenset("de d du des la le les l et à au aux en pour par sur of the and for".split())


def _bracketed(gap: str) -> bool:
    """Whether only punctuation and linking words stand between the words and the acronym, and
    the acronym comes in brackets after them ("éléments nationaux de soutien » (ENS)"): words
    that merely precede it may spell it by chance ("le « numéro magique » d'une NMU")."""
    return "(" in gap and _LINK.fullmatch(gap) is not None
