"""What a thing is: the question that asks it, the sentences that say it (from the Debian
manuals in ../shared/documents and the seeds), and the answer the engine gives over the
maint-guide's HTML chapters, where a shell script used to answer "Qu'est-ce que lintian ?"."""

from __future__ import annotations

import pytest

from askmali import definitions, spans

from conftest import engine_over, shared_documents


def test_a_question_that_asks_what_a_thing_is_names_it():
    assert definitions.asked("Qu'est-ce que lintian ?") == ("lintian", False)
    assert definitions.asked("Qu'appelle-t-on un parrain ?") == ("parrain", False)
    assert definitions.asked("Qu'est-ce qu'un paquet source ?") == ("paquet source", False)
    assert definitions.asked("qu'est ce que le BTS?") == ("BTS", False)
    assert definitions.asked("C'est quoi le GSIM ?") == ("GSIM", False)
    assert definitions.asked("À quoi sert pbuilder ?") == ("pbuilder", False)
    assert definitions.asked("Qui est Assimi Goïta ?") == ("Assimi Goïta", True)
    assert definitions.asked("Que fait lintian ?") == ("lintian", False)
    assert definitions.asked("Quel est le rôle de l'Africa Corps ?") == ("Africa Corps", False)
    assert definitions.asked("Quelle est la fonction d'Élisabeth Borne ?") == ("Élisabeth Borne", True)  # her title
    assert definitions.asked("Quelle est la profession de Claude Hagège ?") == ("Claude Hagège", True)
    assert definitions.asked("Quelle est la fonction du foie ?") == ("foie", False)
    # the links of a name do not count towards its length
    assert definitions.asked("Quel est le but de l'Alliance des Etats du Sahel ?") == ("Alliance des Etats du Sahel", False)
    assert definitions.asked("qui est Jean de Lattre de Tassigny?") == ("Jean de Lattre de Tassigny", True)
    # a clause, a name asked for, another question
    assert definitions.asked("Qu'est-ce que le dey d'Alger accorde à la France sous le Directoire ?") is None
    assert definitions.asked("Qui est le fondateur de Wagner ?") is None
    assert definitions.asked("Quand la Cedeao a-t-elle levé ses sanctions ?") is None


def defines(sentence: str, question: str) -> bool:
    asked = definitions.asked(question)
    assert asked is not None
    return definitions.defines(sentence, asked, spans.verb_like)


def test_a_sentence_that_says_what_the_thing_is_or_does_defines_it():
    # maint-guide and debian-reference (../shared/documents), as the readers give them
    assert defines(
        "La commande lintian exécute de nombreux scripts de tests pour vérifier la plupart des erreurs "
        "habituelles d'empaquetage.", "Qu'est-ce que lintian ?")
    assert defines("pbuilder = partie principale de l'outil pour l'environnement chroot de Debian ;",
                   "Qu'est-ce que pbuilder ?")
    assert defines(
        "sudo(8) est un programme conçu pour permettre à un administrateur système de donner des "
        "privilèges d'administration limités aux utilisateurs.", "Qu'est-ce que sudo ?")
    assert defines("LuaTEX , le successeur de pdfTEX.", "Qu'est-ce que LuaTeX ?")


def test_a_sentence_that_only_names_the_thing_does_not():
    assert not defines("cowbuilder = accélération de l'exécution de pbuilder ;", "Qu'est-ce que pbuilder ?")
    assert not defines("Vous devriez consulter le BTS avant de les installer.", "Qu'est-ce que le BTS ?")
    assert not defines("Le paquetage babel est chargé par défaut par la classe ulthese.", "Qu'est-ce que babel ?")
    assert not defines("bidi ne fonctionne pas avec LuaTEX.", "Qu'est-ce que LuaTeX ?")
    # "à" folds to the auxiliary "a"; a preposition puts the thing out of the subject
    assert not defines("ajouter Build-Depends: debhelper (>=10) à la section du paquet source,",
                       "Qu'est-ce que debhelper ?")
    assert not defines(
        "Pour un paquet source, cela veut dire que tous les paquets binaires auxquels il se réfère ont "
        "été récupérés par un autre paquet source.", "Qu'est-ce qu'un paquet source ?")
    # seeds (002_29e0faa7f984317a.txt): a person is said by a copula or an apposition
    assert not defines("Le cas d'Issa Kaou Djim est assez illustratif.", "Qui est Issa Kaou Djim ?")


def test_a_sentence_that_takes_the_thing_up_from_the_one_before_defines_it():
    """Seeds (001_eb65ca922daaa8d5.txt): the Alliance is named at the end of one sentence and
    taken up as "Cette structure" by the next, which says what it is for."""
    asked = definitions.asked("Quel est le but de l'Alliance des Etats du Sahel ?")
    before = ("Peu après, la même tendance s'est observée au Burkina Faso et au Niger, entraînant la "
              "formation de l'Alliance des États du Sahel (AES).")
    sentence = ("Cette structure, qui réunit aujourd'hui ces trois pays, ambitionne d'assurer une sécurité "
                "collective indépendante des anciennes puissances coloniales et de renforcer leur souveraineté.")
    assert definitions.defines_back(sentence, before, asked, spans.verb_like)
    assert not definitions.defines(sentence, asked, spans.verb_like)  # it does not name the thing
    # the sentence before must name it; a pronoun, "Ces derniers", a time or a person are not taken up
    assert not definitions.defines_back(sentence, "Le Mali a rompu avec la France.", asked, spans.verb_like)
    ghi = definitions.asked("Qu'est-ce que le ghi ?")
    palace = "Il fait construire un palais de matériaux inflammables, dont la laque et le ghi (beurre clarifié)."
    assert not definitions.defines_back("Il fait ensuite présent de ce palais aux Pandava.", palace, ghi, spans.verb_like)
    assert not definitions.defines_back("Ces derniers peuvent suivre leur profil.", palace, ghi, spans.verb_like)
    assert not definitions.defines_back("Cette année voit sa fin.", palace, ghi, spans.verb_like)
    assert definitions.defines_back("Ce produit sert à la cuisine indienne.", palace, ghi, spans.verb_like)
    goita = definitions.asked("Qui est Assimi Goïta ?")
    assert not definitions.defines_back("Cet officier dirige la transition.", "Le colonel Assimi Goïta parle.", goita, spans.verb_like)


def test_what_the_alliance_is_for_is_the_sentence_that_takes_it_up(engine):
    a = engine.ask("Quel est le but de l'Alliance des Etats du Sahel ?").to_json()["answer"]
    assert a is not None and "ambitionne d'assurer une sécurité collective" in a["text"]
    assert a["text"].startswith("Peu après")  # the sentence it leans on is shown with it


def test_who_a_person_is_is_the_title_set_beside_their_name():
    """Seeds (002_29e0faa7f984317a.txt), as the PDF reader gives its sentences."""
    def title(sentence: str, question: str) -> str | None:
        got = definitions.title(sentence, definitions.asked(question))
        return None if got is None else sentence[got[0] : got[1]]

    visit = ("Le nouveau président de la transition du Burkina, le capitaine Ibrahim Traoré, a réservé sa "
             "première visite officielle au Mali, où il s'est entretenu pendant quelques heures avec le "
             "président de la transition, le colonel Assimi Goïta.")
    assert title(visit, "Qui est Assimi Goïta ?") == "président de la transition, le colonel"
    assert title(visit, "Qui est Ibrahim Traoré ?") == "nouveau président de la transition du Burkina, le capitaine"
    assert title(
        "dans les pays occidentaux on voit dans cet activisme une campagne de désinformation orchestrée par "
        "la Russie, à travers les services du fondateur de Wagner, Evgueni Prigojine.",
        "Qui est Evgueni Prigojine ?") == "services du fondateur de Wagner"
    assert title(
        "Voir « Mali : pourquoi Issa Kaou Djim, fervent défenseur de Goïta, a-t-il été arrêté ? », Jeune "
        "Afrique, 27 octobre 2021.", "Qui est Issa Kaou Djim ?") == "fervent défenseur de Goïta"
    # a complement is not a title; a longer name is someone else
    assert title("Il est devenu Premier ministre intérimaire suite à l'absence prolongée de Choguel Maïga.",
                 "Qui est Choguel Maïga ?") is None
    assert title("Ancienne figure de l'opposition au président Ibrahim Boubacar Keïta.", "Qui est Ibrahim ?") is None
    assert definitions.asked("QUI EST LA STAR ?") is None
    # a bare rank before the name, an apposition after it: the apposition says who (PIAF dev)
    assert title(
        "Enfin, le 30 janvier 1946, le général Jean de Lattre de Tassigny, chef d'état-major général de l'armée "
        "de terre, crée le Service de sécurité militaire (SSM).",
        "Qui est Jean de Lattre de Tassigny ?") == "chef d'état-major général de l'armée de terre"
    # "la nomination du colonel X": the rank is who X is, the nomination is not; what X was made
    # ("comme Premier ministre intérimaire") says more than the rank
    nomination = ("La nomination du colonel Abdoulaye Maïga comme Premier ministre intérimaire avait nourri un "
                  "espoir – rapidement déçu – d'apaisement entre le Mali et ses partenaires.")
    assert title(nomination, "Qui est Abdoulaye Maïga ?") == "Premier ministre intérimaire"
    assert title("La veuve du président Modibo Keïta est morte.", "Qui est Modibo Keïta ?") == "président"
    # a title's own capitals ("Premier ministre") are no name
    call = ("Par exemple, en février 2022, une conversation attribuée au président ivoirien Alassane Ouattara et à "
            "l'ancien Premier ministre malien Boubou Cissé a ravivé les tensions entre Abidjan et Bamako.")
    assert title(call, "Qui est Boubou Cissé ?") == "ancien Premier ministre malien"
    assert title(call, "Qui est Alassane Ouattara ?") == "président ivoirien"


def test_who_a_person_is_is_answered_by_their_title(engine):
    a = engine.ask("Qui est Assimi Goïta ?").to_json()["answer"]
    assert a is not None and a["span"] is not None
    assert a["span"]["text"] == "président de la transition, le colonel"
    a = engine.ask("Qui est Abdoulaye Maïga ?").to_json()["answer"]
    assert a is not None and a["span"] is not None and a["span"]["text"] == "Premier ministre intérimaire"


@pytest.fixture(scope="module")
def maint_guide(tmp_path_factory):
    return engine_over(tmp_path_factory, "maint-guide", sorted(shared_documents("html", "maint-guide").glob("*.fr.html")))


def test_what_a_tool_is_is_answered_by_the_sentence_that_says_it(maint_guide):
    # the pbuilder hook script of build.fr.html names lintian six times; checkit.fr.html says
    # what it does
    result = maint_guide.ask("Qu'est-ce que lintian ?")
    assert result.answer is not None
    assert result.answer.text.startswith("La commande lintian exécute de nombreux scripts de tests")
    # the glossary line of build.fr.html, not the one that names it beside cowbuilder
    result = maint_guide.ask("Qu'est-ce que pbuilder ?")
    assert result.answer is not None
    assert result.answer.text.startswith("pbuilder = partie principale de l'outil")


def test_what_initials_are_is_answered_by_the_words_before_them(maint_guide):
    # "BTS" is an acronym nothing spells out; the French name before "(BTS)" is its meaning
    a = maint_guide.ask("Qu'est-ce que le BTS ?").to_json()["answer"]
    assert a is not None and a["span"] is not None
    assert a["span"]["text"] == "système de gestion de bogues"


def test_what_a_thing_is_for_is_the_clause_after_its_word_of_purpose():
    """"Quel est le but / À quoi sert X ?": the words after "ambitionne de", "vise à", "utilisé
    comme", up to the clause's end (the seeds, and PIAF dev sentences)."""
    assert definitions.asks_purpose("Quel est le but de l'Alliance des Etats du Sahel ?")
    assert definitions.asks_purpose("A quoi servait le Ti Kouka ?")
    assert definitions.asks_purpose("Dans quel but les Britanniques ont-ils interdit la vente ?")
    assert not definitions.asks_purpose("Qui est Assimi Goïta ?")
    assert not definitions.asks_purpose("Quel est le nom de la structure ?")

    def meant(sentence: str) -> str | None:
        got = definitions.purpose(sentence)
        return None if got is None else sentence[got[0] : got[1]]

    assert meant(
        "Cette structure, qui réunit aujourd'hui ces trois pays, ambitionne d'assurer une sécurité collective "
        "indépendante des anciennes puissances coloniales et de renforcer leur souveraineté régionale."
    ) == "assurer une sécurité collective indépendante des anciennes puissances coloniales"
    assert meant("L'arbre était utilisé comme source de nourriture par les Maoris.") == "source de nourriture"
    assert meant("Le groupe vise à constituer un pôle de télévisions régionales dans le sud de la France.") == (
        "constituer un pôle de télévisions régionales dans le sud de la France"
    )
    assert meant("La structure réunit trois pays.") is None


def test_a_purpose_after_au_or_aux_starts_at_the_next_word_not_inside_the_preposition():
    """"destinés au fichier" once gave "u fichier debian/control": the "a" of "au" was read as
    the preposition "a" (developers-reference.fr.pdf of ../shared/documents)."""

    def meant(sentence: str) -> str | None:
        got = definitions.purpose(sentence)
        return None if got is None else sentence[got[0] : got[1]]

    assert meant("Les conseils qui suivent sont destinés au fichier debian/control.") == "fichier debian/control"
    assert meant("Ce paquet sert aux développeurs qui maintiennent une distribution.") == "développeurs"
    assert meant("Cette option est destinée à la configuration du réseau.") == "la configuration du réseau"
    assert meant("Cela sert avant tout.") is None


def test_the_short_answer_to_what_the_alliance_is_for_is_its_purpose(engine):
    a = engine.ask("Quel est le but de l'Alliance des Etats du Sahel ?").to_json()["answer"]
    assert a is not None and a["span"]["text"].startswith("assurer une sécurité collective")


def test_what_a_thing_is_is_the_rest_of_the_sentence_that_says_it():
    """The short answer to "Qu'est-ce que X ?" is what the defining sentence says X is or does:
    after its copula, its glossary mark, its apposition's comma or "c'est-à-dire" (Debian
    manuals of ../shared/documents, a PIAF dev sentence), up to the clause's end; none for a
    person (their title answers) or a sentence that only names the thing."""

    def said(sentence: str, question: str) -> str | None:
        asked = definitions.asked(question)
        assert asked is not None
        got = definitions.predicate(sentence, asked, spans.verb_like)
        return None if got is None else sentence[got[0] : got[1]]

    assert said(
        "Un parrain est une personne qui travaillera sur vos paquets avec vous et les enverra dans "
        "l'archive Debian une fois satisfait de l'empaquetage.", "Qu'est-ce qu'un parrain ?"
    ) == ("une personne qui travaillera sur vos paquets avec vous et les enverra dans l'archive Debian "
          "une fois satisfait de l'empaquetage")
    assert said("pbuilder = partie principale de l'outil pour l'environnement chroot de Debian ;",
                "Qu'est-ce que pbuilder ?") == "partie principale de l'outil pour l'environnement chroot de Debian"
    assert said(
        "La commande lintian exécute de nombreux scripts de tests pour vérifier la plupart des erreurs "
        "habituelles d'empaquetage.", "Qu'est-ce que lintian ?"
    ) == "exécute de nombreux scripts de tests pour vérifier la plupart des erreurs habituelles d'empaquetage"
    assert said("LuaTEX , le successeur de pdfTEX.", "Qu'est-ce que LuaTeX ?") == "le successeur de pdfTEX"
    assert said(
        "L'accessibilité comprend le temps de manipulation, c'est-à-dire le temps mis pour obtenir une "
        "proie, la consommer.", "Qu'est-ce que le temps de manipulation ?"
    ) == "le temps mis pour obtenir une proie"
    assert said("Vous devriez consulter le BTS avant de les installer.", "Qu'est-ce que le BTS ?") is None
    assert said("Assimi Goïta est le président de la transition.", "Qui est Assimi Goïta ?") is None


def test_a_thing_is_defined_under_the_initials_the_sentence_before_gave_it(engine):
    """Seeds (002_29e0faa7f984317a.txt, footnote 27): "... une procédure onusienne appelée «
    éléments nationaux de soutien » (ENS). Les ENS sont des militaires nationaux déployés par les
    pays contributeurs de troupes, ...": the naming sentence answered "Que sont ...?", its span
    "ENS"."""
    asked = definitions.asked("Que sont les éléments nationaux de soutien ?")
    assert asked == ("éléments nationaux de soutien", False)
    assert definitions.asked("Que sont devenus les soldats ?") is None
    named = ("Pour Abidjan, il s'agissait de militaires agissant dans le cadre d'une procédure onusienne appelée "
             "« éléments nationaux de soutien » (ENS).")
    assert definitions.initials(named, asked) == "ENS"
    assert definitions.initials("Le Groupe de soutien à l'islam et aux musulmans (GSIM) frappe.", asked) is None
    a = engine.ask("Que sont les éléments nationaux de soutien ?").to_json()["answer"]
    assert a is not None and a["text"].startswith("Les ENS sont des militaires nationaux")
    assert a["span"]["text"].startswith("des militaires nationaux déployés")


def test_what_a_thing_is_in_a_field_or_once_glossed():
    """The LaTeX course and the developers' reference (../shared/documents, PDF and EPUB): the
    thing without the field the question places it in ("une longueur en LaTeX"), not inside
    brackets ("L'argument optionnel [⟨longueur⟩] permet ..." answered); a list of words in the
    predicate does not end it; "X, c'est-à-dire Y" says what X is wherever X stands."""
    longueur = definitions.asked("Qu'est-ce qu'une longueur en LaTeX ?")
    assert definitions.head(longueur) == "longueur"
    said = "Une longueur est un nombre positif, négatif ou nul obligatoirement et immédiatement suivi d'un symbole d'unité de mesure."
    assert definitions.defines(said, longueur, spans.verb_like)
    got = definitions.predicate(said, longueur, spans.verb_like)
    assert got is not None and said[got[0] : got[1]] == said[len("Une longueur est ") : -1]
    assert not definitions.defines(
        "L'argument optionnel [⟨longueur⟩] permet d'insérer un blanc entre les deux lignes.", longueur, spans.verb_like
    )
    amont = definitions.asked("Qu'est-ce que le code source amont ?")
    glossed = ("Si un paquet est distribué ailleurs aussi, le fichier .orig.tar.{gz,bz2,xz} contient ce que l'on appelle "
               "le code source amont, c'est-à-dire, le code source distribué par le responsable amont (il s'agit souvent "
               "de l'auteur).")
    assert definitions.defines(glossed, amont, spans.verb_like)
    got = definitions.predicate(glossed, amont, spans.verb_like)
    assert got is not None and glossed[got[0] : got[1]] == "le code source distribué par le responsable amont"
    assert not definitions.defines("Le code source amont est téléchargé, puis construit.", definitions.asked("Qu'est-ce que le paquet ?"), spans.verb_like)


def test_an_adverb_between_the_copula_and_what_the_thing_is_still_defines_it():
    """formation-latex-ul.pdf (../shared/documents): "BibTEX est principalement un système de tri
    ..." says what BibTeX is (it was passed over for a sentence that only uses the name); the
    short answer starts after the adverb. An adverb before a participle defines nothing."""
    asked = definitions.asked("Qu'est-ce que BibTeX ?")
    sentence = ("BibTEX est principalement un système de tri d'entrées bibliographiques et d'interface avec "
                "la base de données.")
    assert definitions.defines(sentence, asked, spans.verb_like)
    a, b = definitions.predicate(sentence, asked, spans.verb_like)
    assert sentence[a:b] == "un système de tri d'entrées bibliographiques et d'interface avec la base de données"
    assert not definitions.defines("BibTEX est rarement utilisé seul.", asked, spans.verb_like)


@pytest.mark.parametrize(
    ("question", "sentence", "said"),
    [
        # the seeds (003): a bare noun set beside the thing, wherever it stands
        (
            "Qu'est-ce que le Corps africain ?",
            "Celui-ci déploie dans le pays un «Corps africain», unité régulière structurée et placée sous "
            "commandement direct de Moscou.",
            "unité régulière structurée et placée sous commandement direct de Moscou",
        ),
        # PIAF dev: the same at the sentence's start
        (
            "Qu'est ce que la Nation ?",
            "La Nation, abstraction politique qui transcende la population actuelle en englobant son histoire, "
            "son avenir, sa culture, est au cœur de la doctrine.",
            "abstraction politique qui transcende la population actuelle en englobant son histoire",
        ),
    ],
)
def test_a_bare_noun_in_apposition_says_what_the_thing_is(question, sentence, said):
    asked = definitions.asked(question)
    assert definitions.defines(sentence, asked, spans.verb_like)
    start, end = definitions.predicate(sentence, asked, spans.verb_like)
    assert sentence[start:end] == said


@pytest.mark.parametrize(
    "sentence",
    [
        "Les soldats du Corps africain, notamment, patrouillent dans le nord.",  # an adverb
        "Les soldats du Corps africain, lancés en 2024, patrouillent dans le nord.",  # a participle
        "Ce que Bamako exprime en acceptant la présence du Corps africain, c'est une volonté claire.",
    ],
)
def test_what_follows_a_comma_is_no_apposition_when_it_is_no_noun(sentence):
    assert not definitions.defines(sentence, definitions.asked("Qu'est-ce que le Corps africain ?"), spans.verb_like)


def test_a_casual_what_is_question_gets_the_apposition(engine):
    answer = engine.ask("c'est quoi le corps africain").answer
    assert answer is not None
    assert answer.text[answer.span[0] : answer.span[1]].startswith("unité régulière structurée")


@pytest.mark.parametrize(
    "sentence",
    [
        # debian-edu-bookworm-manual.epub: the other name it goes by, between commas or after a slash
        "Debian Edu, aussi connue sous le nom de Skolelinux, est une distribution Debian fournissant un "
        "environnement de réseau scolaire complètement configuré.",
        "Debian Edu/Skolelinux est une distribution Linux créée par le projet Debian Edu.",
    ],
)
def test_the_other_name_of_the_thing_may_stand_before_what_it_is(sentence):
    asked = definitions.asked("Qu'est-ce que Debian Edu ?")
    assert definitions.defines(sentence, asked, spans.verb_like)
    assert definitions.says_what(sentence, asked)


@pytest.mark.parametrize(
    "sentence",
    [
        # an adjective and its complement after the thing, deep in the sentence (the same manual)
        "Des informations supplémentaires sur les personnalisations de Debian Edu, utiles aux "
        "administrateurs système, sont disponibles dans les chapitres d'administration générale.",
        # what it is known for is no other name of it
        "Debian Edu, connue pour sa simplicité, a été adoptée par de nombreuses écoles.",
    ],
)
def test_an_aside_that_gives_no_other_name_does_not_define_the_thing(sentence):
    assert not definitions.defines(sentence, definitions.asked("Qu'est-ce que Debian Edu ?"), spans.verb_like)


def test_what_a_thing_does_is_not_what_it_is():
    asked = definitions.asked("Qu'est-ce que Debian Edu ?")
    sentence = "Debian Edu utilise désormais l'implémentation d'iPXE pour une intégration plus aisée avec LTSP."
    assert definitions.defines(sentence, asked, spans.verb_like)
    assert not definitions.says_what(sentence, asked)


@pytest.fixture(scope="module")
def edu_manual(tmp_path_factory):
    return engine_over(tmp_path_factory, "debian-edu", [shared_documents("epub") / "debian-edu-bookworm-manual.epub"])


def test_what_a_distribution_is_is_the_sentence_that_says_it_even_far_down(edu_manual):
    # every passage of the manual names Debian Edu; the two that say what it is rank 9th and
    # 28th, below the passages read, and were then dropped at the hand-set cut of the ranker's
    # candidates; a sentence that sets an adjective beside the name ("..., utiles aux
    # administrateurs système") used to pass for a definition
    result = edu_manual.ask("Qu'est-ce que Debian Edu ?")
    assert result.answer is not None
    assert " est une distribution " in result.answer.text
