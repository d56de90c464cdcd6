"""What the question names exactly: what an acronym stands for (the question that asks it, the
words of a sentence that spell it, the answer the engine gives), and a file's whole name (seeds,
and sentences of ../shared/documents)."""

from __future__ import annotations

import pytest

from askmali import acronyms
from askmali.query import spelled_acronyms


def test_a_question_for_the_meaning_of_an_acronym_names_it():
    assert acronyms.asked("Que veut dire l'acronyme SSH ?") == "SSH"
    assert acronyms.asked("Que désigne le sigle ENS dans les missions de paix ?") == "ENS"
    assert acronyms.asked("Qu'est-ce que signifie NMU ?") == "NMU"
    assert acronyms.asked("Quelle est la signification de DHCP ?") == "DHCP"
    assert acronyms.asked("que signifie l'abréviation JLD") == "JLD"
    # what an acronym is, is first what it stands for
    assert acronyms.asked("Qu'est-ce que l'AES ?") == "AES"
    assert acronyms.asked("C'est quoi le GSIM ?") == "GSIM"
    assert acronyms.asked("Qu'est-ce que lintian ?") is None
    # no acronym, or no question for a meaning
    assert acronyms.asked("Que signifie le verbe latin concipere ?") is None
    assert acronyms.asked("Qui dirige la MINUSMA ?") is None
    assert acronyms.asked("Que veut devenir Chaffee ?") is None


def spelled(sentence: str, acronym: str) -> str | None:
    got = acronyms.expansion(sentence, acronym)
    return None if got is None else sentence[got[0] : got[1]]


def test_the_words_an_acronym_stands_for_before_or_after_it():
    # seeds (002_29e0faa7f984317a.txt, footnote 27), the Debian reference and packaging guide
    assert spelled(
        "Pour Abidjan, il s'agissait de militaires agissant dans le cadre d'une procédure onusienne appelée "
        "« éléments nationaux de soutien » (ENS).", "ENS") == "éléments nationaux de soutien"
    assert spelled(
        "6.3. Le serveur et les utilitaires d'accès à distance (SSH) SSH, le « Secure SHell » est la manière "
        "sûre de se connecter par Internet.", "SSH") == "Secure SHell"
    assert spelled(
        "Le programme SSH, Shell sûr (« Secure Shell ») permet une communication chiffrée sûre.", "SSH") == "Secure Shell"
    assert spelled(
        "SSH [http://www.openssh.com/] signifie Secure Shell , le protocole permettant d'échanger des données.",
        "SSH") == "Secure Shell"
    # an elided article, a hyphen, French function words between the letters
    assert spelled("L'Union postale universelle (UPU) est une institution spécialisée.", "UPU") == "L'Union postale universelle"
    assert spelled("Une NMU (Non-Maintainer Upload) est un envoi.", "NMU") == "Non-Maintainer Upload"
    assert spelled(
        "l'encadrement de la garde à vue par le juge des libertés et de la détention (JLD) ou le juge "
        "d'instruction", "JLD") == "juge des libertés et de la détention"


def test_a_name_the_acronym_does_not_spell_counts_when_given_just_before_it():
    """A French name for a body known by its initials (seeds, 002_29e0faa7f984317a.txt)."""
    assert spelled(
        "les formations européennes (l'EUTM et la Mission de soutien aux capacités de sécurité intérieure "
        "maliennes, ou EUCAP) sont trop classiques", "EUCAP") == (
        "Mission de soutien aux capacités de sécurité intérieure maliennes")
    assert spelled("le Groupe de soutien à l'islam et aux musulmans (GSIM) a revendiqué l'attaque", "GSIM") == (
        "Groupe de soutien à l'islam et aux musulmans")
    # one capitalised word is no name ("La France (UE)")
    assert spelled("La France (UE) a signé.", "UE") is None


def test_a_sentence_that_only_holds_the_letters_spells_nothing():
    # the letters in order, but not opening words ("some are listed here": s, s, h)
    assert spelled("There are several ways to restrict SSH login, some are listed here.", "SSH") is None
    assert spelled("Les ENS sont des militaires nationaux déployés par les pays contributeurs de troupes.", "ENS") is None
    # after a closing bracket, no name runs back over it (PIAF dev: the "(ELAS, ...)" sentence)
    assert spelled(
        "c'est la guerre civile, qui voit s'affronter l'armée régulière (marquée par la présence de la "
        "droite, qui va jusqu'à se servir d'anciens partisans de Metaxas) et l'armée des partisans (ELAS, "
        "aile armée du parti communiste grec, et EAM).", "ELAS") is None
    assert spelled("Il existe quelques clients SSH libres disponibles pour d'autres plateformes.", "SSH") is None
    # words that merely come before it spell it only when it follows them in brackets
    # (../shared/documents developers-reference: "numéro magique d'une" holds n, m, u)
    assert spelled(
        "Le « numéro magique » d'une NMU pour une recompilation particulière est obtenu en utilisant un "
        "suffixe ajouté au numéro de version du paquet, de la forme bnuméro.", "NMU") is None


def test_a_common_noun_s_phrase_before_an_acronym_in_brackets_names_it():
    """maint-guide (../shared/documents): a French name for English initials, no capital in it."""
    sentence = "vérifiez dans le système de gestion de bogues (BTS) que personne n'a fourni de correctifs aux bogues ouverts ;"
    assert spelled(sentence, "BTS") == "système de gestion de bogues"
    assert acronyms.expansion(sentence, "BTS", named=False) is None


def test_a_name_whose_every_article_follows_de_is_still_a_name_before_its_acronym(engine):
    """seeds/002: "... dans le cadre de la mission de formation de l'Union européenne pour le Mali
    (EUTM) ...": English initials, and "la" follows "de"; "Que signifie EUTM ?" got the EUCAP's
    name from another sentence ("formations européennes (l'EUTM et la Mission de soutien ...")."""
    sentence = ("des troupes au Mali dans le cadre de la mission de formation de l'Union européenne pour le "
                "Mali (EUTM) ou de la Minusma")
    assert spelled(sentence, "EUTM") == "mission de formation de l'Union européenne pour le Mali"
    a = engine.ask("Que signifie EUTM ?").to_json()["answer"]
    assert a is not None and a["span"]["text"] == "mission de formation de l'Union européenne pour le Mali"


def test_the_acronym_itself_spells_nothing():
    """developers-reference (../shared/documents): after the second "NMU", "NMU)) sur votre paquet
    si un" holds N, M and U in order; the name given before "(NMU)" is what it stands for."""
    sentence = (
        "Habituellement, cela signifie que les autres développeurs peuvent faire des NMU (voir Mises à "
        "jour indépendantes (NMU)) sur votre paquet si un gros problème se produit pendant que vous êtes "
        "en vacances.")
    assert acronyms.expansion(sentence, "NMU", named=False) is None
    assert spelled(sentence, "NMU") == "Mises à jour indépendantes"


def test_the_engine_answers_with_the_sentence_that_spells_it_and_its_words(engine):
    result = engine.ask("Que désigne le sigle ENS dans les missions de paix ?")
    a = result.answer
    assert a is not None and "(ENS)" in a.text
    assert a.text[a.span[0] : a.span[1]] == "éléments nationaux de soutien"


def test_what_an_acronym_is_is_answered_by_what_it_stands_for(engine):
    a = engine.ask("C'est quoi le GSIM ?").to_json()["answer"]
    assert a is not None and a["span"] is not None
    assert a["span"]["text"] == "Groupe de soutien à l'islam et aux musulmans"


def test_the_words_that_ask_for_a_meaning_do_not_weigh_on_an_acronym(engine):
    q = engine.analyse("Que veut dire l'acronyme ENS ?")
    ens = engine.analyzer.terms("ENS")
    assert list(q.weights) == ens and q.terms == ens
    # of a word's meaning they stay: the answer often stands next to "signifie"
    q = engine.analyse("Que signifie le mot junte ?")
    assert "signif" in q.weights and "junt" in q.weights


def test_a_file_the_question_names_is_told_from_a_longer_one(tmp_path):
    """Sentences of the Debian reference (../shared/documents): "/etc/hosts" and
    "/etc/hosts.deny" analyse to the same terms ("etc", "host"); the question names the first,
    so its answer comes from the passage that holds it whole. (In askmali.answering, beside the
    acronyms: both narrow the candidate sentences on what the question names exactly.)"""
    from askmali import indexing, load, spans

    folder = tmp_path / "docs"
    folder.mkdir()
    # the words of the Debian reference, rearranged so that the other file's sentence matches
    # the question's words better: only the file's name tells them apart
    (folder / "acces.txt").write_text(
        "Si vous avez des problèmes pour les accès à distance, commentez la ligne posant problème. Chaque "
        "ligne du fichier « /etc/hosts.deny » commence par le nom du service.\n", encoding="utf-8")
    (folder / "hotes.txt").write_text(
        "Si le nom d'hôte est trouvé dans le fichier « /etc/hosts », il retourne toutes les adresses "
        "valables qui y correspondent. Dans « /etc/hosts », chaque entrée débute par une adresse IP suivie "
        "du nom d'hôte.\n", encoding="utf-8")
    indexing.build([folder], tmp_path / "index")
    engine = load(tmp_path / "index")
    assert spans.technical_tokens("Par quoi commence chaque ligne du fichier /etc/hosts ?") == ["/etc/hosts"]
    assert not spans.holds_token("de « /etc/hosts.deny » si", "/etc/hosts")
    assert spans.holds_token("dans le fichier « /etc/hosts », il", "/etc/hosts")
    answer = engine.ask("Par quoi commence chaque ligne du fichier /etc/hosts ?").answer
    assert answer is not None and answer.source == "hotes.txt"


def test_an_acronym_spelled_out_below_the_first_passages_read_is_found(tmp_path):
    """The Debian reference's chapter 6 (../shared/documents) beside the seeds: every passage on
    SSH names it, and the one that spells it out ("SSH, le « Secure SHell », est ...") ranks
    11th, below the passages whose sentences are read; the engine looks down the hits for it,
    and prefers its spelling to a heading that only gives a name before "(SSH)"."""
    from askmali import indexing, load

    from conftest import SEEDS, shared_documents

    chapter = shared_documents("html", "debian-reference", "ch06.fr.html")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / chapter.name).write_bytes(chapter.read_bytes())
    for seed in sorted(SEEDS.glob("*.txt")):
        (folder / seed.name).write_bytes(seed.read_bytes())
    indexing.build([folder], tmp_path / "index")
    engine = load(tmp_path / "index")
    question = "Que veut dire l'acronyme SSH ?"
    q = engine.analyse(question)
    ranks = [h.rank for h in engine.search(q, 100) if "Secure SHell" in h.passage.text]
    assert ranks and ranks[0] > 8  # below the first passages read: what the test is about
    got = engine.ask(question).to_json()["answer"]
    assert got is not None and got["span"] is not None and got["span"]["text"] == "Secure SHell"
    # the name-before-"(X)" reading of the chapter's heading still spells it, as a last resort
    heading = "Le serveur et les utilitaires d'accès à distance (SSH)"
    assert acronyms.expansion(heading, "SSH") is not None and acronyms.expansion(heading, "SSH", named=False) is None


@pytest.mark.parametrize(
    "sentence, words",
    [
        # developers-reference.fr (8.1): a French name that ends on a proper noun before "(DDTP)"
        (
            "Les descriptions de paquets sont traduites depuis plusieurs années ; les traducteurs peuvent "
            "utiliser le projet de traduction des descriptions de Debian (DDTP) .",
            "projet de traduction des descriptions de Debian",
        ),
        # maint-guide.fr (PDF): the name before a dash and the acronym
        (
            "Les traductions de ces descriptions sont fournies par Le projet de traduction de descriptions "
            "de Debian — DDTP (http://www.debian.org/intl/l10n/ddtp) .",
            "projet de traduction de descriptions de Debian",
        ),
    ],
)
def test_a_common_noun_s_name_ending_on_a_proper_noun_spells_out_an_acronym(sentence, words):
    got = acronyms.expansion(sentence, "DDTP")
    assert got is not None and sentence[got[0] : got[1]] == words


def test_words_across_a_quote_and_a_comma_spell_no_acronym(engine):
    # "« Mali : la CMA, vent debout contre les mercenaires russes », Jeune Afrique": "contre ...
    # mercenaires ... Afrique" holds C, M, A in order, but crosses the headline's end; the seed
    # spells the CMA out in its body, where the answer is
    note = "« Mali : la CMA, vent debout contre les mercenaires russes », Jeune Afrique, 28 septembre 2021."
    assert acronyms.expansion(note, "CMA", named=False) is None
    assert acronyms.expansion("SSH, Shell sûr (« Secure Shell »)", "SSH", named=False) is not None
    a = engine.ask("Qu'est-ce que la CMA ?").answer
    assert a is not None and a.text[a.span[0] : a.span[1]] == "Coordination des mouvements de l'Azawad"


def test_an_acronym_the_documents_never_write_stands_for_the_name_they_spell_out(engine):
    """seeds/000: "Moura (mars 2022) : plus de 300 civils massacrés par des soldats maliens
    accompagnés de Russes, selon Human Rights Watch." The seeds never write "HRW"; asked so, in a
    hurry, the question got Acled's 2146 civilians of 2022."""
    r = engine.ask("combien de civils tues a moura selon hrw")
    assert r.answer is not None and "Human Rights Watch" in r.answer.text and r.answer.span_json()["text"] == "300"
    q = engine.analyse("combien de civils tues a moura selon hrw")
    texts = ["Rapport de l'Organisation des Nations unies et de Human Rights Watch sur le Mali."]
    got = spelled_acronyms(q, texts, engine.known_terms)
    assert got.aliases["hrw"] == (tuple(engine.analyzer.terms("Human Rights Watch")),)
    # a word the index holds, or a French word, is no acronym to spell out
    assert spelled_acronyms(engine.analyse("Qui a fondé Wagner ?"), texts, engine.known_terms).aliases == engine.analyse(
        "Qui a fondé Wagner ?").aliases
