"""A sentence that speaks of another country's thing than the question's, or of the opposite extent, does not answer it."""

import pytest

from askmali import qualifiers
from askmali.qualifiers import contradicts, demonym, other_title


@pytest.mark.parametrize(
    ("word", "stem"),
    [("maliennes", "malien"), ("russe", "russe"), ("française", "francais"), ("grecques", "grec"), ("mali", None), ("armée", None)],
)
def test_demonyms_are_known_by_their_stem(word, stem):
    from askmali.analysis import fold

    assert demonym(fold(word)) == stem


def test_another_nationality_contradicts_the_question():
    assert contradicts(
        "Combien de soldats russes sont déployés au Mali ?",
        "Un total de 4 500 soldats français ont été déployés au Burkina Faso, au Mali, au Niger et au Tchad.",
    )
    assert contradicts(
        "Qui est le ministre malien des Affaires étrangères ?",
        "Le ministre français des Affaires étrangères, Jean-Yves Le Drian, a dénoncé le recours aux mercenaires.",
    )


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        # the question's nationality is there too
        ("Combien de soldats russes ?", "Des soldats russes ont remplacé les soldats français."),
        # the same people, named otherwise
        ("Combien de soldats anglais perdent la vie ?", "Une fusillade éclate et deux soldats britanniques perdent la vie."),
        # the other nationality is one the question names itself
        (
            "Quelles parties de la culture américaine ont le plus influencé la culture australienne ?",
            "La culture australienne a été fortement influencée par la culture populaire américaine.",
        ),
        # a noun with no nationality in the sentence says nothing against it
        ("Combien de soldats russes sont au Mali ?", "Un millier de soldats sont arrivés à Bamako."),
        # nor a question with none
        ("Combien de soldats sont au Mali ?", "Un millier de soldats russes sont arrivés à Bamako."),
    ],
)
def test_no_contradiction(question, sentence):
    assert not contradicts(question, sentence)


@pytest.mark.parametrize(
    "question",
    ["Combien de soldats russes sont déployés au Mali ?", "Qui est le ministre malien des Affaires étrangères ?"],
)
def test_the_seeds_do_not_answer_of_another_country(engine, question):
    # the seeds count the French soldiers and name the French foreign minister, never the
    # Russian soldiers' number nor the Malian minister
    r = engine.ask(question)
    assert r.answer is None and r.hits


def test_the_seeds_answer_of_the_country_asked(engine):
    r = engine.ask("Combien de soldats français ont été déployés au Sahel entre 2014 et 2022 ?")
    assert r.answer is not None and "4 500" in r.answer.text


def test_a_country_after_de_qualifies_as_its_demonym_does():
    # 002_29e0faa7f984317a.txt: "les autorités renvoient l'ambassadeur de France": not Russia's
    expelled = ("En janvier 2022, les autorités renvoient l'ambassadeur de France, en réaction à des propos "
                "tenus par les autorités françaises.")
    assert contradicts("ambassadeur de Russie à Bamako", expelled)
    assert contradicts("Quelle est la capitale du Mali ?", "Ouagadougou est la capitale du Burkina Faso.")
    # the question names France itself: no contradiction
    assert not contradicts("Pourquoi la France a-t-elle renvoyé l'ambassadeur du Mali ?", expelled)
    assert not contradicts("Quelle est la capitale du Mali ?", "Bamako, capitale du Mali, et Ouagadougou, capitale du Burkina.")


def test_the_russian_ambassador_typed_as_a_search_is_refused(engine):
    assert engine.ask("ambassadeur de Russie à Bamako").answer is None


@pytest.mark.parametrize(
    ("question", "sentence", "opposed"),
    [
        ("quand la cedeao a leve la totalite de ses sanctions",
         "Désireuse de normaliser ses relations avec le Mali, la Cedeao a partiellement levé ses sanctions le 3 juillet 2022.", True),
        ("Le cessez-le-feu est-il définitif ?", "Un cessez-le-feu provisoire a été signé.", True),
        ("Quand les troupes ont-elles partiellement quitté la ville ?", "Les troupes ont entièrement quitté la ville en mai.", True),
        # the sentence says both, or the question names no extent: no contradiction
        ("Quand les sanctions ont-elles été levées en totalité ?",
         "Levées partiellement en juillet, les sanctions l'ont été en totalité en décembre.", False),
        ("Quand la Cedeao a-t-elle levé ses sanctions ?", "La Cedeao a partiellement levé ses sanctions le 3 juillet 2022.", False),
    ],
)
def test_an_opposite_extent_or_duration_contradicts_the_question(question, sentence, opposed):
    from askmali.qualifiers import opposite_scope

    assert opposite_scope(question, sentence) is opposed


def test_the_seeds_do_not_say_when_every_sanction_was_lifted(engine):
    # seeds/002 says only that the Cedeao lifted its sanctions partly, on 3 July 2022
    assert engine.ask("quand la cedeao a leve la totalite de ses sanctions contre le mali").answer is None
    r = engine.ask("Quand la Cedeao a-t-elle partiellement levé ses sanctions contre le Mali ?")
    assert r.answer is not None and r.answer.span_json()["text"] == "3 juillet 2022"


def test_a_president_or_minister_of_another_office_contradicts_the_question():
    # seeds/002, the sentences the engine used to answer with
    assert other_title(
        "Comment s'appelle le président de la transition malienne ?",
        "De son côté, l'ancien président du patronat malien, Mamadou Sinsy Coulibaly, exprime ses craintes.",
    )
    assert other_title(
        "Qui est le ministre français des Armées ?",
        "Le président français, Emmanuel Macron, a accusé le gouvernement de transition d'être « l'enfant de "
        "deux coups d'Etat » et le ministre français des Affaires étrangères, Jean-Yves Le Drian, a dénoncé "
        "une junte « illégitime ».",
    )


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        # the same office, whatever the case and the plural
        ("Qui est le ministre de la défense ?", "Le retour en force du ministre de la Défense, Sadio Camara, inquiète Paris."),
        # the office is named beside another one
        (
            "Qui est le président de la transition ?",
            "Le nouveau président de la transition du Burkina a rencontré le président de la transition, le colonel Assimi Goïta.",
        ),
        # the question's complement is there, said otherwise: the sentence may name it
        ("Qui est le président de la Russie ?", "Le président du pays, qui dirige la Russie depuis 2000, est Vladimir Poutine."),
        # "Premier ministre" is an office of its own, not a minister's
        ("Qui est le ministre de la Défense ?", "Le Premier ministre du Mali a nommé Sadio Camara à la Défense."),
        # the sentence gives the title bare
        ("Qui est le ministre de la Défense ?", "Le ministre Sadio Camara est réputé proche de Moscou."),
        # another title with another complement says nothing of this one ("maire de la municipalité
        # de Shanghai" is the "maire de Shanghai": only presidents and ministers are read so)
        ("Qui était le maire de Shanghai en 2010 ?", "Han Zheng est maire de la municipalité de Shanghai de 2003 à 2012."),
        # no title in the question
        ("Qui a fondé Wagner ?", "Le président du groupe, Evgueni Prigojine, a fondé Wagner."),
    ],
)
def test_the_same_office_or_none_is_no_contradiction(question, sentence):
    assert not other_title(question, sentence)


@pytest.mark.parametrize(
    ("question", "counted", "after", "other"),
    [
        # the seeds' timeline (000): another people's dead, or soldiers for civilians
        ("Combien de soldats maliens ont été tués à Tinzaouaten ?", "soldats", " dizaines de mercenaires russes tués.", True),
        ("Combien de civils ont été tués lors de l'attaque de Tessit ?", "civils", " soldats maliens abattus", True),
        ("Combien de soldats ont été tués ?", "soldats", " civils massacrés par des soldats", True),
        # the same people, the question's own other people, or a people left unsaid
        ("Combien de soldats maliens ont été tués à Tessit ?", "soldats", " soldats maliens abattus", False),
        ("Combien de soldats maliens ont combattu les mercenaires russes ?", "soldats", " mercenaires russes", False),
        ("Combien de soldats maliens ont été tués ?", "soldats", " hommes tués", False),
        ("Combien de soldats ont été déployés ?", "soldats", " militaires français", False),
        ("Combien de soldats anglais sont morts ?", "soldats", " soldats britanniques", False),
        # people counted by a number of no people: countries, years (seeds 002: "les deux pays")
        ("Combien de Mauritaniens ont été assassinés ?", "Mauritaniens", " pays se sont notamment dégradées", True),
        ("Combien de soldats ont été déployés ?", "soldats", " ans plus tard", True),
        ("Combien de personnes travaillent au ministère ?", "personnes", " (58 % d'hommes) le nombre de salariés", False),
        ("Combien de pays ont signé ?", "pays", " pays européens", False),
    ],
)
def test_a_number_of_other_people_does_not_count_those_asked_for(question, counted, after, other):
    assert qualifiers.counts_otherwise(question, counted, after) is other


def test_the_seeds_do_not_say_how_many_malian_soldiers_or_civilians_died_there(engine):
    # "Tinzaouaten (juillet 2024) : ... plusieurs dizaines de mercenaires russes tués." and
    # "Tessit (juin 2025) : ... près de 40 soldats maliens abattus ..." were answered for the
    # Malian soldiers and the civilians at confidence 0.71 and 0.38
    assert engine.ask("Combien de soldats maliens ont été tués à Tinzaouaten ?").answer is None
    assert engine.ask("Combien de civils ont été tués lors de l'attaque de Tessit ?").answer is None
    got = engine.ask("Combien de soldats maliens ont été tués à Tessit ?").answer
    assert got is not None and got.span_json()["text"] == "40"
    got = engine.ask("Combien de mercenaires russes ont été tués à Tinzaouaten ?").answer
    assert got is not None and got.span_json()["text"] == "plusieurs dizaines"
    # "l'assassinat de plusieurs Mauritaniens": no number of them, only "les deux pays" (0.88)
    assert engine.ask("Combien de Mauritaniens ont été assassinés dans la région de Nara ?").answer is None
