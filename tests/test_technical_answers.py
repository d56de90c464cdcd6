"""Questions a person asks of the Debian manuals (../shared/documents), one index of two of them
built for the module: the package that answers a "Quel paquet ...?" question is named by the
sentence after the one that echoes the question (``answering.lacks_technical``), "un seul" is
a quantity, and common words ("parfois", "temps") are no technical names."""

from __future__ import annotations

import pytest

from askmali import naming, spans
from askmali.query import Query

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
    # nor French words joined by a hyphen ("connectez-vous", "peut-être")
    joined = "Ensuite connectez-vous au serveur principal, puis relancez-le."
    assert spans.technical_options(q, joined) == []


@pytest.fixture(scope="module")
def reference_ch09(tmp_path_factory):
    return engine_over(tmp_path_factory, "reference-ch09", [shared_documents("html", "debian-reference", "ch09.fr.html")])


@pytest.mark.parametrize(
    "question, short",
    [
        # debian-reference ch09, "Enregistrer l'activité de l'éditeur": a glossary line, its
        # term quoted before a colon
        ("Quelle touche démarre l'enregistrement des caractères dans le registre a sous Vim ?", "qa"),
        ("Quelle touche termine l'enregistrement des caractères entrés sous Vim ?", "q"),
    ],
)
def test_a_glossary_line_answers_with_its_term(reference_ch09, question, short):
    a = reference_ch09.ask(question).answer
    assert a is not None and a.span_json() is not None and a.span_json()["text"] == short


def test_a_size_glued_to_its_unit_answers_how_large(reference_ch09):
    # debian-reference ch09: "... qui pourra s'étendre jusqu'à 5Gio peut être fait en utilisant
    # dd(1)": "5Gio" is a quantity with its unit, not the "seek=5G" of the command below it
    a = reference_ch09.ask("Jusqu'à quelle taille le fichier image disk.img peut-il s'étendre ?").answer
    assert a is not None and a.span_json()["text"] == "5Gio"


def test_only_a_technical_term_or_a_quoted_one_is_glossed(reference_ch09):
    q = reference_ch09.analyse("Quelle option affiche les messages détaillés pendant la copie ?")
    line = "-v, --verbose : affiche les messages détaillés pendant la copie."
    assert line[slice(*spans.glossed(q, line, reference_ch09.analyzer))] == "-v, --verbose"
    prose = "Cependant, des tensions apparaissent : affiche les messages détaillés pendant la copie."
    assert spans.glossed(q, prose, reference_ch09.analyzer) is None
    # the term is what the question asks about: no gloss
    echo = "« affiche » : les messages détaillés pendant la copie."
    assert spans.glossed(q, echo, reference_ch09.analyzer) is None


def test_in_an_english_sentence_a_bare_name_needs_a_hyphen_or_a_digit(reference_ch09):
    """ubuntu-packaging-guide.epub explains pull-lp-source in English: "comes", "allowing" are no
    French words, yet no package names either."""
    q = reference_ch09.analyse("Quel paquet contient l'outil pull-lp-source ?")
    line = "ubuntu-dev-tools comes with pull-lp-source command, allowing to download source packages from Launchpad."
    assert [line[a:b] for a, b in spans.technical_options(q, line)] == ["ubuntu-dev-tools"]
    french = "Le paquet pbuilder construit des paquets dans un chroot."
    assert [french[a:b] for a, b in spans.technical_options(q, french)] == ["pbuilder", "chroot"]


def test_a_flag_answers_for_an_option_only(manuals):
    """maint-guide (update): "Si vous utilisez la commande dch -r pour faire cette dernière
    modification, ...": "-r" is no package ("Quel paquet fournit la commande dch ?" got it as
    its short answer), but it is the option asked for by "Quelle option ...?"."""
    sentence = ("Si vous utilisez la commande dch -r pour faire cette dernière modification, n'oublier pas "
                "de sauver le fichier changelog explicitement dans l'éditeur.")
    package = manuals.analyse("Quel paquet fournit la commande dch ?")
    assert "-r" not in [sentence[a:b] for a, b in spans.technical_options(package, sentence)]
    option = manuals.analyse("Quelle option de dch faut-il utiliser pour la dernière modification ?")
    assert "-r" in [sentence[a:b] for a, b in spans.technical_options(option, sentence)]


def test_a_plural_technical_question_gets_the_whole_list(manuals):
    """maint-guide (dreq): "gentoo a aussi besoin de xlibs-dev, libgtk1.2-dev et libgl1.2-dev
    pour être construit": a package name with a full stop inside is one item, the verb's "de"
    is none, and "Quels paquets" asks for packages as "Quel paquet" does."""
    sentence = ("gentoo a aussi besoin de xlibs-dev, libgtk1.2-dev et libgl1.2-dev pour être construit, "
                "ils doivent donc être ajoutés à côté de debhelper.")
    assert sentence[slice(*spans.enumeration(sentence, "paquet"))] == "xlibs-dev, libgtk1.2-dev et libgl1.2-dev"
    q = manuals.analyse("De quels paquets gentoo a-t-il besoin pour être construit ?")
    assert spans.asks_technical(q)
    # an item's own preposition, shared by the others, stays
    sahel = "des soldats déployés au Burkina Faso, au Mali, au Niger et au Tchad entre 2014 et 2022."
    assert sahel[slice(*spans.enumeration(sahel))] == "au Burkina Faso, au Mali, au Niger et au Tchad"


@pytest.fixture(scope="module")
def maint_guide_dreq(tmp_path_factory):
    return engine_over(tmp_path_factory, "maint-guide-dreq", [shared_documents("html", "maint-guide", "dreq.fr.html")])


def test_a_command_announced_by_a_colon_is_shown_with_its_sentence(maint_guide_dreq):
    """maint-guide, "Fichiers nécessaires dans le répertoire debian": "Pour déterminer les
    paquets nécessaires à la construction, exécutez la commande :" and the line under it,
    "$ dpkg-depcheck -d ./configure"; the command is the whole line after the prompt."""
    a = maint_guide_dreq.ask("Quelle commande permet de déterminer les paquets nécessaires à la construction ?").to_json()["answer"]
    assert a is not None
    assert a["text"].startswith("Pour déterminer les paquets nécessaires à la construction, exécutez la commande :")
    assert a["text"].rstrip().endswith("$ dpkg-depcheck -d ./configure")
    assert a["span"]["text"] == "dpkg-depcheck -d ./configure"
    assert a["text"][a["span"]["char_start"] : a["span"]["char_end"]] == a["span"]["text"]
    assert a["line_end"] > a["line_start"]


def test_a_table_row_answers_with_its_name(reference_ch09):
    """debian-reference ch09, "Tableau 9.8": the row's first cell names the package or program
    whose description holds the question's words; a command named with its manual section in
    the description is the command asked for, not the package holding it."""
    a = reference_ch09.ask("Quel ordonnanceur convient aux systèmes qui ne tournent pas 24 heures sur 24 ?").answer
    assert a is not None and a.text.startswith("anacron —")
    q = reference_ch09.analyse("Quel outil trace les appels système et les signaux ?")
    row = "strace — V:14, I:135 — 2839 — strace(1) : tracer les appels système et les signaux"
    assert row[slice(*spans.row_key(q, row, reference_ch09.analyzer))] == "strace"
    q = reference_ch09.analyse("Quelle commande lance un programme avec une priorité d'ordonnancement modifiée ?")
    nice = "coreutils — V:908, I:999 — 18062 — nice(1) : lancer un programme avec une priorité d'ordonnancement modifiée"
    assert spans.row_key(q, nice, reference_ch09.analyzer) is None
    assert [nice[a:b] for a, b in spans.technical_options(q, nice)] == ["nice"]
    # a timeline's row opens on its date, which no "Quel revers ...?" asks for
    q = reference_ch09.analyse("Quel revers militaire majeur a subi Wagner ?")
    assert spans.row_key(q, "Juillet 2024 — Bataille de Tinzaouaten — Revers militaire majeur pour Wagner.",
                         reference_ch09.analyzer) is None


def test_a_command_line_that_runs_into_prose_is_no_command():
    assert spans.prose_after_prompt("$ sudo lsof -p 1 PID=1 est habituellement le programme init.")
    assert not spans.prose_after_prompt("$ dpkg-depcheck -d ./configure")


def test_a_command_announced_without_a_colon_is_shown_too(manuals):
    """debian-edu-bookworm-manual.epub: "... connectez-vous en tant que superutilisateur au
    serveur principal et exécutez la commande" ends on the command's name, the command on the
    line under it; "connectez-vous" and "superutilisateur" are no commands."""
    a = manuals.ask("Quelle commande crée un Principal et le fichier keytab pour un système déjà configuré par GOsa² ?")
    got = a.to_json()["answer"]
    assert got is not None and "exécutez la commande" in got["text"]
    assert got["span"]["text"] == "/usr/share/debian-edu-config/tools/gosa-modify-host"


@pytest.fixture(scope="module")
def ubuntu_guide(tmp_path_factory):
    return engine_over(tmp_path_factory, "ubuntu-guide", [shared_documents("epub", "ubuntu-packaging-guide.epub")])


def test_a_sentence_ending_on_a_colon_shows_the_command_line_under_it(ubuntu_guide):
    # chroots.xhtml: "Vous pouvez alors travailler dans l'environnement chroot:" / "$ sudo chroot trusty"
    got = ubuntu_guide.ask("Comment travailler dans l'environnement chroot ?").to_json()["answer"]
    assert got is not None and got["text"].endswith("$ sudo chroot trusty")
    assert got["span"] is not None and got["span"]["text"] == "sudo chroot trusty"


def test_a_package_name_with_hyphens_in_a_command_line_is_no_prose(ubuntu_guide):
    # "... vous pouvez installer les paquets linguistiques adéquats:" / "$ apt-get install
    # language-pack-en": "pack" and "en" inside one token are not two French words in a row
    assert spans.command_line("$ apt-get install language-pack-en") is not None
    assert spans.command_line("$ sudo lsof -p 1 PID=1 est habituellement le processus init") is None
    question = "Quel paquet installer pour éviter que apt se plaigne de l'absence d'informations linguistiques ?"
    got = ubuntu_guide.ask(question).to_json()["answer"]
    assert got is not None and got["span"] is not None and got["span"]["text"] == "language-pack-en"


@pytest.fixture(scope="module")
def reference_ch02(tmp_path_factory):
    return engine_over(tmp_path_factory, "reference-ch02", [shared_documents("html", "debian-reference", "ch02.fr.html")])


def test_the_section_asked_for_is_the_one_the_sentence_refers_to(reference_ch02):
    """"Quelle section ...?" of "Consultez Section 9.3.9, « Enregistrer les modifications ... »"
    got "3" (the span ranker cut the number); the part of the kind asked, with its number."""
    a = reference_ch02.ask(
        "Quelle section explique comment enregistrer les modifications des fichiers de configuration ?"
    ).to_json()["answer"]
    assert a is not None and "Section 9.3.9" in a["text"]
    assert a["span"]["text"] == "Section 9.3.9"
    sentence = "Voir le chapitre 4 et la section 2.1 pour les détails."
    got = spans.part_referred("Quel chapitre décrit le réseau ?", sentence)
    assert got is not None and sentence[got[0] : got[1]] == "chapitre 4"
    got = spans.part_referred("Quelle section du chapitre 4 décrit le réseau ?", sentence)
    assert got is not None and sentence[got[0] : got[1]] == "section 2.1"
    assert spans.part_referred("Quel paquet installer ?", sentence) is None


def test_the_package_a_tool_comes_in_is_not_the_tool():
    """developers-reference (../shared/documents): "Quel outil ...?" got "po-debconf", the
    package podebconf-report-po comes in; "Quel paquet ...?" still gets it."""
    sentence = ("Si vous prévoyez de modifier les écrans d'origine, veuillez utiliser le système de notification "
                "podebconf-report-po, fourni avec le paquet po-debconf, pour contacter les traducteurs.")
    tool = spans.technical_options(Query("Quel outil utiliser pour contacter les traducteurs ?", "other", {}, 0.0), sentence)
    assert [sentence[a:b] for a, b in tool] == ["podebconf-report-po"]
    package = spans.technical_options(Query("Quel paquet fournit podebconf-report-po ?", "other", {}, 0.0), sentence)
    assert [sentence[a:b] for a, b in package] == ["po-debconf"]


def test_where_a_file_is_is_the_path_the_sentence_gives_it():
    """debian-reference (../shared/documents, PDF): "Où se trouve le fichier sources.list ?" got
    "la manière suivante" of "Listez toutes les archives nécessaires dans le fichier «
    /etc/apt/sources.list » de la manière suivante :"."""
    sentence = "Listez toutes les archives nécessaires dans le fichier « /etc/apt/sources.list » de la manière suivante :"
    got = spans.path_of("Où se trouve le fichier sources.list ?", sentence)
    assert got is not None and sentence[got[0] : got[1]] == "/etc/apt/sources.list"
    assert spans.path_of("Où se trouve le fichier smb.conf ?", sentence) is None  # another file
    assert spans.path_of("Où se trouve Bamako ?", sentence) is None  # no file asked
    # debian-reference (HTML): the path the question does not itself name
    status = "Regardez l'ancienne version du fichier « /var/lib/dpkg/status » dans « /var/lib/dpkg/status-old » ou « /var/backups/dpkg.status.* »."
    got = spans.path_of("Si le fichier /var/lib/dpkg/status est abîmé, où retrouver son ancienne version ?", status)
    assert got is not None and status[got[0] : got[1]] == "/var/lib/dpkg/status-old"
    assert spans.path_of("Que contient le fichier /var/lib/dpkg/status ?", status) is None  # no "où"


def test_how_many_times_is_answered_with_its_word_and_by_its_own_interrogative(manuals):
    """maint-guide (../shared/documents, HTML): "Combien de fois faut-il taper sa phrase secrète
    quand on signe le paquet avec debsign ?" was typed a date question (its clause's "quand") and
    answered by the whole sentence; "Vous devez entrer votre phrase secrète deux fois."."""
    from askmali import qtypes

    question = "Combien de fois faut-il taper sa phrase secrète quand on signe le paquet avec debsign ?"
    assert qtypes.question_type(question) == "number"
    assert qtypes.question_type("Pourquoi la France part-elle quand Wagner arrive ?") == "reason"
    assert qtypes.question_type("Quand la Cedeao a-t-elle levé ses sanctions ?") == "date"
    a = manuals.ask(question).to_json()["answer"]
    assert a is not None and a["span"]["text"] == "deux fois"


def test_the_name_a_description_is_said_of(reference_ch02):
    # "dpkg(1) est l'outil de plus bas niveau pour la gestion des paquets de Debian": the subject
    # of what the question describes, without its manual section
    result = reference_ch02.ask("Comment s'appelle le gestionnaire de paquets de bas niveau de Debian ?")
    assert result.answer is not None and "plus bas niveau" in result.answer.text
    assert result.answer.span_json()["text"] == "dpkg"
    # a pronoun or a possessive opens no name (PIAF dev: "Son environnement est le second massif ...")
    assert naming.subject_described("Son environnement est le second massif forestier continu de la planète.",
                                    "Quel est le second massif forestier ?") is None
    assert naming.subject_described("Il est l'outil de plus bas niveau pour la gestion des paquets.",
                                    "Comment s'appelle l'outil de plus bas niveau ?") is None


@pytest.fixture(scope="module")
def lshort(tmp_path_factory):
    return engine_over(tmp_path_factory, "lshort", [shared_documents("pdf", "lshort-fr.pdf")])


def test_a_displayed_command_stays_with_the_sentence_that_announces_it(lshort):
    # lshort-fr.pdf p. 42: "La commande :", then "\tableofcontents" set apart, then "imprime la
    # table des matières ..." go on with one sentence; they are one passage, and the answer shows
    # the command line above the sentence that says what it does
    result = lshort.ask("Quelle commande crée une table des matières en LaTeX ?")
    a = result.answer
    assert a is not None and a.text.startswith("\\tableofcontents\nimprime la table des matières")
    assert a.span_json()["text"] == "\\tableofcontents"
    assert "La commande :\n\\tableofcontents\nimprime" in a.passage.text


def test_a_fragment_before_a_pronoun_is_not_shown_as_what_it_stands_for(lshort):
    # lshort-fr.pdf p. 26: a footnote ending "... respectivement. (NdT)" was set by the layout
    # between "\documentclass[11pt,twoside,a4paper]{article}" and the sentence that goes on
    # from it, "elle informe LATEX ...": the answer showed "(NdT)" as what "elle" stands for
    a = lshort.ask("Quelle est la taille par défaut des caractères dans un document article ?").answer
    assert a is not None and a.text.startswith("elle informe LATEX qu'il doit composer ce document comme un article")
    assert "(NdT)" in a.passage.text and "(NdT)" not in a.text


def test_a_definition_list_s_term_stays_with_what_is_said_of_it(manuals):
    # build.fr.html lists the files a build leaves, each name on its own line and then "Ce fichier
    # décrit ...": one passage, and the answer shows the name the demonstrative stands for
    result = manuals.ask("Quel fichier décrit les modifications effectuées dans la révision actuelle du paquet ?")
    a = result.answer
    assert a is not None and a.text.startswith("gentoo_0.9.12-1_i386.changes\nCe fichier décrit toutes les modifications")
    assert a.span_json()["text"] == "gentoo_0.9.12-1_i386.changes"


def test_what_a_thing_is_also_called_names_it_backwards():
    """developers-reference (../shared/documents): "Les développements se font sur la distribution
    unstable (c'est pourquoi elle est aussi appelée distribution de développement)." What it is
    called is the question's own description; the name is the one the noun carries before."""
    sentence = ("Les développements se font sur la distribution unstable (c'est pourquoi elle est aussi appelée "
                "distribution de développement).")
    got = naming.named(sentence, "Comment s'appelle la distribution de développement de Debian ?")
    assert got is not None and sentence[got[0] : got[1]] == "unstable"
    # a French word after the noun is no name
    plain = "Ils travaillent sur la distribution actuelle, aussi appelée distribution de développement."
    assert naming.named(plain, "Comment s'appelle la distribution de développement ?") is None


def test_a_field_is_named_by_the_term_a_definition_list_sets_above_it(tmp_path_factory):
    # the maint-guide's HTML lists the fields of debian/control as terms over what they do:
    # "Pre-Depends" / "cela est plus fort que Depends. ..."; the answer shows the term
    from conftest import engine_over, shared_documents

    engine = engine_over(tmp_path_factory, "maint-guide-dreq", [shared_documents("html", "maint-guide", "dreq.fr.html")])
    answer = engine.ask("Quel champ du fichier control est plus fort que Depends ?").answer
    assert answer is not None and answer.text.startswith("Pre-Depends")
    assert answer.text[answer.span[0] : answer.span[1]] == "Pre-Depends"


def test_a_field_name_is_written_as_capitalised_words_joined_by_hyphens():
    from askmali.spans import is_field

    assert is_field("Build-Depends") and is_field("Standards-Version") and is_field("Vcs-Git")
    assert not is_field("Depends") and not is_field("pre-depends") and not is_field("Guinée-Bissau")


def test_cest_takes_up_the_sentence_before_unless_it_is_a_cleft(lshort):
    """lshort-fr.pdf: "plain imprime le numéro de page au milieu du pied de page. C'est le style
    par défaut." The answer was "C'est le style par défaut.", which says not which style."""
    from askmali.answering import _leans_back

    a = lshort.ask("quel style de page est utilisé par defaut").to_json()["answer"]
    assert a is not None and a["text"].startswith("plain imprime le numéro de page") and "C'est le style par défaut" in a["text"]
    assert _leans_back("Ce sont les plus utilisés.")
    assert not _leans_back("C'est en 2013 que la France est intervenue au Mali.")
    assert not _leans_back("C'est-à-dire un paquet source.")


def test_a_url_asked_for_is_an_address_of_the_web_not_a_path(manuals):
    """debian-edu-bookworm-manual.epub: "Depuis un navigateur web, utilisez l'URL https://www/gosa
    pour accéder à GOsa² ..."; the answer was "/etc/gosa/gosa.conf" of another sentence."""
    a = manuals.ask("quelle url pour ouvrir gosa").to_json()["answer"]
    assert a is not None and a["span"]["text"] == "https://www/gosa"
    assert spans._URL.match("www.debian.org") and not spans._URL.match("/etc/gosa/gosa.conf")


@pytest.fixture(scope="module")
def developers_reference(tmp_path_factory):
    return engine_over(tmp_path_factory, "developers-reference", [shared_documents("epub", "developers-reference.fr.epub")])


def test_the_number_of_a_version_is_asked_as_a_version(developers_reference):
    """"Quel numéro de version ...?" asks for a version as "Quelle version ...?" does: the
    developers' reference says "si la version actuelle est 1.5-2, alors une NMU devrait prendre la
    version 1.5-2.1", and the short answer was "actuelle"."""
    question = "Quel numéro de version prend une NMU d'un paquet en version 1.5-2 ?"
    q = developers_reference.analyse(question)
    assert spans.asks_technical(q) and spans.technical_noun(q) == "version"
    a = developers_reference.ask(question).answer
    assert a is not None and a.span_json()["text"] == "1.5-2.1"
    named = developers_reference.analyse("Quel est le nom du fichier qui liste les dépendances ?")
    assert spans.technical_noun(named) == "fichier"
    assert spans.technical_noun(developers_reference.analyse("Quel est le nom du responsable ?")) is None


def test_a_port_is_a_bare_number_and_a_section_number_no_address(developers_reference):
    q = developers_reference.analyse("Quel port utilise le service pop3s ?")
    row = "pop3 — 110 — pop3s — 995"  # debian-reference ch04's table of services
    assert [row[a:b] for a, b in spans.technical_options(q, row)] == ["110", "995"]
    # a version by its form wins over the bare numbers beside it
    q = developers_reference.analyse("Quelle version donner à la NMU ?")
    sentence = "Alors que bullseye (Debian 11) est stable, la NMU devrait avoir la version 1.5-3+deb11u1."
    assert [sentence[a:b] for a, b in spans.technical_options(q, sentence)] == ["1.5-3+deb11u1"]
    # the Debian Edu manual's PDF runs a heading's number into its sentence
    q = developers_reference.analyse("Quelle est l'adresse IP par défaut du serveur principal ?")
    heading = "3.1.2 Serveur principal A Skolelinux network needs one main server which per default has the IP address 10.0.2.2."
    assert [heading[a:b] for a, b in spans.technical_options(q, heading)] == ["10.0.2.2"]


def test_a_latex_macro_is_no_program_to_run(lshort):
    # lshort-fr.pdf p. 112: "... chaque commande \index crée une entrée ... avec le suffixe .idx.
    # Ce fichier est ensuite traité par le programme makeindex :" -- "\index" is written inside
    # the document, makeindex is run on the .idx file
    result = lshort.ask("Quel programme faut-il lancer sur le fichier .idx pour générer l'index ?")
    assert result.answer is not None and "makeindex" in result.answer.text
    assert result.answer.span_json()["text"] == "makeindex"
    # a command or a macro asked for is still the LaTeX one
    macro = lshort.ask("Quelle commande LaTeX crée une entrée d'index ?")
    assert macro.answer is not None and "\\index" in macro.answer.text
