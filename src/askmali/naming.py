"""What a thing is called: "Comment s'appelle ...?", "Quel est le surnom de ...?" is answered by
the name a sentence gives after a naming word ("… couramment nommé Temple de Rome", "surnommé
« Nacka »", "une pension qui prit le nom d'« Institution des pères de famille »", "connue sous le
nom de French and Indian War").

``asks`` tells such a question; ``named`` finds the name in a sentence: the words after a naming
verb or phrase, inside the quotes that open there, or else the run of capitalised words (and the
short words that link them: "Temple de Rome") that starts there, or else the few lower-case words
up to the next punctuation. ``glossed`` takes the term of a glossary entry ("— parrain : une
personne qui aide …"). ``apposed`` finds it where no naming word stands: right after the
question's own words, set beside them ("son deuxième album solo, Devotion", "une loi adoptée par
référendum (loi référendaire)"). A name the question already holds ("« élément 120 »" for "Quel
est l'autre nom de « l'élément 120 » ?") is passed over.

The span ranker (``askmali.spans``) knows no naming word: on PIAF dev, where 180 questions ask for
a name, it took "Pepe étant un surnom de Joseph" for "Comment se nomme la première Constitution
espagnole ?" (the sentence says "appelée La Pepa"). With this module, the F1 of those questions
answered by a right sentence went from 0.29 to 0.47: PIAF dev span F1 0.3074 -> 0.3131, test
0.2774 -> 0.2811, the documents set 0.576 -> 0.596.
"""

from __future__ import annotations

import re

from . import lazyre
from .acronyms import expansion
from .analysis import fold, unelided
from .spelling import is_french_word

_ASKS = lazyre.compile(
    r"\bcomment\b[^?]{0,80}?\b(?:s['’]\s*|se\s+)?(?:appel|nomm|surnomm|dénomm|denomm|baptis)"
    r"|\bquel(?:le)?s?\s+(?:est|était|etait|fut|sont|étaient|etaient)\s+(?:le|la|les|l['’])\s*"
    r"(?:autre\s+|autres\s+|nouveau\s+|nouvel\s+|premier\s+|vrai\s+|ancien\s+|véritable\s+)?"
    r"(?:noms?|surnoms?|prénoms?|prenoms?|appellations?|pseudonymes?|sobriquets?)\b"
    r"|\bquel(?:le)?s?\s+(?:autre\s+)?(?:noms?|surnoms?|prénoms?|prenoms?|appellations?|pseudonymes?)\b"
    r"|\bquel(?:le)?s?\s+(?:autre\s+)?(?:mots?|termes?|vocables?)\b"  # "Quel mot est utilisé comme synonyme ...?"
    r"|\bsous\s+quel\s+nom\b",
    re.IGNORECASE,
)

# the naming words of a sentence, the name right after them
_NAMED = lazyre.compile(
    r"\b(?:(?:(?:sur|dé|de|re)?nomm|appel|rebaptis|baptis)(?:ées|ée|és|é|aient|ait|ant|ent|e|lent|le|a)(?!\w)"
    r"(?:\s+par\s+[^,;:.«»()]{1,40}?\s+(?:(?:le|la|les)\s+|l['’]\s*)?(?=[«\"“]))?"  # "surnommé par ses détracteurs le « … »"
    r"(?:\s+(?:du|le)\s+nom\s+(?:de\b|d['’]))?"  # "qu'il baptisa du nom de Nouvelle-France"
    r"|(?:sous|prit|prend|prennent|porte|portent|portait|porta|reçoit|reçut|reçu|garde|donna|donne)\s+"
    r"(?:le|un|son|leur|ce)\s+(?:nom|surnom|titre)(?:\s+de\b|\s+d['’]|(?=\s*[«\"“]))"
    r"|(?:connue?s?|désignée?s?)\s+(?:sous\s+(?:le\s+nom|l['’]appellation)(?:\s+de\b|\s+d['’]|(?=\s*[«\"“]))|comme\b)"
    r"|(?:surnom|prénom|appellation|pseudonyme)(?:\s+de\b|\s+d['’]|(?=\s*[«\"“]))"
    r"|(?:le|un|son|leur|du|au)\s+nom(?:\s+de\b|\s+d['’])(?=\s*[«\"“A-ZÀ-Þ])"
    r"|(?i:le|ce|du|au|les|ces|des)\s+(?:mots?|termes?|vocables?)(?=\s*[«\"“])"  # "Le mot « distribution » est ..."
    r"|dite?s?(?:\s+(?:des|du|de\s+la|de\s+l['’]|le|la|les|l['’]))?(?=\s*[«\"“A-ZÀ-Þ])"  # "l'époque dite des Grandes découvertes"
    r"|alias)"
)
_QUOTES = {"«": "»", "“": "”", '"': '"'}
_WORD = lazyre.compile(r"[^\W_][\w'’\-]*")
_ARTICLES = frozenset("le la les l un une".split())
_LINKS = frozenset("de du des d la le les l et and of the y von van di da del".split())
_LOWER_WORDS = 4  # a lower-case name: the words up to the next punctuation, at most this many
_STOP = frozenset(
    "qui que qu dont et ou mais car par pour dans en sur sous avec sans vers chez entre au aux est sont etait a ont".split()
)
_ENDS = lazyre.compile(r"\s*(?:[,;:.!?)»”\"]|$)")


_ADVERBS = frozenset("ainsi aussi encore souvent parfois plus alors desormais aujourd'hui toujours deja tantot".split())


def _is_adverb(word: str) -> bool:
    w = fold(word)
    return w in _ADVERBS or (len(w) > 6 and w.endswith("ment"))


def asks(question: str) -> bool:
    """Whether ``question`` asks what something is called."""
    return _ASKS.search(question) is not None


def called(sentence: str, question: str) -> tuple[int, int] | None:
    """The name ``sentence`` gives for what ``question`` asks to name: after a naming word
    (``named``), as a glossary's term (``glossed``), or set beside the question's words
    (``apposed``); None when it gives none."""
    return named(sentence, question) or glossed(sentence, question) or apposed(sentence, question) or subject_described(sentence, question)


def named(sentence: str, question: str) -> tuple[int, int] | None:
    """The character span of the name ``sentence`` gives after a naming word, or None."""
    asked = {fold(w) for w in _WORD.findall(question)}
    for m in _NAMED.finditer(sentence):
        got = _name_at(sentence, m.end())
        if got is None:
            continue
        words = [fold(w) for w in _WORD.findall(sentence[got[0] : got[1]])]
        if words and not all(w in asked or w in _LINKS for w in words):
            return got
        # "il est appelé paquet source « natif »": the words the question holds, then the name
        quoted = _name_at(sentence, got[1]) if sentence[got[1] :].lstrip(" \u00a0")[:1] in _QUOTES else None
        if quoted is not None and not all(fold(w) in asked for w in _WORD.findall(sentence[quoted[0] : quoted[1]])):
            return quoted
        if words and (before := _called_before(sentence, m.start(), words[0], asked)) is not None:
            return before
    return None


def _called_before(sentence: str, at: int, head: str, asked: set[str]) -> tuple[int, int] | None:
    """When what a sentence calls something is the question's own description ("... sur la
    distribution unstable (c'est pourquoi elle est aussi appelée distribution de développement)"
    for "Comment s'appelle la distribution de développement ?"), the name that the description's
    noun carries before ``at``: "unstable". None when the noun is not there with a name after it."""
    found = list(_WORD.finditer(sentence, 0, at))
    for k in range(len(found) - 2, -1, -1):
        if fold(found[k].group()) != head:
            continue
        name = found[k + 1]
        if sentence[found[k].end() : name.start()].strip() or fold(name.group()) in asked | _LINKS:
            return None
        if name.group()[:1].isupper() or not is_french_word(fold(name.group())):
            return name.span()
        return None
    return None


# what stands between the thing asked about and its name: "son deuxième album solo, Devotion",
# "le jeu équestre … d'Asie centrale, le kokpar", "une loi adoptée par référendum (loi
# référendaire)", "son manuscrit Cellulairement"
_APPOSED = lazyre.compile(r"(?:\s*,\s*(?:(?:le|la|les|un|une)\s+|l['’]\s*)?|\s*\(\s*|\s+(?=[A-ZÀ-Þ]))")
_QUESTION_WORDS = frozenset(
    "comment quel quelle quels quelles est etait fut sont on t s se appelle appellent appelait appele appelee "
    "appeles appelees nomme nomment nommait nommee nommes surnomme surnommee surnomment nom noms prenom surnom "
    "autre ancien nouveau vrai premier le la les l un une des du de d en a au aux ce cette son sa ses".split()
)


BRACKET_WORDS = 4  # "(Sus scrofa domesticus)" names; "(après en avoir vérifié le contenu)" does not

# a glossary's entry: "— parrain : une personne qui aide les responsables à envoyer des paquets"
_GLOSSED = lazyre.compile(
    r"\s*(?:[—–•*-]\s*)?(?P<term>[^\W\d_][^:;,.()«»—–=]{0,40}?)\s*(?::|\s[—–=]\s)\s*"
    r"(?P<rest>(?:une?|les?|la|l['’]|des|ce|cet|cette|ces)\b.+)",  # the definition opens on a determiner
    re.DOTALL | re.IGNORECASE,
)
GLOSS_SHARE = 0.5  # of the question's own words the entry's definition must hold


def glossed(sentence: str, question: str) -> tuple[int, int] | None:
    """The term of a glossary entry whose definition holds at least ``GLOSS_SHARE`` of the
    question's own words ("— parrain : une personne qui aide les responsables à envoyer des
    paquets …" for "Comment s'appelle la personne qui aide un responsable à faire entrer ses
    paquets … ?"), or None."""
    m = _GLOSSED.match(sentence)
    if m is None or len(_WORD.findall(m.group("term"))) > 3:
        return None
    wanted = _own_words(question) - _QUESTION_WORDS
    rest = _own_words(m.group("rest"))
    if not wanted or len(wanted & rest) < GLOSS_SHARE * len(wanted):
        return None
    return m.start("term"), m.end("term")


def apposed(sentence: str, question: str) -> tuple[int, int] | None:
    """The name set right after the words of the question that say what is named, as an
    apposition, in brackets, or as a capitalised word ("… son deuxième album solo, Devotion" for
    "Comment s'appelle son deuxième album solo ?"), or None. The run of those words holding the
    most of them is read first."""
    wanted = _own_words(question) - _QUESTION_WORDS
    if not wanted:
        return None
    words = list(_WORD.finditer(sentence))
    runs: list[tuple[int, int]] = []  # (length, index of the run's last word)
    run = 0
    for k, w in enumerate(words):
        run = run + 1 if _is_wanted(w.group(), wanted) else 0
        if run:
            runs.append((run, k))
    for length, k in sorted(runs, key=lambda r: (-r[0], r[1])):
        got = _set_off_before(sentence, words[k - length + 1].start(), words[k].end(), wanted)
        if got is None:
            got = _apposed_after(sentence, words[k].end(), wanted)
        if got is not None:
            return got
    return None


def _is_wanted(word: str, wanted: set[str]) -> bool:
    """Whether a word of the sentence is one of the question's words ``wanted``; a hyphenated
    one when its parts are ("porte-parole" for a question typed "porte parole")."""
    w = unelided(word)
    return w in wanted or ("-" in w and all(part in wanted for part in w.split("-") if part))


def _set_off_before(sentence: str, start: int, end: int, wanted: set[str]) -> tuple[int, int] | None:
    """The name that the question's words from ``start`` to ``end`` describe when they are set
    off by commas after it: "Selon Pascal Confavreux, porte-parole du ministère, Paris observe
    ..." names the spokesman "Pascal Confavreux", not "Paris", for "Comment s'appelle le
    porte-parole du ministère ?". None otherwise."""
    close = _INCISE_END.match(sentence, end)
    if close is None:
        return None
    said = {part for w in _own_words(sentence[start : close.end()]) for part in w.split("-") if part}
    if len(said & wanted) < INCISE_SHARE * len(wanted):
        return None  # "Ányos Jedlik, inventeur du moteur électrique, ..." for the stylo à bille's
    before = _BEFORE.search(sentence, max(0, start - 80), start)
    if before is None:
        return None
    name = sentence[before.start() : start].rstrip(" ,\u00a0")
    found = list(_WORD.finditer(name))
    opening = not sentence[: before.start()].strip()
    if opening and len(found) > 1 and is_french_word(fold(found[0].group())):
        found.pop(0)  # "Selon", "Pour" open the sentence, they name no one
    while len(found) > 1 and fold(found[0].group()) in _LINKS:
        found.pop(0)
    if not found or len(found) == 1 and is_french_word(fold(found[0].group())):
        return None
    if all(_is_wanted(w.group(), wanted) or fold(w.group()) in _LINKS for w in found):
        return None
    return before.start() + found[0].start(), before.start() + found[-1].end()


def _apposed_after(sentence: str, at: int, wanted: set[str]) -> tuple[int, int] | None:
    m = _APPOSED.match(sentence, at)
    if m is None or m.end() >= len(sentence):
        return None
    bracket = "(" in m.group()
    got = _name_at(sentence, m.end())
    if got is None:
        return None
    article = m.group().strip(" ,(\u00a0") != ""
    if not (bracket or article or sentence[got[0]].isupper()):
        return None  # "…, après en avoir vérifié le contenu": a clause, not a name
    if not bracket and not sentence[got[0]].isupper():
        after = _APPOSED.match(sentence, got[1])
        if after is not None and "(" in after.group():  # "une sous-espèce (Sus scrofa domesticus)": the name in brackets
            return _apposed_after(sentence, got[1], wanted)
    if bracket:  # what the brackets hold, whole, when it is short enough to be a name
        close = sentence.find(")", m.end())
        if close < 0 or len(_WORD.findall(sentence[m.end() : close])) > BRACKET_WORDS:
            return None  # "(après en avoir vérifié le contenu)": an aside
        got = (m.end(), len(sentence[:close].rstrip()))
    inner = _own_words(sentence[got[0] : got[1]])
    return None if inner <= wanted | _LINKS else got


# "Quel est le mouvement jihadiste dominant du centre du Mali ?" or "Quel mouvement jihadiste
# domine le centre du Mali ?": the question describes a thing whose name the sentence sets before
# that description, as an apposition opening on the noun asked about ("la Katiba Macina, le
# mouvement jihadiste dominant du centre du Mali, a attaqué ...").
_WHICH_IS = lazyre.compile(
    r"^\W*quel(?:le)?s?\s+(?:(?:est|était|etait|fut|sont|étaient|etaient)\s+(?:le|la|les|l['’])\s*)?(?P<head>[^\W\d_]+)",
    re.IGNORECASE,
)
# "Comment s'appelle l'unité régulière que ... envoie ...?": the thing named and what the
# question says of it, up to a relative clause (which tells where it is, not what it is)
_NAMING_WHICH = lazyre.compile(
    r"^\W*comment\s+(?:s['’]\s*appell?e(?:nt)?|se\s+nomme(?:nt)?|sont\s+appel[ée]e?s|est\s+appel[ée]e?)\s+"
    r"(?:le|la|les|l['’])\s*(?P<head>[^\W\d_]+)(?P<said>[^?]*?)(?=\s+(?:qui|que|qu['’]|dont|où|ou)\b|\s*\?|$)",
    re.IGNORECASE,
)
_INCISE_END = lazyre.compile(r"[^,.;:!?()«»“”]{0,40},")  # the rest of the description up to the comma closing it
_BEFORE = lazyre.compile(r"(?:[«“]\s*[^«»“”,]{1,60}?\s*[»”]|[A-ZÀ-Þ][\w'’\-]*(?:\s+(?:(?:de|du|des|d['’]|la|le|les|et|al)\s*)?[A-ZÀ-Þ][\w'’\-]*)*)\s*,\s*$")
_INITIALS_BEFORE = lazyre.compile(r"\(([A-ZÀ-Þ][A-ZÀ-Þ0-9]+)\)\s*$")  # "... de l'Azawad (CMA)" before the comma
INCISE_SHARE = 0.5  # of the question's own words the words set off by commas must hold
DESCRIBED_SHARE = 0.6  # of the question's own words the description after the comma must hold


def asks_which_is(question: str) -> bool:
    """Whether ``question`` asks which thing fits a description ("Quel est le mouvement ...?")."""
    return _WHICH_IS.search(question) is not None and not asks(question)


def described(sentence: str, question: str) -> tuple[int, int] | None:
    """The capitalised name that ``sentence`` sets just before the question's description, as an
    apposition opening on the noun asked about: "la Katiba Macina, le mouvement jihadiste dominant
    du centre du Mali, ..." for "Quel est le mouvement jihadiste dominant du centre du Mali ?";
    None when there is none. (Not "En LMP2, l'Oreca ... conserve son rang" for "Quel pilote
    conserve son rang ...?": the clause after the comma is no pilot.) So too for "Comment
    s'appelle l'unité régulière que ...?" of "un «Corps africain», unité régulière structurée":
    the question's words up to its relative clause describe the thing there, a quoted name
    stands before."""
    asked = _WHICH_IS.search(question)
    wanted = _own_words(question) - _QUESTION_WORDS
    if asked is None and (asked := _NAMING_WHICH.search(question)) is not None:
        wanted = _own_words(asked.group("head") + asked.group("said")) - _QUESTION_WORDS
    if asked is None or not wanted:
        return None
    head = fold(asked.group("head")).rstrip("sx")
    for m in re.finditer(r",\s*(?:(?:le|la|les|un|une)\s+|l['’]\s*)?", sentence):
        opening = _WORD.match(sentence, m.end())
        if opening is None or fold(opening.group()).rstrip("sx") != head:
            continue
        end = sentence.find(",", m.end())
        described_words = _own_words(sentence[m.end() : end if end > 0 else len(sentence)])
        if len(wanted & described_words) < DESCRIBED_SHARE * len(wanted):
            continue
        before = _BEFORE.search(sentence, max(0, m.start() - 80), m.start() + 1)
        initials = _INITIALS_BEFORE.search(sentence, 0, m.start())
        if initials is not None and (spelled := expansion(sentence[: initials.end()], initials.group(1), named=False)) is not None:
            return spelled  # "la Coordination des mouvements de l'Azawad (CMA), principale coalition ..."
        if before is not None:
            name = sentence[before.start() : m.start()].rstrip()
            own = _own_words(name)
            if name and not own <= wanted | _LINKS and not (len(own) == 1 and is_french_word(fold(name))):  # "Néanmoins,"
                return before.start(), before.start() + len(name)
    return None


# "dpkg(1) est l'outil de plus bas niveau pour la gestion des paquets de Debian" names, as its
# subject, what "Comment s'appelle le gestionnaire de paquets de bas niveau de Debian ?" describes
_SUBJECT_IS = lazyre.compile(
    r"\s*(?P<subject>[^\W\d_][^\s,;:]*(?:\s+[^\s,;:]+){0,3}?)\s+(?:est|sont|était|étaient|etait|etaient|reste|demeure)\s+(?P<rest>[^;:]+)"
)
# a pronoun or a possessive opens no name ("Son environnement est le second massif forestier ...")
_NO_NAME_OPENINGS = frozenset(
    "il elle ils elles ce c cela ceci celui celle ceux celles on qui tout tous y son sa ses leur leurs notre nos votre vos".split()
)
_MAN_SECTION_END = lazyre.compile(r"\([1-9][a-z]?\)$")


def subject_described(sentence: str, question: str) -> tuple[int, int] | None:
    """The name ``sentence`` opens on, when what it then says that name is holds the question's
    description (``DESCRIBED_SHARE`` of its own words): "dpkg" for "Comment s'appelle le
    gestionnaire de paquets de bas niveau de Debian ?" out of "dpkg(1) est l'outil de plus bas
    niveau pour la gestion des paquets de Debian"; None otherwise, or when the subject is a
    pronoun or words of the question."""
    wanted = _own_words(question) - _QUESTION_WORDS
    m = _SUBJECT_IS.match(sentence)
    if not wanted or m is None:
        return None
    if len(wanted & _own_words(m.group("rest"))) < DESCRIBED_SHARE * len(wanted):
        return None
    a, b = m.span("subject")
    own = _own_words(sentence[a:b])
    first = fold(_WORD.match(sentence, a).group()).split("'")[0]
    if first in _NO_NAME_OPENINGS or own <= wanted | _LINKS | _QUESTION_WORDS:
        return None
    if (section := _MAN_SECTION_END.search(sentence, a, b)) is not None:
        b = section.start()  # "dpkg(1)": the name without its manual section
    return a, b


def _own_words(text: str) -> set[str]:
    """The words of ``text``, folded, without their elided articles (``analysis.unelided``)."""
    return {unelided(w) for w in _WORD.findall(text)}


def _name_at(sentence: str, at: int) -> tuple[int, int] | None:
    i = at
    while i < len(sentence) and sentence[i] in " \u00a0\u202f":
        i += 1
    if i >= len(sentence):
        return None
    close = _QUOTES.get(sentence[i])
    if close is not None:  # « Nacka »: what the quotes hold
        end = sentence.find(close, i + 1, i + 120)
        if end < 0:
            return None
        inner = sentence[i + 1 : end]
        lead = len(inner) - len(inner.lstrip(" \u00a0\u202f"))
        text = inner.strip(" \u00a0\u202f")
        return (i + 1 + lead, i + 1 + lead + len(text)) if text else None
    words = list(_WORD.finditer(sentence, i))
    if not words or words[0].start() != i:
        return None
    while len(words) > 1 and _is_adverb(words[0].group()):  # "appellent affectueusement Guru Dev"
        if sentence[words[0].end() : words[1].start()].strip(" \u00a0"):
            return None
        words = words[1:]
    if (
        len(words) > 1
        and fold(words[0].group()) in _ARTICLES
        and words[1].group()[:1].isupper()
        and sentence[words[0].end() : words[1].start()].strip(" \u00a0'’") == ""
        and not words[0].group()[:1].isupper()
    ):
        words = words[1:]  # "nommé officiellement le Commonwealth de Virginie": the name, not its article
    if words[0].group()[:1].isupper():  # Temple de Rome, French and Indian War
        last = 0
        for k in range(1, len(words)):
            if sentence[words[k - 1].end() : words[k].start()].strip(" \u00a0'’"):
                break  # punctuation between them
            w = words[k].group()
            if w[:1].isupper():
                last = k
            elif fold(w) not in _LINKS:
                break
        # a lower-case word or two that end the clause belong to the name: "Grandes découvertes."
        # ("Chambre des représentants,"), links inside them
        for k in range(last + 1, min(last + 4, len(words))):
            w = words[k].group()
            if sentence[words[k - 1].end() : words[k].start()].strip(" \u00a0") or fold(w) in _STOP or not w.isalpha():
                break
            if fold(words[k].group()) not in _LINKS and _ENDS.match(sentence, words[k].end()):
                last = k
                break
        return words[0].start(), words[last].end()
    last = -1  # a lower-case name: up to the next punctuation or clause word
    for k, w in enumerate(words[:_LOWER_WORDS]):
        if k and sentence[words[k - 1].end() : w.start()].strip(" \u00a0'’"):
            break
        if fold(w.group()) in _STOP:
            break
        last = k
    if last < 0:
        return None
    while last > 0 and fold(words[last].group()) in _LINKS:
        last -= 1
    return words[0].start(), words[last].end()
