"""French sentence splitting, untrained and trained (Punkt on the seeds, no download)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from askmali.sentences import SentenceSplitter

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def trained() -> SentenceSplitter:
    return SentenceSplitter.train(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))


@pytest.fixture(params=["untrained", "trained", "french"])
def splitter(request, trained) -> SentenceSplitter:
    if request.param == "french":  # the shipped parameters an index is built with
        return SentenceSplitter.french()
    return SentenceSplitter() if request.param == "untrained" else trained


CASES = [
    # real seed sentences (002 footnotes 2 and 36, 000, 002 page header), then constructed ones
    (
        "En août 2014, l'opération Barkhane a succédé à l'opération Serval. Un total de 4 500 "
        "soldats français ont été déployés au Burkina Faso, au Mali, au Niger et au Tchad.",
        ["En août 2014, l'opération Barkhane a succédé à l'opération Serval.",
         "Un total de 4 500 soldats français ont été déployés au Burkina Faso, au Mali, au Niger et au Tchad."],
    ),
    (
        "« Signature d'un accord de financement de 148,5 millions de dollars entre les Etats-Unis "
        "et le Mali », communiqué de presse, U.S. Agency for International Development, 4 octobre "
        "2022. Les Etats-Unis avaient pareillement suspendu leur aide militaire.",
        ["« Signature d'un accord de financement de 148,5 millions de dollars entre les Etats-Unis "
         "et le Mali », communiqué de presse, U.S. Agency for International Development, 4 octobre 2022.",
         "Les Etats-Unis avaient pareillement suspendu leur aide militaire."],
    ),
    (
        "Paris ne mâche plus ses mots.Le 7 novembre, le ministère français des Affaires étrangères "
        "a recommandé à ses ressortissants de quitter le Mali.",
        ["Paris ne mâche plus ses mots.",
         "Le 7 novembre, le ministère français des Affaires étrangères a recommandé à ses "
         "ressortissants de quitter le Mali."],
    ),
    (
        "Briefing Afrique de Crisis Group N°185, 9 février 2023. Voir le rapport N°304.",
        ["Briefing Afrique de Crisis Group N°185, 9 février 2023.", "Voir le rapport N°304."],
    ),
    (
        "Selon M. Macron, l'art. 3 s'applique. Mme Dupont et E. Macron le confirment le 9 févr. 2023 à Paris.",
        ["Selon M. Macron, l'art. 3 s'applique.",
         "Mme Dupont et E. Macron le confirment le 9 févr. 2023 à Paris."],
    ),
    (
        "Que se passe-t-il ? Depuis le coup d'Etat de mai 2021, tout change !  Vraiment… Oui.",
        ["Que se passe-t-il ?", "Depuis le coup d'Etat de mai 2021, tout change !", "Vraiment…", "Oui."],
    ),
    (
        "Il a dit « pourquoi partir ? » Puis il est parti, etc. Le lendemain, il est revenu.",
        ["Il a dit « pourquoi partir ? »", "Puis il est parti, etc.", "Le lendemain, il est revenu."],
    ),
    (
        "II. La brouille avec les partenaires occidentaux",
        ["II. La brouille avec les partenaires occidentaux"],
    ),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_french_sentences(splitter, text, expected):
    assert splitter.split(text) == expected


def test_spans_cover_the_text_and_newlines_are_boundaries(splitter):
    text = "  Titre du document\nPremière phrase. Deuxième phrase\n\n  Troisième.  "
    spans = splitter.spans(text)
    assert [text[a:b] for a, b in spans] == ["Titre du document", "Première phrase.", "Deuxième phrase", "Troisième."]
    assert all(a < b <= c for (a, b), (c, _) in zip(spans, spans[1:]))
    covered = {i for a, b in spans for i in range(a, b)}
    assert all(ch.isspace() for i, ch in enumerate(text) if i not in covered)
    assert splitter.spans("") == [] and splitter.spans(" \n ") == []


def test_training_learns_from_the_corpus(trained):
    # Punkt's parameters come from the seeds: orthographic context of their words
    assert trained.ortho_context.get("mali")
    assert "m" in trained.abbreviations and "n°" in trained.abbreviations


def test_shipped_parameters_split_like_the_splitter_they_were_learnt_into(trained):
    # learned_json keeps only the words whose context can make a boundary: a splitter rebuilt
    # from it splits every seed exactly as the trained one (the shipped file is made this way)
    again = SentenceSplitter.from_json(trained.learned_json())
    assert len(again.ortho_context) < len(trained.ortho_context)
    for p in sorted(SEEDS.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        assert again.spans(text) == trained.spans(text)


def test_the_shipped_splitter_knows_french_abbreviations_and_starters():
    french = SentenceSplitter.french()
    assert french.ortho_context and "n°" in french.abbreviations
    # "etc." is an abbreviation: a boundary only before a word that starts sentences
    assert french.split("Des pommes, des poires, etc. Les fruits sont mûrs.") == [
        "Des pommes, des poires, etc.",
        "Les fruits sont mûrs.",
    ]


def test_importing_the_splitter_does_not_import_nltk():
    code = "import sys, askmali.sentences, askmali.cleaning, askmali.chunking; print('nltk' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
