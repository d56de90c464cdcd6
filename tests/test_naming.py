"""What a thing is called: the question that asks it, and the name a sentence gives, on sentences
of the PIAF paragraphs (../shared/datasets/piaf, as they stand there) and of the Debian manuals in
../shared/documents, and the short answer the engine gives over one of those manuals."""

from __future__ import annotations

import json

import pytest

from askmali import naming

from conftest import engine_over, shared, shared_documents


def called(sentence: str, question: str) -> str | None:
    assert naming.asks(question), question
    got = naming.called(sentence, question)
    return None if got is None else sentence[got[0] : got[1]]


def test_a_question_that_asks_for_a_name_is_told_apart():
    for question in [
        "Comment se nomme la première Constitution espagnole ?",
        "Comment appelle-t-on les partisans des Français ?",
        "Comment s'appelait initialement le mouvement raëlien ?",
        "Quel est le surnom des IEP",
        "Quel est l'autre nom de la guerre de Sept Ans ?",
        "quel est le prénom du fils de cézanne?",
        "Comment Perrin est-il appelé par les habitants de Deux-Rivières ?",
        "Sous quel nom le groupe est-il connu ?",
        "Quel mot est utilisé comme synonyme de version ?",
        "Quel terme latin signifie lieu étroit ?",
    ]:
        assert naming.asks(question), question
    for question in ["Qui a fondé Wagner ?", "Quand la Cedeao a-t-elle levé ses sanctions ?", "Quel nombre de soldats ?"]:
        assert not naming.asks(question), question


@pytest.mark.parametrize(
    "sentence, question, name",
    [
        # after a naming word: the quotes it opens, a capitalised name, or a few lower-case words
        ("La Constitution a été appelée La Pepa car elle fut promulguée le jour de la Saint-Joseph.",
         "Comment se nomme la première Constitution espagnole ?", "La Pepa"),
        ("Le Temple mormon de Rome (couramment nommé Temple de Rome), dont la construction a été annoncée.",
         "Comment surnomme-t-on le culte mormon ?", "Temple de Rome"),
        ('L\'Inter recrute le suédois Lennart Skoglund, surnommé "Nacka", sa région d\'origine.',
         "Quel est le surnom du nouveau meneur de jeu ?", "Nacka"),
        ("Le projet est alors surnommé par certains de ses détracteurs le « Giscardoscope », en écho au Futuroscope.",
         "Comment est surnommé le projet Vulcania ?", "Giscardoscope"),
        ("Elle est connue pour ses combats en Amérique du Nord sous le nom de French and Indian War.",
         "Quel est l'autre nom de la guerre de Sept Ans ?", "French and Indian War"),
        ("Ce fut un mouvement d'exploration européen qui fut à l'époque dit des Grandes découvertes.",
         "comment appelle t'on l'époque des explorations européennes", "Grandes découvertes"),
        ("Le compte de l'administrateur (root) est encore appelé superutilisateur ou utilisateur privilégié.",
         "Comment appelle-t-on aussi le compte root sous Debian ?", "superutilisateur"),
        ("Ses élèves l'appellent affectueusement Guru Dev.", "Comment Saraswati est-il surnommé ?", "Guru Dev"),
        # a new name (PIAF dev): "renommé", "rebaptisé" name too
        ("Il prépara sa défense en fortifiant Moksobo (renommé Shwebo), avec une palissade et des douves.",
         "Quel est le nouveau nom de Moksobo ?", "Shwebo"),
        # the question's words after the naming word, then the name in quotes (developers-reference)
        ("Si un paquet est développé spécifiquement pour le projet Debian, il est appelé paquet source « natif » "
         "(« native »).", "Comment appelle-t-on un paquet source développé spécifiquement pour Debian ?", "natif"),
        # the word a sentence quotes (debian-reference, ../shared/documents)
        ("Le mot « distribution » est aussi utilisé comme synonyme de version dans de nombreuses documentations.",
         "Quel mot est utilisé comme synonyme de version ?", "distribution"),
        # set beside the words that say what is named: after a comma, in brackets, as a capital
        ("En février 1970, il enregistre son deuxième album solo, Devotion, produit par Alan Douglas.",
         "Comment s'appelle son deuxième album solo ?", "Devotion"),
        ("Le Parlement de Nouvelle-Zélande n'a qu'une chambre, la Chambre des représentants, qui réunit 120 députés.",
         "Comment s'appelle l'unique chambre du parlement en Nouvelle-Zélande ?", "Chambre des représentants"),
        ("Le cochon domestique, une sous-espèce (Sus scrofa domesticus), possède 38 chromosomes.",
         "Quel est le nom scientifique du cochon domestique ?", "Sus scrofa domesticus"),
        ("En 1891, Cézanne installe Hortense et son fils Paul au 9, rue Frédéric Mistral à Aix-en-Provence.",
         "quel est le prénom du fils de cézanne?", "Paul"),
        # the question's words set off by commas describe the name before them, not the one after
        # (seeds/001); an opening "Selon" names no one; too few of them describe nothing (PIAF dev)
        ("Selon Pascal Confavreux, porte-parole du ministère, Paris observe “avec une réelle inquiétude” la "
         "dégradation de la sécurité dans le pays.",
         "comment s'appelle le porte parole du ministere francais des affaires etrangeres", "Pascal Confavreux"),
        ("Il en va ainsi de Ányos Jedlik, inventeur du moteur électrique et de la dynamo, de László Biró (stylo "
         "à bille).", "Comment s'appelle l'inventeur du stylo à bille ?", None),
        # a name the question already gives is passed over; a clause after a comma is no name
        ("Les chimistes les appellent ainsi respectivement ununennium et unbinilium.",
         "Quel est le nom de l'élément 119 du tableau périodique ?", "ununennium"),
        ("Le parrain aide à faire entrer ses paquets, après en avoir vérifié le contenu.",
         "Comment s'appelle la personne qui aide à faire entrer ses paquets ?", None),
        # a glossary's term (maint-guide, ../shared/documents); an aside in brackets is no name
        ("— parrain : une personne qui aide les responsables à envoyer des paquets dans l'archive officielle "
         "de paquets Debian (après en avoir vérifié le contenu).",
         "Comment s'appelle la personne qui aide un responsable à faire entrer ses paquets dans l'archive "
         "officielle de Debian ?", "parrain"),
        ("Il envoie ses paquets dans l'archive officielle de Debian (après en avoir vérifié le contenu).",
         "Comment s'appelle l'archive officielle de Debian ?", None),
    ],
)
def test_the_name_a_sentence_gives(sentence, question, name):
    assert called(sentence, question) == name


def test_the_piaf_sentences_give_the_gold_name():
    """Three PIAF dev paragraphs as the dataset holds them: the name is cut from the text the
    engine reads, and equals the gold answer."""
    path = shared("piaf", "passages.jsonl")
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    for question, gold in [
        ("Comment se nomme la première Constitution espagnole ?", "La Pepa"),
        ("Comment appelle-t-on les partisans  des Français ?", "afrancesados"),
        ("Quel est l'autre nom de la guerre de Sept Ans ?", "French and Indian War"),
    ]:
        holding = [t for t in texts if gold in t]
        assert holding, gold
        sentences = [s for t in holding for s in t.split(". ") if gold in s]
        assert any(called(s, question) == gold for s in sentences), (question, sentences)


@pytest.fixture(scope="module")
def debian_reference(tmp_path_factory):
    return engine_over(tmp_path_factory, "debref", [shared_documents("html", "debian-reference", "ch01.fr.html")])


def test_the_short_answer_is_the_name(debian_reference):
    a = debian_reference.ask("Comment appelle-t-on aussi le compte root sous Debian ?").to_json()["answer"]
    assert a is not None and "appelé superutilisateur" in a["text"]
    assert a["span"]["text"] == "superutilisateur"


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from(
    ["appelé", "nommée", "surnommé", "sous le nom de", "dit", "«", "»", '"', "(", ")", ",", " ", "la", "Pepa",
     "son album", "l'", "d'", "é", "Temple de Rome", "ainsi", ".", "—", "\u00a0", "x"]
)


@given(sentence=st.lists(_PIECES, max_size=20).map(" ".join) | st.text(max_size=60),
       question=st.sampled_from(["Comment s'appelle son album ?", "Quel est le surnom de la Pepa ?", "Comment se nomme « x » ?"]))
@settings(max_examples=300, deadline=None)
def test_a_name_found_is_a_non_empty_span_of_the_sentence(sentence, question):
    for find in (naming.named, naming.glossed, naming.apposed, naming.called):
        got = find(sentence, question)
        if got is not None:
            a, b = got
            assert 0 <= a < b <= len(sentence) and sentence[a:b].strip() == sentence[a:b]


def test_the_name_set_before_the_description_the_question_gives(engine):
    # "la Katiba Macina, le mouvement jihadiste dominant du centre du Mali, a attaqué ...": the
    # question describes the movement, the seed names it before that description
    question = "Quel est le mouvement jihadiste dominant du centre du Mali ?"
    s = "Le 22 juillet 2022, chose inédite, la Katiba Macina, le mouvement jihadiste dominant du centre du Mali, a attaqué la ville."
    assert naming.asks_which_is(question) and not naming.asks_which_is("Quel est le nom du mouvement ?")
    a, b = naming.described(s, question)
    assert s[a:b] == "Katiba Macina"
    # a sentence-opening adverb before a comma is no name
    assert naming.described("Néanmoins, le mouvement jihadiste dominant du centre du Mali recule.", question) is None
    r = engine.ask(question)
    assert r.answer is not None and r.answer.span is not None
    assert r.answer.text[r.answer.span[0] : r.answer.span[1]] == "Katiba Macina"


def test_the_description_in_the_question_may_be_a_verb_phrase(engine):
    # "Quel mouvement jihadiste domine le centre du Mali ?" asks the same of the same seed sentence
    # without "est le"; the apposition must open on the noun asked about: "En LMP2, l'Oreca ...
    # conserve son rang" names no pilot (PIAF dev)
    question = "Quel mouvement jihadiste domine le centre du Mali ?"
    assert naming.asks_which_is(question)
    s = "Le 22 juillet 2022, chose inédite, la Katiba Macina, le mouvement jihadiste dominant du centre du Mali, a attaqué la ville."
    a, b = naming.described(s, question)
    assert s[a:b] == "Katiba Macina"
    oreca = ("En LMP2, l'Oreca 07 no 13 de Vaillante Rebellion conserve son rang au sommet de la catégorie, "
             "mais cette fois grâce à Nelson Piquet Jr.")
    assert naming.described(oreca, "Quel pilote conserve son rang au sommet de la catégorie LMP2") is None
    r = engine.ask(question)
    assert r.answer is not None and r.answer.span is not None
    assert r.answer.text[r.answer.span[0] : r.answer.span[1]] == "Katiba Macina"


def test_a_description_without_its_article_after_a_name_and_its_initials(engine):
    # "la Coordination des mouvements de l'Azawad (CMA), principale coalition d'anciens groupes
    # rebelles, a vivement critiqué ...": the description opens on no article, and the name
    # before it is spelled out by the initials in brackets
    question = "Quelle est la principale coalition d'anciens groupes rebelles ?"
    s = ("Dans un communiqué du 16 septembre 2021, la Coordination des mouvements de l'Azawad (CMA), principale "
         "coalition d'anciens groupes rebelles, a vivement critiqué le recours à une société de sécurité privée.")
    a, b = naming.described(s, question)
    assert s[a:b] == "Coordination des mouvements de l'Azawad"
    r = engine.ask(question)
    assert r.answer is not None and r.answer.text[r.answer.span[0] : r.answer.span[1]] == "Coordination des mouvements de l'Azawad"


def test_a_name_set_before_what_the_naming_question_describes_is_the_name():
    """003_08a994fd9431b56b.txt: "Celui-ci déploie dans le pays un «Corps africain», unité régulière
    structurée et placée sous commandement direct de Moscou." "Comment s'appelle l'unité
    régulière que ... envoie au Mali ?" describes it up to its relative clause; the quoted name
    stands before that description."""
    sentence = ("Celui-ci déploie dans le pays un «Corps africain», unité régulière structurée et placée sous "
                "commandement direct de Moscou.")
    got = naming.described(sentence, "Comment s'appelle l'unité régulière que le ministère russe de la Défense envoie au Mali ?")
    assert got is not None and sentence[got[0] : got[1]] == "«Corps africain»"
    assert naming.described(sentence, "Comment se nomme l'unité régulière ?") == got
    # a description the sentence does not give after the comma names nothing
    assert naming.described(sentence, "Comment s'appelle la force navale que Moscou envoie au Mali ?") is None
