"""What an acronym stands for: the question that asks it, the words of a sentence that spell it,
and the answer the engine gives (seeds, and sentences of ../shared/documents)."""

from __future__ import annotations

from askmali import acronyms


def test_a_question_for_the_meaning_of_an_acronym_names_it():
    assert acronyms.asked("Que veut dire l'acronyme SSH ?") == "SSH"
    assert acronyms.asked("Que désigne le sigle ENS dans les missions de paix ?") == "ENS"
    assert acronyms.asked("Qu'est-ce que signifie NMU ?") == "NMU"
    assert acronyms.asked("Quelle est la signification de DHCP ?") == "DHCP"
    assert acronyms.asked("que signifie l'abréviation JLD") == "JLD"
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


def test_a_sentence_that_only_holds_the_letters_spells_nothing():
    # the letters in order, but not opening words ("some are listed here": s, s, h)
    assert spelled("There are several ways to restrict SSH login, some are listed here.", "SSH") is None
    assert spelled("Les ENS sont des militaires nationaux déployés par les pays contributeurs de troupes.", "ENS") is None
    # a French name that does not spell the acronym (seeds)
    assert spelled(
        "les formations européennes (l'EUTM et la Mission de soutien aux capacités de sécurité intérieure "
        "maliennes, ou EUCAP) sont trop classiques", "EUCAP") is None
    assert spelled("Il existe quelques clients SSH libres disponibles pour d'autres plateformes.", "SSH") is None


def test_the_engine_answers_with_the_sentence_that_spells_it_and_its_words(engine):
    result = engine.ask("Que désigne le sigle ENS dans les missions de paix ?")
    a = result.answer
    assert a is not None and "(ENS)" in a.text
    assert a.text[a.span[0] : a.span[1]] == "éléments nationaux de soutien"


def test_the_words_that_ask_for_a_meaning_do_not_weigh_on_an_acronym(engine):
    q = engine.analyse("Que veut dire l'acronyme ENS ?")
    ens = engine.analyzer.terms("ENS")
    assert list(q.weights) == ens and q.terms == ens
    # of a word's meaning they stay: the answer often stands next to "signifie"
    q = engine.analyse("Que signifie le mot junte ?")
    assert "signif" in q.weights and "junt" in q.weights
