"""Output file names shortened after a whole word, never inside a character, an emoji or a
flag, keeping the date and the extension (lead-drive 12: « … - élodie Lefèvr.pdf »)."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dispute.filenames import (
    FORBIDDEN_CHARACTERS,
    cut_at_word,
    fit_filename,
    is_reserved_name,
    safe_filename,
)

LETTER = "2026-12-03 Saisine du Médiateur des communications électroniques - élodie Lefèvre"


def test_a_long_name_is_cut_after_a_whole_word():
    # 81 characters: the print dialog's 80 gave « … - élodie Lefèvr »
    assert safe_filename(LETTER) == \
        "2026-12-03 Saisine du Médiateur des communications électroniques - élodie"
    assert safe_filename(LETTER + ".pdf", max_length=80) == \
        "2026-12-03 Saisine du Médiateur des communications électroniques - élodie.pdf"


def test_separators_are_not_left_at_the_end():
    assert safe_filename("Dossier CPME - Boulangerie Martin", max_length=16) == "Dossier CPME"
    assert safe_filename("Jean-Pierre Martin", max_length=13) == "Jean-Pierre"
    assert safe_filename("Jean-Pierre", max_length=8) == "Jean"


def test_a_name_that_is_one_long_word_is_cut_inside_it():
    word = "Anticonstitutionnellement" * 8
    name = safe_filename(word + ".pdf", max_length=40)
    assert name == word[:36] + ".pdf"
    # a word boundary too early (less than half the room) is not worth the loss
    assert safe_filename("2026-12-03 " + word, max_length=40) == ("2026-12-03 " + word)[:40]


@pytest.mark.parametrize("limit", range(4, 30))
def test_never_cut_inside_a_grapheme(limit):
    decomposed = "Nguye\u0302\u0303n Thi\u0323 Ngo\u0323c " * 3  # kept decomposed by NFC? no
    flags = "Équipe 🇫🇷🇫🇷🇧🇪 👨\u200d👩\u200d👧 Zoë\u0301 🥖🏽"
    for text in (unicodedata.normalize("NFC", decomposed), flags,
                 "a" + "🇫🇷" * 12, "b" + "👍🏽" * 12, "e\u0301\u0323" * 12):
        name = safe_filename(text, max_length=limit)
        clean = unicodedata.normalize("NFC", text)
        assert clean.startswith(name)
        rest = clean[len(name):]
        if rest:
            assert not unicodedata.category(rest[0]).startswith("M"), (limit, name)
            assert rest[0] not in "\u200d\ufe0f" and not 0x1F3FB <= ord(rest[0]) <= 0x1F3FF
            assert name[-1:] != "\u200d"
        regional = sum(0x1F1E6 <= ord(c) <= 0x1F1FF for c in name)
        assert regional % 2 == 0, (limit, name)  # a flag is never halved


def test_windows_forbidden_characters_are_replaced_then_cut_at_a_word():
    name = safe_filename('2026-12-03 Mise en demeure - Dupont <SARL> : "Caen"/14 | agence?.pdf',
                         max_length=50)
    assert not any(c in FORBIDDEN_CHARACTERS for c in name)
    assert name.endswith(".pdf")
    assert name == "2026-12-03 Mise en demeure - Dupont _SARL.pdf"


def test_fit_filename_keeps_the_date_and_the_extension():
    long_name = "Boulangerie Pâtisserie Martin & Fils " * 6 + "🥖"
    name = fit_filename(["Dossier CPME", long_name, "2026-12-03"], shorten=1,
                        extension=".zip", max_length=80, pictographs=False)
    assert name.startswith("Dossier CPME - Boulangerie Pâtisserie Martin")
    assert name.endswith(" - 2026-12-03.zip") and len(name) <= 80
    middle = name[len("Dossier CPME - "):-len(" - 2026-12-03.zip")]
    assert long_name.startswith(middle) and long_name[len(middle)] == " "  # a whole word
    one_word = fit_filename(["Dossier médiateur", "É" * 300, "2026-12-03"], shorten=1,
                            extension=".zip", max_length=60)
    assert one_word == "Dossier médiateur - " + "É" * 23 + " - 2026-12-03.zip"
    assert fit_filename(["Dossier médiateur", "🥖", "2026-12-03"], shorten=1, extension=".zip",
                        pictographs=False) == "Dossier médiateur - 2026-12-03.zip"
    assert fit_filename(["Dossier", 'Dupont <SARL> : "Caen"', "2026-12-03"], shorten=1,
                        extension=".zip") == "Dossier - Dupont _SARL_ _ _Caen_ - 2026-12-03.zip"


@given(st.text(max_size=300), st.integers(min_value=34, max_value=200))
def test_fit_filename_is_always_valid_and_keeps_the_fixed_parts(name, limit):
    out = fit_filename(["Dossier médiateur", name, "2026-12-03"], shorten=1, extension=".zip",
                       max_length=limit)
    assert out.startswith("Dossier médiateur") and out.endswith("2026-12-03.zip")
    assert len(out) <= limit and not any(c in FORBIDDEN_CHARACTERS for c in out)
    assert not is_reserved_name(out)


@given(st.text(max_size=200), st.integers(min_value=1, max_value=120))
def test_cut_at_word_is_a_prefix_within_the_limit(text, limit):
    out = cut_at_word(text, limit)
    assert text.startswith(out) and len(out) <= limit
    if len(text) <= limit:
        assert out == text


def test_the_letter_stem_and_the_print_dialog_keep_whole_words(qtbot):
    pytest.importorskip("PySide6")
    from types import SimpleNamespace

    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    from gui import letter_preview, printing

    composed = SimpleNamespace(letter=SimpleNamespace(date=date(2026, 12, 3)))
    stem = letter_preview._stem(composed, "Saisine du Médiateur des communications "
                                "électroniques", "élodie Lefèvre")
    assert stem == LETTER
    very_long = letter_preview._stem(composed, "Mise en demeure", "Lefèvre " * 30)
    assert very_long.startswith("2026-12-03 Mise en demeure - Lefèvre")
    assert very_long.endswith("Lefèvre") and len(very_long) <= letter_preview.LETTER_STEM_CHARS
    printer = QPrinter()
    dialog = QPrintDialog(printer)
    try:
        proposed = printing.propose_output_file(dialog, stem, "letters")
    finally:
        dialog.deleteLater()
    assert proposed.name == LETTER + ".pdf"


def test_the_export_dialog_and_the_transfer_keep_the_date(qtbot):
    pytest.importorskip("PySide6")
    from pathlib import Path

    from dispute.procedure import assess
    from gui.case_transfer import transfer_file_name
    from gui.case_view.export_dialog import ZIP_NAME_CHARS, ExportDialog
    from store.casefile import read_case_file

    example = Path(__file__).resolve().parent.parent / "examples" / "facturation-entreprise-cpme"
    with read_case_file(example) as case_file:
        case = case_file.case
    case.subscriber.name = "Boulangerie Pâtisserie Martin & Fils <Caen> 🥖 " * 4
    today = date(2026, 12, 3)
    dialog = ExportDialog(case, assess(case, today), today)
    qtbot.addWidget(dialog)
    name = dialog.suggested_name()
    assert name.startswith("Dossier CPME - Boulangerie Pâtisserie Martin")
    assert name.endswith(" - 2026-12-03.zip") and len(name) <= ZIP_NAME_CHARS
    assert "🥖" not in name and "<" not in name
    moved = transfer_file_name(case.subscriber.name, today)
    assert moved.startswith("Dossier Recours Télécom - Boulangerie")
    assert moved.endswith(" - 2026-12-03.zip")
