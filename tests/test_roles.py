"""Who did what to whom (askmali.roles): a sentence that gives the question's roles the other way
round does not answer it. Seeds (002_29e0faa7f984317a.txt): "En août 2014, l'opération Barkhane a
succédé à l'opération Serval." answered "Qui a succédé à Barkhane ?" with "Serval", at 0.78."""

from __future__ import annotations

from askmali import roles

SUCCESSION = "En août 2014, l'opération Barkhane a succédé à l'opération Serval."


def test_the_name_asked_about_acting_itself_reverses_the_roles():
    assert roles.reversed_roles("Qui a succédé à Barkhane ?", SUCCESSION)
    assert roles.reversed_roles("Qui remplace Wagner ?", "Wagner remplace Barkhane au Mali.")


def test_the_roles_the_question_asks_for_or_a_passive_are_no_contradiction():
    assert not roles.reversed_roles("Qui a succédé à Serval ?", SUCCESSION)
    assert not roles.reversed_roles("Qui a fondé Wagner ?", "Wagner a été fondé par Evgueni Prigojine.")
    assert not roles.reversed_roles("Qui a fondé Wagner ?", "Wagner, fondé par Evgueni Prigojine, recrute.")
    assert not roles.reversed_roles("Qui remplace Wagner ?", "Le Corps africain remplace Wagner.")
    # "Quel trophée a remporté Brodeur ?": the name after the verb may be its subject (PIAF dev)
    assert not roles.reversed_roles("Quel trophée a remporté Brodeur ?", "Brodeur a remporté le trophée Vézina.")
    assert not roles.reversed_roles("Qui est Barkhane ?", SUCCESSION)


def test_the_reversed_sentence_is_refused(engine):
    assert engine.ask("Qui a succédé à Barkhane ?").answer is None
    a = engine.ask("Quelle opération a succédé à Serval ?").answer
    assert a is not None and "Barkhane a succédé" in a.text
