"""Questions a person asks of the Debian manuals (../shared/documents), one index of two of them
built for the module: the package that answers a "Quel paquet ...?" question is named by the
sentence after the one that echoes the question (``answering.lacks_technical``), "un seul" is
a quantity, and common words ("parfois", "temps") are no technical names."""

from __future__ import annotations

import pytest

from askmali import spans

from conftest import engine_over, shared_documents

MAINT_GUIDE = ("html", "maint-guide", "build.fr.html")
EDU_MANUAL = ("epub", "debian-edu-bookworm-manual.epub")


@pytest.fixture(scope="module")
def manuals(tmp_path_factory):
    return engine_over(tmp_path_factory, "manuals", [shared_documents(*parts) for parts in (MAINT_GUIDE, EDU_MANUAL)])


def test_the_package_asked_for_is_named_not_the_scene_before_it(manuals):
    result = manuals.ask("Quel paquet aide à construire des paquets pour sid sans migrer tout son système ?")
    assert result.answer is not None
    assert "pbuilder" in result.answer.text
    assert result.answer.span_json() is not None and result.answer.span_json()["text"] == "pbuilder"


def test_one_server_is_a_quantity(manuals):
    result = manuals.ask("Combien de serveurs principaux peut-on installer par école ?")
    assert result.answer is not None, "refused: 'un seul' was not read as a quantity"
    assert "un seul serveur principal" in result.answer.text
    assert result.answer.span_json()["text"] == "un seul"


def test_common_words_are_no_technical_names(manuals):
    q = manuals.analyse("Quel paquet aide à construire des paquets pour sid ?")
    sentence = "En pratique, sid peut parfois être victime de problèmes, non sans temps perdu."
    assert spans.technical_options(q, sentence) == []
