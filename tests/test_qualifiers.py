"""A sentence that speaks of another country's thing than the question's, or of the opposite extent, does not answer it."""

import pytest

from askmali.qualifiers import contradicts, demonym


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
