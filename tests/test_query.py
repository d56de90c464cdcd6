"""The question analysed once (askmali.query) and read by every stage; passages hidden with exclude=."""

from __future__ import annotations

import pytest

from askmali.errors import InputError
from askmali.query import Query


def test_the_index_is_asked_for_idf_once_per_question(engine, monkeypatch):
    calls = []
    real = engine.term_weights
    monkeypatch.setattr(engine, "term_weights", lambda terms: calls.append(terms) or real(terms))
    engine._last_analysis = None
    result = engine.ask("Quand la Cedeao a-t-elle levé ses sanctions contre le Mali ?")
    assert result.answer is not None
    assert len(calls) == 1


def test_search_reads_the_query_object_as_it_reads_the_text(engine):
    text = "Combien de soldats français ont été déployés au Mali ?"
    q = engine.analyse(text)
    assert isinstance(q, Query) and q.qtype == "number" and q.text == text
    assert q.total == pytest.approx(sum(q.weights.values())) and set(q.terms) == set(q.weights)
    by_text = [h.passage.id for h in engine.search(text, 10)]
    assert [h.passage.id for h in engine.search(q, 10)] == by_text


def test_key_terms_of_french_questions(engine):
    an = engine.analyzer
    q = engine.analyse("Qui dirige l'Organisation des Nations unies au Mali en 2022 ?")
    assert {an.terms("Organisation")[0], an.terms("Nations")[0], "2022"} <= q.key_terms
    hyphen = engine.analyse("Quel rôle joue Jean-Yves Le Drian dans l'opération Barkhane ?")
    assert an.terms("Barkhane")[0] in hyphen.key_terms
    assert any(t in hyphen.key_terms for t in an.terms("Jean-Yves"))
    number = engine.analyse("Pourquoi 4 500 soldats ont-ils quitté Gao ?")
    assert "4500" in number.key_terms  # a number grouped by thousands is one term
    assert an.terms("soldats")[0] in number.weights


def test_exclude_hides_a_source_or_a_passage_as_if_removed(engine):
    question = "Qui est le fondateur de Wagner ?"
    hits = engine.search(question, 10)
    top = hits[0].passage
    assert top.id not in {h.passage.id for h in engine.search(question, 10, exclude=[top.id])}
    hidden = engine.search(question, 10, exclude=[top.source])
    assert hidden and all(h.passage.source != top.source for h in hidden)
    result = engine.ask(question, exclude=[top.source])
    assert result.answer is None or result.answer.source != top.source
    with pytest.raises(InputError, match="no such passage or source"):
        engine.search(question, 5, exclude=["nowhere.txt"])


def _hidden_lavrov(engine) -> list[str]:
    """The passages that name Lavrov (one, in 002_29e0faa7f984317a.txt)."""
    rows, _ = engine.bm25.score_rows(engine.analyzer.terms("Lavrov"))
    return [engine.passages.get(int(r)).id for r in rows]


def test_a_word_only_the_hidden_passages_hold_counts_as_absent_as_if_they_were_removed(engine):
    question = "Quand Sergueï Lavrov est-il venu au Mali ?"
    hidden = _hidden_lavrov(engine)
    assert len(hidden) == 1
    seen = engine.analyse(question)
    assert seen.unknown == 0.0 and "lavrov" in seen.weights
    gone = engine.analyse(question, hidden)
    # kept as asked (no typo fix to a word only the hidden passage holds), and weighed absent
    assert "lavrov" in gone.terms and gone.unknown > 0.5
    assert engine.ask(question, exclude=hidden).answer is None  # the topic is gone
    # the exclusion does not stay behind in the engine's memo of the last question
    again = engine.analyse(question)
    assert again.unknown == 0.0 and again.terms == seen.terms
    assert engine.known_terms(["lavrov"]) == {"lavrov"}
    # a word other passages hold too stays known: hiding one of the Cedeao passages changes nothing
    cedeao = "Quand la Cedeao a-t-elle levé ses sanctions contre le Mali ?"
    top = engine.search(cedeao, 1)[0].passage.id
    assert engine.analyse(cedeao, [top]).unknown == engine.analyse(cedeao).unknown == 0.0


def test_a_hyphenated_word_the_index_writes_apart_does_not_make_the_question_look_off_topic(engine):
    # "pro-russe": the seeds never write "prorusse" nor "pro" alone, but they write "russe";
    # left in, "proruss" and "pro" weighed as the rarest terms and the question was refused
    q = engine.analyse("D'après le texte pro-russe, les victimes civiles ont-elles reculé depuis l'arrivée des forces russes ?")
    assert "russ" in q.weights and "proruss" not in q.weights and "pro" not in q.weights
    assert "victim" in q.weights and "civil" in q.weights
    a = engine.ask("D'après le texte pro-russe, les victimes civiles ont-elles reculé depuis l'arrivée des forces russes ?").answer
    assert a is not None and "victimes civiles a considérablement baissé" in a.text


def test_a_word_that_points_at_a_document_counts_only_when_the_index_holds_it(engine):
    q = engine.analyse("D'après l'éditorial pro-russe, les spécialistes russes agissent-ils comme une force d'occupation ?")
    assert "editorial" not in q.weights  # the seeds never say "éditorial": it names the text, not its topic
    assert {"special", "occup", "russ"} <= set(q.weights)
    # a word the documents do hold stays a search term ("Minusma" is no document word either)
    assert "minusm" in engine.analyse("Quel article de presse parle de la Minusma ?").weights


def test_a_verb_in_the_third_person_plural_finds_its_other_forms(engine):
    # Snowball French keeps "datent" whole while "datant" (seeds/002, line 500) gives "dat"
    assert "dat" in engine.query_terms("De quand datent les relations historiques entre Bamako et Moscou ?")
    assert "accus" in engine.query_terms("Qui accusent-ils ?")
    # a word the index knows as it is, or whose infinitive it lacks, is left alone
    assert "denoncent" in engine.query_terms("Qui dénoncent les fausses images ?")
    r = engine.ask("De quand datent les relations historiques entre Bamako et Moscou ?")
    assert r.answer is not None and "1960" in r.answer.text


def test_the_words_asking_for_a_name_are_no_absent_topic(engine):
    """The seeds never write "nom": in "Quel est le nom du Premier ministre malien ?" it weighed
    as the rarest term, more than half the question looked absent from the documents, and the
    engine refused although they name several Malian prime ministers. Asking for a name says
    nothing of whether the documents speak of what is named."""
    nom = engine.analyzer.terms("nom")[0]
    assert not engine.known_terms([nom])
    q = engine.analyse("Quel est le nom du Premier ministre malien ?")
    assert nom in q.weights and q.unknown == 0.0
    result = engine.ask(q.text)
    assert result.answer is not None and "Premier ministre malien" in result.answer.text
    # an absent word that names the topic still counts ("Quel est le PIB du Mali ?" is refused)
    assert engine.analyse("Quel est le PIB du Mali ?").unknown > 0.5
    assert engine.ask("Quel est le PIB du Mali ?").answer is None


def test_names_the_index_lacks_are_known(engine):
    # the seeds write "centrafricaine", never "Centrafrique": the name is absent
    q = engine.analyse("Quand Wagner a-t-il quitté la Centrafrique ?")
    assert q.absent_names == {"centrafr"}
    # ... not an acronym the documents may spell out, a century, a number or a name they hold
    assert not engine.analyse("Quel accord a été conclu sous IBK en 2019 ?").absent_names
    assert not engine.analyse("Que s'est-il passé au XIXe siècle à Bamako ?").absent_names
    assert not engine.analyse("Qui a fondé Wagner ?").absent_names


def test_a_question_on_a_name_no_document_holds_is_refused(engine):
    r = engine.ask("Quand Wagner a-t-il quitté la Centrafrique ?")
    assert r.answer is None and r.hits


def test_the_time_of_how_long_is_no_topic(engine):
    """"Pendant combien de temps la transition a-t-elle été prolongée ?" weighed "temps" most and
    found "Reste à savoir combien de temps il le restera ..." and a survey's "neuf personnes";
    the documents say a duration in months ("prolongé la transition de 24 mois")."""
    q = engine.analyse("Pendant combien de temps la transition a-t-elle été prolongée ?")
    assert "temp" not in q.weights and "temp" not in q.terms and q.weights
    assert "temp" in engine.analyse("Le temps presse-t-il ?").weights  # the word, not the frame
    a = engine.ask("Pendant combien de temps la transition a-t-elle été prolongée ?").answer
    assert a is None or "24 mois" in a.text


def test_a_question_typed_in_lower_case_has_its_names_back(engine):
    """"qui est assimi goita" reads as "Qui est Assimi Goïta ?": the seeds name him, "assimi" and
    "goita" are no French words, so they are names; a typo the index lacks ("sanctionss") and
    French words stay as typed, and the answer echoes the question as typed."""
    from askmali.query import recased

    assert recased("qui est assimi goita", engine) == "qui est Assimi Goita"
    assert recased("quelles sanctionss de la cedeao sont restees en place", engine) == (
        "quelles sanctionss de la Cedeao sont restees en place")
    assert recased("Qui est assimi goita ?", engine) == "Qui est assimi goita ?"  # typed with a capital: as is
    result = engine.ask("qui est assimi goita").to_json()
    assert result["question"] == "qui est assimi goita"
    assert result["answer"]["span"]["text"] == "président de la transition, le colonel"
    assert engine.analyse("qui est assimi goita").entities == engine.analyse("Qui est Assimi Goïta ?").entities


@pytest.mark.parametrize(
    "said, asked",
    [
        ("Je voudrais savoir quand la Cedeao a levé ses sanctions contre le Mali",
         "quand la Cedeao a levé ses sanctions contre le Mali"),
        ("Pouvez-vous me dire combien de militaires ivoiriens ont été arrêtés à Bamako ?",
         "combien de militaires ivoiriens ont été arrêtés à Bamako ?"),
        ("Sais-tu ce qu'est l'AES ?", "qu'est-ce que l'AES ?"),
        ("J'aimerais connaître le nom du porte-parole du ministère", "quel est le nom du porte-parole du ministère"),
        ("Donne-moi la date du second coup d'État", "quelle est la date du second coup d'État"),
        ("Quand la Cedeao a-t-elle levé ses sanctions, s'il vous plaît ?", "Quand la Cedeao a-t-elle levé ses sanctions ?"),
        ("Qui est le chef du GSIM ?", "Qui est le chef du GSIM ?"),  # nothing around it
    ],
)
def test_the_question_inside_what_a_person_says_around_it(said, asked):
    from askmali.query import unwrapped

    assert unwrapped(said) == asked


def test_polite_words_weigh_nothing(engine):
    """"voudrais", "savoir", "svp" are in no seed: left in, they weighed as absent topics."""
    q = engine.analyse("Je voudrais savoir quand la Cedeao a levé ses sanctions contre le Mali, svp")
    assert not {"voudr", "savoir", "svp"} & set(q.weights)
    said = engine.ask("Je voudrais savoir quand la Cedeao a levé ses sanctions contre le Mali, svp").to_json()["answer"]
    bare = engine.ask("Quand la Cedeao a levé ses sanctions contre le Mali").to_json()["answer"]
    assert said["text"] == bare["text"] and said["span"] == bare["span"]
    assert engine.ask("Sais-tu ce qu'est l'AES ?").to_json()["answer"]["span"]["text"] == "l'Alliance des États du Sahel"


@pytest.fixture(scope="module")
def debian_edu(tmp_path_factory):
    from conftest import engine_over, shared_documents

    return engine_over(tmp_path_factory, "debian-edu", [shared_documents("epub", "debian-edu-bookworm-manual.epub")])


def test_the_words_asking_for_advice_are_no_topic(debian_edu):
    """"vaut-il mieux" asks for advice: its two words were the question's rarest, so its key
    terms, and the Debian Edu manual (../shared/documents, EPUB) was refused though it says
    "Il est judicieux d'éviter de créer de très grandes partitions (par exemple au-delà de 20 Gio)"."""
    q = debian_edu.analyse("Quelle taille de partition vaut-il mieux éviter ?")
    assert not {"vaut", "mieux"} & set(q.weights) and not {"vaut", "mieux"} & set(q.terms)
    assert {"taill", "partit", "evit"} <= set(q.weights)
    assert "vaut" in debian_edu.analyse("Combien vaut une licence ?").weights  # the verb, not the frame
    a = debian_edu.ask("Quelle taille de partition vaut-il mieux éviter ?").to_json()["answer"]
    assert a is not None and "au-delà de 20 Gio" in a["text"]


def test_a_former_holder_of_a_post_is_asked_for_as_a_person(engine):
    """002_29e0faa7f984317a.txt: "l'ancien président du patronat malien, Mamadou Sinsy Coulibaly,
    ... redoute les conséquences d'un effondrement économique". "Quel ex-patron ...?" asks for
    a person as "Quel patron ...?" does; the short answer was "une population déjà fortement éprouvée"."""
    from askmali.qtypes import question_type

    assert question_type("Quel ex-patron des patrons maliens redoute un effondrement économique ?") == "person"
    assert question_type("Quel ancien ministre a signé l'accord ?") == "person"
    assert question_type("Quel ancien port a été fermé ?") != "person"
    a = engine.ask("Quel ex-patron des patrons maliens redoute un effondrement économique ?").to_json()["answer"]
    assert a is not None and a["span"] is not None and a["span"]["text"] == "Mamadou Sinsy Coulibaly"


def test_the_question_facts_every_stage_reads_are_derived_on_the_query(engine):
    """What the span features and the answering rules read of the question's text, once."""
    media = engine.analyse("Quel média a révélé l'affaire ?")
    assert media.folded == "quel media a revele l'affaire ?"
    assert media.asked_noun == "media" and media.counted_noun is None and media.life_event is None
    assert media.interrogative == (9, 0, "revele")  # "quel"; the verb after it, not the noun asked
    assert media.whole_words == {"quel", "media", "a", "revele", "l'affaire"}
    assert media.content_words == {"quel", "media", "revele", "l'affaire"}  # "a" is a stopword
    assert media.folded_words == {"quel", "media", "a", "revele", "l", "affaire"}
    soldiers = engine.analyse("Combien de soldats ivoiriens ont été interpellés ?")
    assert soldiers.counted_noun == "soldats" and soldiers.asked_noun is None
    assert soldiers.interrogative == (3, 0, "soldats")
    year = engine.analyse("En quelle année Barkhane a-t-elle remplacé Serval ?")
    assert year.plain_words == ("en", "quelle", "annee", "barkhane", "a", "t", "elle", "remplace", "serval")
    assert year.interrogative == (9, 2, "barkhane")  # "quelle" after "en"; "annee" is the noun asked
    death = engine.analyse("Quand est mort Louis Cheynet ?").life_event
    assert death is not None and death.search("décédé le 3 mai") and not death.search("né le 27 mai")
    birth = engine.analyse("Quand James Marangé est-il né ?").life_event
    assert birth is not None and birth.search("né le 27 mai") and not birth.search("décédé le 3 mai")


def test_a_first_name_that_is_a_french_word_is_recased_when_the_documents_capitalise_it(engine):
    from askmali.query import recased

    # "pascal" is a French word (a unit), but the seeds write "Selon Pascal Confavreux, ..."
    assert recased("qui est pascal confavreux", engine) == "qui est Pascal Confavreux"
    # nothing in the seeds writes "Pense Confavreux": the word before stays as typed
    assert recased("que pense confavreux", engine) == "que pense Confavreux"
    answer = engine.ask("qui est pascal confavreux").answer
    assert answer is not None and answer.text[answer.span[0] : answer.span[1]] == "porte-parole du ministère"


def test_what_is_asked_after_its_thing_is_asked_first():
    """Hurried questions put the thing first: "tjener ça veut dire quoi". Read as typed, "veut"
    and "dire" (in every manual) outweighed "tjener"."""
    from askmali.query import unwrapped

    assert unwrapped("tjener ca veut dire quoi") == "que veut dire tjener ?"
    assert unwrapped("pbuilder sert à quoi ?") == "à quoi sert pbuilder ?"
    assert unwrapped("debuild correspond a quoi exactement") == "qu'est-ce que debuild ?"
    assert unwrapped("le GSIM, qu'est-ce que c'est ?") == "qu'est-ce que le GSIM ?"
    # a question word before it, or a clause rather than a thing: as typed
    assert unwrapped("dans un test du shell, 0 ça veut dire vrai ou faux ?") == "dans un test du shell, 0 ça veut dire vrai ou faux ?"
    assert unwrapped("qui sait ce que ça veut dire quoi") == "qui sait ce que ça veut dire quoi"


def test_a_bare_noun_phrase_asks_for_its_measure_or_its_technical_thing():
    from askmali.qtypes import question_type
    from askmali.query import unwrapped

    asked = unwrapped("memoire vive minimale pour un client leger skolelinux")
    assert asked == "quel memoire vive minimale pour un client leger skolelinux"
    assert question_type(asked) == "number"
    assert question_type(unwrapped("longueur conseillee max pour un nom de paquet")) == "number"
    assert unwrapped("le paquet le plus important a installer ?") == "quel est le paquet le plus important a installer ?"
    # a verb's inversion, a question word, or a noun that names no measure nor thing: as typed
    assert unwrapped("le routeur passerelle peut il faire serveur dhcp ?") == "le routeur passerelle peut il faire serveur dhcp ?"
    assert unwrapped("taille des partitions, combien ?") == "taille des partitions, combien ?"
    assert unwrapped("guerre au Mali en 2012") == "guerre au Mali en 2012"


def test_a_bare_noun_phrase_gets_its_measure_as_the_short_answer(debian_edu):
    """The Debian Edu manual: "Faire fonctionner des clients légers avec 256 Mio de mémoire vive et
    une fréquence de 400 MHz est possible." The span was "une fréquence de 400 MHz est possible"."""
    a = debian_edu.ask("memoire vive minimale pour un client leger skolelinux").to_json()["answer"]
    assert a is not None and "256 Mio de mémoire vive" in a["text"]
    assert a["span"]["text"] == "256 Mio"


def test_an_acronym_typed_in_lower_case_is_read_as_the_documents_write_it(engine):
    from askmali.query import recased

    assert recased("que veut dire aes", engine) == "que veut dire AES"
    a = engine.ask("que veut dire aes").to_json()["answer"]
    assert a is not None and "Alliance des États du Sahel" in a["span"]["text"]
    # "Minusma" is written both ways: a name, not an acronym
    assert recased("que fait la minusma", engine) == "que fait la Minusma"


def test_the_halves_of_aujourdhui_are_no_search_terms(engine):
    q = engine.analyse("Qui dirige le Mali aujourd'hui ?")
    assert "aujourdhui" in q.terms and not {"aujourd", "hui"} & set(q.terms) and not {"aujourd", "hui"} & set(q.weights)


def test_what_to_type_or_run_asks_for_a_command():
    from askmali.qtypes import _fold, asked_noun

    assert asked_noun(_fold("modules.dep est cassé, que lancer ?")) == "commande"
    assert asked_noun(_fold("que faut-il lancer en root avant de se connecter en ssh")) == "commande"
    assert asked_noun(_fold("mon terminal affiche n'importe quoi, je tape quoi ?")) == "commande"
    # a conjugated verb asks for a thing; a noun after "quel" is the noun asked
    assert asked_noun(_fold("Que lance le roi ?")) is None
    assert asked_noun(_fold("Quel paquet faut-il lancer ?")) == "paquet"


@pytest.fixture(scope="module")
def debian_edu_pdf(tmp_path_factory):
    from conftest import engine_over, shared_documents

    return engine_over(tmp_path_factory, "debian-edu-pdf", [shared_documents("pdf", "debian-edu-bookworm-manual.pdf")])


def test_an_item_of_a_list_goes_on_from_the_sentence_that_opens_it(debian_edu_pdf):
    """debian-edu-bookworm-manual.pdf, p. 13: "— L'espace disque minimal nécessaire dépend du
    profil installé :", then "— combined main server + LTSP server + workstation ...: 60 GiB ..."
    (left in English), "— serveur LTSP : 40 Gio.". The second item shared nothing with the
    question but "LTSP", and the English one was the answer."""
    from askmali.answering import _is_item

    a = debian_edu_pdf.ask("espace disque necessaire pour un serveur LTSP").to_json()["answer"]
    assert a is not None and a["span"]["text"] == "40 Gio" and "serveur LTSP" in a["text"]
    assert _is_item("— serveur LTSP : 40 Gio.")


def test_ordinary_words_the_documents_lack_are_the_askers_when_the_sentence_holds_the_rest(engine):
    """"frontaliers" and "essor" are French words no seed writes: they weighed as the rarest
    terms, two thirds of the question looked absent from the documents and the engine refused,
    though one sentence holds every other word ("La montée en puissance de la Russie au Mali
    inquiète les pays voisins (Côte d'Ivoire, Niger, Burkina Faso) qui redoutent ...")."""
    q = engine.analyse("Quels pays frontaliers redoutent l'essor russe au Mali ?")
    assert q.unknown > 0.5 and q.unknown_terms
    a = engine.ask("Quels pays frontaliers redoutent l'essor russe au Mali ?").answer
    assert a is not None and "Côte d'Ivoire, Niger, Burkina Faso" in a.text
    # the sentence must hold a word of the question's own beside its names: "adhéré" is the
    # question's one such word, and the documents never say when the Mali joined the Cedeao
    assert engine.ask("En quelle année le Mali a-t-il adhéré à la Cedeao ?").answer is None
    # a name the documents lack is a topic, however much else matches
    assert engine.ask("Quel est le PIB du Mali en 2023 ?").answer is None


@pytest.mark.parametrize(
    "typed, read",
    [
        ("Qunad la Cedeao a-t-elle levé ses sanctions ?", "Quand la Cedeao a-t-elle levé ses sanctions ?"),
        ("Combein de soldats ?", "Combien de soldats ?"),
        ("pourqoui la France est partie", "pourquoi la France est partie"),
        ("Commnet faire ?", "Comment faire ?"),
        ("Quant à la France, que dit-elle ?", "Quant à la France, que dit-elle ?"),  # a French word
        ("Comme prévu ?", "Comme prévu ?"),
        ("Quand ?", "Quand ?"),
    ],
)
def test_a_misspelt_interrogative_is_read_as_the_one_it_is_a_typo_of(typed, read):
    from askmali.query import interrogative_fixed

    assert interrogative_fixed(typed) == read


def test_a_misspelt_quand_still_asks_a_date(engine):
    """"Qunad" made the question a yes/no one: the sentence came with no date as its short answer."""
    q = engine.analyse("Qunad la Cedeao a-t-elle levé ses sanctions ?")
    assert q.qtype == "date" and q.typed.startswith("Qunad")
    a = engine.ask("Qunad la Cedeao a-t-elle levé ses sanctions ?").answer
    assert a is not None and a.span is not None and "2022" in a.text[a.span[0] : a.span[1]]


@pytest.fixture(scope="module")
def lshort(tmp_path_factory):
    from conftest import engine_over, shared_documents

    return engine_over(tmp_path_factory, "lshort", [shared_documents("pdf", "lshort-fr.pdf")])


def test_the_noun_of_in_which_year_is_no_topic(lshort, engine):
    """lshort-fr.pdf says "Knuth a commencé le développement de TEX en 1977"; with "année" a term
    to find, the engine preferred a sentence of "années 1970" elsewhere. "en quelle année",
    "à quelle date", "depuis quel jour" say what kind of answer is wanted."""
    q = lshort.analyse("En quelle année Knuth a-t-il commencé TeX ?")
    anne = lshort.analyzer.terms("année")[0]
    assert anne not in q.weights and anne not in q.terms and q.qtype == "date"
    assert anne in lshort.analyse("Que dit l'auteur de cette année ?").weights  # the word, not the frame
    a = lshort.ask("En quelle année Knuth a-t-il commencé TeX ?").answer
    assert a is not None and a.span is not None and a.text[a.span[0] : a.span[1]] == "1977"
    assert "commencé le développement de TEX" in a.text


@pytest.mark.parametrize(
    "typed, read",
    [
        ("Qu'elle est la capitale du Mali ?", "Quelle est la capitale du Mali ?"),
        ("En qu'elle année le Mali a-t-il quitté le G5 Sahel ?", "En quelle année le Mali a-t-il quitté le G5 Sahel ?"),
        ("Dans qu’elles villes Wagner est-il présent ?", "Dans quelles villes Wagner est-il présent ?"),
        ("Qu'elles sont les raisons du retrait ?", "Quelles sont les raisons du retrait ?"),
        ("Que est le montant du contrat ?", "Quel est le montant du contrat ?"),
        # the words as they should be are left alone
        ("Que sont les schiltrons ?", "Que sont les schiltrons ?"),
        ("Que font les soldats russes ?", "Que font les soldats russes ?"),
        ("Qu'elle soit partie ou non, qui dirige ?", "Qu'elle soit partie ou non, qui dirige ?"),
        ("Pourquoi dit-on qu'elle est partie ?", "Pourquoi dit-on qu'elle est partie ?"),
    ],
)
def test_quelle_written_as_it_sounds_is_read_as_quelle(typed, read):
    from askmali.query import interrogative_fixed

    assert interrogative_fixed(typed) == read


def test_a_question_with_quelle_written_as_it_sounds_is_answered_as_asked(engine):
    """"Que est le nom du ministre ...?" was no question asking for a person and was refused;
    "En qu'elle année ...?" no date question."""
    assert engine.analyse("En qu'elle année la France a-t-elle lancé l'opération Serval ?").qtype == "date"
    got = engine.ask("Que est le nom du ministre de la Défense malien ?")
    assert got.answer is not None and got.answer.to_json()["span"]["text"] == "Sadio Camara"
