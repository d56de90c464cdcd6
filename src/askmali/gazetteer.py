"""Closed classes of answers: what "Quel pays ...?", "Quelle est la nationalité de ...?", "De
quelle couleur ...?", "Quelle langue ...?" and "Quel est le métier de ...?" ask for, and where a
sentence names one.

A place pattern (``qtypes.PLACE``) finds names after "à", "en", "de" ...; a country is as often the
subject ("L'Allemagne met le Mali en garde ...") or named beside other names that are not
countries ("Crisis Group", "Mikado FM"). The countries of ``data/countries_fr.txt`` are matched
whole, capitalised, with or without their accents ("Etats-Unis", "États-Unis"); a nationality
is a demonym (``qualifiers.demonym``: "française", "américains"); a colour, a language or a
trade, a word of ``COLOURS``, ``LANGUAGES`` or ``TRADES`` (lists written for this project).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .analysis import data_lines, fold
from .qualifiers import PEOPLES, demonym

_VARIANTS = {
    "a": "aàâä", "e": "eéèêë", "i": "iîï", "o": "oôö", "u": "uùûü", "c": "cç", "y": "yÿ",
}

# The basic colour words and their feminine and plural forms, folded
COLOURS = frozenset(
    """rouge rouges bleu bleue bleus bleues vert verte verts vertes jaune jaunes noir noire noirs noires
    blanc blanche blancs blanches gris grise grises orange oranges violet violette violets violettes rose
    roses marron brun brune bruns brunes beige beiges pourpre pourpres turquoise turquoises dore doree
    dores dorees argente argentee argentes argentees ocre ocres indigo ecarlate ecarlates""".split()
)
# Languages, folded; and any "-phone" word ("francophone")
LANGUAGES = frozenset(
    """francais anglais allemand espagnol italien portugais russe arabe chinois mandarin cantonais japonais
    coreen latin grec hebreu turc persan farsi hindi ourdou bengali sanskrit swahili bambara wolof peul
    haoussa yoruba zoulou amharique berbere kabyle tamazight neerlandais flamand danois suedois norvegien
    finnois islandais polonais tcheque slovaque hongrois roumain bulgare serbe croate slovene albanais
    ukrainien lituanien letton estonien gaelique irlandais gallois breton basque catalan occitan corse
    provencal alsacien yiddish esperanto creole malgache vietnamien thai khmer indonesien malais tagalog
    tamoul armenien georgien kurde pachto mongol tibetain quechua guarani nahuatl inuktitut afrikaans""".split()
)
# Trades and professions, folded, masculine and feminine
TRADES = frozenset(
    """acteur actrice agriculteur agricultrice architecte artisan artiste avocat avocate banquier banquiere
    boucher bouchere boulanger boulangere charpentier chauffeur chirurgien chirurgienne comedien comedienne
    commercant commercante compositeur compositrice comptable conducteur cordonnier couturier couturiere
    cuisinier cuisiniere danseur danseuse dentiste dessinateur dessinatrice detective developpeur
    developpeuse diplomate docteur ecrivain ecrivaine editeur editrice eleveur enseignant enseignante
    entraineur entraineuse entrepreneur forgeron fermier fermiere garde-cote horloger imprimeur infirmier
    infirmiere ingenieur ingenieure instituteur institutrice jardinier journaliste juge libraire magistrat
    marchand marchande marin mecanicien medecin menuisier militaire musicien musicienne negociant notaire
    ouvrier ouvriere pasteur patissier peintre pecheur pharmacien pharmacienne philosophe photographe
    physicien pilote pirate plombier poete policier policiere politicien pompier pretre producteur
    productrice professeur professeure programmeur psychiatre psychologue publicitaire realisateur
    realisatrice redacteur redactrice sculpteur secretaire serveur serveuse soldat styliste tailleur
    traducteur traductrice vendeur vendeuse veterinaire chanteur chanteuse historien historienne
    mathematicien chimiste biologiste economiste sociologue geographe archeologue astronome banquier
    armateur orfevre tisserand meunier mineur charron macon vigneron cocher bibliothecaire archiviste
    chroniqueur critique scenariste dramaturge romancier romanciere parolier animateur animatrice
    presentateur presentatrice mannequin joueur joueuse arbitre moine religieuse cure eveque chef
    detective espion espionne mercenaire chevalier ecuyer page chambellan consul ambassadeur
    ambassadrice senateur depute deputee maire ministre juriste greffier huissier""".split()
)
# Religions and confessions, folded (the noun and the adjective)
RELIGIONS = frozenset(
    """christianisme chretien chretienne chretiens catholicisme catholique catholiques protestantisme protestant
    protestante protestants orthodoxe orthodoxes anglican anglicane anglicans calvinisme calviniste
    calvinistes lutheranisme lutherien lutherienne lutheriens islam musulman musulmane musulmans sunnite
    sunnites chiite chiites judaisme juif juive juifs bouddhisme bouddhiste bouddhistes hindouisme hindou
    hindoue hindous sikhisme sikh sikhs shintoisme shinto taoisme taoiste confucianisme animisme animiste
    paganisme paien paienne zoroastrisme jainisme methodiste baptiste evangelique evangeliques mormon""".split()
)
# Continents, folded
CONTINENTS = frozenset("afrique europe asie amerique oceanie antarctique antarctide eurasie".split())
# Musical instruments, folded
INSTRUMENTS = frozenset(
    """piano violon violons alto violoncelle contrebasse guitare guitares basse harpe flute flutes clarinette
    hautbois basson saxophone trompette trombone cor tuba orgue clavecin accordeon batterie percussions
    tambour timbales xylophone banjo mandoline luth cithare sitar cornemuse harmonica ukulele synthetiseur
    clavier viole vielle fifre kora balafon djembe""".split()
)
# Sports, folded
SPORTS = frozenset(
    """football rugby tennis basket basket-ball basketball volley volley-ball handball hockey golf cyclisme
    athletisme natation boxe judo karate escrime aviron voile ski patinage gymnastique equitation lutte
    baseball cricket badminton squash ping-pong marathon triathlon biathlon curling polo alpinisme
    escalade surf plongee halterophilie""".split()
)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _pattern(name: str) -> str:
    out = []
    for ch in fold(name):
        if ch in _VARIANTS:
            out.append(f"[{_VARIANTS[ch]}]")
        elif ch == "-":
            out.append(r"[-‐‑\s]")
        elif ch == "'":
            out.append(r"['’]\s*")
        elif ch == " ":
            out.append(r"\s+")
        else:
            out.append(re.escape(ch))
    return "".join(out)


@lru_cache(maxsize=1)
def _countries() -> re.Pattern[str]:
    names = sorted(set(data_lines("countries_fr.txt")), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(_pattern(n) for n in names) + r")(?![\w-])", re.IGNORECASE)


def _asked(name: str, exclude: str) -> bool:
    return bool(exclude) and re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", exclude) is not None


def countries(text: str, exclude: str = "") -> list[tuple[int, int]]:
    """The spans of the countries ``text`` names (capitalised), but those that the folded text
    ``exclude`` (the question) names too."""
    return [m.span() for m in _countries().finditer(text) if text[m.start()].isupper() and not _asked(fold(m.group()), exclude)]


def _words(text: str, exclude: str, keep) -> list[tuple[int, int]]:
    return [m.span() for m in _WORD.finditer(text) if keep(w := fold(m.group())) and not _asked(w, exclude)]


def nationalities(text: str, exclude: str = "") -> list[tuple[int, int]]:
    """The spans of the demonyms ``text`` holds ("française", "Américains"), but those the folded
    question ``exclude`` holds too."""
    return _words(text, exclude, lambda w: demonym(w) is not None)


def languages(text: str, exclude: str = "") -> list[tuple[int, int]]:
    """The spans of the languages ``text`` names ("le latin", "francophone"), but those the
    folded question ``exclude`` holds."""
    return _words(text, exclude, lambda w: w in LANGUAGES or (w.endswith("phone") and len(w) > 7))


def trades(text: str, exclude: str = "") -> list[tuple[int, int]]:
    """The spans of the trades ``text`` names ("pilote", "avocate", "professeurs"), but those the
    folded question ``exclude`` holds."""
    return _words(text, exclude, lambda w: w in TRADES or (w[-1:] in "sx" and w[:-1] in TRADES))


def _listed(words: frozenset[str]):
    """A finder of the spans of ``words`` in a text, but those the folded question holds."""

    def find(text: str, exclude: str = "") -> list[tuple[int, int]]:
        return _words(text, exclude, words.__contains__)

    return find


# the noun a question asks with ("Quel pays", "Quelle est la nationalité") -> its class
_FINDERS = (
    (("pays",), countries),
    (("nationalite", "nationalites"), nationalities),
    (("couleur", "couleurs"), _listed(COLOURS)),
    (("langue", "langues"), languages),
    (("metier", "profession"), trades),
    (("religion", "confession"), _listed(RELIGIONS)),
    (("continent",), _listed(CONTINENTS)),
    (("instrument", "instruments"), _listed(INSTRUMENTS)),
    (("sport",), _listed(SPORTS)),
)
KINDS = {noun: find for nouns, find in _FINDERS for noun in nouns}


def named(noun: str | None, text: str, exclude: str = "") -> list[tuple[int, int]] | None:
    """The spans of ``text`` naming one of the class the asked ``noun`` stands for (``KINDS``),
    none that ``exclude`` names; None when the noun asks for no closed class."""
    find = KINDS.get(noun or "")
    return None if find is None else find(text, exclude)


# A state is named by its capital or seat of power as often as by its own name or its people's:
# "Bamako a rompu avec Paris" says that the Mali broke with France (``data/capitals_fr.txt``).
_LINE = re.compile(r"\s*(?P<seat>[^=#]+?)\s*=\s*(?P<land>[^=]+?)\s*(?:=\s*(?P<people>\S+)\s*)?$")


def _name_terms(name: str, analyzer) -> tuple[str, ...]:
    """The analysed terms a sentence naming ``name`` holds: a hyphenated one's joined term
    ("addisabeb"), else all of its terms ("buenos", "air")."""
    terms = analyzer.terms(name)
    return tuple(terms[:1]) if "-" in name and " " not in name else tuple(terms)


@lru_cache(maxsize=1)
def _capitals() -> tuple[re.Match[str], ...]:
    """The lines of ``data/capitals_fr.txt``, each as ``_LINE`` reads it."""
    return tuple(filter(None, map(_LINE.match, data_lines("capitals_fr.txt"))))


@lru_cache(maxsize=1)
def seats() -> frozenset[str]:
    """The capitals and seats of power of ``data/capitals_fr.txt``, folded ("bamako", "kremlin")."""
    return frozenset(fold(m["seat"]) for m in _capitals())


def is_place_name(word: str) -> bool:
    """Whether the capitalised ``word`` names a country, a people or a capital ("Bamako",
    "Russie", "Maliens"): a name, but no person's."""
    folded = fold(word)
    return folded in seats() or demonym(folded) is not None or bool(countries(word))


@lru_cache(maxsize=4)
def metonyms(analyzer) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Analysed term -> the names (each a tuple of terms, all needed) that stand for the same
    state: a capital's or seat's term ("bamako", "kremlin") -> its country's and its people's
    ("mal", "malien"); a one-term country's -> its people's and its capitals', and so on ("mal" ->
    "malien": unlike "Allemagne" and "allemand", their stems part before a fourth letter)."""
    found: dict[str, set[tuple[str, ...]]] = {}
    for m in _capitals():
        seat, land = _name_terms(m["seat"], analyzer), _name_terms(m["land"], analyzer)
        people = m["people"] or PEOPLES.get(fold(m["land"]))
        sides = [seat, land] + ([_name_terms(people, analyzer)] if people else [])
        for side in sides:
            if len(side) != 1:
                continue  # "Afrique du Sud" is not "Afrique" nor "Sud"
            # the seat stands for the land and its people; each of those for the others
            for other in sides:
                if other and other != side:
                    found.setdefault(side[0], set()).add(other)
    return {term: tuple(sorted(names)) for term, names in found.items()}
