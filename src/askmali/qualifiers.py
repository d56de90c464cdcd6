"""Qualifiers that contradict: the question asks about one country's thing, the sentence speaks
of another's.

"Combien de soldats russes sont déployés au Mali ?" against "Un total de 4 500 soldats français
ont été déployés au ... Mali": every question word but one is there, and the missing one,
"russes", is frequent in a corpus about Russia, so its IDF weighs little in the overlap. Yet the
sentence does not answer: it gives the number of *French* soldiers. The same holds for "le
ministre malien des Affaires étrangères" against "le ministre français des Affaires étrangères".

A nationality (a demonym) set right after a noun is the qualifier French writes most and reads
without doubt, so it is the one checked: the question's "<noun> <demonym>" pairs are looked for
in the sentence; when the sentence puts that noun with other demonyms and never with the
question's, it speaks of another thing. (Other adjectives contradict less plainly: "la
principale ville" and "la ville natale" may both be right.) A country after "de" or "du" qualifies
as its people's demonym does: "l'ambassadeur de Russie" against "l'ambassadeur de France".

A president or a minister of another "de" complement contradicts as plainly (``other_title``):
"le président du patronat" said, "le président de la transition" asked.

An extent or a duration contradicts as plainly (``opposite_scope``): "levé la totalité de ses
sanctions" asked, "a partiellement levé ses sanctions" said.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import lazyre
from .analysis import fold

# Demonyms, folded, by stem: an ending (-e, -s, -ne, -nes ...) may follow. A stem is the form
# before the feminine and plural endings ("malien" covers "malienne", "maliens").
_DEMONYM_STEMS = """
malien russe francais americain britannique anglais allemand italien espagnol portugais chinois
japonais turc algerien marocain tunisien libyen egyptien nigerien nigerian burkinabe ivoirien
senegalais mauritanien guineen tchadien camerounais centrafricain soudanais ukrainien syrien
iranien israelien palestinien libanais belge suisse canadien europeen africain sovietique polonais
neerlandais hollandais grec romain autrichien hongrois suedois danois norvegien finlandais
irlandais ecossais indien pakistanais afghan irakien saoudien mexicain bresilien argentin cubain
coreen vietnamien australien prussien bavarois venitien ottoman byzantin serbe croate roumain
bulgare tcheque slovaque congolais gabonais beninois togolais ghaneen kenyan ethiopien somalien
rwandais sud-africain angolais mozambicain malgache qatari emirati jordanien yemenite kurde
georgien armenien azerbaidjanais kazakh ouzbek mongol thailandais indonesien philippin
""".split()
_ENDINGS = r"(?:ne|nes|e|es|s|que|ques)?"  # "malienne", "turque", "grecques"
_DEMONYM = lazyre.compile(
    r"(?P<stem>" + "|".join(sorted((re.escape(s) for s in _DEMONYM_STEMS), key=len, reverse=True)) + rf"){_ENDINGS}$"
)
_WORD = lazyre.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
NOUN_PREFIX = 6  # a noun is known by its first letters, plural mark off: "soldat(s)", "armée(s)"; not "histoire" for "historien"
_NOT_NOUNS = frozenset("le la les l un une des du de d au aux et ou en pour par sur avec dans sans".split())


def demonym(word: str) -> str | None:
    """The demonym stem of a folded word ("maliennes" -> "malien"), or None."""
    m = _DEMONYM.match(word)
    return None if m is None else m.group("stem")


# Countries, folded, by the demonym stem of their people: "l'ambassadeur de Russie" is the Russian
# ambassador, "la capitale du Mali" the Malian capital (one word each; "Burkina" for Burkina Faso)
_COUNTRIES = dict(
    pair.split(":")
    for pair in """
mali:malien russie:russe france:francais etats-unis:americain royaume-uni:britannique
angleterre:anglais allemagne:allemand italie:italien espagne:espagnol portugal:portugais
chine:chinois japon:japonais turquie:turc algerie:algerien maroc:marocain tunisie:tunisien
libye:libyen egypte:egyptien niger:nigerien nigeria:nigerian burkina:burkinabe
senegal:senegalais mauritanie:mauritanien guinee:guineen tchad:tchadien cameroun:camerounais
centrafrique:centrafricain soudan:soudanais ukraine:ukrainien syrie:syrien iran:iranien
israel:israelien liban:libanais belgique:belge suisse:suisse canada:canadien pologne:polonais
grece:grec autriche:autrichien hongrie:hongrois suede:suedois danemark:danois norvege:norvegien
finlande:finlandais irlande:irlandais ecosse:ecossais inde:indien pakistan:pakistanais
afghanistan:afghan irak:irakien mexique:mexicain bresil:bresilien argentine:argentin cuba:cubain
vietnam:vietnamien australie:australien serbie:serbe croatie:croate roumanie:roumain
bulgarie:bulgare gabon:gabonais benin:beninois togo:togolais ghana:ghaneen kenya:kenyan
ethiopie:ethiopien somalie:somalien rwanda:rwandais angola:angolais mozambique:mozambicain
madagascar:malgache qatar:qatari jordanie:jordanien yemen:yemenite georgie:georgien
armenie:armenien mongolie:mongol thailande:thailandais indonesie:indonesien
""".split()
)
PEOPLES = _COUNTRIES  # read by askmali.gazetteer.metonyms
_OF = frozenset("de du d".split())


@lru_cache(maxsize=8192)
def _folded(text: str) -> tuple[str, ...]:
    """The words of ``text``, folded (no apostrophe inside: "l'Economie" is "l", "economie"):
    what every reading below starts from, once for a question and each of its sentences."""
    return tuple(fold(w) for w in _WORD.findall(text))


@lru_cache(maxsize=8192)
def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """The (noun prefix, demonym stem) pairs of ``text``: each word followed by a demonym, or
    by "de" / "du" and a country ("l'ambassadeur de Russie", "la capitale du Mali")."""
    words = _folded(text)
    out = []
    for i, (a, b) in enumerate(zip(words, words[1:])):
        if a in _NOT_NOUNS or len(a) < 3 or demonym(a) is not None:
            continue
        stem = demonym(b)
        if stem is None and b in _OF and i + 2 < len(words):
            stem = _COUNTRIES.get(words[i + 2])  # (not after "de la": "la Russie" is a people's land, "de la France" rarely a qualifier)
        if stem is not None:
            out.append((a.rstrip("sx")[:NOUN_PREFIX], stem))
    return tuple(out)


# Demonyms that name the same people: "soldats anglais" are "soldats britanniques"
_SAME = {"anglais": "britannique", "hollandais": "neerlandais", "ecossais": "britannique"}


def _people(stem: str) -> str:
    return _SAME.get(stem, stem)


@lru_cache(maxsize=8192)
def _named(text: str) -> frozenset[str]:
    """The peoples (``_people`` of the demonyms, and of the countries) ``text`` names anywhere."""
    folded = _folded(text)
    return frozenset(_people(s) for w in folded if (s := demonym(w) or _COUNTRIES.get(w)) is not None)


def contradicts(question: str, sentence: str) -> bool:
    """Whether ``sentence`` qualifies a noun of ``question`` by another nationality than the
    question's, one the question does not name itself, and never by the question's ("soldats
    russes" against "soldats français")."""
    asked = _pairs(question)
    if not asked:
        return False
    said = _pairs(sentence)
    if not said:
        return False
    in_question = _named(question)
    for noun, stem in asked:
        given = {_people(s) for n, s in said if n == noun}
        if given - in_question and _people(stem) not in given:
            return True
    return False


# A president or a minister is pinned down by the "de" complement of the title: "le président de
# la transition" is not "le président du patronat", "le ministre des Armées" not "le ministre des
# Affaires étrangères". Only these two titles: a "maire de Shanghai" is also "maire de la
# municipalité de Shanghai", a "représentant de l'organisation ouest-africaine" the "représentant
# de la Cedeao" (with chef, directeur, maire, représentant ... as well, PIAF dev lost 4 right
# answers for 3 wrong ones refused, and the seeds one).
_TITLES = frozenset({"president", "presidente", "ministre"})
# what may stand between the title and its "de", besides a nationality ("le ministre français des
# Armées"): "le ministre délégué de ...", "le président adjoint du ..."
_TITLE_QUALIFIERS = frozenset("general generale adjoint adjointe delegue deleguee special speciale".split())
COMPLEMENT_PREFIX = 5  # a complement is known by its first letters: "Défense" / "défense", "Armées" / "armée"


@lru_cache(maxsize=8192)
def _titled(text: str) -> tuple[tuple[str, str], ...]:
    """The (title, complement prefix) pairs of ``text``: "le ministre de la Défense" ->
    ("ministre", "defen"); "le Premier ministre" is a title of its own ("premier ministre")."""
    words = _folded(text)
    out = []
    for i, w in enumerate(words):
        if w not in _TITLES:
            continue
        title = "premier ministre" if w == "ministre" and i and words[i - 1] == "premier" else w
        j = i + 1
        while j < len(words) and (words[j] in _TITLE_QUALIFIERS or demonym(words[j]) is not None):
            j += 1
        if j < len(words) and words[j] in ("de", "du", "des", "d"):
            j += 1
            while j < len(words) and words[j] in ("la", "le", "les", "l"):
                j += 1
            if j < len(words) and len(words[j]) >= 3:
                out.append((title, words[j][:COMPLEMENT_PREFIX]))
    return tuple(out)


def other_title(question: str, sentence: str) -> bool:
    """Whether ``sentence`` gives the question's title ("président", "ministre") only with other
    complements, and holds the question's complement nowhere: "l'ancien président du patronat
    malien, Mamadou Sinsy Coulibaly" does not say who "le président de la transition" is."""
    asked = _titled(question)
    if not asked:
        return False
    said = _titled(sentence)
    for title, complement in asked:
        given = {c for t, c in said if t == title}
        if given and complement not in given and not any(w[:COMPLEMENT_PREFIX] == complement for w in _folded(sentence)):
            return True
    return False


# Words of extent and duration that exclude each other: "a partiellement levé ses sanctions" does
# not say when they were all lifted, "un cessez-le-feu provisoire" not when peace was made for
# good. Folded; each side's words are matched whole, a plural "s" allowed.
_OPPOSED_SCOPES = (
    (("totalite", "totalement", "entierement", "completement", "integralement", "en totalite", "en entier"),
     ("partiellement", "en partie", "partiel", "partielle", "une partie")),
    (("definitivement", "definitif", "definitive"),
     ("temporairement", "provisoirement", "temporaire", "provisoire")),
)
_SCOPE_WORDS = {
    words: lazyre.compile(rf"\b(?:{'|'.join(map(re.escape, words))})s?\b")
    for pair in _OPPOSED_SCOPES for words in pair
}


def opposite_scope(question: str, sentence: str) -> bool:
    """Whether ``sentence`` says only the opposite extent or duration of the question's ("levé
    la totalité de ses sanctions" asked, "a partiellement levé ses sanctions" said)."""
    asked, said = fold(question), fold(sentence)
    for one, other in _OPPOSED_SCOPES:
        for mine, theirs in ((one, other), (other, one)):
            if _SCOPE_WORDS[mine].search(asked) and _SCOPE_WORDS[theirs].search(said) and not _SCOPE_WORDS[mine].search(said):
                return True
    return False


# Who a number of people counts: the civilians of a toll are not its soldiers ("près de 40 soldats
# maliens abattus" does not say how many civilians were killed)
_CIVILIANS = frozenset("civil civils civile civiles".split())
_ARMED = frozenset(
    "soldat soldats militaire militaires combattant combattants mercenaire mercenaires jihadiste jihadistes "
    "djihadiste djihadistes terroriste terroristes rebelle rebelles assaillant assaillants policier policiers "
    "gendarme gendarmes casque casques".split()
)
# people counted, and what a number of people is not: "Combien de Mauritaniens ... ?" is not
# answered by "les deux pays", nor "Combien de soldats ...?" by "trois ans"
_PEOPLE_COUNTED = frozenset(
    "personnes gens habitants hommes femmes enfants morts victimes blesses otages refugies deplaces "
    "prisonniers detenus manifestants".split()
)
_NO_PEOPLE = frozenset(
    "pays etats villes villages regions ans annees mois jours semaines heures minutes siecles fois kilometres km "
    "metres tonnes dollars euros francs".split()
)
# what may stand between a number and the noun it counts: "plusieurs dizaines de mercenaires"
_SCALES = frozenset("de d des million millions milliard milliards millier milliers centaine centaines dizaine dizaines".split())


def counts_otherwise(question: str, counted: str, after: str) -> bool:
    """Whether the number of a sentence, followed by ``after``, counts other people than the
    "Combien de ``counted`` ...?" question asks for: another people's ("plusieurs dizaines de
    mercenaires russes" for "Combien de soldats maliens ...?", when the question names no
    Russian), soldiers for civilians and civilians for soldiers ("près de 40 soldats maliens
    abattus" for "Combien de civils ...?"), or no people at all for people ("les deux pays" for
    "Combien de Mauritaniens ...?")."""
    words = list(_folded(after)[:6])
    while words and words[0] in _SCALES:
        words.pop(0)
    if not words:
        return False
    noun, asked = words[0], fold(counted)
    if (asked in _CIVILIANS and noun in _ARMED) or (asked in _ARMED and noun in _CIVILIANS):
        return True
    if noun in _NO_PEOPLE and (asked in _CIVILIANS or asked in _ARMED or asked in _PEOPLE_COUNTED or demonym(asked) is not None):
        return True  # "les deux pays" counts no Mauritanians
    said = demonym(words[1]) if len(words) > 1 else None
    if said is None:
        return False
    wanted = {_people(stem) for n, stem in _pairs(question) if n == asked.rstrip("sx")[:NOUN_PREFIX]}
    return bool(wanted) and _people(said) not in wanted and _people(said) not in _named(question)
