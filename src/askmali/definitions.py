"""What a thing is: "Qu'est-ce que lintian ?" is answered by the sentence that says what lintian is.

``asked`` finds the thing a question asks to define ("Qu'est-ce que lintian ?", "Qu'est-ce
qu'un paquet source ?", "C'est quoi le GSIM ?", "À quoi sert pbuilder ?", "Que fait lintian ?",
"Quel est le rôle de l'Africa Corps ?", "Qui est Assimi Goïta ?"), and ``defines`` tells whether a sentence says what it is rather than only naming
it. A definition puts the thing first, as its subject, and goes on with what it is or does:
a copula and a noun phrase ("Skolelinux est une distribution Debian"), a verb ("La commande
lintian exécute de nombreux scripts de tests pour vérifier ..."), an apposition ("LuaTEX, le
successeur de pdfTEX") or a glossary's mark ("pbuilder = partie principale de l'outil pour
l'environnement chroot de Debian ;"). The sentences that merely mention it ("Vous devriez
consulter le BTS avant de les installer.", "Le paquetage babel est chargé par défaut par la
classe ulthese.") do not, nor, for a person, what they do ("X dort encore"). There is no
tagger: a verb is a word of a short list, or a conjugated form whose infinitive is a French
word (``spans.verb_like``).

Who a person is, is most often said beside their name rather than by a sentence opening on it:
``title`` finds the title before the name ("le président de la transition, le colonel Assimi
Goïta"), a noun phrase and a comma before it ("du fondateur de Wagner, Evgueni Prigojine") or an
apposition after it ("Issa Kaou Djim, fervent défenseur de Goïta, ..."); such a sentence defines
the person, and the title is the short answer (an apposition after the name rather than a bare
rank before it: "le général X, chef d'état-major de l'armée de terre"). Not a complement ("l'absence prolongée de Choguel
Maïga"), nor a longer name ("Billy Hughes" for "Qui est Billy ?").

A thing may also be taken up from the sentence before by a demonstrative and its noun
(``defines_back``: "… de l'Alliance des États du Sahel (AES). Cette structure … ambitionne
d'assurer …").

``answering.choose`` prefers such a sentence to a better-scored one that only names the thing
(down to ``answering.DEFINITION_RATIO`` of its score), and looks further down the hits for one
when none of the first passages holds it, as it does for an acronym. Measured: PIAF dev 3
questions more answered right ("Qu'est ce qu'un solliciteur ?"), none less; PIAF test, the seeds
and eval/documents.yaml unchanged; on ../shared/documents, "Qu'est-ce que lintian ?" is no
longer answered by a shell script, nor "Qu'est-ce que sudo ?" by a command line.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from . import lazyre
from .analysis import IMPERSONAL_VERB, OPENING_WORDS, fold, stopwords, unelided
from .spelling import is_french_word

# The question's opening words, then the thing (a determiner left out). "Qui est" asks for a
# person only before a name (a capital): "Qui est le père de John ?" asks for a name instead.
_ASKED = lazyre.compile(
    r"\s*(?:qu['’]\s*est[- ]ce\s+qu(?:e\s+c['’]est\s+qu)?(?:e\s+|['’]\s*)|c['’]est\s+quoi\s+|"
    r"(?:à|a)\s+quoi\s+ser(?:t|vent)\s+|que\s+fai(?:t|saient|sait)\s+|"
    r"que\s+(?:sont|étaient|etaient)\s+(?=(?:les|des)\s)|"  # "Que sont les ENS ?", not "Que sont devenus ..."
    r"qu['’]\s*appelle(?:nt)?[- ]t[- ]on\s+|"  # "Qu'appelle-t-on les commandes actives ?"
    r"quel(?:le)?\s+est\s+(?:le|la|l['’])\s*(?:rôle|role|utilité|utilite|but)\s+(?:du\s+|des\s+|d['’]\s*|de\s+)|"
    r"quel(?:le)?\s+(?:est|était|etait|fut)\s+(?:le|la|l['’])\s*(?P<job>fonction|profession|métier|metier|poste|titre|grade)"
    r"\s+(?:du\s+|des\s+|d['’]\s*|de\s+)|"
    r"(?P<who>qui\s+(?:est|était|etait)\s+))"
    r"(?:(?:le|la|les|un|une|des|du)\s+|l['’]\s*)?(?P<thing>[^?,;:]+?)\s*[?.!]*\s*$",
    re.IGNORECASE,
)
THING_WORDS = 4  # a longer "thing" is a clause ("Qu'est-ce que le dey d'Alger accorde à la France ?") ...
_LINKS = frozenset(("de", "des", "du"))  # ... not counting the links of a name ("Alliance des États du Sahel")
SUBJECT_WORDS = 3  # words that may stand before the thing at the sentence's start ("Le paquet dput")

_WORD = lazyre.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_DETERMINERS = frozenset("un une le la les l des du de d ce cet cette".split())
_COPULAS = frozenset("est sont etait etaient reste restent devient deviennent".split())
# verbs a definition opens with that the conjugation rule cannot see (-ir, -re verbs)
_VERBS = frozenset(
    "permet permettent sert servent fournit fournissent offre offrent construit construisent produit produisent "
    "contient contiennent definit definissent decrit decrivent convertit convertissent remplit remplissent "
    "designe designent signifie signifient regroupe regroupent represente representent constitue constituent "
    "gere gerent".split()
)
_HAVE = frozenset("a ont avait avaient aura auront".split())
_PREPOSITIONS = frozenset("pour dans avec sur sous par de d a au aux en sans selon vers chez contre entre".split())
# words after the thing that a verb's look-alike rule would take for one ("cela": "celer")
_NOT_VERBS = frozenset("cela ceci ca il elle ils elles on nous vous je tu qui que qu dont ou et mais ni".split())
# what opens an apposition after the thing: "LuaTEX, le successeur de pdfTEX"
_APPOSITION = lazyre.compile(r"\s*,\s*(?:un|une|le|la|les|l['’]|des|c['’]est)\b", re.IGNORECASE)
# a glossary's mark: "pbuilder = partie principale de l'outil ...", "pbuilder — ce paquet contient ..."
_GLOSS = lazyre.compile(r"\s*(?:[=:–—]|-\s)\s*[^\W\d_]")
# what may stand between the thing and what it is: a bracket ("aptitude(8)", "SSH [http://...]"),
# the other name it goes by, between commas ("Debian Edu, aussi connue sous le nom de Skolelinux,
# est une distribution ...") or after a slash ("Debian Edu/Skolelinux est une distribution ...")
_ASIDE = lazyre.compile(
    r"\s*(?:\([^()]{0,80}\)|\[[^\[\]]{0,120}\]"
    r"|,\s*(?i:(?:aussi|également|egalement|encore|parfois|souvent)\s+)?"
    r"(?i:connue?s?|appelée?s?|nommée?s?|dénommée?s?|surnommée?s?|dite?s?)\s+"
    r"(?:(?i:sous\s+le\s+nom\s+d[e'’]\s*)|(?:(?:le|la|les|l['’])\s*)?(?=[«“\"A-ZÀ-Þ]))[^,;:.()]{1,60},"
    r"|\s?/\s?[A-ZÀ-Þ][\w-]*)"
)


class Asked(NamedTuple):
    thing: str  # "lintian", "paquet source", "Assimi Goïta"
    person: bool  # "Qui est ...?": said by a copula or an apposition, not by what one does


def asked(question: str) -> Asked | None:
    """The thing ``question`` asks to define, or None."""
    m = _ASKED.match(question)
    if m is None:
        return None
    thing = m.group("thing").strip()
    words = [w for w in _WORD.findall(thing) if fold(w) not in _LINKS]
    if not words or len(words) > THING_WORDS:
        return None
    person = m.group("who") is not None
    if person and (not thing[:1].isupper() or question.isupper()):  # "QUI EST LA STAR ?" names no one
        return None
    if m.group("job") and thing[:1].isupper() and not question.isupper():
        person = True  # "Quelle est la profession de Claude Hagège ?": his title ("le linguiste")
    return Asked(thing, person)


def title(sentence: str, asked: Asked) -> tuple[int, int] | None:
    """For a person, the words of ``sentence`` that say who they are, set beside their name: the
    title before it ("le président de la transition, le colonel Assimi Goïta": "président de la
    transition, le colonel"), a noun phrase before it and a comma ("du fondateur de Wagner, Evgueni
    Prigojine": "fondateur de Wagner") or after it between commas ("Issa Kaou Djim, fervent
    défenseur de Goïta, a-t-il ..."); None when there is none."""
    target = [fold(w) for w in _WORD.findall(asked.thing)]
    found = list(_WORD.finditer(sentence))
    folded = [fold(m.group()) for m in found]
    n = len(target)
    for i in range(len(found) - n + 1):
        if folded[i : i + n] != target:
            continue
        start, end = found[i].start(), found[i + n - 1].end()
        if i + n < len(found) and found[i + n].group()[:1].isupper() and sentence[end : found[i + n].start()].isspace():
            continue  # a longer name: "Billy Hughes" is not "Billy"
        before, after = _title_before(sentence, start), _title_after(sentence, end)
        if before is not None and after is not None and len(_WORD.findall(sentence[before[0] : before[1]])) == 1:
            return after  # "le général X, chef d'état-major de l'armée de terre, ...": a rank, then who X is
        if before or after:
            return before or after
    return None


# a title's later words may be capitalised ones that make titles ("l'ancien Premier ministre
# malien Boubou Cissé"), never a name
_TITLE_CAPS = r"(?:Premier|Première|Président|Présidente|Ministre|Secrétaire|Général|Générale|Chef|Haut|Haute)\b"
_TITLE = lazyre.compile(rf"(?:^|(?<=\s))(?:(?:[Ll]e|[Ll]a|[Uu]n|[Uu]ne|[Dd]u|[Aa]u)\s+|[Ll]['’]\s*)(?P<title>[a-zà-ÿ][\w'’-]*(?:\s+(?:(?:de|des|du)\s+(?:la\s+|l['’]\s*)?|d['’]\s*)?(?:[a-zà-ÿ]|(?={_TITLE_CAPS}))[\w'’-]*|\s+(?:de|des|du)\s+(?:la\s+|l['’]\s*)?[A-ZÀ-Þ][\w'’-]*){{0,3}})\s+$")
_PHRASE_END = lazyre.compile(r",\s*$")
_OPENING = lazyre.compile(r"(?:^|(?<=\s))(?:(?:[Ll]es|[Ll]e|[Ll]a|[Uu]ne|[Uu]n)\s+|[Ll]['’]\s*)(?=[a-zà-ÿ])")
_COMPLEMENT = frozenset("de d du des a au aux pour par en avec sur chez contre entre selon vers".split())
_TIED = lazyre.compile(r"\b(?:de|à|d['’])\s*$", re.IGNORECASE)  # "de la transition": inside a phrase
_AFTER = lazyre.compile(r"\s*,\s*(?P<np>[a-zà-ÿ][^,;:()«»\[\]]{2,80}?)\s*,")


def _title_before(sentence: str, start: int) -> tuple[int, int] | None:
    window = max(0, start - 120)
    head = sentence[window:start]
    m = _TITLE.search(head)
    if m is not None and fold(m.group("title").split()[-1]) in _COMPLEMENT:
        return None  # "la retraite de Ian Thorpe", "le nom de John Wesley": not who they are
    if m is not None and (rank := _RANK_LAST.search(m.group("title"))) is not None:
        # "La nomination du colonel Abdoulaye Maïga": he is the colonel, the nomination is not who he is
        return window + m.start("title") + rank.start("rank"), window + m.end("title")
    if m is not None:  # "le colonel Assimi Goïta", and a phrase before it: "le président de la transition, "
        first, last = m.start("title"), m.end("title")
        before = _phrase_before(head, m.start())
        return window + (before if before is not None else first), window + last
    if _PHRASE_END.search(head):  # "du fondateur de Wagner, Evgueni Prigojine"
        comma = head.rstrip().rfind(",")
        before = _phrase_before(head, comma + 1)
        if before is not None:
            return window + before, window + len(head[:comma].rstrip())
    return None


def _phrase_before(head: str, at: int) -> int | None:
    """Where the noun phrase that ends with a comma just before ``at`` starts (after its
    article, the nearest one that does not follow "de": "le président de la transition, ")."""
    text = head[:at]
    if not _PHRASE_END.search(text):
        return None
    body = text[: text.rstrip().rfind(",")]
    starts = [m for m in _OPENING.finditer(body) if not _TIED.search(body, 0, m.start())]
    if not starts:
        return None
    last = starts[-1]
    phrase = body[last.end() :]
    if not phrase.strip() or any(ch in phrase for ch in ";:()«»") or len(phrase.split()) > 8:
        return None
    return last.end()


# A rank or a role that names a person, last in a title after "du" or "de la" ("la nomination du
# colonel X", "la veuve du président X"): the title of X is that rank alone
_RANKS = (
    "colonel|général|generale|capitaine|commandant|lieutenant|sergent|maréchal|amiral|président|présidente|ministre"
    "|imam|roi|reine|prince|princesse|pape|cardinal|évêque|docteur|professeur|maire|sénateur|député|juge|chef"
    "|empereur|impératrice|journaliste|écrivain|écrivaine|porte-parole|secrétaire|ambassadeur|ambassadrice"
)
_RANK_LAST = lazyre.compile(rf"\s(?:du|des|de\s+la|de\s+l['’]\s*|d['’]\s*)\s*(?P<rank>{_RANKS})$", re.IGNORECASE)
# "X comme Premier ministre intérimaire": what X was made
_AS_STOPS = "|".join(sorted(_COPULAS | _HAVE | {"qui", "que", "qu", "dont", "et", "pour", "avant", "après", "en", "dans"}))
_AS = lazyre.compile(rf"\s+comme\s+(?P<np>(?:[\w'’-]+\s+){{0,4}}?[\w'’-]+)(?=\s*[,;:.()«»]|\s+(?:{_AS_STOPS})\b|$)")


def _title_after(sentence: str, end: int) -> tuple[int, int] | None:
    if (made := _AS.match(sentence, end)) is not None:
        return made.start("np"), made.end("np")
    m = _AFTER.match(sentence, end)
    if m is None:
        return None
    word = _WORD.match(m.group("np"))
    first = fold(word.group()) if word else ""
    if first in _NOT_VERBS or first in _COPULAS or first in _HAVE or first in ("ne", "se", "s", "y"):
        return None
    return m.start("np"), m.end("np")


def defines(sentence: str, asked: Asked, verb_like=None) -> bool:
    """Whether ``sentence`` says what the thing ``asked`` is or does: the thing among its first
    ``SUBJECT_WORDS`` + 1 words, then a copula and a determiner, an apposition, or (not for a
    person: "Billy dort encore" does not say who Billy is) a verb. ``verb_like`` (a folded
    word -> bool) adds the conjugated forms a word list knows."""
    if asked.person and title(sentence, asked) is not None:
        return True
    return _defined_end(sentence, asked, verb_like) is not None


def says_what(sentence: str, asked: Asked) -> bool:
    """Whether ``sentence`` says what the thing ``asked`` is, not only what it does: the thing
    as its subject, then a copula and a determiner, an apposition or a gloss ("Debian Edu, aussi
    connue sous le nom de Skolelinux, est une distribution Debian ...", not "Debian Edu utilise
    désormais l'implémentation d'iPXE ...")."""
    end = _subject_end(sentence, asked)
    # what follows it read as for a person, whom only a copula or an apposition defines
    return end is not None and _goes_on(sentence, end, None, True)


def _defined_end(sentence: str, asked: Asked, verb_like=None) -> int | None:
    """Where the thing ``asked`` ends in ``sentence`` when the sentence goes on to say what it is
    (``_subject_end`` then ``_goes_on``) or, not for a person, glosses it (``_glossed_end``) or
    sets a bare noun beside it (``_apposed_end``); else None."""
    end = _subject_end(sentence, asked)
    if end is not None and _goes_on(sentence, end, verb_like, asked.person):
        return end
    if asked.person:
        return None
    glossed = _glossed_end(sentence, asked)
    return glossed if glossed is not None else _apposed_end(sentence, asked)


# A bare noun set beside the thing, wherever it stands: "... déploie dans le pays un « Corps
# africain », unité régulière structurée et placée sous commandement direct de Moscou": a comma
# (after the closing quote), then a lower-case word that is no stop word, adverb, link or
# participle ("..., créé en 1990, ...", "..., mis en place ...": what befell it, not what it is)
_BARE_APPOSITION = lazyre.compile(r"\s*[»”\"]?\s*,\s*(?P<word>[a-zà-ÿ][a-zà-ÿ-]{2,})(?![\w'’])")
_NOT_NOUNS = frozenset(
    "puis notamment surtout ensuite alors aussi voire soit enfin donc ainsi cependant toutefois pourtant "
    "mis mise mises pris prise prises fait faite faits dit dite dits connu connue connus ne nee nes "
    "construit construite etabli etablie concu concue".split()
)
# an adjective's complement after the word: "... les personnalisations de Debian Edu, utiles aux
# administrateurs système, ..." says what they are good for, not what Debian Edu is
_COMPLEMENT_TO = lazyre.compile(r"\s+(?:à|au|aux)\b", re.IGNORECASE)
_PARTICIPLE = lazyre.compile(r"(?P<stem>.+?)(?:é|ée|és|ées)$")


def _participle(word: str) -> bool:
    """A past participle of a verb in -er ("créé", "lancée", "situés"), not a noun in -é
    ("unité", "société"): its stem with "er" is a French word."""
    m = _PARTICIPLE.match(word)
    return m is not None and is_french_word(fold(m.group("stem")) + "er")


def _apposed_end(sentence: str, asked: Asked) -> int | None:
    """Where the thing ``asked`` ends in ``sentence`` when a bare noun stands in apposition to
    it (``_BARE_APPOSITION``), else None."""
    for end in _thing_ends(sentence, asked):
        if (m := _BARE_APPOSITION.match(sentence, end)) is not None:
            word = fold(m.group("word"))
            if (word not in stopwords() and word not in _NOT_NOUNS and not _is_adverb(word) and not _participle(m.group("word"))
                    and not _COMPLEMENT_TO.match(sentence, m.end())):
                return end
    return None


def _glossed_end(sentence: str, asked: Asked) -> int | None:
    """Where the thing ``asked`` ends in ``sentence`` when "c'est-à-dire" follows it, wherever it
    stands ("... ce que l'on appelle le code source amont, c'est-à-dire, le code source distribué
    par le responsable amont"), else None."""
    return next((end for end in _thing_ends(sentence, asked) if _THAT_IS.match(sentence, end)), None)


def _thing_ends(sentence: str, asked: Asked):
    """Where each mention of the thing ``asked`` (its head, ``head``) ends in ``sentence``, in
    order."""
    target = [fold(w) for w in _WORD.findall(head(asked))]
    found = list(_WORD.finditer(sentence))
    folded = [fold(m.group()) for m in found]
    n = len(target)
    for i in range(len(found) - n + 1):
        if n and folded[i : i + n] == target:
            yield found[i + n - 1].end()


def _subject_end(sentence: str, asked: Asked) -> int | None:
    """Where the thing ``asked`` ends in ``sentence`` when it stands among its first
    ``SUBJECT_WORDS`` + 1 words as its subject, else None."""
    target = [fold(w) for w in _WORD.findall(asked.thing)]
    if not target:
        return None
    found = [(m.start(), m.end(), fold(m.group())) for m in _WORD.finditer(sentence)]
    folded = [w for _, _, w in found]
    # "Qu'est-ce qu'une longueur en LaTeX ?": "Une longueur est un nombre ...", the thing without
    # the field the question places it in
    field = next((k for k, w in enumerate(target) if k > 0 and w in _FIELD_LINKS), None)
    for wanted in (target, target[:field]) if field else (target,):
        n = len(wanted)
        for i in range(min(SUBJECT_WORDS + 1, len(found) - n + 1)):
            if folded[i : i + n] == wanted and not _bracketed(sentence, found[i][0]):
                # "Pour un paquet source, cela veut dire ...": the thing in a prepositional phrase
                # is not what the sentence is about; nor in brackets ("L'argument optionnel
                # [⟨longueur⟩] permet ...")
                return None if i > 0 and folded[i - 1] in _PREPOSITIONS else found[i + n - 1][1]
    return None


def _bracketed(sentence: str, at: int) -> bool:
    """Whether ``at`` stands inside a bracket ``sentence`` opens before it."""
    before = sentence[:at]
    return sum(before.count(c) for c in "([{⟨") > sum(before.count(c) for c in ")]}⟩")


_FIELD_LINKS = frozenset("en sous dans chez".split())  # "une longueur en LaTeX", "le compte root sous Debian"


def head(asked: Asked) -> str:
    """The thing ``asked`` without the field the question places it in ("longueur en LaTeX" ->
    "longueur"), which is how a definition names it."""
    words = list(_WORD.finditer(asked.thing))
    cut = next((m.start() for k, m in enumerate(words) if k > 0 and fold(m.group()) in _FIELD_LINKS), None)
    return asked.thing[:cut].rstrip() if cut is not None else asked.thing


PREDICATE_WORDS = 30
_PREDICATE_END = lazyre.compile(r"\s*(?:[.;!?]\s*$|[;,]\s|\s\(|$)")
# a comma that lists words ("positif, négatif ou nul"), which does not end the predicate
_LISTED = lazyre.compile(r"\s*,\s*[^\W\d_][\w'’-]*(?:\s*,\s*[^\W\d_][\w'’-]*)*\s+(?:et|ou)\s+[^\W\d_][\w'’-]*")
_THAT_IS = lazyre.compile(r"\s*,?\s*c['’]est-à-dire\s*,?\s+", re.IGNORECASE)


def predicate(sentence: str, asked: Asked, verb_like=None) -> tuple[int, int] | None:
    """What a sentence that ``defines`` a thing says it is: the rest of the sentence after its
    copula ("Un parrain est une personne qui travaillera sur vos paquets avec vous et les
    enverra dans l'archive Debian ..."), its glossary mark ("pbuilder = partie principale de
    l'outil ...") or its apposition's comma, or what it does from its verb ("lintian dissèque les
    paquets pour y repérer des bogues ..."), up to a comma, a semicolon or a bracket; None for a person, or
    past ``PREDICATE_WORDS`` words."""
    end = None if asked.person else _defined_end(sentence, asked, verb_like)
    if end is None:
        return None
    while (aside := _ASIDE.match(sentence, end)) is not None:
        end = aside.end()
    if (that := _THAT_IS.match(sentence, end)) is not None:
        start = that.end()  # "le temps de manipulation, c'est-à-dire le temps mis pour obtenir une proie"
    elif (mark := _GLOSS.match(sentence, end)) is not None:
        start = mark.end() - 1
    elif (comma := _APPOSITION.match(sentence, end)) is not None and not comma.group().rstrip().endswith("c'est"):
        start = sentence.index(",", end) + 1
    elif (bare := _BARE_APPOSITION.match(sentence, end)) is not None:
        start = bare.start("word")
    else:
        words = list(_WORD.finditer(sentence, end))
        if not words:
            return None
        # after the copula (and an adverb after it: "est principalement un système ...") what it
        # is; what it does with its verb ("dissèque les paquets ...")
        if fold(words[0].group()) not in _COPULAS:
            start = words[0].start()
        else:
            start = words[1 if len(words) > 2 and _is_adverb(fold(words[1].group())) else 0].end()
    start += len(sentence[start:]) - len(sentence[start:].lstrip())
    stop = _PREDICATE_END.search(sentence, start)
    while stop is not None and (words := _LISTED.match(sentence, stop.start())) is not None:
        stop = _PREDICATE_END.search(sentence, words.end())  # "un nombre positif, négatif ou nul ..."
    stop_at = stop.start() if stop is not None else len(sentence)
    if stop_at <= start or len(_WORD.findall(sentence[start:stop_at])) > PREDICATE_WORDS:
        return None
    return start, stop_at


def _goes_on(sentence: str, end: int, verb_like, person: bool) -> bool:
    """Whether what follows the thing (ending at ``end``) says what it is or does."""
    while (aside := _ASIDE.match(sentence, end)) is not None:
        end = aside.end()
    if _APPOSITION.match(sentence, end) or _GLOSS.match(sentence, end):
        return True
    raw = _WORD.findall(sentence[end : end + 80])[:3]
    rest = [fold(w) for w in raw]
    if not rest:
        return False
    verb = rest[0]
    if verb in _NOT_VERBS or verb == "ne" or verb.startswith("n'"):  # "Médine n'utilise pas ..."
        return False
    if raw[0] == "à" or verb in _HAVE:  # "debhelper (>=10) à la section", "Skolelinux a été lancé"
        return False
    if verb in _COPULAS:  # "est une distribution", not "est chargé par défaut"
        after = rest[2:] if len(rest) > 2 and _is_adverb(rest[1]) else rest[1:]  # "est principalement un"
        return bool(after) and (after[0] in _DETERMINERS or after[0].startswith(("l'", "d'")))
    if person:  # "Billy dort encore" does not say who Billy is
        return False
    return verb in _VERBS or bool(verb_like and verb not in _DETERMINERS and verb_like(verb))


_ADVERBS = frozenset("aussi surtout donc egalement desormais toujours souvent parfois ainsi avant tout".split())


def _is_adverb(word: str) -> bool:
    """Whether the folded ``word`` is an adverb that may stand between a copula and what the
    thing is ("BibTEX est principalement un système de tri ...", formation-latex-ul.pdf)."""
    return word in _ADVERBS or (len(word) > 6 and word.endswith("ment"))


# A sentence that takes the thing up from the one before ("… la formation de l'Alliance des États
# du Sahel (AES). Cette structure, qui réunit aujourd'hui ces trois pays, ambitionne d'assurer une
# sécurité collective …"): a demonstrative and its noun as the subject ("Cette structure"), or
# "celle-ci", a relative clause or an aside between commas perhaps, then what it is or does. Not
# "Il" or "Elle", which take up the subject before as often as the thing ("… dont la laque et le
# ghi. Il fait ensuite présent de ce palais …": Shakuni does), nor "Ces derniers", "Cette année".
_TAKEN_UP = lazyre.compile(
    r"\s*(?:(?:cette|cet|ce|ces)\s+(?!(?:derni|premi|autre|jour|moi|an|anné|annee|matin|soir|week|temps|fait)"
    r"[\w'’-]*\b)[^\W\d_][\w'’-]*|celle-ci|celui-ci|celles-ci|ceux-ci)\b(?:\s*,\s*(?:qui|dont|créée?s?|fondée?s?|née?s?|lancée?s?)\b[^,;:.]{0,120},)?",
    re.IGNORECASE,
)


def defines_back(sentence: str, previous: str, asked: Asked, verb_like=None) -> bool:
    """Whether ``sentence`` says what the thing ``asked`` is or does when the sentence before
    it, ``previous``, names it and ``sentence`` takes it up as its subject ("Cette structure,
    qui réunit ces trois pays, ambitionne d'assurer …"); a person only by the description
    ``sentence`` opens with before its pronoun (``described_opening``: "Ancienne figure de
    l'opposition ..., il a été poursuivi" after "Le cas d'Issa Kaou Djim est assez illustratif."),
    since a bare pronoun could be anyone's."""
    target = [fold(w) for w in _WORD.findall(asked.thing)]
    words = [unelided(w) for w in _WORD.findall(previous)]  # "l'Alliance": "alliance"
    n = len(target)
    if not target or not any(words[i : i + n] == target for i in range(len(words) - n + 1)):
        return False
    if asked.person:
        return described_opening(sentence) is not None
    m = _TAKEN_UP.match(sentence)
    return m is not None and _goes_on(sentence, m.end(), verb_like, False)


_INITIALS = lazyre.compile(r"\(\s*([A-ZÀ-Þ][A-ZÀ-Þ0-9&.-]{1,9})\s*\)")


def initials(sentence: str, asked: Asked) -> str | None:
    """The initials ``sentence`` gives in brackets to the thing ``asked`` ("« éléments nationaux
    de soutien » (ENS)" -> "ENS"), or None."""
    from .acronyms import expansion  # acronyms reads this module's question forms

    target = [fold(w) for w in _WORD.findall(asked.thing)]
    for m in _INITIALS.finditer(sentence):
        got = expansion(sentence, m.group(1), named=False)
        if got is not None and [fold(w) for w in _WORD.findall(sentence[got[0] : got[1]])][-len(target):] == target:
            return m.group(1)
    return None


# A sentence opening on who its subject is, then taking them up by a pronoun: "Ancienne figure de
# l'opposition ... et ancien bras droit de l'imam Mahmoud Dicko, il a été poursuivi ...", "Né à
# Kayes en 1983, il ...". The opening is a description when its first word is neither a small
# word nor an adverb of time or manner ("En 2013, il ...", "Selon lui, il ...", "Ensuite, elle ...").
PRONOUN_AFTER_OPENING = lazyre.compile(
    rf"\s*(?P<opening>[^\W\d_][^,;:.!?«»“”()\[\]]{{2,160}}?)\s*,\s+(?:il(?!\s+{IMPERSONAL_VERB})|elle)\s"
)


def described_opening(sentence: str) -> tuple[int, int] | None:
    """The description ``sentence`` opens with before taking its subject up as "il" or "elle"
    (``PRONOUN_AFTER_OPENING``), or None."""
    m = PRONOUN_AFTER_OPENING.match(sentence)
    if m is None:
        return None
    first = fold(_WORD.match(m.group("opening")).group())
    if {first, first.split("'")[0]} & (stopwords() | OPENING_WORDS):
        return None
    return m.span("opening")


# What a thing is for: "À quoi sert X ?", "Quel est le but / le rôle / l'objectif de X ?", "Dans
# quel but ...?" is answered by what follows the sentence's word of purpose ("ambitionne
# d'assurer une sécurité collective ...", "vise à constituer un groupe ...", "utilisé comme source
# de nourriture").
_ASKS_PURPOSE = lazyre.compile(
    r"\b(?:(?:à|a)\s+quoi\s+ser(?:t|vent|vait|vaient)|dans\s+quel\s+but|(?:quel(?:le)?s?)\s+(?:est|sont|était|etait|étaient)"
    r"\s+(?:le|la|les|l['’])\s*(?:but|buts|objectif|objectifs|rôle|role|mission|vocation|utilité|utilite)\b)",
    re.IGNORECASE,
)
# (the preposition whole: "destinés au fichier" gives "fichier", not "u fichier")
_TO = r"(?:(?:à|au|aux|a|de)\b|d['’])"
_PURPOSE = lazyre.compile(
    rf"\b(?:(?:vis|ambitionn|cherch)(?:e|ent|ait|aient)\s+{_TO}"
    r"|(?:a|ont|avait|avaient)\s+pour\s+(?:but|objectif|mission|rôle|role|vocation|fonction)\s+(?:de\b|d['’])"
    rf"|ser(?:t|vent|vait|vaient)\s+{_TO}"
    rf"|(?:chargée?s?|destinée?s?|conçue?s?|créée?s?)\s+(?:pour\b|{_TO})"
    r"|utilisée?s?\s+(?:comme|pour|afin\s+de|afin\s+d['’])"
    r"|afin\s+(?:de\b|d['’])|dans\s+le\s+but\s+(?:de\b|d['’])|en\s+vue\s+(?:de\b|d['’]))\s*",
    re.IGNORECASE,
)
_PURPOSE_END = lazyre.compile(r"[,;:.()«»\[\]]|\s(?:et|ou)\s+(?:de|d['’]|à|a)\s|\s(?:qui|que|dont|où|mais|par)\s")
PURPOSE_WORDS = 15  # at most, of what a purpose's words run to


def asks_purpose(question: str) -> bool:
    """Whether ``question`` asks what a thing is for."""
    return _ASKS_PURPOSE.search(question) is not None


def purpose(sentence: str) -> tuple[int, int] | None:
    """The words of ``sentence`` after its first word of purpose, up to the end of that clause
    (the next punctuation, or a second purpose joined by "et de"), or None."""
    m = _PURPOSE.search(sentence)
    if m is None:
        return None
    start = m.end()
    stop = _PURPOSE_END.search(sentence, start)
    end = stop.start() if stop else len(sentence)
    words = list(_WORD.finditer(sentence, start, end))
    if not words:
        return None
    words = words[:PURPOSE_WORDS]
    return words[0].start(), words[-1].end()
