"""Question types and the spans that answer them.

``question_type`` reads the interrogative ("Quand", "Combien", "Qui", "Où", "Pourquoi", or
their English and accent-less forms) and ``find_typed_span`` finds, in a candidate sentence, a
span of the expected kind: a date for Quand, a number for Combien, a person for Qui, a place
for Où. Both are plain regular expressions: fast, predictable, and testable on the seeds.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from . import lazyre
from .analysis import OPENING_WORDS, stopwords

# the days of the week: "ce jeudi" dates a statement, "mardi" answers "quel jour"
WEEKDAYS = "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"

_MONTHS = (
    r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre"
    r"|janv\.|f[ée]vr\.|avr\.|juil\.|sept\.|oct\.|nov\.|d[ée]c\."
    r"|january|february|march|april|june|july|august|september|october|november|december"
)
_YEAR = r"(?:1[0-9]\d\d|20\d\d)"
YEAR = _YEAR  # a year from 1000 to 2099, as dates and answering read it
_YEARS = lazyre.compile(rf"\b({_YEAR})\b")


def years_in(text: str) -> frozenset[str]:
    """The years ``text`` names, as written ("... tués en 2021 ?" -> {"2021"})."""
    return frozenset(_YEARS.findall(text))


# Before or after the common era: "500 av. J.-C.", "XIIe siècle av. J.-C.", "vers 350 avant Jésus-Christ"
_ERA = r"(?:av|apr)\.?\s*J\.?\s?-?\s?C\.?|(?:avant|après)\s+(?:J\.?\s?-?\s?C\b\.?|Jésus-Christ|notre ère|l['’]ère chrétienne)"
DATE = lazyre.compile(
    rf"(?:\b(?:\d{{1,4}}|[IVXLC]+e\s+siècle)\s+(?:{_ERA}))"
    r"|(?:\bann[ée]es\s+(?:1[0-9]\d0|20\d0|[1-9]0)\b)"  # a decade: "dans les années 1950" is not 1950
    r"|(?:\b(?:[IVX]{1,5}|\d{1,2})(?:e|er|ème|eme|ième|ieme)\s+(?:et|ou|au)\s+(?:le\s+|du\s+)?"
    r"(?:[IVX]{1,5}|\d{1,2})(?:e|er|ème|eme|ième|ieme)\s+si[èe]cles?\b)"  # two: "XVIe et XVIIe siècles"
    r"|(?:\b(?:[IVX]{1,5}|\d{1,2})(?:e|er|ème|eme|ième|ieme)\s+si[èe]cle\b)"  # a century: "XVe siècle", "14e siècle"
    rf"|(?:\b\d{{1,2}}(?:er)?\s+(?:{_MONTHS})(?:\s+{_YEAR})?)"
    rf"|(?:\b(?:{_MONTHS})\s+{_YEAR})|(?:\b{_YEAR}\b)|(?:\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b)"
    r"|(?:(?<=\ben )|(?<=\bvers )|(?<=\ban )|(?<=\bEn ))[1-9]\d{2}\b(?!\s*(?:%|€|\$|km|kg|m\b|000))"  # "en 761"
    rf"|(?:\bce\s+(?:{WEEKDAYS})\b(?!\s+\d))",  # "a déclaré ce jeudi"
    re.IGNORECASE,
)
_APPROXIMATE = r"huitaines?|quinzaines?|vingtaines?|trentaines?|quarantaines?|cinquantaines?|soixantaines?"  # "une cinquantaine de caractères"
_NUMBER_WORDS = (
    r"deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente|quarante"
    r"|cinquante|soixante|cent|cents|mille|millions?|milliards?|dizaines?|centaines?|milliers?|douzaine"
    rf"|{_APPROXIMATE}"
)
_MULTIPLIERS = r"millions?|milliards?|mille"
# units written glued to their number, which is then one word: "10pt", "4Go", "2,4GHz", "25mm";
# not inside a file name ("7mb.file")
_GLUED_UNITS = r"pts?|cm|mm|km|kg|mg|[kmgt]io|[kmgt]o|[kmgt]i?b|[kmg]?hz|ms|px|em|ex|bp|dpi|kwh?|mah"
# a number in figures or in words, compounds joined ("vingt-quatre", "vingt-et-un", "cent quinze"), with its
# multiplier ("4,4 millions", "quatre millions", "une dizaine de millions", "des centaines de
# milliers") and its per cent sign
NUMBER = lazyre.compile(
    rf"(?:≈\s*)?(?:\b(?:plusieurs|quelques|une?)\s+(?=(?:dizaines?|centaines?|milliers|millions?|milliards?|{_APPROXIMATE})\b))?"  # "plusieurs centaines", "un milliard"
    rf"(?:\b(?:dizaines?|centaines?|milliers|douzaines?)\s+de\s+(?:millions?|milliards?|milliers)\b"
    rf"|\b\d{{1,3}}(?:[ \u00a0\u202f]\d{{3}})+(?:,\d+)?\b|\b\d+(?:[,.]\d+)?(?:(?:{_GLUED_UNITS})\b(?![.\-/]\w))?\b"
    rf"|\b(?:{_NUMBER_WORDS})(?:-(?:et-)?(?:{_NUMBER_WORDS}|une?)|\s+(?:{_NUMBER_WORDS})\b)*\b"
    r"|\b(?:une?\s+seule?|zéro)\b)"  # "qu'un seul serveur", "une seule fois": one, not an article
    rf"(?:\s+(?:{_MULTIPLIERS})\b)?(?:\s*%)?",
    re.IGNORECASE,
)
_UPPER = r"[A-ZÀÂÄÉÈÊËÎÏÔÖÙÛÜÇ]"
_NAME = rf"{_UPPER}[\w'’\-]+"
_TITLES = (
    r"M\.|Mme|président|présidente|ministre|général|colonel|capitaine|porte-parole|premier ministre"
    r"|chef|secrétaire général|commandant|dirigeant"
)
PERSON = lazyre.compile(
    rf"(?:(?:{_TITLES})\s+(?:[\w\-]+\s+){{0,4}}?)?\b{_NAME}(?:\s+(?:de\s+|d[’']|le\s+)?{_NAME})+"
    rf"|(?:{_TITLES})\s+{_NAME}"
)
_PLACE_HEADS = (
    "République|Royaume|Empire|Principauté|Duché|Grand-Duché|Comté|Province|Etat|État|Émirat|Emirat|Sultanat"
    "|Califat|Union|Île|Ile|Îles|Iles|Golfe|Mer|Lac|Mont|Cap|Baie|Détroit|Val|Vallée|Région|Territoire|Côte"
)
# ... a state's or a region's name with its head and complement: "à la République fédérale
# d'Allemagne", "en République démocratique du Congo", "au Royaume de Naples", "en Côte d'Ivoire"
# (not "à Paris de Londres"), or with its adjective alone ("en République tchèque", "de l'Empire ottoman")
_ADJECTIVE = r"\s+(?!(?:de|du|des|et|ou|à|au|aux|en|pour|par|sur|dans|avec|qui|que|où|le|la|les|un|une|est|sont|a|se)\b)[a-zà-ÿ]+"
_OF_NAME = rf"(?:{_ADJECTIVE})?\s+(?:de\s+(?:la\s+)?|du\s+|des\s+|d[’']\s*){_NAME}(?:[\s\-]{_NAME})*"
PLACE = lazyre.compile(
    rf"\b(?:à|au|aux|en|dans|vers|depuis|de|du|sur)\s+(?:la\s+|le\s+|l[’']\s*)?"
    rf"(?:(?:{_PLACE_HEADS})\b(?:{_OF_NAME}|{_ADJECTIVE}\b)|{_NAME}(?:[\s\-]{_NAME})*)"
)
# an acronym, "Name de Name", or a name with its adjective and the place it is of ("l'Etat
# islamique au Sahel", "le Front islamique du salut" is not: its complement is no name)
ORGANISATION = lazyre.compile(
    rf"\b[A-Z]{{2,}}\b|\b{_NAME}\s+(?:de|des|du)\s+{_NAME}|\b{_NAME}\s+[a-zà-ÿ]{{4,}}\s+(?:au|aux|du|de|des|en)\s+{_NAME}"
)

# Capitalised words that start a sentence or name a thing, not a person.
_NOT_NAMES = frozenset(
    """Le La Les L Un Une Des Du De Ce Cette Ces En Au Aux Dans Pour Par Selon Depuis Après Avant
    Alors Mais Et Ou Il Elle Ils Elles On Nous Si Sans Sur Entre Malgré Lors Comme Quand The A An
    Mali Maliens Malien France Russie Moscou Paris Bamako Afrique Etat Etats Union Nations Conseil
    Groupe Crisis Forces Force Ministère Gouvernement Assemblée Monde Le_Monde Deutsche Welle RFI
    Sahel Alliance Fédération République Jeune Communiqué Rapport Voir Briefing Entretien Entretiens""".split()
)


# ... and quantifiers, which open a sentence before a capitalised noun ("Plusieurs Maliens ...")
# but may open a description ("Plusieurs fois ministre, il ...")
_QUANTIFIERS = frozenset("plusieurs certains certaines".split())


def _small_word(word: str) -> bool:
    """A capitalised word that is a stopword or opens a sentence (``analysis.OPENING_WORDS``:
    "Son Apocalypse", "Puis Pierre", "Récemment le Québec") or a quantifier, not a name."""
    folded = _fold(word).split("'")[0]
    return folded in stopwords() or folded in OPENING_WORDS or folded in _QUANTIFIERS


def _is_person(match: str) -> bool:
    words = [w.strip("’'-") for w in match.replace("’", " ").replace("'", " ").split()]
    names = [w for w in words if w[:1].isupper() and w not in _NOT_NAMES and not _small_word(w)]
    return len(names) >= 1 and (len(names) >= 2 or any(t in match for t in ("M.", "Mme", "ministre", "président", "général", "colonel")))


_PATTERNS = {
    "date": DATE,
    "number": NUMBER,
    "person": PERSON,
    "place": PLACE,
    "organisation": ORGANISATION,
}

_Q = r"quel(?:le)?s?"  # "quel", "quelle", "quels", "quelles"
_ASKED = r"(?:est|etait|fut|sera|serait|a ete|avait ete) (?:la |le |l')"  # "Quelle est / a été la date ..."
_WH = lazyre.compile(r"\b(?:quel(?:le)?s?|lequel|laquelle|lesquel(?:le)?s|qui|quoi|quand|combien|comment|pourquoi"
                 r"|what|who|when|where|why|which|how)\b|^\s*(?:que\b|qu'|ou\b)|\b(?:par|d') ?ou\b")

# "Quel pays ...", "Quelle est la dernière dynastie ...": the noun the question asks about
_ASKED_NOUN = lazyre.compile(rf"\b{_Q}\s+(?:(?:est|sont|etait|etaient|fut)\s+)?(?:l'|le |la |les )?([^\W\d_]{{3,}})")


def asked_noun(folded: str) -> str | None:
    """The noun after "Quel" in the folded question ``folded`` ("quelle operation" ->
    "operation"), or None; "commande" for what to type or run ("que faut-il lancer en root
    ...", "je tape quoi ?", ``_TO_TYPE``)."""
    m = _ASKED_NOUN.search(folded)
    if m is None and _TO_TYPE.search(folded):
        return "commande"
    return m.group(1) if m else None


# What to type or run: "..., que lancer ?", "que faut-il exécuter ...", "je tape quoi ?",
# "quoi taper pour ..." (folded)
_RUN_VERBS = r"(?:lancer|taper|executer|saisir|entrer)"  # infinitives: "Que lance le roi ?" asks a thing
_TO_TYPE = lazyre.compile(
    rf"\b(?:que|qu'|quoi)\s+(?:(?:faut[- ]il|dois[- ]je|doit[- ]on|peut[- ]on|puis[- ]je)\s+)?{_RUN_VERBS}\b"
    r"|\b(?:je|on|j'|tu)\s*(?:lance|tape|execute|saisis|saisit|entre|dois\s+taper|dois\s+lancer)\s+quoi\b"
)


# The noun after "Quel" names the kind of answer: "Quel port" a place, "Quel capitaine" a person,
# "Quelle coalition" an organisation. Nouns answered by one bare name or a lower-case phrase
# ("opération" -> "Serval", "ministère" -> "ministère de la Défense") stay untyped: the
# organisation pattern would miss their answer and the missing type would refuse it (measured:
# seeds -2 answers with them). With the nouns below: answer accuracy seeds 0.676 (same), PIAF dev
# 0.6249 -> 0.6255, test 0.5799 -> 0.5808; span F1 seeds 0.342 -> 0.369, dev 0.2741 -> 0.2750,
# test 0.2509 -> 0.2517; the documents set unchanged.
# A measure asked for by its noun: "A quelle distance ...", "Quel âge ...", "Quelle est la durée
# ...": a number answers ("15 km", "à 20 ans", "29,53 jours"). Not "prix" (an award as often as a
# price), "fréquence" ("chaque année"), nor "Quelle population" (which people); but "Quelle est
# la population de Berlin ?" asks how many ("environ 3,8 millions d'habitants").
# A computer's measures too: "Quelle mémoire vive ...", "espace disque minimal ...", "débit".
MEASURE_NOUNS = frozenset(
    """age duree taille distance longueur hauteur largeur profondeur diametre surface capacite vitesse
    salaire somme temperature masse densite score montant budget cout delai valeur poids debit quota""".split()
)
MEASURE_PHRASES = ("memoire vive", "espace disque")
_MEASURES = rf"(?:{'|'.join((*sorted(MEASURE_NOUNS), *MEASURE_PHRASES))})"
# (folded) "combien de temps", "combien d'années ...": how long; "combien coûte / vaut": a price,
# whose number takes its currency ("100 millions de dollars")
_HOW_LONG = r"\bcombien de temps\b|\bcombien (?:d'|de )(?:annees|ans|mois|jours|semaines|heures|minutes|siecles|decennies)\b"
_HOW_MUCH = r"\bcombien (?:coute|coutent|coutait|coutaient|coutera|couterait|couteraient|vaut|valent|valait|valaient)\b"
_MEASURE_Q = rf"\b{_Q} (?:{_ASKED})?{_MEASURES}\b|\b{_Q} {_ASKED}population\b|{_HOW_LONG}|{_HOW_MUCH}"
_PRICE_Q = lazyre.compile(_HOW_MUCH)
# The nouns of a person's role: "Quel ministre ...", "Quel est le nom du président ...",
# "Comment s'appelle le porte-parole ...?" ask for a person's name.
_ROLES = ("ministre|premier ministre|presidente?|porte[- ]parole|chef|dirigeante?|auteure?|autrice|general|responsable"
          "|officier|personnalite|capitaine|colonel|commandant|roi|reine|empereur|imperatrice|pape|ecrivaine?"
          "|artiste|journaliste|opposante?|imam|juge|diplomate|ambassadeur|ambassadrice|depute|senateur|maire"
          "|gouverneur|philosophe|poete|compositeur|chanteur|chanteuse|acteur|actrice|realisateur|realisatrice"
          "|inventeur|inventrice|fondateur|fondatrice|createur|creatrice|peintre|architecte|savant|patron|patronne"
          "|directeur|directrice|secretaire general|representante?|militante?|entraineur|epouse|mari|femme|pere|mere"
          "|fils|fille|frere|soeur|successeur|predecesseur|heritier|heritiere"
          "|procureure?|avocate?|commissaire|prefet|eveque|cardinal|prince|princesse|duc|duchesse|comte|comtesse"
          "|marechal|lieutenant|amiral|chancelier|chanceliere|consul|emir|sultan|calife|pharaon|tsar|pasteur|rabbin"
          "|professeure?|medecin|chercheur|chercheuse|historien|historienne|romancier|romanciere|musicien|musicienne"
          "|conseiller|conseillere|vice-presidente?|entrepreneur|entrepreneuse|producteur|productrice|traducteur|traductrice")
# (folded) the words that ask for a name: "comment s'appelle", "comment se nomme", "quel est le nom de"
_CALLED = r"comment (?:s'appel\w*|se nomm\w*)"
_NAMED_AS = rf"(?:\b{_CALLED}|\bcomment l'appel\w*|\bquel est le nom (?:du|de la|de l'))"
# ... before a role: "Comment s'appelle l'actuel chef ...?"
_ROLE_AGE = r"ex-|ancien(?:ne)? |actuel(?:le)? |nouvel(?:le)? |nouveau "  # "l'actuel chef", "l'ex-président"
_ROLE_NAMED = rf"{_NAMED_AS} (?:le |la |l' ?)?(?:{_ROLE_AGE})?(?:{_ROLES})\b"
_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("date", lazyre.compile(rf"\bquand\b|\bdepuis quand\b|\b{_Q} (?:date|annee|jour|mois|periode|epoque|siecle|decennie)\b"
                        rf"|\b(?:a|en|de|vers|depuis|jusqu'a) {_Q} (?:moment|epoque|periode|annee|siecle|date)\b"
                        rf"|\b{_Q} {_ASKED}(?:date|annee|jour|mois|siecle|decennie)\b|\ben quelle annee\b|\bwhen\b|\bwhat (?:year|date|month)\b"
                        r"|\bin which year\b")),
    ("number", lazyre.compile(rf"\bcombien\b|\bquel (?:nombre|pourcentage|montant|effectif|chiffre|taux)\b"
                          r"|\bquelle (?:proportion|part|fraction|quantite)\s+(?:de|des|du|d')"
                          rf"|\b{_Q} {_ASKED}(?:nombre|pourcentage|montant|effectif|chiffre|taux|superficie|altitude|proportion|quantite)\b"
                          rf"|{_MEASURE_Q}"
                          r"|\bhow (?:many|much)\b|\bnombre de\b")),
    ("reason", lazyre.compile(r"\bpourquoi\b|\bpour quelles? raisons?\b|\bquelles? (?:raisons?|causes?)\b|\bwhy\b")),
    ("place", lazyre.compile(rf"^\s*ou\b|\bd'ou\b|\bpar ou\b|\bwhere\b"
                         r"|\b(?:dans|en) quel(?:le)? (?:pays|ville|region|localite|endroit|lieu)\b"
                         r"|\bquel(?:le)? (?:pays|ville|region|localite|endroit|capitale|lieu|port|quartier|commune"
                         r"|village|fleuve|riviere|ile|continent|departement|province|aeroport|lac|montagne|mer)\b"
                         r"|^\W*quel(?:le)? (?:est|etait|sera|fut) (?:le |la )?(?:pays|ville|capitale|localite)\b")),
    ("person", lazyre.compile(rf"\bqui\b|\bwho\b|\bquel(?:le)?s? (?:ex-|ancien(?:ne)?s? )?(?:{_ROLES})\b|\bwhich (?:minister|president|person)\b"
                          rf"|^\W*quel(?:le)? (?:est|etait|sera|fut) (?:le |la |l')?(?:nom (?:du|de la|de l') ?)?(?:{_ROLES})\b"
                          rf"|{_ROLE_NAMED}")),
    ("organisation", lazyre.compile(r"\bquel(?:le)?s? (?:organisation|groupe|institution|societe|entreprise|force|mission"
                                r"|coalition|association|parti|agence|ong|syndicat|compagnie|banque|universite|alliance"
                                r"|federation|commission|comite|fondation|organisme|institut)\b"
                                r"|\bwhich (?:group|organisation|organization)\b")),
    ("definition", lazyre.compile(r"qu'?\s?est[- ]?ce qu(?:e\b|')|que (?:signifie|designe|veut dire)|\bwhat is\b|c'est quoi"
                              r"|^\W*que (?:sont|etaient) (?:les|des) |^\W*qu'?\s?appelle[- ]t[- ]on\b")),
    ("list", lazyre.compile(r"\bquel(?:le)?s sont\b|\blesquel(?:le)?s\b|\bwhich .* are\b")),
]
# A yes/no question has no interrogative word: "La France a-t-elle continué ... ?" is one,
# "A quelle occasion ... se combattirent-elles ?" is not.
# (hurried: "est ce que la russie va partir", "d'apres le porte parole, est ce que ...")
_YESNO = lazyre.compile(r"^\s*(?:(?:selon|d'apres|pour)\s[^,?]{1,60},\s*)?est[- ]ce\s+qu|^\s*(?:est-ce|is|are|does|did|do|was|were|can|has|have)\b|-t-(?:il|elle|on)\b"
                    r"|\w-(?:il|elle|ils|elles|on)\b")

_EST_CE_QUE = lazyre.compile(r"est[- ]ce qu(?:e\b|')|est-ce")  # "Est-ce que ...?" asks yes or no, its "que" no thing
_CE_QUI = lazyre.compile(r"\b(?:qu'est[- ]ce |ce )qui\b")
_QUAND_MEME = lazyre.compile(r"\bquand (?:bien )?meme\b")  # "tournent quand même": "still", no date asked
# A question opening on "quel" or "lequel" asks for the thing it names; a later "qui" is a
# relative pronoun, unless a preposition or "celui" leads it ("à qui", "celui qui").
_ASKS_WHICH = lazyre.compile(
    r"^\W*(?:(?:a|de|dans|en|par|pour|sur|avec|selon|d'|sous|vers|chez)\s*)?(?:quel(?:le)?s?|lequel|laquelle|lesquel(?:le)?s)\b"
    rf"|^\W*{_CALLED}\b"  # "Comment se nomme la nouvelle unité qui ...?": a thing's name, "qui" relates
)
_RELATIVE_QUI = lazyre.compile(r"(?<!\ba )(?<!\bde )(?<!\bpar )(?<!\bavec )(?<!\bchez )(?<!\bcontre )(?<!\bpour )(?<!\bcelui )(?<!\bcelle )(?<!\bceux )(?<!\bcelles )\bqui\b")


@lru_cache(maxsize=8192)  # the question is folded once per candidate sentence, spans repeat
def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.casefold().replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c))


def names(asked: str, found: str) -> bool:
    """Whether the folded question ``asked`` holds ``found`` (folded) as whole words: "Kati"
    is not named by "Katiba", nor "15" by "2015"."""
    at = asked.find(found)
    while at >= 0:
        end = at + len(found)
        if (at == 0 or not asked[at - 1].isalnum()) and (end == len(asked) or not asked[end].isalnum()):
            return True
        at = asked.find(found, at + 1)
    return False


# "Qui est Issa Kaou Djim ?" asks who that person is (a description), not for a name. PIAF dev:
# answer accuracy 0.6249 -> 0.6249 (+2 questions), span F1 0.2707 -> 0.2715; test: -1 question, F1 +0.001.
_WHO_IS_NAME = lazyre.compile(r"^\W*(?:[Qq]ui|[Ww]ho)\s+(?:est|était|etait|fut|sont|étaient|is|was)\s+[A-ZÀ-Þ][\w'’\-]*[^?]*\??\s*$")


_LEADING_ASK = lazyre.compile(r"\W*(?:(?:en|pendant|de|a|depuis|sur)\s+)?(combien|pourquoi)\b(?=.*\bquand\b)")


def question_type(question: str) -> str:
    """date, number, reason, place, person, organisation, definition, list, yesno or other."""
    q = question.strip()
    if q.startswith(("Où", "où", "OÙ")):
        return "place"
    if _WHO_IS_NAME.match(q):
        return "definition"
    folded = _fold(q)
    folded = _CE_QUI.sub(" ", folded)  # "qu'est-ce qui", "ce qui": a thing, not a person
    folded = _QUAND_MEME.sub(" ", folded)
    if _ASKS_WHICH.match(folded):  # "Quels sont les événements qui ...": "qui" relates, it does not ask
        folded = _RELATIVE_QUI.sub(" ", folded)
    if (lead := _LEADING_ASK.match(folded)) is not None:
        # "Combien de fois ... quand on signe ?", "Pourquoi ... quand ...?": the question's own
        # interrogative, not a "quand" in its clause, says what is asked
        return "number" if lead.group(1) == "combien" else "reason"
    for name, pattern in _RULES:
        if pattern.search(folded):
            if name == "place" and folded.startswith("ou ") and "ou bien" in folded:
                continue
            return name
    if _YESNO.search(folded) and not _WH.search(_EST_CE_QUE.sub(" ", folded)):
        return "yesno"
    return "other"


# Function words that are English and not French, and French ones that are not English: a
# question with two of the first and none of the second is asked in English.
_ENGLISH = frozenset(
    """the of and to is was were are did does do what who whom whose when where which how why with
    for from by at this that these those after before about also have has had their its his her
    they there been will would should could into than many much""".split()
)
_FRENCH = frozenset(
    """le la les des du de est et un une au aux que qui quel quelle quels quelles ou quand pourquoi
    comment combien ce cette ces dans pour par sur avec il elle ils elles sont ont selon""".split()
)
_TOKEN = lazyre.compile(r"[a-z]+")


def in_english(question: str) -> bool:
    """Whether ``question`` is asked in English ("Did the United States also cut military aid
    ...?"): two English function words or more, and no French one."""
    words = _TOKEN.findall(_fold(question).replace("'", " "))
    return sum(w in _ENGLISH for w in words) >= 2 and not any(w in _FRENCH for w in words)


def find_typed_span(sentence: str, qtype: str, question: str = "") -> tuple[int, int] | None:
    """The first span of the expected kind in ``sentence`` that the question does not itself
    contain (a date the question mentions is not its answer), or None."""
    options = typed_options(sentence, qtype, question)
    return options[0] if options else None


def typed_options(sentence: str, qtype: str, question: str = "") -> list[tuple[int, int]]:
    """Every span of the expected kind in ``sentence`` that the question does not itself contain
    (``find_typed_span`` gives the first)."""
    if qtype not in _PATTERNS:
        return []
    asked = _fold(question)
    found = [(start, end, text) for start, end, text in _typed_matches(sentence, qtype) if not names(asked, text)]
    if qtype == "number" and asks_share(question):
        found = sorted(found + [(m.start(), m.end(), _fold(m.group())) for m in FRACTION.finditer(sentence)])
    if qtype == "number" and asks_duration(question) and not any(with_duration(sentence, a, b) for a, b, _ in found):
        found = sorted(found + [(m.start(), m.end(), _fold(m.group())) for m in ONE_TIME.finditer(sentence)])
    if qtype == "person":
        found = [_without_asked_tail(sentence, f, asked) for f in found]
        found = [f for f in found if not _named_by_question(sentence[f[0] : f[1]], asked)]
    if qtype == "place":
        found = _places(found, asked)
    return [(start, end) for start, end, _ in found]


_LAST_WORD = lazyre.compile(r"\s+(\S+)$")
_NEXT_WORD = lazyre.compile(r"\s*[^\w\s]*\s*(\w[\w'’\-]*)")


def _without_asked_tail(sentence: str, f: tuple[int, int, str], asked: str) -> tuple[int, int, str]:
    """A person match (start, end, folded text) without the words it ends on that open a phrase
    the folded question ``asked`` quotes from the sentence: "Henri Lanoë Ne" in "... de Henri Lanoë
    Ne jouez pas avec les Martiens" for "Qui a écrit l'oeuvre qui inspire Ne jouez pas avec les
    Martiens ?" is "Henri Lanoë" ("Salt Lake City en Utah" stays whole for "... de Salt Lake City,
    qui ..."). Unchanged when what is left ends on no name."""
    start, end, _ = f
    while (last := _LAST_WORD.search(sentence, start, end)) is not None:
        after = _NEXT_WORD.match(sentence, end)
        if after is None or not names(asked, _fold(f"{last.group(1)} {after.group(1)}")):
            break
        end = last.start()
    rest = sentence[start:end].split()
    if end == f[1] or not rest or not re.fullmatch(_NAME, rest[-1]) or not _is_person(sentence[start:end]):
        return f
    return start, end, _fold(sentence[start:end]).strip()


def _named_by_question(span: str, asked: str) -> bool:
    """Whether the person ``span`` is one the folded question ``asked`` names: two names or more,
    all in the question, whatever the title before them ("colonel Abdoulaye Maïga" for "Qui
    dirigeait le gouvernement avant l'intérim d'Abdoulaye Maïga ?"). One name alone may be
    another's ("M. Manier" created the "Coupe Manier"); the surname alone too ("Alfonso Gesualdo"
    for "... le frère de Carlo Gesualdo"; excluding those cost PIAF dev span F1 0.0002).
    PIAF dev F1 +0.0002 (+1 question), seeds and documents unchanged."""
    found = [_fold(w) for w in re.findall(_NAME, span)]
    return len(found) > 1 and all(names(asked, n) for n in found)


def _places(found: list[tuple[int, int, str]], asked: str) -> list[tuple[int, int, str]]:
    """Of the place matches ``found`` (start, end, folded text), those that can answer the
    folded question ``asked``: the place, not its preposition, must be new ("à Guilgal" for "Où
    se situe Guilgal ?"), and a century is no place ("au XVIe"); a place after "de" answers only
    "D'où ...?", or when the sentence gives no other ("Où se trouve Zaatcha ?": "dans les Aurès",
    not the complement "de Zaatcha" before it)."""
    kept = []
    for f in found:
        bare = _PREPOSED.sub("", f[2])
        if not _CENTURY.fullmatch(bare) and not names(asked, bare):
            kept.append(f)
    if _FROM.search(asked):
        return kept
    return [f for f in kept if not _OF.match(f[2])] or kept


_FROM = lazyre.compile(r"\bd'\s*ou\b|\bde ou\b|\b(?:origine|originaire|provenance|vien\w*|venu\w*|issue?s?)\b")
_OF = lazyre.compile(r"(?:de|du|d')\b")
_PREPOSED = lazyre.compile(r"^(?:a|au|aux|en|dans|vers|depuis|de|du|sur)\s+(?:(?:la|le)\s+|l'\s*)?")
_CENTURY = lazyre.compile(r"[ivxlc]+(?:e|er|eme)?")


@lru_cache(maxsize=16384)  # the sentences of top passages recur from question to question
def _typed_matches(sentence: str, qtype: str) -> tuple[tuple[int, int, str], ...]:
    """Every span of kind ``qtype`` in ``sentence`` that can answer (folded, non-empty, and a
    person for "person"), whatever the question: ``find_typed_span`` filters them."""
    out = []
    for m in _PATTERNS[qtype].finditer(sentence):
        found = _fold(m.group(0)).strip()
        if qtype == "number" and not states_quantity(sentence, m, found):
            continue  # "Combien ...?" is not answered by "en 1848", "le 15 août" or "section 10.2"
        if found and (qtype != "person" or _is_person(m.group(0))):
            start = m.start()
            if qtype == "person":  # "Selon Pascal Confavreux": the name, not the word the sentence opens on
                lead = _leading_not_name(m.group(0))
                if lead:
                    start += lead
                    found = _fold(sentence[start : m.end()]).strip()
            out.append((start, m.end(), found))
    return tuple(out)


# The capitalised words a person match may open on that are not part of the name ("Selon",
# "Après", "Le"): the words of _NOT_NAMES, but the places and bodies, which can be ("Union").
_PLACES_AND_BODIES = frozenset(
    "Mali France Russie Paris Moscou Bamako Afrique Etat Etats Union Nations Conseil Sahel".split()
)
_LEADING_WORDS = sorted(
    (w for w in _NOT_NAMES if w.isalpha() and len(w) > 1 and w not in _PLACES_AND_BODIES), key=len, reverse=True
)
_LEADING_NOT_NAME = lazyre.compile(rf"(?:(?:{'|'.join(_LEADING_WORDS)})\s+)+(?=[A-ZÀ-Þ])")
_WORD_AND_SPACE = lazyre.compile(r"(\S+)\s+(?=[A-ZÀ-Þ])")


def _leading_not_name(match: str) -> int:
    """How many characters of a person match are the words it opens on that are not the name:
    those of ``_LEADING_NOT_NAME``, then any stopword or opening adverb ("Son", "Récemment")."""
    lead = _LEADING_NOT_NAME.match(match)
    at = lead.end() if lead else 0
    while (word := _WORD_AND_SPACE.match(match, at)) is not None and _small_word(word.group(1)):
        at = word.end()
    return at


TYPED = frozenset(_PATTERNS)


# A number that refers to a place in a text, not a quantity: a footnote call ("[2]"), a section,
# page, line, figure or item number ("section 10.2", "p. 14", "les lignes 7 à 10", "N°185"), a
# dotted section number, or the index of a list item ("2. Installer ...").
# The second number of a range counts too: the "10" of "les lignes 7 à 10", "pages 12-14".
_REFERS = lazyre.compile(
    r"(?:\b(?:sections?|chapitres?|chap\.|pages?|p\.|pp\.|figures?|fig\.|tableaux?|tableau|annexes?|notes?"
    r"|articles?|art\.|volumes?|vol\.|tomes?|versions?|paragraphes?|lignes?|colonnes?|étapes?|etapes?"
    r"|exercices?|équations?|equations?|§|n°|no\.)\s*(?:\d+\s*(?:à|a|au|et|-|–)\s*)?)$",
    re.IGNORECASE,
)
_DOTTED = lazyre.compile(r"\d+(?:\.\d+)+")
_DOTTED_HEAD = lazyre.compile(r"\d\.$")
_LIST_INDEX = lazyre.compile(r"\s*\d+[.)]\s")


def find_quantity(sentence: str, question: str = "") -> tuple[int, int] | None:
    """The first number in ``sentence`` that states a quantity (what "Combien ...?" asks for)
    and that the question does not itself contain, or None. Unlike ``find_typed_span(...,
    "number")`` it skips numbers that point into a text: footnote calls, section, page, figure
    or item numbers, dotted section numbers and list indexes ("La section 10.2 traite du sujet"
    states no quantity)."""
    asked = _fold(question)
    counted = counted_noun(asked)
    durations_count = counted is None or counted in ("temps", "fois") or bool(_TIME_NOUN.fullmatch(counted))
    for m in NUMBER.finditer(sentence):
        found = _fold(m.group(0)).strip()
        if found and not names(asked, found) and states_quantity(sentence, m, found):
            if not durations_count and _TIME_NOUN.match(sentence, m.end()):
                continue  # "Combien de téléspectateurs ...?" is not answered by "seize ans de service"
            if counted is not None and _MEASURED.match(sentence, m.end()) and asked_unit(question) is None:
                continue  # nor "Combien de morts ...?" by "située à 15 km de Bamako"
            return m.start(), m.end()
    if asks_share(question) and (m := FRACTION.search(sentence)) is not None:
        return m.start(), m.end()
    if asks_duration(question) and (m := ONE_TIME.search(sentence)) is not None:
        return m.start(), m.end()
    if counted == "fois" and (m := _ONCE.search(sentence)) is not None:
        return m.start(), m.end()  # "Combien de fois ...?": "qu'une fois", "une seule fois"
    return None


_ONCE = lazyre.compile(r"\b(?:une|1)\s+(?:seule\s+)?fois\b", re.IGNORECASE)


# The noun a "Combien de ...?" question counts ("mois" in "De combien de mois ...?", "habitants"
# in "combien d'habitants ..."), and the nouns of a duration: a question that counts something
# else than time is not answered by "seize ans" or "24 mois".
_COUNTED = lazyre.compile(r"\bcombien\s+(?:de\s+|d['’]\s*)([^\W\d_]{3,})", re.IGNORECASE)
_TIME_NOUN = lazyre.compile(
    r"\s*(?:ans?|annees?|années?|mois|jours?|semaines?|heures?|minutes?|secondes?|siecles?|siècles?"
    r"|decennies?|décennies?)\b",
    re.IGNORECASE,
)


_MEASURE_ASKED = lazyre.compile(_MEASURE_Q)
# What follows a measure's number: a range's other end ("six à huit minutes", "entre 7 et 10
# ans"), then its unit, a lower-case word or a symbol ("km", "ans", "hommes", "MW/an", "%", "°C"),
# not a link word ("15 pour cent" aside, which the number pattern already takes in).
_RANGE = lazyre.compile(r"\s+(?:à|a|et|ou)\s+(?=\d|[^\W\d_])")
_UNIT = lazyre.compile(r"\s*(?:%|°\s?[CF]\b|[a-zà-ÿµ][\w/²³µ]*|[A-Z]{1,3}(?:/[a-z]+)?\b(?![\w'’]))")
_NOT_UNITS = frozenset(
    "de d du des la le les l et ou à a au aux en pour par sur dans avec qui que qu est sont ont était "
    "fut sera il elle ils elles se sa son ses ce cette ces un une contre soit environ dont selon avant après apres "
    "entre chez sans sous vers lors".split()
)


_MULTIPLIED = lazyre.compile(r"(?:millions?|milliards?)$", re.IGNORECASE)
_OF_UNIT = lazyre.compile(r"\s*(?:d['’]\s?|de\s+)[a-zà-ÿ][\w-]*")


# Two dates joined as a range ("entre 2015 et 2017", "de 1967 à 1969", "1997-1998"): the range
# answers "Quand ...?", not its first date alone; "et" joins a range only after "entre".
_DATE_RANGE = lazyre.compile(r"\s*(?:[-–]|à|au|et|jusqu['’]en|jusqu['’]à)\s*")
BETWEEN = lazyre.compile(r"\bentre\s+$", re.IGNORECASE)  # before a range ("entre 2015 et 2017", "entre 7 et 10 ans")
# ... but a birth or a death is one end of a life's span: "En quelle année est décédé Christopher
# Marlowe ?" is answered by the second date of "(1564-1593)", a birth by the first
# (folded) a birth: "naissance", "naquit", or "né" after its auxiliary ("est ne", typed without
# accents too); a bare "ne" is a negation ("Quand LO ne présente-t-elle ...?"). Not
# spans._BORN_WORD / _DIED_WORD, which read text as written (a sentence's too) and know other
# words ("disparu"; "décède", folded "decede", is a death only here): one pattern for both would
# change which questions ask a life's end
_BORN = lazyre.compile(r"\b(?:naissance|naquit|(?:est|sont|etait|etaient|fut|furent|-il|-elle|-ils|-elles)\s+nee?s?)\b")
_DIED = lazyre.compile(r"\b(?:morte?s?|meurt|mourut|decedee?s?|deces)\b")


def date_ranges(sentence: str, options: list[tuple[int, int]], question: str = "") -> list[tuple[int, int]]:
    """The date ``options`` (character spans of ``sentence``, in order) with every two that make a
    range (``_DATE_RANGE``) merged into one, "entre" before them included; of a range, only its
    first date when the question asks when someone was born, its last when they died."""
    asked = _fold(question)
    end = 0 if _BORN.search(asked) else 1 if _DIED.search(asked) else None
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(options):
        a, b = options[i]
        if i + 1 < len(options):
            c, d = options[i + 1]
            gap = sentence[b:c]
            between = BETWEEN.search(sentence, 0, a)
            if c >= b and _DATE_RANGE.fullmatch(gap) and (gap.strip() != "et" or between):
                if end is not None:
                    out.append(((a, b), (c, d))[end])
                else:
                    out.append((between.start() if between and gap.strip() == "et" else a, d))
                i += 2
                continue
        out.append((a, b))
        i += 1
    return out


def asks_measure(question: str) -> bool:
    """Whether ``question`` asks for a measure by its noun ("A quelle distance ...", "Quel âge
    ...", "Quelle est la durée ..."): its answer is a number with its unit."""
    return _MEASURE_ASKED.search(_fold(question)) is not None


def with_unit(sentence: str, start: int, end: int) -> tuple[int, int] | None:
    """The number of ``sentence`` at ``start``-``end`` widened to a range's other end and to its
    unit ("15" -> "15 km", "six" -> "six à huit minutes"), or None when no unit follows it."""
    m = _RANGE.match(sentence, end)
    if m is not None:
        other = NUMBER.match(sentence, m.end())
        if other is not None:
            end = other.end()
    of = _OF_UNIT.match(sentence, end) if _MULTIPLIED.search(sentence, start, end) else None
    if of is not None:  # "3,8 millions d'habitants"
        return start, of.end()
    if sentence[start:end].rstrip().endswith("%"):
        return start, end  # "11 %" has its unit, not "11 % spécifiés"
    unit = _UNIT.match(sentence, end)
    if unit is None or unit.group().strip().casefold() in _NOT_UNITS:
        return None
    return start, unit.end()


# A share asked for ("Quelle proportion des sondés ...?", "Quelle part du budget ...?") is a
# number out of another ("neuf personnes interrogées sur dix"), a per cent or a fraction in words
# ("un tiers", "deux-tiers", "la moitié"), which answers no other number question ("Combien était
# payé ...?" is not answered by "la moitié").
_SHARE_Q = lazyre.compile(r"\b(?:proportion|part|fraction)\b")
_OUT_OF = lazyre.compile(r"(?:\s+[^\W\d_][\w'’\-]*){0,3}?\s+sur\s+")
FRACTION = lazyre.compile(r"\b(?:(?:un|deux|trois)[\s-]+(?:tiers|quarts?)|moitié)\b", re.IGNORECASE)


# A unit written as a symbol after a number belongs to it, whatever the question: "2 Gio",
# "15 km", "40 %", "150 MW", "3 €" ("Combien d'espace disque ...?" is not answered by "2")
_SYMBOL_UNIT = lazyre.compile(
    r"[ \u00a0\u202f]?(?:%|‰|€|\$|°\s?[CF]|[kKMGTP]i?[oB]|octets?|[kMG]?W(?:h)?|[kMG]?Hz|km[²2]?|m[²2³3]|cm|mm|kg|mg|ha)(?![\w'’])"
)


# ... and so does a currency named after it: "148,5 millions de dollars", "101 milliards de francs
# CFA", "500 euros" ("Combien les États-Unis ont-ils accordé ...?" is not answered by "148,5 millions")
_CURRENCY_AFTER = lazyre.compile(
    r"(?:[ \u00a0\u202f]+(?:de|d['’])[ \u00a0\u202f]*|[ \u00a0\u202f]+)"
    r"(?:dollars?(?:[ \u00a0\u202f]+(?:américains|US|canadiens))?|euros?|francs?(?:[ \u00a0\u202f]+(?:CFA|suisses?))?|FCFA"
    r"|roubles?|livres?[ \u00a0\u202f]+sterling|yens?|yuans?|dinars?|dirhams?)(?![\w'’])"
)


def with_symbol(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The number of ``sentence`` at ``start``-``end`` with the unit symbol (``_SYMBOL_UNIT``) or
    the currency (``_CURRENCY_AFTER``) that follows it, if one does."""
    m = _SYMBOL_UNIT.match(sentence, end) or _CURRENCY_AFTER.match(sentence, end)
    return (start, m.end()) if m is not None else (start, end)


_DURATION_Q = lazyre.compile(rf"{_HOW_LONG}|\b(?:quelle|la) duree\b|\bquel delai\b")
# a unit of time after a number, an adjective between them allowed ("dix dernières années")
_WITH_TIME = lazyre.compile(
    r"(?:\s+(?:derni[eè]re?s?|premi[eè]re?s?|longue?s?|bonne?s?))?"
    r"\s*(?:ans?|ann[ée]es?|mois|jours?|semaines?|heures?|minutes?|secondes?|si[eè]cles?|d[ée]cennies?)\b",
    re.IGNORECASE,
)


def asks_duration(question: str) -> bool:
    """The question asks how long: "combien de temps", "combien d'années", "quelle durée"."""
    return _DURATION_Q.search(_fold(question)) is not None


def with_duration(sentence: str, start: int, end: int) -> tuple[int, int] | None:
    """The number of ``sentence`` at ``start``-``end`` with the unit of time after it ("dix
    ans", "dix dernières années"), or None when no unit of time follows it; "une semaine" as it is."""
    if ONE_TIME.fullmatch(sentence, start, end):
        return start, end
    m = _RANGE.match(sentence, end)  # "six à huit minutes"
    if m is not None and (other := NUMBER.match(sentence, m.end())) is not None:
        end = other.end()
    m = _WITH_TIME.match(sentence, end)
    return None if m is None else (start, m.end())


# One unit of time, said with the article: "au moins une semaine pour obtenir une mise à jour
# relue" says how long as "18 mois" does, where the sentence gives no other duration; "un"/"une"
# is no number anywhere else
ONE_TIME = lazyre.compile(
    r"\b(?:un|une)(?:\s+(?:petite?|bonne|longue|seule?|courte))?[\s-]+"
    r"(?:an|année|annee|mois|jour|semaine|heure|minute|seconde|siècle|siecle|décennie|decennie)\b",
    re.IGNORECASE,
)


def states_duration(sentence: str) -> bool:
    """Whether ``sentence`` gives a number with a unit of time ("18 mois", "six à huit minutes",
    "une semaine")."""
    return ONE_TIME.search(sentence) is not None or any(
        with_duration(sentence, m.start(), m.end()) is not None for m in NUMBER.finditer(sentence)
    )


def measured_unit(question: str) -> str | None:
    """The kind of unit a measure question's number must come with: ``asked_unit``'s, or a
    currency for "Combien coûte / vaut ...?" (which ``asked_unit`` leaves out: a sentence giving
    "quelques millions" bare still answers it)."""
    return asked_unit(question) or ("currency" if _PRICE_Q.search(_fold(question)) else None)


def asks_share(question: str) -> bool:
    """The question asks what share of a whole something is."""
    return _SHARE_Q.search(_fold(question)) is not None


def out_of(sentence: str, start: int, end: int) -> tuple[int, int] | None:
    """The number of ``sentence`` at ``start``-``end`` widened to the whole it is a share of
    ("neuf" -> "neuf personnes interrogées sur dix"), or None when no "sur N" follows it."""
    m = _OUT_OF.match(sentence, end)
    if m is None:
        return None
    whole = NUMBER.match(sentence, m.end())
    return None if whole is None else (start, whole.end())


# A physical measure's unit after a number: the number measures, it counts no people or things
_MEASURED = lazyre.compile(
    r"\s*(?:(?:kilo|centi|milli)?m[eè]tres?(?:\s+(?:carr[ée]s?|cubes?))?|kilos?|kilogrammes?|grammes?|tonnes?|litres?"
    r"|hectares?|(?:km|cm|mm|m|kg|g|t|ha|l)(?:2|²|3|³)?)(?![\w/])",
    re.IGNORECASE,
)


def counted_noun(question: str) -> str | None:
    """The noun a "Combien de ...?" question counts, as written, or None."""
    m = _COUNTED.search(question)
    return m.group(1) if m else None


def counts(sentence: str, end: int, counted: str) -> bool:
    """Whether the number of ``sentence`` that ends at ``end`` is followed by the noun
    ``counted`` (its first five letters: "habitant" for "habitants"), after a multiplier's "de"
    ("huit millions de signatures"): a number of that thing."""
    return re.compile(rf"\s*(?:(?:de\s+|d['’]))?{re.escape(counted[:5])}", re.IGNORECASE).match(sentence, end) is not None  # re caches it


def states_quantity(sentence: str, m: re.Match, found: str) -> bool:
    """Whether the number ``m`` of ``sentence`` (``found``: its folded text) states a quantity,
    rather than pointing into a text (a footnote call, a section, page or list number) or
    saying when (a year after "en", "depuis"..., a day of a month)."""
    if _REFERS.search(sentence[max(0, m.start() - 20) : m.start()]) or _DOTTED.fullmatch(m.group(0).strip()):
        return False
    if _DOTTED_HEAD.search(sentence, max(0, m.start() - 16), m.start()):
        return False  # the "2" of "6.3.2 Importation d'images": the end of a section number
    if sentence[: m.start()].rstrip().endswith(("[", "(")) and sentence[m.end() :].lstrip().startswith(("]", ")")):
        return False  # "[2]", "(3)": a footnote call
    if not sentence[: m.start()].strip() and _LIST_INDEX.match(sentence[m.start() :]):
        return False
    if _YEAR_ONLY.fullmatch(found) and _WHEN.search(sentence[max(0, m.start() - 16) : m.start()]):
        # "depuis 2013", "en juillet 2022": when, not how many; but "un bataillon de 2000 hommes"
        # counts them
        return bool(_OF_BEFORE.search(sentence, max(0, m.start() - 4), m.start())) and bool(_COUNTED_NOUN.match(sentence, m.end()))
    if _YEAR_ONLY.fullmatch(found) and sentence[: m.start()].rstrip().endswith(",") and sentence[m.end() :].lstrip().startswith((")", "]")):
        return False  # "(Carlisle et The LATEX3 Project, 2016)": a citation's year
    if any(a <= m.start() and m.end() <= b for a, b in _day_months(sentence)):
        return False  # "le 15 août 2022": a day
    if _YEAR_ONLY.fullmatch(found) and not _COUNTED_AFTER.match(sentence, m.end()):
        return False  # "la saison 2005", "(1937)", "2003 et 2006": a year, unless things are counted ("1500 hommes")
    return True


_YEAR_ONLY = lazyre.compile(r"(?:1[5-9]|20)\d\d")
_OF_BEFORE = lazyre.compile(r"\bde\s+$")
# a plural noun right after the number (not a quantifier that opens another phrase: "de 2013
# plusieurs fois", "de 1990 nombreux ...")
_COUNTED_NOUN = lazyre.compile(
    r"\s+(?!(?:plusieurs|quelques|certains|certaines|nombreux|nombreuses|divers|diverses|les|des|ses|leurs|nos|vos|mes|tes|ces|dans|sous|vers|apres|après|puis|alors|ans)\b)[a-zà-ÿ]{3,}[sx]\b"
)
_COUNTED_AFTER = lazyre.compile(r"\s+(?!(?:et|ou|à|a|au|aux|en|de|des|du|le|la|les|l|un|une|par|pour|sur|dans|avec|il|elle|ils|elles|qui|que|se)\b)[a-zà-ÿ]{3,}")
_DAY_MONTH = lazyre.compile(rf"\b\d{{1,2}}(?:er)?\s+(?:{_MONTHS})\b", re.IGNORECASE)


def _day_months(sentence: str) -> list[tuple[int, int]]:
    return [m.span() for m in _DAY_MONTH.finditer(sentence)]
_WHEN = lazyre.compile(
    r"(?:\b(?:en|depuis|dès|des|de|du|jusqu'en|avant|après|apres|entre|et|vers|fin|début|debut|mi|au|à|a|in|since)"
    r"|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre"
    r"|\d{1,2}(?:er)?)[\s-]*$",
    re.IGNORECASE,
)


# What a question that asks for an amount in a unit expects to read. "Combien de tonnes d'or ...?"
# is not answered by "D'une valeur de 100 millions de dollars, ...", nor "Quel est le prix d'une
# licence ...?" by a sentence that names no currency.
_ASKED_UNITS = (
    ("mass", lazyre.compile(r"\bcombien de (?:tonnes?|kilos?|kilogrammes?|grammes?)\b", re.IGNORECASE)),
    ("volume", lazyre.compile(r"\bcombien de (?:litres?|barils?|mètres? cubes?)\b", re.IGNORECASE)),
    ("length", lazyre.compile(r"\bcombien de (?:kilomètres?|km|mètres?|miles?)\b", re.IGNORECASE)),
    (
        "area",
        lazyre.compile(
            r"\bcombien d[’']hectares\b|\bcombien de (?:km2|km²|kilomètres? carrés?)\b"
            r"|^\W*quelle (?:est|était|sera) la superficie\b",
            re.IGNORECASE,
        ),
    ),
    # "Quelle est la population de Berlin ?": "environ 3,8 millions d'habitants", "plusieurs
    # milliers de personnes (environ 16 000)" (PIAF's three such questions), not "dix années"
    ("people", lazyre.compile(r"^\W*quelle (?:est|était|etait|sera|fut) la population\b", re.IGNORECASE)),
    (
        "currency",
        lazyre.compile(
            r"\bcombien de (?:dollars?|euros?|francs?)\b"
            r"|\bcombien (?:co[uû]te|co[uû]tent|co[uû]tait|co[uû]taient|vaut|valent|valait|valaient|a co[uû]té)\b"
            r"|^\W*quel(?:le)? (?:est|était|sera|fut|a été|avait été) (?:le |la )?(?:prix|co[uû]t|montant|budget|tarif|salaire)\b"
            r"|^\W*(?:[àa] )?quel (?:montant|budget|co[uû]t|tarif|salaire)\b|\b[àa] combien s[’']él[eè]ve"
            r"|\ben (?:euros|dollars|francs)\b"
            r"|^\W*(?:le |la )?(?:prix|co[uû]t|montant|tarif) (?:du|de|des|d[’'])",  # typed as a search: "prix du litre ..."
            re.IGNORECASE,
        ),
    ),
)
_STATED_UNITS = {
    "mass": lazyre.compile(r"\b(?:tonnes?|kilos?|kilogrammes?|grammes?|quintaux)\b|\d\s*(?:t|kg|g|mg)\b", re.IGNORECASE),
    "volume": lazyre.compile(r"\b(?:litres?|barils?|hectolitres?|mètres? cubes?)\b|\d\s*(?:l|m3|m³|hl)\b", re.IGNORECASE),
    "length": lazyre.compile(r"\b(?:kilomètres?|mètres?|miles?|centimètres?)\b|\d\s*(?:km|m|cm)\b", re.IGNORECASE),
    "area": lazyre.compile(
        r"\b(?:hectares?|kilomètres? carrés?|mètres? carrés?|ares)\b|\d\s*(?:km2|km²|m2|m²|ha)\b", re.IGNORECASE
    ),
    # a count of people, not "neuf personnes interrogées sur dix"
    "people": lazyre.compile(
        r"\b(?:habitants?|âmes|résidents)\b|\b(?:milliers|millions|milliards) de personnes\b|\d\s*personnes\b", re.IGNORECASE
    ),
    "currency": lazyre.compile(
        r"\b(?:dollars?|euros?|francs?|fr|fcfa|cfa|usd|eur|xof|roubles?|yens?|yuans?|livres? sterling|centimes?|cents?)\b"
        # "$" only beside a number or as a column's unit, "Prix ($)": "${shlibs:Depends}" or
        # "$HOME" is a shell variable
        r"|[€£¥]|\d\s?(?:US\s?)?\$|\$\s?(?:US\b|\d)|\(\s?(?:US\s?)?\\?\$\s?\)",  # "(\\$)" in LaTeX
        re.IGNORECASE,
    ),
}


def asked_unit(question: str) -> str | None:
    """The kind of unit an amount question asks for ("mass", "volume", "length", "area",
    "people", "currency"), or None."""
    for name, pattern in _ASKED_UNITS:
        if pattern.search(question):
            return name
    return None


def states_unit(sentence: str, unit: str) -> bool:
    """Whether ``sentence`` states an amount in the kind of unit ``unit`` (``asked_unit``)."""
    return bool(_STATED_UNITS[unit].search(sentence)) and NUMBER.search(sentence) is not None


# "Quelle est la capitale du Mali ?", "Quel est le président de ...?": the answer is a name.
_ASKS_NAME = lazyre.compile(
    r"^\W*quel(?:le)? (?:est|etait|sera|fut) (?:le |la |l')?(?:nom (?:du|de la|de l') ?)?(?:pays|ville|capitale|localite"
    r"|president(?:e)?|premier ministre|ministre|chef|dirigeant(?:e)?|fondat(?:eur|rice)|directeur|directrice|ambassadeur"
    r"|ambassadrice|maire|auteur|autrice|secretaire general|commandant|porte-parole)\b"
    r"|^\W*quel(?:le)? (?:est|etait|sera|fut|a ete) (?:le )?nom (?:du|de la|de l'|des|d')"  # any name: "le nom du représentant"
)
# "Comment s'appelle le porte-parole ...?", "Quel est le nom du ministre ...?", "Quel ministre
# ...?": a person's name is asked for by a role (not "Qui ...?", which a group may answer)
# ... and "Qui est l'épouse de ...?", "Qui était le chef de ...?": a role's holder is a person,
# or a group doing the thing (``answering.lacks_person`` lets that pass). PIAF dev, its 82 such
# questions asked as is and with their gold passages hidden: 8 more wrong answers refused, 1
# right one (test: 3 and 1)
_ASKS_PERSON_NAME = lazyre.compile(
    rf"{_ROLE_NAMED}|^\W*quel(?:le)? (?:est|etait|sera|fut) (?:le |la |l')?(?:{_ROLES})\b"
    rf"|^\W*qui (?:est|etait|fut|sera|sont|etaient) (?:le |la |l' ?|les )?(?:{_ROLE_AGE})?(?:{_ROLES})s?\b"
    rf"|^\W*(?:c'est qui|qui c'est) (?:le |la |l' ?)?(?:{_ROLE_AGE})?(?:{_ROLES})\b"  # hurried: "c'est qui le premier ministre"
)


# "Quel journaliste ...?", "Quelle actrice ...?": which holder of a role, a person; the answer may
# also be the role's full title ("Quel ministre ...?": "le ministre de l'Economie et des Finances")
_ASKS_WHICH_ROLE = lazyre.compile(rf"^\W*quel(?:le)?s? (?:{_ROLE_AGE})?(?:{_ROLES})\b")


def asks_which_role(question: str) -> bool:
    """Whether the question asks which holder of a role ("Quel journaliste de Reuters ...?")."""
    return bool(_ASKS_WHICH_ROLE.search(_fold(question)))


def asks_person_name(question: str) -> bool:
    """Whether the question asks for a person's name by a role (``_ASKS_PERSON_NAME``)."""
    return bool(_ASKS_PERSON_NAME.search(_fold(question)))


_CAPITALISED = lazyre.compile(r"[^\W\d_][\w'’\-]*")
# ... and the role itself, also after "Qui est ...", by the word starts that say it: "Qui est
# l'ambassadeur de Russie à Bamako ?" is answered by a sentence that names an ambassador. Only
# roles that a sentence names as such: a "chef", a "dirigeant" or a "directeur" is as often said
# by "menée par", "en prend la direction", "le souverain" (PIAF dev: 4 right answers refused).
_ROLE_WORDS = {  # the role as the question says it (its start) -> the words that name it in a sentence
    "president": r"\bpresid", "premier ministre": r"\bministre", "ministre": r"\bministre",
    "fondateur": r"\bfond|\bcre[ea]", "fondatrice": r"\bfond|\bcre[ea]", "ambassad": r"\bambassad", "maire": r"\bmaire", "secretaire general": r"\bsecretaire",
    "commandant": r"\bcommand", "porte-parole": r"\bporte.parole", "capitale": r"\bcapital",
}
_ROLE = lazyre.compile(
    rf"^\W*(?:(?:quel(?:le)?|qui) (?:est|etait|sera|fut) (?:le |la |l')(?:nom (?:du |de la |de l'))?"
    rf"|{_CALLED} (?:le |la |l' ?))(?P<role>{'|'.join(_ROLE_WORDS)})"  # "comment s'appelait l'ambassadeur"
)


def asked_role(question: str) -> str | None:
    """The words that name the role a question asks the holder of, as a pattern over folded
    text ("Qui est l'ambassadeur de Russie ?" -> ``\\bambassad``), or None."""
    m = _ROLE.search(_fold(question))
    return _ROLE_WORDS[m.group("role")] if m else None


def asks_name(question: str) -> bool:
    """Whether the question asks which place or person holds a role ("Quelle est la capitale
    du Mali ?", "Quel est le président de ...?"): its answer is a name."""
    return bool(_ASKS_NAME.search(_fold(question)))


def names_new(sentence: str, question: str) -> bool:
    """Whether ``sentence`` holds a capitalised word that the question does not: a name ("Bamako
    est la capitale du Mali." does; "L'État malien ... ni même sa capitale." does not). Its
    first word counts only when it is no French word (``spelling.is_french_word``): "L'État",
    "Depuis" are capitalised because they open the sentence."""
    from .spelling import is_french_word

    asked = _fold(question)
    for i, _, core in _capitalised(sentence):
        folded = _fold(core)
        if not names(asked, folded) and (i > 0 or not is_french_word(folded)):
            return True
    return False


def _capitalised(sentence: str):
    """Each capitalised word of ``sentence``: its index among the sentence's words, the word, and
    the word without its elided article ("L'État" -> "État")."""
    for i, m in enumerate(_CAPITALISED.finditer(sentence)):
        word = m.group()
        if word[0].isupper():
            yield i, word, re.sub(r"^\w{1,2}['’]", "", word)


def names_person(sentence: str, question: str) -> bool:
    """Whether ``sentence`` holds a word that may be a person's name the question does not hold:
    capitalised, no French word ("Finances", "Nations" of an institution's name are, and so is
    a sentence's capitalised first word, "Cette") and no country, people or capital
    ("Bamako"). "... sa sœur Geneviève", "... son frère, Drogon, ..." do; "... conduite par le
    ministre de l'Economie et des Finances ..." does not."""
    from .gazetteer import is_place_name
    from .spelling import is_french_word

    asked = _fold(question)
    for _, word, core in _capitalised(sentence):
        if len(word) < 2:
            continue
        folded = _fold(core)
        if not names(asked, folded) and not is_french_word(folded) and not is_place_name(core) and folded not in _MONTHS_SHORT:
            return True
    return False


# A month shortened ("Nov. 2025 — Appel de la France ...", a timeline's row): no one's name
_MONTHS_SHORT = frozenset("janv fevr fev avr juil sept oct nov dec".split())


# A rank asked for ("À quelle place le club termine-t-il ?", "Quel est le classement de ...?",
# "À quel rang ...?") is answered by an ordinal: "17e place", "troisième", "2nd".
_ASKS_RANK = lazyre.compile(
    r"\b(?:(?:a|en)\s+quel(?:le)?\s+(?:place|position|rang)|quel(?:le)?\s+(?:place|position|rang|classement)"
    r"|quel(?:le)?\s+(?:est|etait|fut)\s+(?:le|la|l')\s*(?:place|position|rang|classement)|combientieme)\b"
)
_ORDINAL = lazyre.compile(
    r"\b(?:\d{1,3}(?:e|er|re|ère|ème|eme|nd|nde|es|èmes)|premi(?:er|ère|ers|ères)|second(?:e)?|"
    r"(?:deux|trois|quatr|cinqu|six|sept|huit|neuv|dix|onz|douz|treiz|quatorz|quinz|seiz|vingt|trent)ième|dernier|dernière)\b"
    r"(?:\s+(?:place|position|rang))?",
    re.IGNORECASE,
)


def asks_rank(question: str) -> bool:
    """Whether ``question`` asks for a rank or a place in a ranking."""
    return _ASKS_RANK.search(_fold(question)) is not None


def ordinal(sentence: str, question: str = "") -> tuple[int, int] | None:
    """The first ordinal of ``sentence`` that the question does not hold, one that names its
    place first ("passé de la 99ème à la 111ème place": "111ème place"), or None."""
    asked = _fold(question).split()
    found = [m for m in _ORDINAL.finditer(sentence) if _fold(m.group().split()[0]) not in asked]
    placed = [m for m in found if len(m.group().split()) > 1]
    return (placed or found)[0].span() if found else None
